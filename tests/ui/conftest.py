"""Fixtures for the explorer's tests: generated knowledge, isolated XDG state, an app factory."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from factory import make_knowledge  # noqa: E402

PRESETS = [
    {"id": "p1", "title": "Preset one", "description": "Test preset.", "priorities": {"c00000": "high", "c00001": "off"}},
]


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Every UI test gets its own state and cache directories and working directory, and a fixed export date."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764115200")  # 2025-11-26
    monkeypatch.delenv("FWTUI_KNOWLEDGE", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def knowledge_dir(tmp_path) -> Path:
    """Two frameworks, six criteria in four categories, one preset."""
    return make_knowledge(tmp_path / "k", criteria=6, presets=PRESETS)


def explorer_args(knowledge: Path | str | None, **options) -> argparse.Namespace:
    values = {"knowledge": str(knowledge) if knowledge else None, "edition": None, "preset": None, "fresh": False,
              "from_decision": None, "python": None, "overlay": [], "no_overlay": False}
    values.update(options)
    return argparse.Namespace(**values)


def build_app(knowledge: Path | str | None, **options):
    """The ExplorerApp that ``fwtui`` would run for these options, without running it."""
    from fwtui.cli import build_explorer

    return build_explorer(explorer_args(knowledge, **options))


@pytest.fixture
def make_app():
    return build_app
