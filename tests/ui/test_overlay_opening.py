"""The explorer with overlays: a broken one still opens with the base and counts its problems, and a priority
set on an overlay's criterion outlives a run without the overlay."""

from __future__ import annotations

import json

from factory import criterion_data, make_overlay
from uihelp import screen_lines, wait_for


async def test_a_broken_overlay_opens_with_the_base_and_its_valid_part_and_counts_the_problems(make_app,
                                                                                              knowledge_dir,
                                                                                              tmp_path):
    overlay = make_overlay(tmp_path / "team", [criterion_data("team-fact", "tensorflow", category="cat-1"),
                                               criterion_data("bad-one", "tensorflow", category="nope")])
    (overlay / "editions" / "e7").mkdir()
    app = make_app(knowledge_dir, overlay=[str(overlay)])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: any("2 problems (!)" in line for line in screen_lines(app)))
        ids = [c.id for c in app.screen.edition.criteria]
        assert "team-fact" in ids and "bad-one" not in ids and "c00005" in ids
        assert any("Title team-fact" in line for line in screen_lines(app))
        await pilot.press("exclamation_mark")
        await wait_for(pilot, lambda: any("unknown category 'nope'" in line for line in screen_lines(app)))
        assert any("edition 'e7' does not exist" in line for line in screen_lines(app))


async def test_a_priority_on_an_overlay_criterion_survives_a_run_without_the_overlay(make_app, knowledge_dir,
                                                                                       tmp_path):
    overlay = make_overlay(tmp_path / "team", [criterion_data("team-fact", "tensorflow", category="cat-3", order=99)])
    state = tmp_path / "xdg-state" / "fwtui" / "state.json"

    with_overlay = make_app(knowledge_dir, overlay=[str(overlay)])
    async with with_overlay.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: with_overlay.screen.criterion is not None)
        await pilot.press("end")  # the last criterion: the overlay's, in the last category
        await wait_for(pilot, lambda: with_overlay.screen.criterion.id == "team-fact")
        await pilot.press("3", "q")
    assert json.loads(state.read_text())["editions"]["e1"]["priorities"]["team-fact"] == "high"

    without = make_app(knowledge_dir)
    async with without.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: without.screen.criterion is not None)
        assert without.screen.edition.criterion("team-fact") is None
        await pilot.press("1", "q")  # a change of its own, so that this run saves
    priorities = json.loads(state.read_text())["editions"]["e1"]["priorities"]
    assert priorities["c00000"] == "low"
    assert priorities["team-fact"] == "high"

    again = make_app(knowledge_dir, overlay=[str(overlay)])
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: again.screen.board is not None)
        assert again.screen.board.level("team-fact") == 3
        assert again.screen.board.level("c00000") == 1


async def test_an_overlay_preset_outlives_a_run_without_the_overlay_until_a_priority_changes(make_app, knowledge_dir,
                                                                                           tmp_path):
    overlay = make_overlay(tmp_path / "team", [criterion_data("team-fact", "tensorflow", category="cat-3", order=99)],
                           presets=[{"id": "ours", "title": "Team preset", "priorities": {"team-fact": "high"}}])
    state = tmp_path / "xdg-state" / "fwtui" / "state.json"

    def saved_preset() -> str | None:
        return json.loads(state.read_text())["editions"]["e1"]["preset"]

    with_overlay = make_app(knowledge_dir, overlay=[str(overlay)], preset="ours")
    async with with_overlay.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: any("Team preset" in line for line in screen_lines(with_overlay)))
        await pilot.press("p")  # the picker says where the team's preset comes from
        await wait_for(pilot, lambda: any("From overlay «Team overlay»" in line for line in screen_lines(with_overlay)))
        await pilot.press("escape")
        await wait_for(pilot, lambda: with_overlay.screen.is_current and with_overlay.screen.board is not None)
        await pilot.press("q")
    assert saved_preset() == "ours"

    without = make_app(knowledge_dir)
    async with without.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: without.screen.criterion is not None)
        await pilot.press("down")  # a new selection, so that this run saves, and no priority changed
        await wait_for(pilot, lambda: without.screen.criterion.id == "c00001")
        await pilot.press("q")
    assert json.loads(state.read_text())["editions"]["e1"]["selected"] == "c00001"
    assert saved_preset() == "ours"

    again = make_app(knowledge_dir, overlay=[str(overlay)])
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: any("Team preset" in line for line in screen_lines(again)))
        await pilot.press("q")

    changed = make_app(knowledge_dir)
    async with changed.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: changed.screen.criterion is not None)
        await pilot.press("1", "q")  # the priorities no longer follow the team's preset
    assert saved_preset() is None
