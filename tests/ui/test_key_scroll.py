"""KeyScroll: the scroll container of the help and every panel, where each key of a burst counts."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static
from uihelp import wait_for

from fwtui.widgets.key_scroll import KeyScroll


class Tall(App[None]):
    def compose(self) -> ComposeResult:
        with KeyScroll():
            yield Static("\n".join(f"line {n}" for n in range(200)))


async def test_keys_handled_before_any_refresh_each_scroll():
    """As when keys typed ahead arrive together: all handled before the screen refreshes once."""
    app = Tall()
    async with app.run_test(size=(40, 10)) as pilot:
        box = app.query_one(KeyScroll)
        await wait_for(pilot, lambda: box.max_scroll_y > 50)
        for _ in range(10):
            box.action_scroll_down()
        box.action_scroll_up()
        await wait_for(pilot, lambda: box.scroll_offset.y == 9)
        page = box.scrollable_content_region.height
        box.action_page_down()
        box.action_page_down()
        await wait_for(pilot, lambda: box.scroll_offset.y == 9 + 2 * page)
