"""The explorer driven through Pilot: what the user sees on screen and what lands on disk."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml
from corehelp import criterion_path, edit_yaml
from factory import make_knowledge
from uihelp import filter_box_value, first_command, pane_code, screen_lines, verdict_text, wait_for
from textual import events
from textual.widgets import Input

from fwtui.screens.help import HelpScreen
from fwtui.screens.main import MainScreen
from fwtui.screens.picker import PickerScreen
from fwtui.screens.problems import ProblemsScreen
from fwtui.screens.too_small import TooSmallScreen
from fwtui.widgets.criteria_tree import CriteriaTree
from fwtui.widgets.info_bar import InfoBar
from fwtui.widgets.scoreboard import ScoreboardView
from fwtui.widgets.snippet_pane import SnippetPane
from fwtui.widgets.verdict_panel import VerdictPanel


def scoreboard_text(app) -> str:
    return app.screen.query_one(ScoreboardView).plain


def tree_labels(app) -> list[str]:
    tree = app.screen.query_one(CriteriaTree)
    return [str(leaf.label) for group in tree.root.children for leaf in group.children]


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


def state_path(tmp_path: Path) -> Path:
    return tmp_path / "xdg-state" / "fwtui" / "state.json"


async def test_main_screen_shows_tree_panes_verdict_scoreboard(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert len(tree_labels(app)) == 6
        panes = app.screen.query(SnippetPane)
        assert [p.framework.id for p in panes] == ["pytorch", "tensorflow"]
        assert "Criterion 0" in verdict_text(app) and "Verdict: PyTorch" in verdict_text(app)
        assert "print('pytorch 0')" in pane_code(panes.first())
        assert "Tie: no framework leads" in scoreboard_text(app)
        header = str(app.screen.query_one(InfoBar).render())
        assert "edition e1" in header and "knowledge test.1" in header and "problem" not in header


async def test_one_pane_per_framework_in_the_manifest(make_app, tmp_path):
    app = make_app(make_knowledge(tmp_path / "k3", frameworks=3, criteria=5))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [p.framework.name for p in app.screen.query(SnippetPane)] == ["PyTorch", "TensorFlow", "JAX"]


async def test_moving_down_the_tree_changes_snippets_and_verdict(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    seen = []
    senders = set()

    def hook(message):
        if isinstance(message, CriteriaTree.CriterionHighlighted):
            seen.append(message.criterion_id)
            senders.add(message.control)  # for @on(..., "#tree") selectors, as Textual's own messages

    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await pilot.pause()
        await pilot.press("j")  # Criterion 0 -> Criterion 1, same category
        await pilot.pause()
        assert app.screen.criterion.id == "c00001"
        assert "Criterion 1" in verdict_text(app)
        assert "print('tensorflow 1')" in pane_code(app.screen.query(SnippetPane)[1])
        await pilot.press("k")
        await pilot.pause()
        assert app.screen.criterion.id == "c00000"
        assert "c00001" in seen
        assert senders == {app.screen.query_one(CriteriaTree)}


async def test_groups_open_and_close(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(CriteriaTree)
        await pilot.press("h")  # from a leaf: to its group
        assert tree.cursor_node.parent is tree.root
        await pilot.press("h")  # close it
        assert not tree.cursor_node.is_expanded
        await pilot.press("l")
        assert tree.cursor_node.is_expanded
        await pilot.press("space")
        assert not tree.cursor_node.is_expanded
        await pilot.press("enter")
        assert tree.cursor_node.is_expanded


async def test_priority_keys_move_the_scoreboard(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Tie" in scoreboard_text(app)
        await pilot.press("plus")  # Criterion 0 (PyTorch) normal -> high
        await pilot.pause()
        assert "PyTorch leads by 1 point" in scoreboard_text(app)
        assert tree_labels(app)[0].startswith("■■■")
        await pilot.press("minus", "minus")  # -> low
        await pilot.pause()
        assert "TensorFlow leads by 1 point" in scoreboard_text(app)
        await pilot.press("x")
        await pilot.pause()
        assert "TensorFlow leads by 2 points" in scoreboard_text(app)
        assert tree_labels(app)[0].startswith("···")
        assert any("priority off" in line for line in screen_lines(app))  # repainted, not only stored
        await pilot.press("3")
        await pilot.pause()
        assert "PyTorch leads by 1 point" in scoreboard_text(app)
        assert "priority high" in verdict_text(app)
        assert any("priority high" in line for line in screen_lines(app))
        assert "custom" in str(app.screen.query_one(InfoBar).render())


async def test_filter_as_you_type_and_escape_clears(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"criterion 3")
        await pilot.pause()
        assert [label[6:] for label in tree_labels(app)] == ["Criterion 3"]
        assert app.screen.criterion.id == "c00003"
        await pilot.press("enter")
        assert isinstance(app.focused, CriteriaTree)
        await pilot.press("escape")
        await pilot.pause()
        assert len(tree_labels(app)) == 6
        assert app.screen.criterion.id == "c00003"


async def test_a_filter_matching_nothing_says_so_and_escape_keeps_the_place(make_app, knowledge_dir):
    app = make_app(knowledge_dir, fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one(CriteriaTree)
        await wait_for(pilot, lambda: tree.cursor_criterion_id == "c00000")
        await pilot.press("j", "j", "j")
        await wait_for(pilot, lambda: app.screen.criterion.id == "c00002")
        await pilot.press("slash", "z", "z", "z")
        await wait_for(pilot, lambda: "no criterion matches" in "\n".join(screen_lines(app)))
        assert tree_labels(app) == []
        before = dict(app.screen.board.priorities)
        await pilot.press("enter", "plus")
        await wait_for(pilot, lambda: "No criterion matches the filter: Esc clears it." in notifications(app))
        assert app.screen.board.priorities == before, "no hidden criterion changed"
        await pilot.press("escape")
        await wait_for(pilot, lambda: len(tree_labels(app)) == 6 and tree.cursor_criterion_id == "c00002")
        assert "no criterion matches" not in "\n".join(screen_lines(app))
        assert app.screen.criterion.id == "c00002"


def retitle(root: Path, criteria: dict[str, str] = {}, categories: dict[str, str] = {}) -> None:
    """Give generated criteria and categories titles of their own."""
    for criterion_id, title in criteria.items():
        path = root / "editions" / "e1" / "criteria" / f"{criterion_id}.yaml"
        path.write_text(path.read_text().replace("title: Criterion", f"title: {title} #"))
    manifest = yaml.safe_load((root / "manifest.yaml").read_text())
    for category in manifest["categories"]:
        category["title"] = categories.get(category["id"], category["title"])
    (root / "manifest.yaml").write_text(yaml.safe_dump(manifest))


async def test_the_filter_ranks_title_matches_first_and_arrows_move_through_matches(make_app, knowledge_dir):
    """Issue 9, defect 6: "doc" landed on a criterion whose group matched; Up/Down did nothing."""
    retitle(knowledge_dir, {"c00000": "Ramp-up time", "c00001": "Documentation"},
            {"cat-0": "Learning and documentation"})
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Ramp-up time" in verdict_text(app))
        first_rows = screen_lines(app)[2:6]
        await pilot.press("slash")
        assert screen_lines(app)[2:6] == first_rows  # the box opens over the border, nothing moves
        await pilot.press(*"doc")
        await wait_for(pilot, lambda: app.screen.criterion.id == "c00001")  # the title match
        assert [label[6:].split(" #")[0] for label in tree_labels(app)] == ["Ramp-up time", "Documentation"]
        await pilot.press("up")
        await wait_for(pilot, lambda: app.screen.criterion.id == "c00000")
        await pilot.press("down")
        await wait_for(pilot, lambda: app.screen.criterion.id == "c00001")
        assert isinstance(app.focused, Input)  # still typing
        await pilot.press("ctrl+u", *"dcmnt")  # fuzzy, as the command palette matches
        await wait_for(pilot, lambda: [label[6:].split(" #")[0] for label in tree_labels(app)] == ["Documentation"])


async def test_letters_typed_right_after_slash_go_to_the_filter(make_app, knowledge_dir):
    """A quick "/crit e" arrives all at once: the letters must filter, not run keys (e exports)."""
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for character in "/criterion 3":  # queued together, as the terminal delivers a fast burst
            app.post_message(events.Key("slash" if character == "/" else character, character))
        await wait_for(pilot, lambda: filter_box_value(app) == "criterion 3")
        assert isinstance(app.screen, MainScreen)
        # The tree follows the filter a message later: wait for it, a busy machine may take a while.
        await wait_for(pilot, lambda: [label[6:] for label in tree_labels(app)] == ["Criterion 3"])
        await pilot.press("slash")  # inside the filter, / is a character
        await wait_for(pilot, lambda: filter_box_value(app) == "criterion 3/")


async def test_preset_picker_applies_the_preset(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("up", "enter")  # the list starts on "every criterion normal"
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.board.level("c00000") == 3 and app.screen.board.level("c00001") == 0
        assert "PyTorch leads by 3 points" in scoreboard_text(app)
        assert "Preset one" in str(app.screen.query_one(InfoBar).render())
        await pilot.press("p", "escape")
        assert isinstance(app.screen, MainScreen)


def add_edition(root: Path, edition_id: str, drop: int = 0) -> None:
    """Copy edition e1 as a newer edition, without its first ``drop`` criteria."""
    target = root / "editions" / edition_id
    shutil.copytree(root / "editions" / "e1", target)
    for n in range(drop):
        (target / "criteria" / f"c{n:05d}.yaml").unlink()
    edition = yaml.safe_load((target / "edition.yaml").read_text())
    edition.update(id=edition_id, title=f"Edition {edition_id}", presets=[])
    (target / "edition.yaml").write_text(yaml.safe_dump(edition))
    manifest = yaml.safe_load((root / "manifest.yaml").read_text())
    manifest["editions"].append(edition_id)
    (root / "manifest.yaml").write_text(yaml.safe_dump(manifest))


async def test_edition_switch_carries_priorities_and_keeps_the_rest(make_app, knowledge_dir):
    """v carries priorities by the criteria each edition continues (here: the same ids), as D does;
    a criterion with no counterpart keeps the level last given to it in its own edition."""
    add_edition(knowledge_dir, "e2", drop=2)
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.edition.id == "e2"  # newest first
        assert len(tree_labels(app)) == 4
        first = app.screen.criterion.id
        assert first == "c00002" and tree_labels(app)[0].endswith(app.screen.criterion.title)
        await pilot.press("j", "j", "3")  # past the group "Category 2" to c00003: high
        await pilot.press("v")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: app.screen.edition.id == "e1" and app.screen.criterion.id == "c00003")
        assert len(tree_labels(app)) == 6
        assert app.screen.board.level("c00003") == 3
        assert any("priorities carried from e2" in n for n in notifications(app))
        await pilot.press("k", "k", "k", "k", "k", "0")  # c00000, only in e1: off
        await wait_for(pilot, lambda: app.screen.board.level("c00000") == 0)
        await pilot.press("v", "k", "enter")  # j and k move in the picker as the arrows do
        # c00000 has no counterpart in e2: the selection is the one e2 was left on
        await wait_for(pilot, lambda: app.screen.edition.id == "e2" and app.screen.criterion.id == "c00003")
        assert app.screen.board.level("c00003") == 3 and app.screen.board.level(first) == 2
        await pilot.press("v", "j", "enter")
        await wait_for(pilot, lambda: app.screen.edition.id == "e1")
        assert app.screen.board.level("c00000") == 0 and app.screen.board.level("c00003") == 3


async def test_the_header_follows_edition_and_preset_and_a_quick_switch_saves_both_editions(
        make_app, knowledge_dir, tmp_path):
    """The header is bound to the screen's edition and preset; what is saved is read when it is saved,
    so a level set just before switching editions lands on the edition it was set on."""
    add_edition(knowledge_dir, "e2")
    app = make_app(knowledge_dir, edition="e1", preset="p1")
    async with app.run_test(size=(80, 24)) as pilot:
        header = lambda: str(app.screen.query_one(InfoBar).render())  # noqa: E731
        await wait_for(pilot, lambda: "edition e1" in header() and "preset Preset one" in header())
        await pilot.press("j", "1", "v", "up", "enter")  # c00001 low, then at once to e2
        await wait_for(pilot, lambda: "edition e2" in header())
        assert "preset custom" in header()  # carried priorities that follow no preset
        await pilot.press("q")
    saved = json.loads(state_path(tmp_path).read_text())
    assert saved["edition"] == "e2"
    assert saved["editions"]["e1"]["priorities"]["c00001"] == "low"
    assert saved["editions"]["e1"]["preset"] is None
    assert saved["editions"]["e2"]["priorities"]["c00001"] == "low"


async def test_step_through_several_snippets(make_app, knowledge_dir):
    path = knowledge_dir / "editions" / "e1" / "criteria" / "c00000.yaml"
    data = yaml.safe_load(path.read_text())
    data["snippets"]["pytorch"].append({"title": "second way", "code": "print(2)\n", "runnable": False})
    path.write_text(yaml.safe_dump(data))
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.screen.query(SnippetPane).first()
        assert str(pane.border_title).startswith("PyTorch (1/2): ")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert pane.snippet.title == "second way" and str(pane.border_title) == "PyTorch (2/2): second way"
        assert app.screen.query(SnippetPane)[1].snippet.title == "tensorflow way"
        await pilot.press("left_square_bracket")
        assert pane.snippet.title == "pytorch way"


async def test_copy_puts_the_focused_snippet_on_the_clipboard(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        assert app.clipboard == "print('pytorch 0')\n"
        await pilot.press("tab", "tab")  # tree -> PyTorch pane -> TensorFlow pane
        assert isinstance(app.focused, SnippetPane) and app.focused.framework.id == "tensorflow"
        await pilot.press("c")
        assert app.clipboard == "print('tensorflow 0')\n"
        assert any("Sent TensorFlow: tensorflow way (1 line)" in n for n in notifications(app))


async def test_tab_reaches_every_pane_and_the_scoreboard(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        order = []
        for _ in range(5):
            order.append(type(app.focused).__name__)
            await pilot.press("tab")
        assert order == ["CriteriaTree", "SnippetPane", "SnippetPane", "ScoreboardView", "VerdictPanel"]
        await pilot.press("shift+tab", "shift+tab")  # back past the verdict to the scoreboard
        assert isinstance(app.focused, ScoreboardView)
        await pilot.press("z")
        assert app.screen.maximized is app.focused
        await pilot.press("escape")
        assert app.screen.maximized is None


async def test_help_lists_every_binding(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = {e.binding.description for e in __import__("fwtui.commands").commands.catalogue(app)}
        for description in ("Raise", "Lower", "Switch off", "Priority high", "Filter", "Preset", "Edition",
                            "Copy", "Export", "Help", "Quit", "Next snippet", "Close group / go to group", "Note"):
            assert description in listed
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


def help_text(app) -> str:
    from rich.console import Console

    console = Console(width=200, color_system=None, record=True)
    console.print(app.screen.query_one("Static").content)
    return console.export_text()


async def test_help_explains_the_screen_and_lists_only_fwtuis_keys(make_app, knowledge_dir):
    """Issue 9, defect 9: help was a raw binding dump with Textual's keys, Enter/Space twice, no legend."""
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = help_text(app)
        for absent in ("Page Left", "Copy selected text", "Focus Next", "Toggle", "Select"):
            assert absent not in text
        assert sum("space" in line.split()[:3] for line in text.splitlines() if line.strip()) == 1
        for legend in ("■■■ ■■· ■·· ···  Your priority on a criterion: high, normal, low, off",
                       "P                The verdict names PyTorch", "T                The verdict names TensorFlow",
                       "=                A tie", "·                A note"):
            assert legend in text
        assert "off 0, low 1, normal 2, high 3. Ties and notes give none." in " ".join(text.split())
        box = app.screen.query_one("VerticalScroll")
        await pilot.press("j", "j", "j")
        await wait_for(pilot, lambda: box.scroll_offset.y == 3)
        await pilot.press("k")
        await wait_for(pilot, lambda: box.scroll_offset.y == 2)


