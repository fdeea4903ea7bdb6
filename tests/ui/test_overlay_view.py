"""Issue 10, item 3 in the explorer: what an overlay added or replaced is marked, named and comparable.

The overlays are directories on disk, found and read the way ``fwtui`` finds and reads them
(:func:`fwtui.cli.build_explorer`): the user's in the XDG config directory, the team's as the
``.fwtui/`` of the working directory, and one named by ``--overlay``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from corehelp import REPO
from factory import criterion_data, make_overlay
from uihelp import first_command, pane_code, screen_lines, screen_strips, screen_text, verdict_text, wait_for

from fwtui.paths import PROJECT_OVERLAY, user_overlay_dir
from fwtui.screens.main import MainScreen
from fwtui.screens.shipped import ShippedScreen
from fwtui.widgets.criteria_tree import CriteriaTree
from fwtui.widgets.info_bar import InfoBar
from fwtui.widgets.scoreboard import ScoreboardView
from fwtui.widgets.snippet_pane import SnippetPane

REPLACED = "c00001"
"""Shipped verdict TensorFlow; the user's overlay makes it a tie, the team's (which wins) PyTorch."""
ADDED = "tf-serving"


def team_snippets(what: str) -> dict[str, list[dict]]:
    return {f: [{"title": f"team {what}", "code": f"print('team {f} {what}')\n", "runnable": False}]
            for f in ("pytorch", "tensorflow")}


def write_overlays(team: Path, *, title: str = "Team ML platform") -> None:
    """The user's overlay and the team's, over :func:`knowledge_dir`'s six generated criteria.

    The user's (lowest precedence) replaces ``c00001`` with a tie; the team's replaces it
    again, verdict PyTorch with its own reasoning and snippets, and adds ``tf-serving``
    (TensorFlow) at the end of the same category.
    """
    make_overlay(user_overlay_dir(), [criterion_data(REPLACED, "tie", title="My criterion 1", category="cat-0",
                                                     order=1)], title="My own")
    replaced = criterion_data(
        REPLACED, "pytorch", title="Criterion 1", category="cat-0", order=1,
        summary="Our on-call engineers know PyTorch.",
        reasoning="The team's pager rota is PyTorch people.\n\nA TensorFlow outage waits for one person.",
        snippets=team_snippets("oncall"))
    added = criterion_data(
        ADDED, "tensorflow", title="Our serving stack is TF Serving", category="cat-0", order=2,
        summary="Models are served by the platform's TF Serving fleet.",
        reasoning="A SavedModel deploys with no new infrastructure.", snippets=team_snippets("serving"))
    make_overlay(team, [replaced, added], title=title)


@pytest.fixture
def overlaid(make_app, knowledge_dir, tmp_path):
    """The explorer as ``fwtui --knowledge k`` opens it in a folder with a ``.fwtui/``, with the user's overlay."""
    write_overlays(tmp_path / PROJECT_OVERLAY)
    return lambda: make_app(knowledge_dir)


async def select(pilot, criterion_id: str) -> None:
    pilot.app.screen.go_to_criterion(criterion_id)
    await wait_for(pilot, lambda: pilot.app.screen.criterion is not None and pilot.app.screen.criterion.id == criterion_id)


def tree_line(app, title: str) -> str:
    """The tree's row that shows ``title``, as cut to the tree's width (the other panes may name it too)."""
    tree = app.screen.query_one(CriteriaTree).region
    rows = (line[tree.x:tree.right] for line in screen_lines(app)[tree.y:tree.bottom])
    return next(row for row in rows if title in row)


async def test_header_names_the_overlays_in_one_line(overlaid):
    app = overlaid()
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        assert "preset none  overlays My own, Team ML platform" in screen_lines(app)[0]
    narrow = overlaid()
    async with narrow.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = screen_lines(narrow)[0]
        assert header.rstrip().endswith("…") and "overlays My own" in header
        assert narrow.screen.query_one(InfoBar).region.height == 1


