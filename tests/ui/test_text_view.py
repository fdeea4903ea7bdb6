"""The text views render only the lines in sight: what they draw must be what the whole text renders to."""

from __future__ import annotations

import pytest
from textual.visual import Visual

from fwtui.screens.main import MainScreen
from fwtui.widgets.text_view import TextView


def whole(view: TextView) -> list:
    """Every line of ``view``'s text, rendered block by block at once, as before lines were drawn on demand."""
    width = view.virtual_size.width
    return [strip for block in view.text for strip in Visual.to_strips(view, block, width, None, view.visual_style)]


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_lines_drawn_on_demand_are_the_lines_of_the_whole_text(make_app, size):
    """Every criterion of the shipped knowledge, in every view: wrapped (verdict, scoreboard) and not (code)."""
    app = make_app(None, fresh=True)
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        views = list(screen.query(TextView))
        assert len(views) >= 4 and screen.edition.criteria
        for criterion in screen.edition.criteria:
            screen.criterion = criterion
            await pilot.pause()
            for view in views:
                drawn = [lines[index] for lines, index in view._lines()]  # every line, as scrolling shows them
                assert drawn == whole(view), f"{criterion.id}: {view}"
