"""Text drawn line by line, so that new text costs only the lines that changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style

from .frame_style import FollowsItsPartStyles, StyledOncePerFrame
from .textual_internals import LayoutSizedScrollView, resize_scrollable


class TextView(LayoutSizedScrollView, StyledOncePerFrame, FollowsItsPartStyles, can_focus=True):
    """Shows ``text``, blocks of text one under the other, wrapped at the view's width; scrolls when taller.

    Why not a Static in a scrolling container: that paints new text twice (once
    with the text, again when the container learns its new size), and every
    byte counts over SSH. Here the scrollable size is set with the text, so new
    text is one paint, and lines that look as they did are not sent again.

    Lines are drawn from the text's styled pieces directly: several times cheaper
    than Textual's general text layout, which also marks every piece with its
    offset for mouse selection. So the text is not selected with the mouse (the
    users this is for have none; the copy key and the export carry the text).
    """

    ALLOW_SELECT = False

    DEFAULT_CSS = """
    TextView {
        height: 1fr;
        background: transparent;
        scrollbar-gutter: stable;
    }
    """

    text: reactive[tuple[Content, ...]] = reactive((), repaint=False, always_update=True)
    """A block that is the very object it was before is not wrapped again: long, steady text
    (a criterion's reasoning) costs nothing when a short block above it (its priority) changes.
    Always taken: Content compares its plain text alone, and the same words in a new theme's
    colours are new text."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._rows: list[tuple[Sequence[Strip], int]] | None = None
        """Each screen line as (its block's lines, its index there); None until the text is laid out again."""
        self._blocks: list[tuple[Content, int, Sequence[Strip]]] = []
        """Each block as last rendered: (block, width, lines)."""
        self._wrap_width = 0
        """The width text wraps at: the content's, less the scrollbar's column; 0 until laid out."""

    @property
    def plain(self) -> str:
        """The text without styles."""
        return "\n".join(block.plain for block in self.text)

    @property
    def _wraps(self) -> bool:
        return self.styles.text_wrap != "nowrap"

    def _lines(self) -> list[tuple[Sequence[Strip], int]]:
        """The text's screen lines, each block laid out once per block, theme and width."""
        if self._rows is None:
            earlier = {id(block): (block, width, lines) for block, width, lines in self._blocks}
            self._blocks = []
            for block in self.text:
                kept = earlier.get(id(block))
                if kept is not None and kept[0] is block and (not self._wraps or kept[1] == self._wrap_width):
                    self._blocks.append(kept)
                else:
                    self._blocks.append(self._lay_out(block))
            self._rows = [(lines, index) for _, _, lines in self._blocks for index in range(len(lines))]
        return self._rows

    def _lay_out(self, block: Content) -> tuple[Content, int, Sequence[Strip]]:
        """(block, the width it takes, its screen lines), drawn straight from the text's styled pieces."""
        if not self._wraps:  # one screen line per source line, drawn when first shown
            lines = block.split("\n") if block.plain else []
            return block, max((line.cell_length for line in lines), default=0), _DrawnOnDemand(lines, self._pieces)
        width = self._wrap_width
        wrapped = block.wrap(width, overflow=self.styles.text_overflow) if width > 0 else []
        return block, width, _DrawnOnDemand(wrapped, self._pieces)

    def _pieces(self, text: Content) -> list[Segment]:
        """``text`` as styled pieces on the view's own style, theme variables ($accent) resolved."""
        return [Segment(piece, style.rich_style)
                for piece, style in text.render(self.visual_style, end="", parse_style=Style.parse)]

    def _visible(self) -> list[Strip]:
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        return [lines[index] for lines, index in self._lines()[top : top + height]]

    def _measure(self) -> Size:
        rows = self._lines()
        width = self._wrap_width if self._wraps else max((width for _, width, _ in self._blocks), default=0)
        return Size(width, len(rows))

    def watch_text(self) -> None:
        # The lines on screen are known only while the old text's strips are kept: once they were
        # dropped (a style update, a new width) they would be rebuilt here from the new text, every
        # line would compare equal and nothing would repaint, so the screen would keep the old text.
        before = self._visible() if self.is_mounted and self._rows is not None else None
        self._rows = None
        if not self.is_mounted:
            return
        size = self._measure()
        if before is None or size != self.virtual_size:
            resize_scrollable(self, size)  # repaints the whole view
            return
        after = self._visible()
        width = self.size.width  # refresh regions are relative to the content, inside border and padding
        for y in range(max(len(before), len(after))):
            if y >= len(before) or y >= len(after) or before[y] != after[y]:
                self.refresh(Region(0, y, width, 1))

    def on_mount(self) -> None:
        self.virtual_size = self._measure()

    def layout_resized(self, size: Size) -> None:
        # Wrapped text is measured at its new width inside the layout pass that gives it that width,
        # before the scrollbars are sized from it: text and bars are right in the same frame.
        if self._wraps:
            width = max(size.width - self.styles.gutter.width - self.styles.scrollbar_size_vertical, 0)
            if width != self._wrap_width:
                self._wrap_width = width
                self._rows = None
                self.rewrap(width)
                self.set_reactive(TextView.virtual_size, self._measure())  # this layout is already under way

    def rewrap(self, width: int) -> None:
        """Called when the width text wraps at changes, before it is measured: text drawn to fit the
        width (bars, cut titles) is set again here, with ``set_reactive``, in the same frame."""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rows = None  # the text follows the theme: render again with its colours
        self._blocks = []

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        rows = self._lines()
        index = scroll_y + y
        if index >= len(rows):
            return Strip.blank(width, self.rich_style)
        lines, line = rows[index]
        return lines[line].crop_extend(scroll_x, scroll_x + width, self.rich_style)


class CodeView(TextView):
    """Code as written: one screen line per source line, never wrapped, scrolling both ways."""

    DEFAULT_CSS = """
    CodeView {
        text-wrap: nowrap;
        text-overflow: clip;
        scrollbar-gutter: auto;
    }
    """


class _DrawnOnDemand(Sequence[Strip]):
    """Lines, each drawn the first time it is shown: a long reasoning is wrapped whole and a snippet
    split whole (their sizes size the scrollbars), but each costs only the lines in sight on every move."""

    def __init__(self, lines: list[Content], draw: Callable[[Content], list[Segment]]) -> None:
        self._lines = lines
        self._draw = draw
        self._strips: list[Strip | None] = [None] * len(lines)

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, index: int) -> Strip:  # type: ignore[override]
        strip = self._strips[index]
        if strip is None:
            strip = self._strips[index] = Strip(self._draw(self._lines[index]))
        return strip
