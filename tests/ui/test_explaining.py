"""The explorer explains its numbers: the zoomed scoreboard, the verdict's points, ids and the user's notes."""

from __future__ import annotations

import json

import pytest
from factory import make_knowledge
from textual import events
from uihelp import screen_lines, wait_for

from fwtui.screens.note import NoteScreen
from fwtui.widgets.scoreboard import ScoreboardView


@pytest.fixture
def with_ties(tmp_path):
    """c00000 PyTorch, c00001 TensorFlow, c00002 tie, and again."""
    return make_knowledge(tmp_path / "k", criteria=6, verdicts=["pytorch", "tensorflow", "tie"])


def shown(app) -> str:
    return "\n".join(screen_lines(app))


async def test_the_zoomed_scoreboard_shows_why_the_leader_leads(make_app, with_ties):
    """Issue 9, item 10: zoomed, the scoreboard showed its three lines and empty rows."""
    app = make_app(with_ties)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3", "j", "0")  # Criterion 0 (PyTorch) high, Criterion 1 (TensorFlow) off
        app.screen.query_one(ScoreboardView).focus()
        await pilot.press("z")
        await wait_for(pilot, lambda: "How the points add up" in shown(app))
        text = shown(app)
        assert "off 0, low 1, normal 2, high 3" in text
        assert "PyTorch wins 5 of the 7 points, and leads by 3:" in text
        lines = [line.strip("│ ") for line in screen_lines(app)]
        assert "3  high    Criterion 0" in lines and "2  normal  Criterion 3" in lines
        assert "TensorFlow wins 2 of the 7 points:" in text  # what the trailing side wins
        assert "2  normal  Criterion 4" in lines and "0  off     Criterion 1" in lines
        assert "No points, ties and notes (2):" in text and "Criterion 2, Criterion 5" in text
        await pilot.press("z")
        await wait_for(pilot, lambda: "How the points add up" not in shown(app))


async def test_the_verdict_says_what_the_points_are_and_the_id(make_app, with_ties):
    """Issue 9, items 10 and 12: "worth 2 points" unexplained; no id to use with --priority."""
    app = make_app(with_ties)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "worth 2 points to PyTorch (normal = 2)" in shown(app))
        assert "id c00000" in shown(app)
        await pilot.press("j", "j", "j")  # Criterion 2, a tie
        await wait_for(pilot, lambda: "a tie gives no points" in shown(app))
        assert "id c00002" in shown(app)


async def test_a_note_typed_on_a_criterion_is_shown_and_saved(make_app, knowledge_dir, tmp_path):
    """Issue 9, item 11: a note per criterion, typed in the explorer, kept with the priorities."""
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j", "m")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteScreen))
        await pilot.press(*"[b]ships on phones[/b]", "enter")
        await wait_for(pilot, lambda: "Your note: [b]ships on phones[/b]" in shown(app))  # as typed, not markup
        await pilot.press("q")
    state = json.loads((tmp_path / "xdg-state" / "fwtui" / "state.json").read_text())
    assert state["editions"]["e1"]["notes"] == {"c00001": "[b]ships on phones[/b]"}

    again = make_app(knowledge_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Your note: [b]ships on phones[/b]" in shown(again))
        await pilot.press("m", "ctrl+u", "enter")  # emptied: the note goes
        await wait_for(pilot, lambda: "Your note" not in shown(again))


async def test_a_note_and_a_priority_typed_ahead_in_one_burst(make_app, knowledge_dir):
    """Issue 12, item 12: keys typed right after the one that opens the box go into it, in order."""
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        main = app.screen
        for key, character in [("j", "j"), ("m", "m"), *((c, c) for c in "mobile"), ("enter", "\r"), ("3", "3")]:
            app.post_message(events.Key(key, character))
        await wait_for(pilot, lambda: main.board.level("c00001") == 3)
        assert app.screen is main and main.notes == {"c00001": "mobile"}
        assert main.board.level("c00000") == 2


async def test_priority_and_note_keys_name_the_group_they_refuse(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("k", "m")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
        assert any("Category 0 is a group" in n.message for n in app._notifications)
