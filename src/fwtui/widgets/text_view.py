"""Text drawn line by line, so that new text costs only the lines that changed."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from .textual_internals import LayoutSizedScrollView, resize_scrollable


class TextView(LayoutSizedScrollView, can_focus=True):
    """Shows ``text``, blocks of text one under the other, wrapped at the view's width; scrolls when taller.

    Why not a Static in a scrolling container: that paints new text twice (once
    with the text, again when the container learns its new size), and every
    byte counts over SSH. Here the scrollable size is set with the text, so new
    text is one paint, and lines that look as they did are not sent again.
    """

    DEFAULT_CSS = """
    TextView {
        height: 1fr;
        background: transparent;
        scrollbar-gutter: stable;
    }
    """

    text: reactive[tuple[Content, ...]] = reactive((), repaint=False)
    """A block that is the very object it was before is not wrapped again: long, steady text
    (a criterion's reasoning) costs nothing when a short block above it (its priority) changes."""

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
        """(block, the width it takes, its screen lines)."""
        if self._wraps:
            width = self._wrap_width
        else:
            width = max((line.cell_length for line in block.split("\n", allow_blank=True)), default=0)
        if width <= 0:
            lines: Sequence[Strip] = []
        elif self.text_selection is None:
            lines = _LinesOnDemand(self, block, width)
        else:  # a selection is drawn across lines: the block whole
            lines = Visual.to_strips(self, block, width, None, self.visual_style)
        return block, width, lines

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
    """Code as written: one screen line per source line, never wrapped, scrolling both ways.

    Its lines are drawn straight from the highlighted text's styled pieces, all of them at once:
    five times cheaper than Textual's general text layout, which wraps, aligns and marks every
    piece with its offset for mouse selection. Code is not selected with the mouse here (the
    copy key copies the snippet whole); its tabs are expanded before it gets here.
    """

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    CodeView {
        text-wrap: nowrap;
        text-overflow: clip;
        scrollbar-gutter: auto;
    }
    """

    def _lay_out(self, block: Content) -> tuple[Content, int, Sequence[Strip]]:
        pieces = [Segment(text, style.rich_style) for text, style in
                  block.render(self.visual_style, end="", parse_style=Style.parse)]
        lines = [Strip(line) for line in Segment.split_lines(pieces)]
        return block, max((line.cell_length for line in lines), default=0), lines


class _LinesOnDemand(Sequence[Strip]):
    """A block's screen lines, rendered as far as they are shown: a long snippet or reasoning
    costs the lines in sight on every move, not all of them.

    How many lines the block takes is measured without rendering it (wrapped: on its plain
    text); what is rendered is the block's first source lines, from its top, so each line is
    drawn as in the whole block (its offsets in the text, used to select text, included).
    """

    def __init__(self, view: TextView, block: Content, width: int) -> None:
        self._view = view
        self._block = block
        self._width = width
        self._count = block.get_height(view.styles, width) if view._wraps else block.plain.count("\n") + 1
        self._strips: list[Strip] = []

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> Strip:  # type: ignore[override]
        if index >= len(self._strips):
            # The rest of the view's height at once, and at least twice as far as before when
            # scrolling on, so that a block read to its end is rendered a few times at most.
            view = self._view
            wanted = min(max(index + view.scrollable_content_region.height, 2 * len(self._strips)), self._count)
            self._strips = Visual.to_strips(view, self._first_lines(wanted), self._width, wanted, view.visual_style)
        return self._strips[index]

    def _first_lines(self, count: int) -> Content:
        """The block's first ``count`` source lines: at least ``count`` screen lines, and drawn as in the
        whole block, since each source line wraps on its own."""
        plain, end = self._block.plain, -1
        for _ in range(count):
            end = plain.find("\n", end + 1)
            if end < 0:
                return self._block
        return self._block[:end]
