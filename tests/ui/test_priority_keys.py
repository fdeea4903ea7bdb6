"""Priority keys act on what the screen shows: the criterion under the cursor, never a hidden one."""

from __future__ import annotations

from textual import events
from uihelp import screen_lines, verdict_text, wait_for

from fwtui.widgets.criteria_tree import CriteriaTree


def on_screen(app, text: str) -> bool:
    return any(text in line for line in screen_lines(app))


async def test_the_first_priority_change_reaches_the_verdict_panel(make_app, knowledge_dir):
    """Issue 12, item 13: the verdict line on screen kept "priority normal" after the first change."""
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: on_screen(app, "priority normal"))
        await pilot.press("plus")
        await wait_for(pilot, lambda: "priority high" in verdict_text(app))
        await wait_for(pilot, lambda: on_screen(app, "priority high"))
        assert not on_screen(app, "priority normal")
