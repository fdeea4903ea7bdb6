"""A vertical scroll container where every scrolling key counts, however fast the keys come."""

from __future__ import annotations

from textual.containers import VerticalScroll


class KeyScroll(VerticalScroll):
    """Textual defers a key's scroll to the next refresh and starts it from where the view is, so a
    burst of keys typed ahead (ten j's, or ten Down over a slow link) scrolled a line or two.
    Here each key scrolls at once, from where the keys before it aimed."""

    def action_scroll_down(self) -> None:
        self.scroll_lines(1)

    def action_scroll_up(self) -> None:
        self.scroll_lines(-1)

    def action_page_down(self) -> None:
        self.scroll_lines(self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self.scroll_lines(-self.scrollable_content_region.height)

    def scroll_lines(self, lines: int) -> None:
        self.scroll_to(y=self.scroll_target_y + lines, animate=False, immediate=True)