async def test_the_palette_lists_fwtuis_commands_first_and_criteria_with_their_ids(make_app, knowledge_dir):
    """Issue 9, defect 9 and item 12: the palette opened on Textual's generic entries; no ids."""
    from textual.command import CommandPalette, CommandList

    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette)
                       and app.screen.query_one(CommandList).option_count > 10)

        def prompts() -> list[str]:
            options = app.screen.query_one(CommandList)
            return [str(options.get_option_at_index(n).prompt).split("\n")[0] for n in range(options.option_count)]

        await wait_for(pilot, lambda: any("Theme" in p for p in prompts()))
        shown = prompts()
        assert shown[0] == "Raise (+ =)"
        assert all(("(" in p) for p in shown[: shown.index(next(p for p in shown if "Theme" in p))])
        assert not any("Keys" == p or p.startswith("Quit the") for p in shown)
        await pilot.press(*"c00003")
        await wait_for(pilot, lambda: "Go to Criterion 3 (c00003)" in prompts())


async def test_quit_saves_and_next_start_restores(make_app, knowledge_dir, tmp_path):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j", "3", "q")
        await pilot.pause()
    assert app.return_code in (0, None)
    saved = json.loads(state_path(tmp_path).read_text())
    assert saved["edition"] == "e1"
    assert saved["editions"]["e1"]["priorities"]["c00001"] == "high"
    assert saved["editions"]["e1"]["selected"] == "c00001"

    again = make_app(knowledge_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.screen.criterion.id == "c00001"
        assert again.screen.board.level("c00001") == 3

    fresh = make_app(knowledge_dir, fresh=True)
    async with fresh.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert fresh.screen.criterion.id == "c00000"
        assert fresh.screen.board.level("c00001") == 2
        await pilot.press("1", "q")
    assert json.loads(state_path(tmp_path).read_text())["editions"]["e1"]["priorities"]["c00001"] == "high"


async def test_a_state_folder_that_cannot_be_written_is_said_once_and_the_session_carries_on(
        make_app, knowledge_dir, tmp_path, monkeypatch):
    blocker = tmp_path / "read-only-home"
    blocker.write_text("a file where the state folder's parent should be: unwritable, even to root\n")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker / "state"))
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = notifications(app)
        assert f"{blocker} is not a folder: this session's priorities and notes are not kept." in shown
        await pilot.press("j", "3")
        await wait_for(pilot, lambda: app.screen.board.level("c00001") == 3)
        await pilot.press("q")
    assert app.return_code in (0, None)
    assert notifications(app) == shown  # no "Could not save" at each change or at quitting
    assert blocker.read_text().startswith("a file where")


