"""Two editions side by side: the scoreboard under the same priorities, and what changed between them."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from ..compare import boards_for
from ..model import Edition, Knowledge
from ..widgets.key_scroll import KeyScroll
from ..widgets.labels import one_line, plain, verdict_name
from ..widgets.scoreboard import ScoreboardView
from .panel import PanelScreen


class CompareScreen(PanelScreen):
    """Read-only; the list of changes scrolls, the two scoreboards stay in view above it."""

    DEFAULT_CSS = """
    CompareScreen {
        & > .dialog {
            max-width: 120;
        }
        & #compare-boards { height: auto; }
        & ScoreboardView { width: 1fr; }
        & #compare-changes { height: 1fr; padding: 0 1; scrollbar-size: 1 1; }
        & #compare-changes:focus { background-tint: $foreground 4%; }
    }
    """
    BINDINGS = [Binding("escape,q,D", "close", "Close", id="compare.close")]

    def __init__(self, knowledge: Knowledge, older: Edition, newer: Edition, current: Edition,
                 priorities: Mapping[str, int], priorities_label: str, kept: Mapping[str, int] | None = None) -> None:
        """``kept``: the levels last set on the other edition, which its criteria without a counterpart keep."""
        super().__init__()
        self._knowledge = knowledge
        self._older, self._newer, self._current = older, newer, current
        self._diff, self._old_board, self._new_board = boards_for(knowledge, older, newer, current, priorities, kept)
        self._priorities_label = priorities_label
        self._names = {f.id: one_line(f.name) for f in knowledge.frameworks}

    def compose(self) -> ComposeResult:
        frameworks = self._knowledge.frameworks
        with Vertical(classes="dialog") as box:
            box.border_title = Content(f"Edition {one_line(self._older.id)} against {one_line(self._newer.id)}")
            box.border_subtitle = Content("↑↓ scroll · Esc close")
            with Horizontal(id="compare-boards"):
                for edition, board in ((self._older, self._old_board), (self._newer, self._new_board)):
                    view = ScoreboardView(frameworks, id=f"board-{edition.id}")
                    view.set_reactive(ScoreboardView.board, board)
                    here = ", on screen" if edition is self._current else ""
                    view.border_title = Content(f"Edition {one_line(edition.id)}{here}")
                    yield view
            with KeyScroll(id="compare-changes"):
                yield Static(self._changes(), id="compare-text")

    def on_mount(self) -> None:
        self.query_one("#compare-changes").focus()

    def _verdict(self, verdict: str | None) -> str:
        return verdict_name(verdict, self._names)

    def _changes(self) -> Group:
        """Sections of bullets; a wrapped line stays indented under its bullet."""
        diff, older, newer = self._diff, one_line(self._older.id), one_line(self._newer.id)
        parts: list = [Text(f"Priorities: {one_line(self._priorities_label)}, carried to the other edition "
                            "by the criteria each one continues, as switching edition (v) carries them; "
                            "a criterion without a counterpart keeps the level you gave it there.", "dim")]

        def section(title: str, items: list[tuple[Text, str]], empty: str = "None.") -> None:
            parts.append(Text(f"\n{title} ({len(items)})", "bold underline"))
            if not items:
                parts.append(Text(empty, "dim"))
                return
            table = Table.grid(expand=True)
            table.add_column(width=2, no_wrap=True)
            table.add_column(ratio=1)
            for line, note in items:
                table.add_row("•", line)
                if note:
                    table.add_row("", Text(note, "italic"))
            parts.append(table)

        flips = []
        for flip in diff.flips:
            line = Text(one_line(flip.new.title), "bold")
            if flip.renamed:
                line.append(f" (was {one_line(flip.old.title)})", "dim")
            line.append(f": {self._verdict(flip.old.verdict)} → {self._verdict(flip.new.verdict)}")
            flips.append((line, " ".join(plain(flip.new.changed).split())))
        section(f"Verdicts that changed, {older} → {newer}", flips, "No verdict changed.")
        section(f"New in {newer}", [
            (Text(f"{one_line(c.title)}: {self._verdict(c.verdict)}"), "") for c in diff.added])
        section("Renamed", [(Text(f"{one_line(o.title)} → {one_line(n.title)}"), "") for o, n in diff.renamed])
        split = []
        for old_id, pieces in diff.split.items():
            old = self._older.criterion(old_id)
            title = one_line(old.title if old else old_id)
            split.append((Text(f"{title} → " + ", ".join(one_line(c.title) for c in pieces)), ""))
        section("Split", split)
        section("Merged", [(Text(f"{' + '.join(one_line(o.title) for o in olds)} → {one_line(n.title)}"), "")
                           for olds, n in diff.merged])
        section(f"Retired in {newer}", [(Text(one_line(o.title)), " ".join(plain(reason).split()))
                                        for o, reason in diff.retired])
        parts.append(Text(f"\n{len(diff.kept)} continued with the same verdict.", "dim"))
        return Group(*parts)
