"""Per-framework totals as bars, the leader and margin, and the cheapest change of leader; zoomed, why.

Zoomed (``z``), the scoreboard explains itself: what each criterion gives each
framework under the current priorities, each framework's total out of the points
at stake, what the trailing framework wins, and how levels turn into points.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive

from ..model import Framework
from ..priorities import LEVELS
from ..scoring import Contribution, Scoreboard, points_legend
from .labels import literal, one_line
from .text_view import TextView

FULL, EMPTY = "█", "░"
"""Filled and empty bar cells: they differ in shape, so bars read without colour too."""
BAR_STYLES = 4
def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class ScoreboardView(TextView):
    """Renders a :class:`fwtui.scoring.Scoreboard`; unzoomed, repainting costs the same for any number of criteria."""

    DEFAULT_CSS = """
    ScoreboardView {
        height: auto;
        border: round $foreground 40%;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        scrollbar-gutter: auto;
        scrollbar-size: 1 1;
        overflow-y: auto;
        &:focus { border: round $accent; border-title-style: bold; }
        & > .scoreboard--bar-0 { color: $primary; }
        & > .scoreboard--bar-1 { color: $warning; }
        & > .scoreboard--bar-2 { color: $success; }
        & > .scoreboard--bar-3 { color: $secondary; }
        & > .scoreboard--empty { color: $foreground 30%; }
        & > .scoreboard--leader { text-style: bold; }
        & > .scoreboard--muted { color: $text-muted; }
        & > .scoreboard--heading { text-style: bold; color: $text-secondary; }
    }
    """
    COMPONENT_CLASSES = {
        *(f"scoreboard--bar-{n}" for n in range(BAR_STYLES)),
        "scoreboard--empty", "scoreboard--leader", "scoreboard--muted", "scoreboard--heading",
    }
    BORDER_TITLE = "Scoreboard"

    board: reactive[Scoreboard | None] = reactive(None, repaint=False)

    def __init__(self, frameworks: Sequence[Framework], **kwargs) -> None:
        super().__init__(**kwargs)
        self._names = {f.id: one_line(f.name) for f in frameworks}

    def _style(self, name: str):
        return self.get_component_rich_style(f"scoreboard--{name}", partial=True) if self.is_mounted else ""

    def name_of(self, framework_id: str | None) -> str:
        return self._names.get(framework_id, framework_id or "")

    # -- what is shown ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.watch(self.screen, "maximized", self._show, init=False)
        self._show()

    def watch_board(self) -> None:
        self._show()

    def _show(self) -> None:
        self.text = self._content(self._wrap_width)

    parts_restyled = _show  # the bars and totals carry the parts' colours

    def rewrap(self, width: int) -> None:
        self.set_reactive(TextView.text, self._content(width))  # the bars follow the width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Height to fit the text at ``width`` (``height: auto``), known before the first layout."""
        wrap = max(width - self.styles.scrollbar_size_vertical, 0)
        return sum(block.get_height(self.styles, wrap) for block in self._content(wrap))

    def _content(self, width: int) -> tuple[Content, ...]:
        board = self.board
        if board is None or width <= 0:
            return ()
        summary = Content.from_rich_text(self._summary(board, width))
        if not self.is_maximized:
            return (summary,)
        return summary, Content.from_rich_text(self._breakdown(board, width))

    # -- the summary -----------------------------------------------------------------------------

    def _summary(self, board: Scoreboard, width: int) -> Text:
        label_width = min(max(map(len, self._names.values()), default=4), width // 2)
        at_stake = board.possible
        number_width = len(str(at_stake))
        bar_width = max(width - label_width - number_width - 2, 4)
        text = Text(no_wrap=False)
        for index, framework in enumerate(board.frameworks):
            total = board.totals.get(framework, 0)
            filled = round(bar_width * total / (at_stake or 1))
            style = self._style("leader") if framework == board.leader else None
            text.append(f"{self.name_of(framework)[:label_width]:<{label_width}} ", style)
            text.append(FULL * filled, self._style(f"bar-{index % BAR_STYLES}"))
            text.append(EMPTY * (bar_width - filled), self._style("empty"))
            text.append(f" {total:>{number_width}}\n", style)
        if board.leader is None:
            text.append("Tie: no framework leads", self._style("leader"))
        else:
            text.append(f"{self.name_of(board.leader)} leads by {plural(board.margin, 'point')}", self._style("leader"))
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

    # -- the breakdown, zoomed -------------------------------------------------------------------

    def _breakdown(self, board: Scoreboard, width: int) -> Text:
        """Why the leader leads: each framework's criteria with their points, then what scores nothing."""
        at_stake = board.possible
        contributions = board.contributions()
        text = Text("\n")
        text.append("How the points add up", self._style("heading"))
        text.append(f"\nA criterion gives the framework its verdict names your priority on it in points: "
                    f"{points_legend()}; ties and notes give none. {plural(at_stake, 'point')} at stake.",
                    self._style("muted"))
        ranked = sorted(board.frameworks, key=lambda f: -board.totals.get(f, 0))
        number_width = len(str(max((c.points for c in contributions), default=0)))
        for framework in ranked:
            won = sorted((c for c in contributions if c.framework == framework), key=lambda c: -c.points)
            total = board.totals.get(framework, 0)
            heading = f"\n\n{self.name_of(framework)} wins {total} of the {at_stake} points"
            heading += f", and leads by {board.margin}:" if framework == board.leader else ":"
            text.append(heading, self._style("leader") if framework == board.leader else self._style("heading"))
            if not won:
                text.append("\n  wins no criterion", self._style("muted"))
            for contribution in won:
                text.append("\n")
                text.append_text(self._row(contribution, number_width, width))
        unscored = [c for c in contributions if c.framework is None]
        if unscored:
            text.append(f"\n\nNo points, ties and notes ({len(unscored)}):", self._style("heading"))
            text.append("\n")
            text.append_text(literal(", ".join(one_line(c.criterion.title) for c in unscored)))
        return text

    def _row(self, contribution: Contribution, number_width: int, width: int) -> Text:
        """One criterion: its points, its level, its title cut to the width (the verdict panel shows it whole)."""
        level = LEVELS[contribution.level]
        head = f"  {contribution.points:>{number_width}}  {level:<6}  "
        title = literal(one_line(contribution.criterion.title))
        title.truncate(max(width - len(head), 1), overflow="ellipsis")
        row = Text(head, self._style("muted") if not contribution.points else "")
        row.append_text(title)
        return row
