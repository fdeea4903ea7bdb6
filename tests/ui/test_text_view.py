"""The text views: what they draw must be what Textual would draw for the same text, and code kept highlighted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.visual import Visual

from fwtui.screens.main import MainScreen
from fwtui.widgets.text_view import TextView


def whole(view: TextView) -> list:
    """Every line of ``view``'s text as Textual's own layout draws it, block by block at once."""
    width = view.virtual_size.width
    return [seen(strip) for block in view.text for strip in Visual.to_strips(view, block, width, None, view.visual_style)]


def seen(strip) -> list:
    """A line as it shows: its characters and their look (code is drawn without the offsets mouse selection reads)."""
    runs: list[tuple[str, tuple]] = []
    for segment in strip:
        seen_look = look(segment.style)
        if runs and runs[-1][1] == seen_look:
            runs[-1] = (runs[-1][0] + segment.text, seen_look)
        elif segment.text:
            runs.append((segment.text, seen_look))
    return runs


def look(style) -> tuple:
    return (style.color, style.bgcolor, style.bold, style.dim, style.italic, style.underline, style.reverse, style.strike)


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
                drawn = [seen(lines[index]) for lines, index in view._lines()]  # every line, as scrolling shows them
                assert drawn == whole(view), f"{criterion.id}: {view}"


async def test_a_longer_snippet_brings_its_scrollbar_and_scrolls_to_its_last_line(make_app, knowledge_dir):
    """A pane's scrollable size changes without a layout pass: its scrollbars must still follow and reach the end."""
    from corehelp import criterion_path, edit_yaml
    from fwtui.widgets.snippet_pane import SnippetPane
    from uihelp import screen_lines, wait_for

    wide = "x = '" + "w" * 150 + "'\n"
    long_code = wide + "".join(f"step_{n} = {n}\n" for n in range(59))
    edit_yaml(criterion_path(knowledge_dir, 1), lambda data: data["snippets"]["pytorch"][0].update(code=long_code))
    app = make_app(knowledge_dir, fresh=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        pane = next(p for p in screen.query(SnippetPane) if p.framework.id == "pytorch")
        await wait_for(pilot, lambda: screen.criterion is not None and screen.criterion.id == "c00000")
        assert pane.max_scroll_y == 0 and pane.max_scroll_x == 0
        await pilot.press("down")
        await wait_for(pilot, lambda: screen.criterion.id == "c00001" and pane.max_scroll_y > 0)
        assert pane.max_scroll_y == 60 - pane.scrollable_content_region.height
        assert pane.vertical_scrollbar.window_virtual_size == 60
        assert pane.horizontal_scrollbar.window_virtual_size == len(wide) - 1 > pane.scrollable_content_region.width
        pane.scroll_end(animate=False)
        await wait_for(pilot, lambda: any("step_58 = 58" in line for line in screen_lines(app)))
        await pilot.press("up")
        await wait_for(pilot, lambda: screen.criterion.id == "c00000" and pane.max_scroll_y == 0)
        assert pane.vertical_scrollbar.window_virtual_size == 1 and pane.max_scroll_x == 0
        await wait_for(pilot, lambda: any("print('pytorch 0')" in line for line in screen_lines(app)))


async def test_a_snippet_shown_in_an_earlier_run_is_highlighted_without_pygments(make_app, knowledge_dir, monkeypatch):
    """Highlights are kept in the XDG cache folder: the next run draws the same colours without lexing."""
    from uihelp import screen_lines, screen_strips, wait_for

    from fwtui.widgets import snippet_pane

    async def code_as_shown() -> list:
        app = make_app(knowledge_dir, fresh=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: any("print('pytorch 0')" in line for line in screen_lines(app)))
            row = next(y for y, line in enumerate(screen_lines(app)) if "print('pytorch 0')" in line)
            return seen(screen_strips(app)[row])

    first = await code_as_shown()
    snippet_pane.save_highlights()  # as run_explorer does when the explorer closes
    kept = Path(os.environ["XDG_CACHE_HOME"]) / "fwtui" / "highlights.pickle"
    assert kept.is_file()
    snippet_pane.keep_highlights_in(None)  # forget everything this process knows, as a new run would
    monkeypatch.setattr("textual.highlight.highlight", lambda *a, **k: pytest.fail("lexed again"))
    assert await code_as_shown() == first
    assert len({colour for _, (colour, *_) in first}) > 2  # highlighted: more than text and background


async def test_a_theme_chosen_while_running_shows_as_if_the_explorer_had_started_in_it(make_app, knowledge_dir):
    """The tree keeps its parts' styles across frames, and the views their own style through a frame:
    after a theme change every cell must look as it does in an explorer that started with that theme."""
    from uihelp import screen_lines, screen_strips, verdict_text, wait_for

    def shown(app) -> list:
        return [seen(strip) for strip in screen_strips(app)]

    async def settled(app, pilot) -> None:
        await wait_for(pilot, lambda: "? Help" in screen_lines(app)[-1] and "print('pytorch 0')" in "".join(screen_lines(app)))

    started_light = make_app(knowledge_dir, fresh=True)
    started_light.theme = "textual-light"
    async with started_light.run_test(size=(80, 24)) as pilot:
        await settled(started_light, pilot)
        await pilot.press("down", "down")  # a criterion under its group: guides, meter, cursor
        await wait_for(pilot, lambda: "Criterion 1" in verdict_text(started_light))
        expected = shown(started_light)

    switched = make_app(knowledge_dir, fresh=True)
    async with switched.run_test(size=(80, 24)) as pilot:
        await settled(switched, pilot)
        await pilot.press("down", "down")
        await wait_for(pilot, lambda: "Criterion 1" in verdict_text(switched))
        dark = shown(switched)
        switched.theme = "textual-light"
        await wait_for(pilot, lambda: shown(switched) != dark)
        await wait_for(pilot, lambda: shown(switched) == expected)


async def test_scrollbars_are_drawn_as_textual_draws_them(make_app):
    """fwtui draws its bars straight into lines (ScrollBar.renderer): every bar of the code panes and the
    verdict, at the top, the middle and the end of its text, must look as Textual's own renderer draws it."""
    from textual.geometry import Region
    from textual.scrollbar import ScrollBarRender
    from uihelp import screen_lines, wait_for

    from fwtui.widgets.scrollbars import DirectScrollBarRender
    from fwtui.widgets.snippet_pane import SnippetPane
    from fwtui.widgets.verdict_panel import VerdictPanel

    app = make_app(None, fresh=True)
    compared = set()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "? Help" in screen_lines(app)[-1])
        await pilot.press("down", "down", "down", "down", "down")  # a criterion with long lines of code
        views = [*app.screen.query(SnippetPane), app.screen.query_one(VerdictPanel)]
        await wait_for(pilot, lambda: all(view.max_scroll_y > 0 for view in views))
        for view in views:
            for x, y in ((0, 0), (view.max_scroll_x // 2, view.max_scroll_y // 2), (view.max_scroll_x, view.max_scroll_y)):
                view.scroll_to(x, y, animate=False)
                await wait_for(pilot, lambda: view.scroll_offset == (x, y))
                bars = [view.vertical_scrollbar] + ([view.horizontal_scrollbar] if view.max_scroll_x else [])
                for bar in bars:
                    drawn = []
                    for renderer in (ScrollBarRender, DirectScrollBarRender):
                        bar.renderer = renderer
                        bar.refresh()
                        drawn.append([seen(strip) for strip in bar.render_lines(Region(0, 0, *bar.size))])
                    del bar.renderer  # back to the class's: fwtui's
                    assert drawn[0] == drawn[1], f"{type(view).__name__} scrolled to {x},{y}"
                    compared.add((bar.vertical, x > 0 or y > 0, len({look for line in drawn[0] for _, look in line})))
    assert {vertical for vertical, _, _ in compared} == {True, False}  # both kinds of bar, scrolled and not
    assert any(scrolled for _, scrolled, _ in compared) and all(looks >= 2 for *_, looks in compared)  # thumb and track
