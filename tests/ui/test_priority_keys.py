"""Priority keys act on what the screen shows: the criterion under the cursor, never a hidden one."""

from __future__ import annotations

from textual import events
from uihelp import filter_box_value, screen_lines, verdict_text, wait_for

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


async def test_raising_past_high_or_lowering_past_off_says_so(make_app, knowledge_dir):
    app = make_app(knowledge_dir, fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: on_screen(app, "priority normal"))
        await pilot.press("plus", "plus")
        await wait_for(pilot, lambda: any("Criterion 0 is already at high, the highest priority." == n.message
                                          for n in app._notifications))
        assert app.screen.board.level("c00000") == 3
        await pilot.press("x", "minus")
        await wait_for(pilot, lambda: any("Criterion 0 is already at off, the lowest priority." == n.message
                                          for n in app._notifications))
        assert app.screen.board.level("c00000") == 0


async def test_priority_keys_on_a_group_row_change_nothing_and_say_why(make_app, knowledge_dir):
    """Issue 9, defect 1: on a group row the keys changed the criterion selected before, out of sight."""
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: on_screen(app, "priority normal"))
        await pilot.press("k")  # from Criterion 0 up to its group, "Category 0"
        tree = app.screen.query_one(CriteriaTree)
        assert tree.cursor_criterion_id is None
        before = dict(app.screen.board.priorities)
        for key in ("plus", "minus", "x", "0", "1", "3"):
            await pilot.press(key)
        await pilot.pause()
        assert dict(app.screen.board.priorities) == before
        assert all(line.startswith("■■·") for line in tree_labels(app))
        assert any("Category 0 is a group" in n.message for n in app._notifications)
        await pilot.press("j", "3")  # back on Criterion 0, the key applies to it
        await wait_for(pilot, lambda: on_screen(app, "priority high"))
        assert app.screen.board.level("c00000") == 3


def tree_labels(app) -> list[str]:
    tree = app.screen.query_one(CriteriaTree)
    return [str(leaf.label) for group in tree.root.children for leaf in group.children]


def burst(app, *keys: str) -> None:
    """Queue keys all at once, as a terminal delivers what was typed ahead (or pasted)."""
    for key in keys:
        character = {"slash": "/", "enter": "\r", "space": " "}.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))


async def test_keys_typed_ahead_apply_to_the_criterion_the_moves_reach(make_app, knowledge_dir):
    """Issue 12, item 12: "j j j 3" in one burst raised the criterion selected before the moves."""
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: on_screen(app, "priority normal"))
        burst(app, "j", "j", "j", "3")  # Criterion 0 -> 1 -> group "Category 1" -> Criterion 2
        await wait_for(pilot, lambda: app.screen.board.level("c00002") == 3)
        assert app.screen.board.level("c00000") == 2 and app.screen.board.level("c00001") == 2
        await wait_for(pilot, lambda: on_screen(app, "priority high") and "Criterion 2" in verdict_text(app))


async def test_a_key_after_enter_in_the_filter_is_not_typed_into_it(make_app, knowledge_dir):
    """Issue 12, item 12: "/ coverage Enter 3" in one burst typed the 3 into the filter."""
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: on_screen(app, "priority normal"))
        burst(app, "slash", *"criterion 3", "enter", "3")
        await wait_for(pilot, lambda: app.screen.board.level("c00003") == 3)
        assert filter_box_value(app) == "criterion 3"
        assert isinstance(app.focused, CriteriaTree)


async def test_keys_still_go_in_order_when_a_key_never_comes_back(make_app, knowledge_dir, monkeypatch):
    """Should a widget go away with a key, the next one is routed after KEY_WAIT, in order, none lost."""
    from fwtui import app as app_module
    from fwtui.app import ExplorerApp, KeyHandled

    monkeypatch.setattr(app_module, "KEY_WAIT", 0.05)

    async def never_back(self, message: KeyHandled) -> None:  # as if the widget had gone with the key
        message.stop()

    monkeypatch.setattr(ExplorerApp, "on_key_handled", never_back)
    app = make_app(knowledge_dir, fresh=True)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.screen.criterion is not None)
        # Letters typed into the filter are used up by the box: only the marker behind each could say
        # it was handled (a key no widget uses comes back up to the app, and needs no fallback).
        for key in ("slash", *"ion", "space", "3", "enter", "3"):  # filter "ion 3", then Criterion 3 high
            await pilot.press(key)
        await wait_for(pilot, lambda: app.screen.filter_text == "ion 3" and app.screen.board.level("c00003") == 3)
        assert filter_box_value(app) == "ion 3"  # every letter, in order
        assert [app.screen.board.level(f"c{n:05d}") for n in (0, 1, 2)] == [2, 2, 2]
