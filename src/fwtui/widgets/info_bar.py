"""The header line: which knowledge and edition are on screen, the preset, the overlays, and any problems."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from .labels import one_line

LEGIBLE_TITLE = 5
"""Cells of the overlays' titles, the ellipsis included, that must show for the header to name them."""


class InfoBar(Widget):
    DEFAULT_CSS = """
    InfoBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $text;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .info-bar--app { text-style: bold; color: $text-accent; }
        & > .info-bar--muted { color: $text-muted; }
        & > .info-bar--problems { text-style: bold; color: $text-warning; }
    }
    """
    COMPONENT_CLASSES = {"info-bar--app", "info-bar--muted", "info-bar--problems"}

    edition_label: reactive[str] = reactive("")
    preset_label: reactive[str] = reactive("")

    def __init__(self, content_version: str, problem_count: int, warning_count: int = 0,
                 overlay_titles: Sequence[str] = (), **kwargs) -> None:
        """Warnings (fields a newer format minor requires) are counted apart, in a quieter style:
        the knowledge they come from loaded in full."""
        super().__init__(**kwargs)
        self._content_version = one_line(content_version)
        self._overlays = tuple(one_line(title) for title in overlay_titles)
        self._problem_count = problem_count
        self._warning_count = warning_count

    def render(self) -> Text:
        """The overlays' titles last, where the line is cut first, so that the preset stays in view. Where
        not even the start of a title would show (a long preset at 80 columns), the overlays are counted
        instead, before the preset: the line still says that overlays are in effect."""
        line = self._line(named=True)
        titles = cell_len(", ".join(self._overlays))
        if self._overlays and line.cell_len - titles + LEGIBLE_TITLE > self.size.width:
            return self._line(named=False)
        return line

    def _line(self, named: bool) -> Text:
        muted = self.get_component_rich_style("info-bar--muted", partial=True)
        # The name's style is given to its own span: as the Text's style it would colour every value after it.
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" fwtui", self.get_component_rich_style("info-bar--app", partial=True))
        if self._problem_count:
            plural = "s" if self._problem_count != 1 else ""
            text.append(f"  {self._problem_count} problem{plural} (!)",
                        self.get_component_rich_style("info-bar--problems", partial=True))
        elif self._warning_count:
            plural = "s" if self._warning_count != 1 else ""
            text.append(f"  {self._warning_count} warning{plural} (!)", muted)
        text.append("  edition ", muted)
        text.append(one_line(self.edition_label))
        text.append("  knowledge ", muted)
        text.append(self._content_version)
        overlays = " overlays" if len(self._overlays) > 1 else " overlay"
        if self._overlays and not named:
            text.append(f"  {len(self._overlays)}")
            text.append(overlays, muted)
        text.append("  preset ", muted)
        text.append(one_line(self.preset_label) or "none")
        if self._overlays and named:
            text.append(f" {overlays} ", muted)
            text.append(", ".join(self._overlays))
        return text
