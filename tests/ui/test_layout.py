"""The explorer's layout at the sizes users have: 60x20, 80x24 and wide terminals."""

from __future__ import annotations

import pytest
import yaml
from uihelp import screen_lines, wait_for


def test_a_wide_terminal_gets_the_wide_layout_in_the_first_frame(tmp_path, knowledge_dir):
    """Issue 9, defect 7: at 200x50 the first frame had the 80-column layout, and jumped later."""
    from ptyhelp import PtyExplorer, clean_env  # POSIX only: the other tests here run anywhere

    term = PtyExplorer(clean_env(tmp_path), ("--knowledge", str(knowledge_dir), "--fresh"), (200, 50))
    rows_seen: set[int] = set()

    def look() -> None:
        rows_seen.update(y for y, line in enumerate(term.screen.display) if "Scoreboard" in line)

    term.on_output = look
    narrow_row = 50 - 1 - 8  # where the narrow layout puts the scoreboard: above its 8 rows and the footer

    def wide_row() -> int | None:
        """The scoreboard's row once the wide layout is drawn: higher up, beside the verdict."""
        return next((y for y, line in enumerate(term.screen.display)
                     if y < narrow_row and "Scoreboard" in line and "Verdict" in line), None)

    try:
        term.wait_until(lambda: wide_row() is not None)
        assert rows_seen == {wide_row()}, f"the scoreboard was drawn on rows {sorted(rows_seen)}: the layout moved"
    finally:
        term.close()


async def test_a_narrow_footer_keeps_help_and_quit(make_app, knowledge_dir):
    """Issue 9, defect 7: at 60x20 the footer lost "? Help" and "q Quit" off its end."""
    app = make_app(knowledge_dir)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for(pilot, lambda: "? Help" in screen_lines(app)[-1])
        footer = screen_lines(app)[-1]
        assert "q Quit" in footer and "+ Raise" in footer
        assert "Export" not in footer  # left out whole, not cut to "e Exp"
        await pilot.resize_terminal(100, 24)
        await wait_for(pilot, lambda: "e Export" in screen_lines(app)[-1])
        assert "? Help" in screen_lines(app)[-1]


def long_snippets(root) -> None:
    """Criterion 0 gets three PyTorch snippets with long titles, and long reasoning to scroll."""
    path = root / "editions" / "e1" / "criteria" / "c00000.yaml"
    data = yaml.safe_load(path.read_text())
    data["snippets"]["pytorch"] = [
        {"title": f"a snippet title far too long for the pane's border number {n}", "code": f"print({n})\n",
         "runnable": True} for n in range(3)]
    data["reasoning"] = "\n\n".join(f"Paragraph {n} of the reasoning, long enough to wrap." for n in range(40))
    path.write_text(yaml.safe_dump(data))


async def test_the_snippet_count_shows_unzoomed_with_the_key_for_more(make_app, knowledge_dir):
    """Issue 9, defect 7: "(1/3)" was cut off the border unless the pane was zoomed."""
    long_snippets(knowledge_dir)
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: any("PyTorch (1/3)" in line for line in screen_lines(app)))
        assert any("] next" in line for line in screen_lines(app))
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: any("PyTorch (2/3)" in line for line in screen_lines(app)))
        app.set_keymap({"snippet.next": "n"})
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: any("n next" in line for line in screen_lines(app)))  # the user's key


async def test_the_tree_grows_with_the_terminal(make_app, knowledge_dir):
    """Issue 9, defect 7: titles were cut at 32 columns even at 200x50."""
    title = "A criterion title of forty-odd characters"
    path = knowledge_dir / "editions" / "e1" / "criteria" / "c00000.yaml"
    path.write_text(path.read_text().replace("title: Criterion 0", f"title: {title}"))
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: title in app.screen.query_one("#verdict").plain)
        assert not any(title in line for line in screen_lines(app)[:16])  # cut in the tree at 80 columns
        assert any(title in line for line in screen_lines(app)[16:])  # in full in the verdict panel
        await pilot.resize_terminal(200, 50)
        await wait_for(pilot, lambda: any(f"P {title}" in line for line in screen_lines(app)))


async def test_leaving_a_zoomed_verdict_shows_its_beginning(make_app, knowledge_dir):
    """Issue 9, defect 7: after Esc from a zoomed verdict the pane stayed scrolled mid-text."""
    long_snippets(knowledge_dir)
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        verdict = app.screen.query_one("#verdict")
        verdict.focus()
        await pilot.press("z", "end")
        await wait_for(pilot, lambda: verdict.scroll_offset.y > 10)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.maximized is None)
        await wait_for(pilot, lambda: verdict.scroll_offset.y == 0)
        assert any("Criterion 0" in line for line in screen_lines(app))


async def test_a_shrinking_window_keeps_the_cursors_criterion_in_sight(make_app, tmp_path):
    """The priority keys act on the criterion under the cursor: a smaller window must not scroll it away."""
    from factory import make_knowledge
    from fwtui.widgets.criteria_tree import CriteriaTree

    app = make_app(make_knowledge(tmp_path / "many", criteria=30), fresh=True)
    async with app.run_test(size=(80, 40)) as pilot:
        tree = app.screen.query_one(CriteriaTree)
        await wait_for(pilot, lambda: tree.cursor_criterion_id == "c00000")
        tree.show_criterion("c00020")
        await wait_for(pilot, lambda: "Criterion 20" in "\n".join(screen_lines(app)[22:]))

        def cursor_in_sight() -> bool:
            return tree.scroll_offset.y <= tree.cursor_line < tree.scroll_offset.y + tree.scrollable_content_region.height

        await pilot.resize_terminal(80, 19)
        await wait_for(pilot, lambda: app.size.height == 19 and tree.cursor_criterion_id == "c00020" and cursor_in_sight())
        await wait_for(pilot, lambda: any("Criterion 20" in line for line in screen_lines(app)[:12]))


@pytest.mark.parametrize("no_color", [True, False])
async def test_without_colour_the_cursor_is_reversed_and_the_focused_pane_heavy(make_app, knowledge_dir, monkeypatch,
                                                                                  no_color):
    """In NO_COLOR's greys the accent that marks them was a shade from the background."""
    from fwtui.widgets.criteria_tree import CriteriaTree
    from fwtui.widgets.snippet_pane import SnippetPane

    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(knowledge_dir, fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one(CriteriaTree)
        await wait_for(pilot, lambda: tree.cursor_criterion_id == "c00000")
        assert tree.get_component_rich_style("tree--cursor").reverse is (True if no_color else None)
        await pilot.press("tab")
        pane = app.screen.query(SnippetPane).first()
        await wait_for(pilot, lambda: app.focused is pane)
        assert (pane.styles.border_top[0] == "heavy") is no_color
        assert ("┏" in "\n".join(screen_lines(app))) is no_color