async def test_corrupt_state_warns_and_is_kept_aside(make_app, knowledge_dir, tmp_path):
    path = state_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("kept it as" in n for n in notifications(app))
        assert app.screen.board.level("c00000") == 2
    aside = list(path.parent.glob("state.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == "{not json"


async def test_partial_problems_open_with_what_is_valid(make_app, knowledge_dir):
    (knowledge_dir / "editions" / "e1" / "criteria" / "c00002.yaml").write_text("id: c00002\ntitle: [broken\n")
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(tree_labels(app)) == 5
        assert "1 problem" in str(app.screen.query_one(InfoBar).render())
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        assert "c00002.yaml" in str(app.screen.query_one("Static").render())
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_the_problems_screen_of_clean_knowledge_says_so_and_nothing_about_warnings(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.criterion is not None)
        await pilot.press("exclamation_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        box = app.screen.query_one("VerticalScroll")
        assert str(box.border_title) == "0 problems in the knowledge"
        assert str(box.border_subtitle) == "Esc close"
        assert "No problems: the knowledge loaded cleanly." in str(app.screen.query_one("Static").render())


async def test_knowledge_written_for_1_0_opens_with_warnings_not_problems(make_app, tmp_path):
    root = make_knowledge(tmp_path / "old", schema_version="1.0", provenance=False, criteria=3)
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(tree_labels(app)) == 3
        header = str(app.screen.query_one(InfoBar).render())
        assert "7 warnings (!)" in header and "problem" not in header  # 4 sources, 3 verdicts
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        box = app.screen.query_one("VerticalScroll")
        assert str(box.border_title) == "7 warnings in the knowledge"
        assert "all of the knowledge is shown" in str(box.border_subtitle)
        lines = str(app.screen.query_one("Static").render()).splitlines()
        assert len(lines) == 7 and all(": warning: " in line for line in lines), lines


def _freshness(root: Path, edition_id: str, as_of: str, verified: dict | None) -> None:
    path = root / "editions" / edition_id / "edition.yaml"
    data = yaml.safe_load(path.read_text())
    data["as_of"] = dt.date.fromisoformat(as_of)
    if verified:
        data["verified_on"] = verified
    path.write_text(yaml.safe_dump(data, sort_keys=False))


async def test_verdict_panel_shows_provenance_and_the_editions_age(make_app, knowledge_dir):
    # Today is 2025-11-26 in these tests (SOURCE_DATE_EPOCH).
    add_edition(knowledge_dir, "e2")
    _freshness(knowledge_dir, "e1", "2025-11-20", {"torch": "2.13.0+cpu", "tensorflow-cpu": "2.21.0", "keras": "3.15.1"})
    _freshness(knowledge_dir, "e2", "2025-11-25", None)
    source = knowledge_dir / "editions" / "e2" / "criteria" / "c00000.yaml"
    data = yaml.safe_load(source.read_text())
    data["sources"].append({"title": "A blog \x1b[31m[b]x[/b]", "url": "https://blog.example/", "kind": "second-hand",
                            "checked": dt.date(2025, 10, 1)})
    source.write_text(yaml.safe_dump(data, sort_keys=False))
    app = make_app(knowledge_dir)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        assert app.screen.edition.id == "e2"
        text = verdict_text(app)
        assert "• Example\n  https://example.org/0\n  first-hand, checked 2026-01-01\n" in text
        # literal: markup stays text, the escape shows as \x1b (the one filter), never reaches the terminal
        assert "• A blog \\x1b[31m[b]x[/b]\n  https://blog.example/\n  second-hand, checked 2025-10-01\n" in text
        assert text.endswith("\n\nEdition e2\nas of 2025-11-25, 1 day ago\n"
                             "the versions its snippets were verified on are not recorded"), text
        await pilot.press("v", "down", "enter")
        await wait_for(pilot, lambda: app.screen.edition.id == "e1" and app.screen.criterion is not None)
        assert verdict_text(app).endswith(
            "\n\nEdition e1\nas of 2025-11-20, 6 days ago\n"
            "snippets verified on torch 2.13.0+cpu, tensorflow-cpu 2.21.0, keras 3.15.1"), verdict_text(app)
        # What the terminal shows: the age on the panel's border, the rest at the end of its text.
        assert any("as of 2025-11-20, 6 days ago ─╯" in line for line in screen_lines(app)), screen_lines(app)
        panel = app.screen.query_one(VerdictPanel)
        panel.focus()
        await pilot.press("end")
        await wait_for(pilot, lambda: any("snippets verified on torch 2.13.0+cpu" in line for line in screen_lines(app)))


async def test_a_criterion_checked_after_its_edition_shows_its_own_date(make_app, knowledge_dir):
    """The border and the text give the criterion's own as_of where it has one, not the edition's."""
    _freshness(knowledge_dir, "e1", "2025-11-01", None)
    edit_yaml(criterion_path(knowledge_dir, 1), lambda data: data.update(as_of=dt.date(2025, 11, 24)))
    app = make_app(knowledge_dir, fresh=True)
    async with app.run_test(size=(100, 60)) as pilot:
        await wait_for(pilot, lambda: app.screen.criterion is not None and app.screen.criterion.id == "c00000")
        assert any("as of 2025-11-01, 25 days ago ─╯" in line for line in screen_lines(app))
        assert "This criterion" not in verdict_text(app)
        await pilot.press("down")
        await wait_for(pilot, lambda: app.screen.criterion.id == "c00001")
        await wait_for(pilot, lambda: any("as of 2025-11-24, 2 days ago ─╯" in line for line in screen_lines(app)))
        assert "\n\nThis criterion\nchecked as of 2025-11-24, 2 days ago\n\nEdition e1\nas of 2025-11-01" in verdict_text(app)


def test_unusable_knowledge_fails_before_the_screen(tmp_path, capsys):
    from fwtui.cli import main

    assert main(["--knowledge", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fwtui: ") and len(err.strip().splitlines()) == 1


def test_unknown_edition_or_preset_fails_before_the_screen(knowledge_dir, capsys):
    from fwtui.cli import main

    assert main(["--knowledge", str(knowledge_dir), "--edition", "nope"]) != 0
    assert main(["--knowledge", str(knowledge_dir), "--preset", "nope"]) != 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "unknown edition" in err[0] and "unknown preset" in err[1]


async def test_preset_option_sets_the_starting_priorities(make_app, knowledge_dir):
    app = make_app(knowledge_dir, preset="p1")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.board.level("c00000") == 3


async def test_too_small_terminal_shows_a_message(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "Terminal too small" in str(app.screen.query_one("Static").render())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_command_palette_finds_actions_and_criteria(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"criterion 5")
        await wait_for(pilot, lambda: first_command(app) == "Go to Criterion 5 (c00005)")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.criterion.id == "c00005")
        await pilot.press("ctrl+p", *"priority high")
        await wait_for(pilot, lambda: first_command(app).startswith("Priority high"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.board.level("c00005") == 3)


def test_a_crash_exits_non_zero_with_a_short_message(knowledge_dir, monkeypatch, capsys):
    from textual.app import App

    from fwtui import app as app_module
    from fwtui import cli as cli_module
    from fwtui.cli import main

    def explode(self):
        raise RuntimeError("boom")

    async def press_zoom(pilot):
        await pilot.pause()
        await pilot.press("z")

    monkeypatch.setattr(MainScreen, "action_zoom", explode)
    monkeypatch.setattr(app_module.ExplorerApp, "run", lambda self: App.run(self, headless=True, auto_pilot=press_zoom))
    monkeypatch.setattr(cli_module, "_is_terminal", lambda stream: True)  # headless: it draws nowhere
    status = main(["--knowledge", str(knowledge_dir)])
    assert status != 0
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("fwtui: the explorer stopped")


async def test_keys_can_be_remapped_through_the_keymap(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.set_keymap({"priority.raise": "r"})
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.board.level("c00000") == 3
        await pilot.press("question_mark")
        assert "r" in [e.keys for e in __import__("fwtui.commands").commands.catalogue(app) if e.binding.id == "priority.raise"]


async def test_go_to_the_tipping_point(make_app, knowledge_dir):
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j", "plus")  # Criterion 0 -> Criterion 1 (TensorFlow), raised: TensorFlow leads
        await pilot.pause()
        tip = app.screen.board.cheapest_tipping
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.criterion.id == tip.criterion_id
        assert "Tipping point" in scoreboard_text(app)


def test_hostile_state_files_are_refused_not_crashed_on():
    from fwtui.state import StateError, parse_state

    for text in ("[" * 100_000, '{"version": ' + "9" * 5000 + "}", "\x00\xff", '{"version": 1, "editions": []}'):
        with pytest.raises(StateError):
            parse_state(text)


async def test_moving_alone_is_saved_without_quitting(make_app, knowledge_dir, tmp_path):
    """The selection is one of the saved choices: a session that ends without q (a dropped
    connection, a kill -9) still starts next time where the user last was."""
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.criterion is not None)
        await pilot.press("down", "down", "down")  # Criterion 0 -> 1 -> group -> Criterion 2
        await wait_for(pilot, lambda: app.screen.criterion.id == "c00002")
        saved = lambda: json.loads(state_path(tmp_path).read_text()) if state_path(tmp_path).exists() else {}  # noqa: E731
        await wait_for(pilot, lambda: saved().get("editions", {}).get("e1", {}).get("selected") == "c00002")
