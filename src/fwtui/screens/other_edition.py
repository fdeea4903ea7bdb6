"""The selected criterion as it stood in the other edition: verdict then and now, reasoning, snippets."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..compare import counterpart, sources_of
from ..model import Criterion, Edition, Knowledge
from ..provenance import source_note
from ..widgets.labels import literal, one_line, plain, verdict_name
from ..widgets.snippet_pane import SnippetPane
from .panel import PanelScreen


@dataclass(frozen=True)
class OtherSide:
    """Where a criterion of ``edition`` stands in the edition it is compared with."""

    edition: Edition
    criterion: Criterion
    other: Edition | None
    """The older edition when ``edition`` revises one, else the newer one that revises it; None if neither."""
    criteria: tuple[Criterion, ...] = ()
    """The other edition's criteria this one continues (other is older) or that continue it (other is newer)."""
    retired_reason: str = ""

    @property
    def other_is_older(self) -> bool:
        return self.other is not None and self.edition.previous == self.other.id


def other_side(knowledge: Knowledge, edition: Edition, criterion: Criterion) -> OtherSide:
    """Follow ``previous_ids`` across the edition pair that :func:`fwtui.compare.counterpart` picks."""
    pair = counterpart(knowledge, edition)
    if pair is None:
        return OtherSide(edition, criterion, None)
    older, newer = pair
    older_ids = {c.id for c in older.criteria}
    if edition is newer:
        found = tuple(c for i in sources_of(criterion, older_ids, direct=False) if (c := older.criterion(i)))
        return OtherSide(edition, criterion, older, found)
    found = tuple(c for c in newer.criteria if criterion.id in sources_of(c, older_ids, direct=False))
    reason = "" if found else next((r.reason for r in newer.retired if r.id == criterion.id), "")
    return OtherSide(edition, criterion, newer, found, reason)


class OtherEditionScreen(PanelScreen):
    """A read-only view; Tab reaches each snippet pane, which scrolls both ways."""

    DEFAULT_CSS = """
    OtherEditionScreen {
        & > Vertical {
            max-width: 160;
        }
        & #other-body { height: 1fr; padding: 0 1; scrollbar-size: 1 1; }
        & .other-text { width: 1fr; margin-bottom: 1; }
        & .other-heading { width: 1fr; text-style: bold; color: $text-accent; }
        & SnippetPane { height: auto; max-height: 16; scrollbar-size: 1 1; }
    }
    """
    BINDINGS = [Binding("escape,q,o", "close", "Close", id="other.close")]

    def __init__(self, knowledge: Knowledge, edition: Edition, criterion: Criterion) -> None:
        super().__init__()
        self._knowledge = knowledge
        self._side = other_side(knowledge, edition, criterion)
        self._names = {f.id: one_line(f.name) for f in knowledge.frameworks}

    def compose(self) -> ComposeResult:
        side = self._side
        with Vertical(classes="dialog") as box:
            here = f"{one_line(side.criterion.title)} ({one_line(side.edition.id)})"
            box.border_title = Content(f"{here} in edition {one_line(side.other.id)}" if side.other else here)
            box.border_subtitle = Content("Tab snippets · Esc close")
            with VerticalScroll(id="other-body"):
                yield Static(self._summary(), classes="other-text", id="other-summary")
                for number, criterion in enumerate(side.criteria):
                    yield Static(literal(one_line(criterion.title)), classes="other-heading")
                    yield Static(self._details(criterion), classes="other-text")
                    with Container(classes="other-snippets"):
                        for framework in self._knowledge.frameworks:
                            count = max(len(criterion.snippets.get(framework.id, ())), 1)
                            with Vertical(classes="other-column"):
                                for index in range(count):
                                    pane = SnippetPane(framework, id=f"other-{number}-{framework.id}-{index}")
                                    pane.set_reactive(SnippetPane.snippet_index, index)
                                    yield pane

    def on_mount(self) -> None:
        for number, criterion in enumerate(self._side.criteria):
            for pane in self.query(SnippetPane):
                if pane.id and pane.id.startswith(f"other-{number}-"):
                    pane.criterion = criterion
        self.query_one("#other-body").focus()

    # -- text -----------------------------------------------------------------------------------

    def _verdict(self, verdict: str | None) -> str:
        return verdict_name(verdict, self._names)

    def _summary(self) -> Text:
        side, this = self._side, self._side.criterion
        if side.other is None:
            return Text("This is the only edition: there is no other edition to compare it with.")
        other = one_line(side.other.id)
        here = one_line(side.edition.id)
        titles = ", ".join(one_line(c.title) for c in side.criteria)
        if not side.criteria and side.other_is_older:
            text = Text(f"New in edition {here}: edition {other} has no criterion it continues.", "bold")
            if this.changed:
                text.append("\n")
                text.append(" ".join(plain(this.changed).split()))
            return text
        if not side.criteria:
            text = Text(f"Retired in edition {other}", "bold")
            text.append(f": {' '.join(plain(side.retired_reason).split())}" if side.retired_reason.strip()
                        else ": no criterion of that edition continues it.")
            return text
        if side.other_is_older:
            plural = "s" if len(side.criteria) > 1 else ""
            text = Text(f"Continues edition {other}'s criterion{plural}: ", "bold")
            text.append(titles)
            if len(side.criteria) > 1:
                text.append(" (merged into one)")
        else:
            text = Text(f"Continued in edition {other} by: ", "bold")
            text.append(titles)
            if len(side.criteria) > 1:
                text.append(" (split in two)" if len(side.criteria) == 2 else f" (split in {len(side.criteria)})")
        return text

    def _details(self, criterion: Criterion) -> Text:
        side = self._side
        assert side.other is not None
        older, newer = (criterion, side.criterion) if side.other_is_older else (side.criterion, criterion)
        old_id, new_id = (side.other.id, side.edition.id) if side.other_is_older else (side.edition.id, side.other.id)
        before, after = self._verdict(older.verdict), self._verdict(newer.verdict)
        text = Text()
        text.append(f"Then ({one_line(old_id)}): ", "bold")
        text.append(before)
        text.append(f"   Now ({one_line(new_id)}): ", "bold")
        text.append(after)
        text.append("   unchanged" if older.verdict == newer.verdict else "   flipped", "italic")
        if criterion.summary:
            text.append("\n")
            text.append_text(literal(one_line(criterion.summary), "italic"))
        for paragraph in plain(criterion.reasoning).strip().split("\n\n"):
            if paragraph.strip():
                text.append("\n\n")
                text.append(" ".join(paragraph.split()))
        if newer.changed:
            text.append("\n\nWhat changed: ", "bold")
            text.append(" ".join(plain(newer.changed).split()))
        if criterion.sources:
            text.append("\n\nSources", "bold")
            for source in criterion.sources:
                text.append(f"\n• {one_line(source.title)}  ")
                text.append(f"{one_line(source.url)}  ({source_note(source)})", "dim")
        return text
