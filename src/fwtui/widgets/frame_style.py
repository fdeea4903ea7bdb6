"""Widgets and their styles: a widget's own style worked out once per frame rather than once per
line (StyledOncePerFrame), and text that carries its parts' styles built again when a theme
changes them (FollowsItsPartStyles)."""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class StyledOncePerFrame(Widget):
    """``rich_style`` computed once for all the lines a frame draws.

    Textual works it out from every ancestor's background and colour each time it is read
    (25 µs), and line drawing reads it for every line: for the tree, that is most of the
    time between a key and the first byte of the answer. Within one ``render_lines`` call
    no style can change, so the first answer holds for the rest.
    """

    _style_this_frame: Style | None = None

    @property
    def rich_style(self) -> Style:
        style = self._style_this_frame
        return style if style is not None else super().rich_style

    def render_lines(self, crop: Region) -> list[Strip]:
        self._style_this_frame = super().rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._style_this_frame = None


class FollowsItsPartStyles(Widget):
    """For a widget whose text carries the styles of its parts (its COMPONENT_CLASSES), as Rich
    styles fixed when the text is built: :meth:`parts_restyled` is called when they change (a new
    theme), so that the text is built again; the text would otherwise keep the old theme's colours.
    """

    _parts_styled_with: tuple[Style, ...] = ()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Textual styles the parts after telling the widget: compare once it has.
        self.call_later(self._compare_part_styles)

    def _compare_part_styles(self) -> None:
        if not self.is_mounted:
            return
        styles = tuple(self.get_component_rich_style(part, partial=True) for part in sorted(self.COMPONENT_CLASSES))
        if styles != self._parts_styled_with:
            first = not self._parts_styled_with
            self._parts_styled_with = styles
            if not first:  # the first styles are the ones the text was built with
                self.parts_restyled()

    def parts_restyled(self) -> None:
        """Build again whatever text carries the parts' styles."""
