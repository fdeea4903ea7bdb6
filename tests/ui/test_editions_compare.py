"""Comparing editions in the explorer: the other-edition view (o) and the comparison screen (D).

Most tests use a two-edition fixture written here, so that every kind of change (flip,
new, rename, split, merge, retirement) is present and the snapshot is deterministic; a
few run on the shipped knowledge and take their expectations from fwtui.compare.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from factory import CATEGORIES, FRAMEWORKS
from uihelp import pane_code, screen_text

from fwtui.compare import compare, counterpart, old_side
from fwtui.paths import embedded_knowledge
from fwtui.screens.compare import CompareScreen
from fwtui.screens.main import MainScreen
from fwtui.screens.other_edition import OtherEditionScreen
from fwtui.widgets.scoreboard import ScoreboardView
from fwtui.widgets.snippet_pane import SnippetPane

OLD = [
    # id, title, verdict
    ("speed", "Speed", "pytorch"),
    ("docs", "Docs", "tensorflow"),
    ("deploy", "Deployment", "tensorflow"),
    ("queues", "Queues", "tensorflow"),
    ("viz-a", "Plots", "pytorch"),
    ("viz-b", "Dashboards", "tensorflow"),
]
NEW = [
    # id, title, verdict, previous_ids, changed
    ("speed", "Speed", "tie", ["speed"], "Both compile now, so speed is a tie."),
    ("documentation", "Documentation", "tensorflow", ["docs"], ""),
    ("serving", "Serving", "tensorflow", ["deploy"], ""),
    ("export", "Export", "pytorch", ["deploy"], "The export path moved to PyTorch."),
    ("visualization", "Visualization", "tie", ["viz-a", "viz-b"], "One tool for both."),
    ("compiler", "Compiler", "pytorch", [], ""),
]


def _dump(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _criterion(edition: str, cid: str, title: str, verdict: str, n: int, **extra) -> dict:
    return {
        "id": cid, "title": title, "category": CATEGORIES[n % 2]["id"], "order": n,
        "summary": f"{title} in {edition}.", "verdict": verdict,
        "reasoning": f"Why {title} goes this way in {edition}.",
        "snippets": {
            fw: [{"title": f"{fw} {edition}", "code": f"print('{fw} {edition} {cid}')\n", "runnable": True}]
            for fw in ("pytorch", "tensorflow")
        },
        "sources": [{"title": "Example", "url": f"https://example.org/{edition}/{cid}"}],
        **extra,
    }


def make_two_editions(root: Path) -> Path:
    """Editions ``old`` and ``new`` (new revises old) with a flip, a rename, a split, a merge, a retirement, a new one."""
    _dump(root / "manifest.yaml", {
        "schema_version": "1.0", "content_version": "two.1", "date": dt.date(2026, 1, 2),
        "frameworks": FRAMEWORKS[:2], "categories": CATEGORIES[:2], "editions": ["old", "new"],
    })
    common = {"summary": "Generated.", "conclusion": "It depends.",
              "sources": [{"title": "Example", "url": "https://example.org/"}]}
    _dump(root / "editions" / "old" / "edition.yaml", {"id": "old", "title": "Old edition", "as_of": dt.date(2017, 11, 1), **common})
    _dump(root / "editions" / "new" / "edition.yaml", {
        "id": "new", "title": "New edition", "as_of": dt.date(2026, 1, 1), **common, "previous": "old",
        "retired": [{"id": "queues", "reason": "Queues gave way to data pipelines."}],
    })
    for n, (cid, title, verdict) in enumerate(OLD):
        _dump(root / "editions" / "old" / "criteria" / f"{cid}.yaml", _criterion("old", cid, title, verdict, n))
    for n, (cid, title, verdict, previous, changed) in enumerate(NEW):
        extra = {"previous_ids": previous} if previous else {}
        if changed:
            extra["changed"] = changed
        _dump(root / "editions" / "new" / "criteria" / f"{cid}.yaml", _criterion("new", cid, title, verdict, n, **extra))
    return root


@pytest.fixture
def two_editions(tmp_path) -> Path:
    return make_two_editions(tmp_path / "two")


async def select(pilot, criterion_id: str) -> None:
    pilot.app.screen.go_to_criterion(criterion_id)
    await pilot.pause()
    await pilot.pause()
    assert pilot.app.screen.criterion.id == criterion_id


# -- the other edition (o) -----------------------------------------------------------------------


async def test_loads_both_editions(make_app, two_editions):
    app = make_app(two_editions)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.edition.id == "new"
        assert [e.id for e in app.screen.knowledge.editions] == ["old", "new"]


async def test_other_edition_shows_the_criterion_then_and_now(make_app, two_editions):
    app = make_app(two_editions)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await select(pilot, "speed")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OtherEditionScreen)
        text = screen_text(app.screen)
        assert "Continues edition old's criterion: Speed" in text
        assert "Then (old): PyTorch Now (new): tie changed" in text  # to a tie is a change, not a flip
        assert "Why Speed goes this way in old." in text
        assert "What changed: Both compile now, so speed is a tie." in text
        assert "• Example https://example.org/old/speed (kind and check date not recorded)" in text  # schema 1.0
        panes = app.screen.query(SnippetPane)
        assert [p.framework.id for p in panes] == ["pytorch", "tensorflow"]
        assert "print('pytorch old speed')" in pane_code(panes.first())
        # Keyboard only: Tab reaches a snippet pane, Escape closes.
        await pilot.press("tab")
        assert isinstance(app.screen.focused, SnippetPane)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_other_edition_of_a_renamed_criterion(make_app, two_editions):
    app = make_app(two_editions)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await select(pilot, "documentation")
        await pilot.press("o")
        await pilot.pause()
        text = screen_text(app.screen)
        assert "Continues edition old's criterion: Docs" in text
        assert "Then (old): TensorFlow" in text and "Now (new): TensorFlow" in text and "unchanged" in text


async def test_other_edition_of_a_merged_criterion_lists_both_sources(make_app, two_editions):
    app = make_app(two_editions)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await select(pilot, "visualization")
        await pilot.press("o")
        await pilot.pause()
        text = screen_text(app.screen)
        assert "Plots, Dashboards (merged into one)" in text
        assert "Then (old): PyTorch" in text and "Then (old): TensorFlow" in text
        assert len(app.screen.query(SnippetPane)) == 4


async def test_other_edition_of_a_new_criterion(make_app, two_editions):
    app = make_app(two_editions)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await select(pilot, "compiler")
        await pilot.press("o")
        await pilot.pause()
        assert "New in edition new: edition old has no criterion it continues." in screen_text(app.screen)
        assert not app.screen.query(SnippetPane)


async def test_from_the_older_edition_a_split_shows_every_successor(make_app, two_editions):
    app = make_app(two_editions, edition="old")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await select(pilot, "deploy")
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        text = screen_text(screen)
        assert "Continued in edition new by: Serving, Export (split in two)" in text
        assert "Then (old): TensorFlow Now (new): TensorFlow unchanged" in text
        assert "Then (old): TensorFlow Now (new): PyTorch flipped" in text
        assert "What changed: The export path moved to PyTorch." in text
        # Wide terminal: each criterion's panes sit side by side.
        panes = list(screen.query(SnippetPane))
        assert len(panes) == 4
        assert panes[0].region.y == panes[1].region.y and panes[0].region.x < panes[1].region.x
        assert "print('tensorflow new export')" in pane_code(panes[3])


async def test_narrow_terminal_stacks_the_other_editions_panes(make_app, two_editions):
    app = make_app(two_editions, edition="old")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await select(pilot, "speed")
        await pilot.press("o")
        await pilot.pause()
        first, second = app.screen.query(SnippetPane)
        assert first.region.x == second.region.x and first.region.y < second.region.y


async def test_from_the_older_edition_a_retired_criterion_gives_the_reason(make_app, two_editions):
    app = make_app(two_editions, edition="old")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await select(pilot, "queues")
        await pilot.press("o")
        await pilot.pause()
        assert "Retired in edition new: Queues gave way to data pipelines." in screen_text(app.screen)


async def test_single_edition_says_there_is_no_other(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert "only edition" in screen_text(app.screen)
        await pilot.press("escape")
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("nothing to compare" in str(n.message) for n in app._notifications)


# -- the comparison (D) --------------------------------------------------------------------------


async def test_comparison_lists_every_kind_of_change(make_app, two_editions):
    app = make_app(two_editions)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        text = screen_text(screen)
        assert "Verdicts that changed, old → new (4)" in text
        assert "Speed: PyTorch → tie Both compile now, so speed is a tie." in text
        assert "Export (was Deployment): TensorFlow → PyTorch The export path moved to PyTorch." in text
        assert "New in new (1) • Compiler: PyTorch" in text
        assert "Renamed (1) • Docs → Documentation" in text
        assert "Split (1) • Deployment → Serving, Export" in text
        assert "Merged (1) • Plots + Dashboards → Visualization" in text
        assert "Retired in new (1) • Queues Queues gave way to data pipelines." in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_comparison_scoreboards_use_the_same_priorities(make_app, two_editions):
    app = make_app(two_editions)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await select(pilot, "serving")
        await pilot.press("3")  # serving high, so its source (deploy) is high in the old edition
        await select(pilot, "export")
        await pilot.press("0")  # export off: deploy keeps the highest level of what continues it
        await pilot.press("D")
        await pilot.pause()
        old_board = app.screen.query_one("#board-old", ScoreboardView).board
        new_board = app.screen.query_one("#board-new", ScoreboardView).board
        assert new_board.level("serving") == 3 and new_board.level("export") == 0
        assert old_board.level("deploy") == 3 and old_board.level("speed") == 2
        # old: speed, viz-a for PyTorch (2+2); docs, deploy (high), queues, viz-b for TensorFlow (2+3+2+2)
        assert dict(old_board.totals) == {"pytorch": 4, "tensorflow": 9}
        # new: compiler for PyTorch (export is off); documentation, serving (high) for TensorFlow
        assert dict(new_board.totals) == {"pytorch": 2, "tensorflow": 5}
        assert "priorities: yours" in screen_text(app.screen).lower()
        rendered = app.screen.query_one("#board-new", ScoreboardView).plain
        assert "TensorFlow leads by 3 points" in rendered


async def test_comparison_from_the_older_edition_carries_priorities_forward(make_app, two_editions):
    app = make_app(two_editions, edition="old")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await select(pilot, "viz-b")
        await pilot.press("0")
        await select(pilot, "viz-a")
        await pilot.press("1")
        await pilot.press("D")
        await pilot.pause()
        new_board = app.screen.query_one("#board-new", ScoreboardView).board
        assert new_board.level("visualization") == 1  # the highest of low and off
        assert new_board.level("compiler") == 2  # new: normal
        assert "Edition old, on screen" in str(app.screen.query_one("#board-old").border_title)


# -- on the shipped knowledge --------------------------------------------------------------------


@pytest.fixture
def shipped():
    root = embedded_knowledge()
    if not (root / "editions" / "2026" / "edition.yaml").is_file():
        pytest.skip("the shipped 2026 edition is not there yet")
    return root


async def test_shipped_comparison_shows_what_flipped_and_why(make_app, shipped):
    app = make_app(shipped, edition="2026")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        knowledge, edition = app.screen.knowledge, app.screen.edition
        older, newer = counterpart(knowledge, edition)
        diff = compare(older.id, old_side(older), newer)
        await pilot.press("D")
        await pilot.pause()
        text = screen_text(app.screen)
        assert f"Verdicts that changed, {older.id} → {newer.id} ({len(diff.flips)})" in text
        for flip in diff.flips:
            assert " ".join(flip.new.title.split()) in text
            if flip.new.changed:
                assert " ".join(flip.new.changed.split())[:40] in text
        for criterion in diff.added:
            assert " ".join(criterion.title.split()) in text
        for old_id in diff.split:
            assert " ".join(older.criterion(old_id).title.split()) in text


async def test_shipped_other_edition_goes_both_ways(make_app, shipped):
    app = make_app(shipped, edition="2026")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        older = app.screen.knowledge.edition("2017")
        continued = next(c for c in app.screen.edition.criteria if c.previous_ids)
        await select(pilot, continued.id)
        await pilot.press("o")
        await pilot.pause()
        text = screen_text(app.screen)
        for source in continued.previous_ids:
            assert " ".join(older.criterion(source).title.split()) in text
        await pilot.press("escape")
        # Switch to 2017 and look forward from one of its criteria.
        app.screen._switch_edition("2017")
        await pilot.pause()
        await select(pilot, continued.previous_ids[0])
        await pilot.press("o")
        await pilot.pause()
        assert f"Continued in edition 2026 by: {' '.join(continued.title.split())}" in screen_text(app.screen)


# -- the snapshot --------------------------------------------------------------------------------


def test_comparison_screen_snapshot(snap_compare, make_app, tmp_path):
    app = make_app(make_two_editions(tmp_path / "snap"), fresh=True)
    assert snap_compare(app, press=["D"], terminal_size=(80, 24))


# -- one rule for switching (v) and comparing (D) -------------------------------------------------


async def test_switching_edition_carries_priorities_as_the_comparison_does(make_app, two_editions):
    """Issue 9, defect 2: v reset the priorities to normal and jumped to the first criterion,
    while D carried them by the criteria each edition continues."""
    app = make_app(two_editions)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await select(pilot, "speed")
        await pilot.press("0")
        await select(pilot, "serving")
        await pilot.press("3")
        await pilot.press("D")
        await pilot.pause()
        compared = app.screen.query_one("#board-old", ScoreboardView).board
        await pilot.press("escape", "v")
        await pilot.press("down", "enter")  # the picker lists the newest first
        await pilot.pause()
        screen = app.screen
        assert screen.edition.id == "old"
        assert dict(screen.board.priorities) == dict(compared.priorities)
        assert dict(screen.board.totals) == dict(compared.totals)
        assert screen.board.level("deploy") == 3 and screen.board.level("speed") == 0
        assert any("priorities carried from new" in str(n.message) for n in app._notifications)
        await pilot.pause()
        assert screen.criterion.id == "deploy"  # serving continues deploy: the selection follows
        await pilot.press("D")  # and the comparison from here shows the same two scoreboards
        await pilot.pause()
        assert dict(app.screen.query_one("#board-old", ScoreboardView).board.totals) == dict(compared.totals)
