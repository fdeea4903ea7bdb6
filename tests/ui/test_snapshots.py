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

from fwtui.paths import embedded_knowledge


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
    assert snap_compare(make_app(shipped_2017, preset="research"), press=["j", "j"], terminal_size=(120, 40))


def test_help_screen(snap_compare, make_app, shipped_2017):
    assert snap_compare(make_app(shipped_2017), press=["question_mark"], terminal_size=(80, 24))


def test_export_dialog(snap_compare, make_app, shipped_2017):
    assert snap_compare(make_app(shipped_2017), press=["e"], terminal_size=(80, 24))
