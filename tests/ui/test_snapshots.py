"""What the explorer looks like, on the shipped 2017 edition, at the sizes users have.

The knowledge is a copy holding only the 2017 edition, so that work on other
editions does not move these pictures; update them with ``--snapshot-update``
after a deliberate change to the look or to the 2017 content.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from textual.widgets import Input
from uihelp import wait_for

from fwtui.paths import embedded_knowledge
from fwtui.screens.export import ExportDialog
from fwtui.screens.help import HelpScreen
from fwtui.widgets.criteria_tree import CriteriaTree


@pytest.fixture
def shipped_2017(tmp_path) -> Path:
    source = embedded_knowledge()
    if not (source / "editions" / "2017" / "edition.yaml").is_file():
        pytest.skip("the shipped 2017 edition is not there")
    root = tmp_path / "shipped"
    shutil.copytree(source / "editions" / "2017", root / "editions" / "2017")
    manifest = yaml.safe_load((source / "manifest.yaml").read_text(encoding="utf-8"))
    manifest["editions"] = ["2017"]
    (root / "manifest.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    return root


def test_main_screen_80x24(snap_compare, make_app, shipped_2017):
    assert snap_compare(make_app(shipped_2017), terminal_size=(80, 24))


def test_main_screen_120x40(snap_compare, make_app, shipped_2017):
    async def two_down(pilot):
        await pilot.press("j", "j")  # Ramp-up time, Documentation, then the group after them
        await wait_for(pilot, lambda: pilot.app.screen.query_one(CriteriaTree).cursor_line == 3)

    assert snap_compare(make_app(shipped_2017, preset="research"), run_before=two_down, terminal_size=(120, 40))


def test_help_screen(snap_compare, make_app, shipped_2017):
    assert snap_compare(make_app(shipped_2017), run_before=opened("question_mark", HelpScreen), terminal_size=(80, 24))


def test_export_dialog(snap_compare, make_app, shipped_2017):
    assert snap_compare(make_app(shipped_2017), run_before=opened("e", ExportDialog), terminal_size=(80, 24))


def opened(key: str, screen: type):
    """Press ``key`` and wait for ``screen`` (Pilot's own wait guesses from the CPU, wrong on a busy machine);
    the text boxes' cursors stop blinking, so that the picture does not depend on the moment it is taken."""

    async def run_before(pilot) -> None:
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen))
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False

    return run_before
