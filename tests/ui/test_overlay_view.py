"""Issue 10, item 3 in the explorer: what an overlay added or replaced is marked, named and comparable.

The overlaid knowledge is built in one place, :func:`overlaid_knowledge`, the way the
loader lays overlays over the base (``Knowledge.overlays``, ``Criterion.overlay`` and
``Criterion.replaces``), so that it can be swapped for the real loader reading an
overlay directory.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from factory import make_knowledge
from uihelp import first_command, pane_code, screen_lines, screen_strips, screen_text, verdict_text, wait_for

from fwtui.app import ExplorerApp
from fwtui.loader import load_knowledge
from fwtui.model import Criterion, Knowledge, Overlay, Snippet
from fwtui.screens.main import MainScreen
from fwtui.screens.shipped import ShippedScreen
from fwtui.state import State, starting_priorities
from fwtui.widgets.criteria_tree import CriteriaTree
from fwtui.widgets.info_bar import InfoBar
from fwtui.widgets.scoreboard import ScoreboardView
from fwtui.widgets.snippet_pane import SnippetPane

MINE = Overlay(title="My own", path="~/.config/fwtui/overlay", fingerprint="1a2b3c4d", origin="user")
TEAM = Overlay(title="Team ML platform", path=".fwtui", fingerprint="5e6f7a8b", origin="project")
REPLACED = "c00001"
"""Shipped verdict TensorFlow; the team's overlay says PyTorch."""
ADDED = "tf-serving"


def overlaid_knowledge(root: Path) -> Knowledge:
    """Six generated criteria (PyTorch and TensorFlow three each), with two overlays laid over them.

    The team's overlay replaces ``c00001`` (verdict TensorFlow becomes PyTorch, its own reasoning
    and snippets) and adds ``tf-serving`` (TensorFlow) to the same category; the user's adds
    nothing, so that the header names two overlays, lowest precedence first.
    """
    base = load_knowledge(make_knowledge(root, criteria=6)).knowledge
    assert base is not None
    edition = base.edition()
    shipped = edition.criterion(REPLACED)
    assert shipped is not None and shipped.verdict == "tensorflow"

    def team_snippets(what: str) -> dict[str, tuple[Snippet, ...]]:
        return {f.id: (Snippet(f.id, f"team {what}", f"print('team {f.id} {what}')\n", "python", False),)
                for f in base.frameworks}

    replaced = dataclasses.replace(
        shipped, verdict="pytorch", summary="Our on-call engineers know PyTorch.",
        reasoning="The team's pager rota is PyTorch people.\n\nA TensorFlow outage waits for one person.",
        snippets=team_snippets("oncall"), overlay=TEAM.path, replaces=shipped)
    added = Criterion(
        id=ADDED, title="Our serving stack is TF Serving", category=shipped.category,
        summary="Models are served by the platform's TF Serving fleet.", verdict="tensorflow",
        reasoning="A SavedModel deploys with no new infrastructure.", snippets=team_snippets("serving"),
        sources=(), overlay=TEAM.path)
    criteria = []
    for criterion in edition.criteria:
        criteria.append(replaced if criterion is shipped else criterion)
        if criterion is shipped:
            criteria.append(added)  # the loader keeps criteria in tree order: the added one ends its category
    edition = dataclasses.replace(edition, criteria=tuple(criteria))
    return dataclasses.replace(base, editions=(edition,), overlays=(MINE, TEAM))


def explorer(knowledge: Knowledge) -> ExplorerApp:
    """The explorer on ``knowledge``'s newest edition, every criterion normal, writing no state."""
    edition = knowledge.edition()
    assert edition is not None
    state = State()
    priorities, preset = starting_priorities(edition, state.for_edition(edition.id))
    return ExplorerApp(knowledge, [], edition, priorities, preset, state, None)


@pytest.fixture
def overlaid(tmp_path) -> Knowledge:
    return overlaid_knowledge(tmp_path / "k")


async def select(pilot, criterion_id: str) -> None:
    pilot.app.screen.go_to_criterion(criterion_id)
    await wait_for(pilot, lambda: pilot.app.screen.criterion is not None and pilot.app.screen.criterion.id == criterion_id)


def tree_line(app, title: str) -> str:
    return next(line for line in screen_lines(app) if title in line)


async def test_header_names_the_overlays_in_one_line(overlaid):
    app = explorer(overlaid)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        assert "preset none  overlays My own, Team ML platform" in screen_lines(app)[0]
    narrow = explorer(overlaid)
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
    app = explorer(overlaid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        base, replaced, added = (tree_line(app, t) for t in ("Criterion 0", "Criterion 1", "Our serving"))
        assert "■■· P   Criterion 0" in base
        assert "■■· P * Criterion 1" in replaced  # the overlay's verdict, PyTorch
        assert "■■· T + Our serving" in added
        assert base.index("Criterion") == replaced.index("Criterion") == added.index("Our serving")
        assert base.index("■") == replaced.index("■") == added.index("■")


async def test_verdict_panel_names_the_overlay(overlaid):
    app = explorer(overlaid)
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
    app = explorer(overlaid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await select(pilot, REPLACED)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ShippedScreen))
        text = screen_text(app.screen)
        assert "Overlay «Team ML platform» (.fwtui) replaces the shipped criterion." in text
        assert "Shipped: TensorFlow Overlay: PyTorch flipped" in text
        assert "Shipped: Criterion 1 Verdict: TensorFlow Summary of criterion 1. Reasoning for criterion 1." in text
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
    app = explorer(overlaid)
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

    app = explorer(overlaid)
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


async def test_scoreboard_counts_the_overlays_verdicts(overlaid, tmp_path):
    shipped = explorer(load_knowledge(tmp_path / "k").knowledge)
    async with shipped.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shipped_totals = totals(shipped)
    app = explorer(overlaid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        overlaid_totals = totals(app)
    # Normal is worth 2: shipped, 3 criteria each; the team flips one to PyTorch and adds one for TensorFlow.
    assert shipped_totals == {"PyTorch": 6, "TensorFlow": 6}
    assert overlaid_totals == {"PyTorch": 8, "TensorFlow": 6}


async def test_overlay_text_is_shown_as_data(tmp_path):
    hostile = Overlay(title="[bold]Ops[/] \x1b[31mred", path="[link=x]p[/]", fingerprint="0", origin="option")
    knowledge = overlaid_knowledge(tmp_path / "k")
    edition = knowledge.edition()
    criteria = tuple(dataclasses.replace(c, overlay=hostile.path) if c.overlay else c for c in edition.criteria)
    knowledge = dataclasses.replace(knowledge, editions=(dataclasses.replace(edition, criteria=criteria),),
                                    overlays=(hostile,))
    app = explorer(knowledge)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "overlay [bold]Ops[/] \\x1b[31mred" in screen_lines(app)[0]
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

    assert snap_compare(explorer(overlaid), run_before=on_the_replaced_one, terminal_size=(80, 24))