async def test_no_overlay_no_mention(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        assert "overlay" not in screen_lines(app)[0]
        assert "overlay" not in verdict_text(app)
        # No column for marks: the title follows the verdict letter.
        assert "■■· P Criterion 0" in tree_line(app, "Criterion 0")


async def test_tree_marks_added_and_replaced_criteria_in_their_own_column(overlaid):
    app = overlaid()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        base, replaced, added = (tree_line(app, t) for t in ("Criterion 0", "Criterion 1", "Our serving"))
        assert "■■· P   Criterion 0" in base
        assert "■■· P * Criterion 1" in replaced  # the overlay's verdict, PyTorch
        assert "■■· T + Our serving" in added
        assert not any("My criterion 1" in line for line in screen_lines(app))  # the team's overlay wins
        assert base.index("Criterion") == replaced.index("Criterion") == added.index("Our serving")
        assert base.index("■") == replaced.index("■") == added.index("■")


async def test_verdict_panel_names_the_overlay(overlaid):
    app = overlaid()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await select(pilot, ADDED)
        text = " ".join(verdict_text(app).split())
        assert "Added by overlay «Team ML platform» (.fwtui)" in text
        await select(pilot, REPLACED)
        text = " ".join(verdict_text(app).split())
        assert "Overlay «Team ML platform» (.fwtui) replaces the shipped criterion; s compares them" in text
        # The overlay's name is its own text, not part of the bold lead-in around it.
        line = next(strip for strip in screen_strips(app) if "«Team ML platform»" in strip.text)
        bold = {segment.text.strip(): bool(segment.style and segment.style.bold) for segment in line}
        assert bold["Overlay"] and not bold["«Team ML platform»"]
        assert "Verdict: PyTorch" in text and "The team's pager rota is PyTorch people." in text
        await select(pilot, "c00000")
        assert "overlay" not in verdict_text(app).casefold()


async def test_shipped_key_shows_both_side_by_side(overlaid):
    app = overlaid()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await select(pilot, REPLACED)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ShippedScreen))
        text = screen_text(app.screen)
        assert "Overlay «Team ML platform» (.fwtui) replaces the shipped criterion." in text
        assert "Shipped: TensorFlow Overlay: PyTorch flipped" in text
        assert "Shipped: Criterion 1 Verdict: TensorFlow Summary of criterion 1. Reasoning for criterion 1." in text
        assert "My criterion 1" not in text  # the shipped one, not the user's overlay's that the team's replaced
        assert ("Overlay «Team ML platform» (.fwtui): Criterion 1 Verdict: PyTorch Our on-call engineers know "
                "PyTorch. The team's pager rota is PyTorch people.") in text
        panes = list(app.screen.query(SnippetPane))
        assert [p.framework.id for p in panes] == ["pytorch", "tensorflow"] * 2
        await wait_for(pilot, lambda: "print('pytorch 1')" in pane_code(panes[0]))
        assert "print('team tensorflow oncall')" in pane_code(panes[3])
        # Wide: each criterion's two panes side by side, the shipped ones above the overlay's.
        assert panes[0].region.y == panes[1].region.y < panes[2].region.y
        await pilot.press("tab")
        assert isinstance(app.screen.focused, SnippetPane)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_shipped_key_unavailable_where_nothing_was_replaced(overlaid):
    app = overlaid()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for criterion_id in ("c00000", ADDED):
            await select(pilot, criterion_id)
            assert app.screen.check_action("shipped", ()) is None  # shown, but disabled
            key = next(b for b in app.screen.active_bindings.values() if b.binding.id == "main.shipped")
            assert not key.enabled
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+p", *"shipped version")
        await wait_for(pilot, lambda: first_command(app).startswith("Shipped version (s)"))
        assert "not available now" in first_command(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await select(pilot, REPLACED)
        assert app.screen.check_action("shipped", ()) is True
        await pilot.press("ctrl+p", *"shipped version")
        await wait_for(pilot, lambda: first_command(app).startswith("Shipped version (s)"))
        assert "not available" not in first_command(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ShippedScreen))


