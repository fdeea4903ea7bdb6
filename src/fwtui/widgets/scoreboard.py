"""Per-framework totals as bars, the leader and margin, and the cheapest change of leader."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from ..model import Framework
from ..priorities import LEVELS
from ..scoring import Scoreboard
from .labels import one_line

FULL, EMPTY = "█", "░"
"""Filled and empty bar cells: they differ in shape, so bars read without colour too."""
BAR_STYLES = 4


class ScoreboardView(Widget, can_focus=True):
    """Renders a :class:`fwtui.scoring.Scoreboard`; repainting costs the same for any number of criteria."""

    DEFAULT_CSS = """
    ScoreboardView {
        height: auto;
        border: round $foreground 40%;
        border-title-color: $text;
        padding: 0 1;
        &:focus { border: round $accent; border-title-style: bold; }
        & > .scoreboard--bar-0 { color: $primary; }
        & > .scoreboard--bar-1 { color: $warning; }
        & > .scoreboard--bar-2 { color: $success; }
        & > .scoreboard--bar-3 { color: $secondary; }
        & > .scoreboard--empty { color: $foreground 30%; }
        & > .scoreboard--leader { text-style: bold; }
        & > .scoreboard--muted { color: $text-muted; }
    }
    """
    COMPONENT_CLASSES = {
        *(f"scoreboard--bar-{n}" for n in range(BAR_STYLES)),
        "scoreboard--empty", "scoreboard--leader", "scoreboard--muted",
    }
    BORDER_TITLE = "Scoreboard"

    board: reactive[Scoreboard | None] = reactive(None)

    def __init__(self, frameworks: Sequence[Framework], **kwargs) -> None:
        super().__init__(**kwargs)
        self._names = {f.id: one_line(f.name) for f in frameworks}

    def _style(self, name: str):
        return self.get_component_rich_style(f"scoreboard--{name}", partial=True)

    def name_of(self, framework_id: str | None) -> str:
        return self._names.get(framework_id, framework_id or "")

    def render(self) -> Text:
        board = self.board
        if board is None:
            return Text("")
        width = max(self.content_size.width, 20)
        label_width = min(max(map(len, self._names.values()), default=4), width // 2)
        number_width = len(str(board.possible))
        bar_width = max(width - label_width - number_width - 2, 4)
        possible = board.possible or 1
        text = Text(no_wrap=False)
        for index, framework in enumerate(board.frameworks):
            total = board.totals.get(framework, 0)
            filled = round(bar_width * total / possible)
            style = self._style("leader") if framework == board.leader else None
            text.append(f"{self.name_of(framework)[:label_width]:<{label_width}} ", style)
            text.append(FULL * filled, self._style(f"bar-{index % BAR_STYLES}"))
            text.append(EMPTY * (bar_width - filled), self._style("empty"))
            text.append(f" {total:>{number_width}}\n", style)
        if board.leader is None:
            text.append("Tie: no framework leads", self._style("leader"))
        else:
            points = "point" if board.margin == 1 else "points"
            text.append(f"{self.name_of(board.leader)} leads by {board.margin} {points}", self._style("leader"))
        text.append("\n")
        text.append_text(self._tipping_line(board))
        return text

    def _tipping_line(self, board: Scoreboard) -> Text:
        tip = board.cheapest_tipping
        if tip is None:
            return Text("No single priority change alters this.", self._style("muted"))
        criterion = board.edition.criterion(tip.criterion_id)
        title = one_line(criterion.title) if criterion else tip.criterion_id
        outcome = f"{self.name_of(tip.new_leader)} leads" if tip.new_leader else "tie"
        line = Text("Tipping point: ", self._style("muted"))
        line.append(title)
        line.append(f" {LEVELS[tip.from_level]}->{LEVELS[tip.to_level]} = {outcome}", self._style("muted"))
        return line
