"""The selected criterion's verdict, what it is worth now, the reasoning, the sources and how fresh they are."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.content import Content
from textual.reactive import reactive

from ..markdown import prose_blocks
from ..model import TIE, Category, Criterion, Edition, Framework, Overlay
from ..priorities import LEVELS
from ..provenance import age, source_note, today, verified_on
from ..scoring import Scoreboard
from .labels import literal, one_line, overlay_name, plain
from .text_view import TextView


class VerdictPanel(TextView):
    DEFAULT_CSS = """
    VerdictPanel {
        border: round $foreground 40%;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        padding: 0 0 0 1;
        &:focus { border: round $accent; border-title-style: bold; }
        & > .verdict-panel--verdict { text-style: bold; }
        & > .verdict-panel--muted { color: $text-muted; }
        & > .verdict-panel--heading { text-style: bold; color: $text-secondary; }
    }
    """
    COMPONENT_CLASSES = {"verdict-panel--verdict", "verdict-panel--muted", "verdict-panel--heading"}
    BORDER_TITLE = "Verdict"

    # repaint=False: setting the text repaints the lines that changed, not the whole panel.
    criterion: reactive[Criterion | None] = reactive(None, repaint=False)
    board: reactive[Scoreboard | None] = reactive(None, repaint=False)
    notes: reactive[Mapping[str, str]] = reactive(dict, always_update=True, repaint=False)
    """The user's notes, by criterion id: the selected criterion's is shown under its verdict."""

    def __init__(self, frameworks: Sequence[Framework], categories: Sequence[Category] = (),
                 overlays: Sequence[Overlay] = (), shipped_key: str | None = None, **kwargs) -> None:
        """``shipped_key`` is the key that shows a replaced criterion's shipped version, as the user's keymap has it."""
        super().__init__(**kwargs)
        self._names = {f.id: one_line(f.name) for f in frameworks}
        self._categories = {c.id: one_line(c.title) for c in categories}
        """Shown in full here because the tree may cut long category names."""
        self._overlays = tuple(overlays)
        self._shipped_key = shipped_key
        self._body = Content("")
        """The reasoning and sources: built once per criterion, since only the head follows the priorities."""

    def watch_criterion(self, old: Criterion | None, new: Criterion | None) -> None:
        # On the border, where it costs no line: the id is what `fwtui export --priority ID=LEVEL` takes.
        self._show_subtitle()
        self._body = self._build_body()
        self._show()
        if old is not new:
            self.scroll_home(animate=False)

    def watch_board(self, old: Scoreboard | None, new: Scoreboard | None) -> None:
        if (old.edition if old else None) is not (new.edition if new else None):
            self._body = self._build_body()  # the edition's age and versions are in the body
            self._show_subtitle()
        self._show()

    def watch_notes(self) -> None:
        self._show()

    def _show_subtitle(self) -> None:
        """On the border, in sight however far the text is scrolled and costing no line: the criterion's
        id (what ``fwtui export --priority ID=LEVEL`` takes) and how old its facts are (its own check,
        else its edition's)."""
        criterion = self.criterion
        parts = [f"id {one_line(criterion.id)}"] if criterion else []
        if self.board:
            parts.append(age((criterion.as_of if criterion else None) or self.board.edition.as_of, today()))
        self.border_subtitle = Content(" · ".join(parts)) if parts else None

    def on_mount(self) -> None:
        self._body = self._build_body()  # component styles are known from now on
        self._show_subtitle()
        self._show()

    def parts_restyled(self) -> None:
        self._body = self._build_body()  # headings and notes carry the parts' colours
        self._show()

    def _show(self) -> None:
        head = Content.from_rich_text(self._head())
        self.text = (head, self._body) if self._body else (head,)

    def _style(self, name: str) -> str:
        return str(self.get_component_rich_style(f"verdict-panel--{name}", partial=True)) if self.is_mounted else ""

    def _head(self) -> Text:
        criterion = self.criterion
        if criterion is None:
            return Text("Choose a criterion in the tree to see its verdict and snippets.", self._style("muted"))
        text = Text()
        text.append_text(literal(one_line(criterion.title), "bold"))  # bold for the title alone
        category = self._categories.get(criterion.category)
        if category:
            text.append(f"  ·  {category}", self._style("muted"))
        text.append("\n")
        text.append_text(self._verdict_line(criterion, self.board))
        if criterion.overlay:
            text.append("\n")
            text.append_text(self._overlay_line(criterion))
        note = self.notes.get(criterion.id)
        if note:
            text.append("\nYour note: ", self._style("heading"))
            text.append_text(literal(one_line(note)))
        return text

    def _overlay_line(self, criterion: Criterion) -> Text:
        """Which overlay added or replaced the criterion, and for a replaced one the key that shows the shipped one."""
        replaced = criterion.replaces is not None
        text = Text()  # styled piece by piece: a style given to Text() would cover the overlay's name too
        text.append("Overlay " if replaced else "Added by overlay ", self._style("heading"))
        text.append_text(overlay_name(self._overlays, criterion.overlay, self._style("muted")))
        if replaced:
            text.append(" replaces the shipped criterion", self._style("heading"))
            if self._shipped_key:
                text.append(f"; {self._shipped_key} compares them")
        return text

    def _build_body(self) -> Content:
        criterion = self.criterion
        text = Text()
        if criterion is None:
            return Content("")
        if criterion.summary:
            text.append_text(literal(one_line(criterion.summary), "italic"))
        for is_list, parts in prose_blocks(criterion.reasoning):
            text.append("\n\n")
            text.append("\n".join(f"• {item}" for item in parts) if is_list else parts[0])
        if criterion.changed:
            text.append("\n\nWhat changed: ", self._style("heading"))
            text.append(" ".join(plain(criterion.changed).split()))
        if criterion.sources:
            text.append("\n\nSources", self._style("heading"))
            for source in criterion.sources:
                text.append(f"\n• {one_line(source.title)}\n  ")
                text.append(one_line(source.url), self._style("muted"))
                text.append(f"\n  {source_note(source)}", self._style("muted"))
        if self.board is not None:
            self._append_freshness(text, criterion, self.board.edition)
        return Content.from_rich_text(text)

    def _append_freshness(self, text: Text, criterion: Criterion, edition: Edition) -> None:
        """How old the criterion and its edition are and what the snippets ran on, so a reader can tell stale from fresh."""
        if criterion.as_of and criterion.as_of != edition.as_of:
            text.append("\n\nThis criterion", self._style("heading"))
            text.append(f"\nchecked {age(criterion.as_of, today())}", self._style("muted"))
        text.append(f"\n\nEdition {one_line(edition.id)}", self._style("heading"))
        text.append(f"\n{age(edition.as_of, today())}", self._style("muted"))
        text.append(f"\n{one_line(verified_on(edition))}", self._style("muted"))

    def _verdict_line(self, criterion: Criterion, board: Scoreboard | None) -> Text:
        if criterion.verdict is None:
            return Text("A note: shown for context, never scored.", self._style("muted"))
        verdict = "tie" if criterion.verdict == TIE else self._names.get(criterion.verdict, criterion.verdict)
        line = Text()  # the verdict's style on its own span, so the priority after it is not bold too
        line.append(f"Verdict: {verdict}", self._style("verdict"))
        if board is None:
            return line
        contribution = board.contribution(criterion)
        level = LEVELS[contribution.level]
        if contribution.framework:
            # Said where it appears: the points go to the verdict's framework, as many as the level.
            points = f"{contribution.points} point{'s' if contribution.points != 1 else ''}"
            worth = (f"worth {points} to {self._names.get(contribution.framework, contribution.framework)} "
                     f"({level} = {contribution.level})")
        else:
            worth = "a tie gives no points"
        line.append(f"  ·  priority {level}, {worth}", self._style("muted"))
        return line
