"""Scrollbars drawn straight into lines: the same bars as Textual's, at a fraction of the cost."""

from __future__ import annotations

from rich.color import Color
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.css.styles import RulesMap
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

_TRACK, _THUMB = Color.parse("#555555"), Color.parse("bright_magenta")
"""Textual's colours for a bar whose style names none."""


class DirectScrollBarRender(ScrollBarRender):
    """Textual's scrollbar renderer (``ScrollBar.renderer``, its documented hook), drawn as a Visual.

    Textual draws a bar as any Rich renderable: through a console, a styling wrapper and
    line splitting, about 0.4 ms for a bar of twenty cells. Each new criterion resizes five
    bars (two per code pane, one on the verdict), a tenth of the work of a tree move. Here
    the bar's own cells (``render_bar``) become lines directly, on the same base style.
    """

    def visualize(self) -> Visual:
        return _BarVisual(self)


class _BarVisual(Visual):
    def __init__(self, bar: ScrollBarRender) -> None:
        self._bar = bar

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        bar = self._bar
        lines = height if height is not None else 1
        size, thickness = (lines, width) if bar.vertical else (width, lines)
        colours = RichStyle.parse(bar.style) if isinstance(bar.style, str) else bar.style
        cells = bar.render_bar(
            size=size,
            virtual_size=bar.virtual_size,
            window_size=bar.window_size,
            position=bar.position,
            thickness=thickness,
            vertical=bar.vertical,
            back_color=colours.bgcolor or _TRACK,
            bar_color=colours.color or _THUMB,
        ).segments
        base = style.rich_style
        if bar.vertical:  # one cell (as wide as the bar) per line
            return [Strip([Segment(text, base + cell_style)], width) for text, cell_style, _ in cells[:lines]]
        line = Strip([Segment(text, base + cell_style) for text, cell_style, _ in cells[:size]], size)
        return [line] * thickness

    # A bar is as long as the layout makes it; across, it is as thick as it is told.
    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self._bar.thickness if self._bar.vertical else container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1 if self._bar.vertical else self._bar.thickness
