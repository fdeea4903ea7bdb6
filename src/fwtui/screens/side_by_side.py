"""Criteria shown one under the other, each with its snippets side by side: the other edition's (o), the shipped one (s)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.content import Content
from textual.widgets import Static

from ..model import Criterion, Framework
from ..provenance import source_note
from ..widgets.key_scroll import KeyScroll
from ..widgets.labels import literal, one_line, plain, verdict_name
from ..widgets.snippet_pane import SnippetPane
from .panel import PanelScreen


@dataclass(frozen=True)
class Side:
    """One criterion shown in full, under a heading."""

    heading: Text
    criterion: Criterion
    verdicts: Text
    """The first line of its details: its verdict, or how it compares with the one it stands beside."""
    changed: str = ""
    """What changed, said under the reasoning."""


def verdicts_compared(before: tuple[str, str | None], after: tuple[str, str | None], names: dict[str, str]) -> Text:
    """``Label: verdict   Label: verdict   unchanged``; each pair is (label, verdict), ``names`` the frameworks' by id.

    ``flipped`` only when one framework's win became the other's; to or from a tie or a note it ``changed``.
    """
    text = Text()
    for gap, (label, verdict) in zip(("", "   "), (before, after)):
        text.append(f"{gap}{label}: ", "bold")
        text.append(verdict_name(verdict, names))
    if before[1] == after[1]:
        outcome = "unchanged"
    elif before[1] in names and after[1] in names:
        outcome = "flipped"
    else:
        outcome = "changed"
    text.append(f"   {outcome}", "italic")
    return text


class SideBySideScreen(PanelScreen):
    """A read-only view of a summary and the sides under it; Tab reaches each snippet pane, which scrolls both ways."""

    DEFAULT_CSS = """
    SideBySideScreen {
        & > .dialog {
            max-width: 160;
        }
        & #side-body { height: 1fr; padding: 0 1; scrollbar-size: 1 1; }
        & .side-text { width: 1fr; margin-bottom: 1; }
        & .side-heading { width: 1fr; text-style: bold; color: $text-accent; }
        & SnippetPane { height: auto; max-height: 16; scrollbar-size: 1 1; }
    }
    """

    def __init__(self, frameworks: Sequence[Framework], title: str, summary: Text, sides: Sequence[Side]) -> None:
        """``title`` goes on the frame as plain text (knowledge in it is shown as data)."""
        super().__init__()
        self._frameworks = tuple(frameworks)
        self._title = title
        self._summary = summary
        self.sides = tuple(sides)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Content(self._title)
            box.border_subtitle = Content("Tab snippets · Esc close")
            with KeyScroll(id="side-body"):
                yield Static(self._summary, classes="side-text", id="side-summary")
                for number, side in enumerate(self.sides):
                    yield Static(side.heading, classes="side-heading")
                    yield Static(self._details(side), classes="side-text")
                    with Container(classes="side-snippets"):
                        for framework in self._frameworks:
                            count = max(len(side.criterion.snippets.get(framework.id, ())), 1)
                            with Vertical(classes="side-column"):
                                for index in range(count):
                                    pane = SnippetPane(framework, id=f"side-{number}-{framework.id}-{index}")
                                    pane.set_reactive(SnippetPane.snippet_index, index)
                                    yield pane

    def on_mount(self) -> None:
        for number, side in enumerate(self.sides):
            for pane in self.query(SnippetPane):
                if pane.id and pane.id.startswith(f"side-{number}-"):
                    pane.criterion = side.criterion
        self.query_one("#side-body").focus()

    @staticmethod
    def _details(side: Side) -> Text:
        criterion = side.criterion
        text = side.verdicts.copy()
        if criterion.summary:
            text.append("\n")
            text.append_text(literal(one_line(criterion.summary), "italic"))
        for paragraph in plain(criterion.reasoning).strip().split("\n\n"):
            if paragraph.strip():
                text.append("\n\n")
                text.append(" ".join(paragraph.split()))
        if side.changed:
            text.append("\n\nWhat changed: ", "bold")
            text.append(" ".join(plain(side.changed).split()))
        if criterion.sources:
            text.append("\n\nSources", "bold")
            for source in criterion.sources:
                text.append(f"\n• {one_line(source.title)}  ")
                text.append(f"{one_line(source.url)}  ({source_note(source)})", "dim")
        return text