async def test_shipped_key_hidden_without_overlays(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.check_action("shipped", ()) is False
        assert not any(b.binding.id == "main.shipped" for b in app.screen.active_bindings.values())
        await pilot.press("ctrl+p", *"shipped version")
        await wait_for(pilot, lambda: first_command(app) != "")
        assert not first_command(app).startswith("Shipped version")


def totals(app) -> dict[str, int]:
    """Each framework's points as the scoreboard's bars show them."""
    found = {}
    for line in app.screen.query_one(ScoreboardView).plain.splitlines():
        match = re.match(r"\s*(PyTorch|TensorFlow)\s+[█░]+\s+(\d+)\s*$", line)
        if match:
            found[match[1]] = int(match[2])
    return found


async def test_help_explains_the_marks_and_the_key(overlaid):
    from rich.console import Console

    from fwtui.screens.help import HelpScreen

    app = overlaid()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        console = Console(width=120, color_system=None, record=True)
        console.print(app.screen.query_one("Static").content)
        lines = [" ".join(line.split()) for line in console.export_text().splitlines()]
    assert "+ Added by an overlay (a team's or your own criteria)" in lines
    assert "* Replaced by an overlay; s shows the shipped one beside it" in lines
    assert "s Shipped version" in lines  # the explorer's keys
    assert lines[lines.index("Shipped version (s)") + 1] == "esc q s Close"  # the shipped-version screen's keys


async def test_scoreboard_counts_the_overlays_verdicts(overlaid, make_app, knowledge_dir):
    shipped = make_app(knowledge_dir, no_overlay=True)
    async with shipped.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shipped_totals = totals(shipped)
    app = overlaid()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        overlaid_totals = totals(app)
    # Normal is worth 2: shipped, 3 criteria each; the team flips one to PyTorch and adds one for TensorFlow
    # (the user's tie on the same criterion is overridden by the team's).
    assert shipped_totals == {"PyTorch": 6, "TensorFlow": 6}
    assert overlaid_totals == {"PyTorch": 8, "TensorFlow": 6}


@pytest.fixture
def in_example_repo(tmp_path, monkeypatch) -> None:
    """The working directory is a copy of the example team's repository, with its ``.fwtui/`` overlay."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "examples" / "team-overlay", repo)
    monkeypatch.chdir(repo)


async def test_the_example_team_overlay_is_found_in_its_folder_marked_and_counted(make_app, in_example_repo):
    """As a team member runs plain ``fwtui`` in the team's repository: the shipped knowledge, the ``.fwtui/`` found."""
    shipped = make_app(None, no_overlay=True)
    async with shipped.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shipped_totals = totals(shipped)
        assert "overlay" not in screen_lines(shipped)[0]
        assert shipped.screen.edition.criterion("team-on-call") is None
    app = make_app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "preset none  overlay Vision platform" in screen_lines(app)[0]  # at 80 columns, cut short with …
        for criterion_id, verdict_and_mark, title in (("keras-multi-backend", "T *", "Our Keras 2 models"),
                                                      ("team-serving-stack", "T +", "Our serving stack"),
                                                      ("team-on-call", "P +", "What our on-call")):
            await select(pilot, criterion_id)  # scrolled into view
            assert f"■■· {verdict_and_mark} {title}" in tree_line(app, title)
        assert "Our team (1)" in tree_line(app, "Our team")  # the overlay's own category
        overlaid_totals = totals(app)
    # Normal is worth 2. The team adds serving (TensorFlow) and on-call (PyTorch), and turns the shipped
    # Keras tie, which scores nothing, into a TensorFlow verdict.
    assert overlaid_totals == {"PyTorch": shipped_totals["PyTorch"] + 2,
                               "TensorFlow": shipped_totals["TensorFlow"] + 4}


async def test_header_counts_the_overlays_where_the_teams_preset_leaves_no_room_to_name_them(make_app,
                                                                                               in_example_repo):
    app = make_app(None, preset="our-platform")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "  1 overlay  preset Our platform as it" in screen_lines(app)[0]
        await pilot.resize_terminal(120, 24)
        await wait_for(pilot, lambda: "preset Our platform as it runs today  overlay Vision platform team"
                       in screen_lines(app)[0])


async def test_overlay_text_is_shown_as_data(make_app, knowledge_dir, tmp_path):
    named = "[link=x]p[/]"  # a directory of that name, given to --overlay
    write_overlays(tmp_path / named, title="[bold]Ops[/] \x1b[31mred")
    app = make_app(knowledge_dir, overlay=[named])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "overlays My own, [bold]Ops[/] \\x1b[31mred" in screen_lines(app)[0]
        await select(pilot, ADDED)
        assert "Added by overlay «[bold]Ops[/] \\x1b[31mred» ([link=x]p[/])" in " ".join(verdict_text(app).split())
        await select(pilot, REPLACED)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ShippedScreen))
        assert "Overlay «[bold]Ops[/] \\x1b[31mred» ([link=x]p[/]) replaces" in screen_text(app.screen)


def test_tree_with_overlay_marks_80x24(snap_compare, overlaid):
    async def on_the_replaced_one(pilot):
        await wait_for(pilot, lambda: pilot.app.screen.query(CriteriaTree))  # run_before may come before compose
        await select(pilot, REPLACED)

    assert snap_compare(overlaid(), run_before=on_the_replaced_one, terminal_size=(80, 24))
