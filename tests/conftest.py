"""Shared fixtures for the core test suite (the UI tests live in tests/ui)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corehelp import Result
from factory import make_knowledge


@pytest.fixture(autouse=True)
def no_real_overlay(tmp_path, monkeypatch):
    """No test picks up the user's own overlay (XDG config), one named in the environment, or a ``.fwtui/``
    above the checkout: each test runs in its own folder.

    Here rather than in each suite's conftest: it applies to tests/ui as well.
    """
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("FWTUI_OVERLAY", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(autouse=True)
def no_explorer_left_running():
    """A pty test that fails half-way still kills the explorer it started (it would spin, orphaned)."""
    yield
    from ptyhelp import close_all

    close_all()


@pytest.fixture
def empty_path(tmp_path, monkeypatch):
    """No python3, python or nvidia-smi on PATH, and no active env: only what a test sets is found."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    monkeypatch.delenv("CONDA_PREFIX", raising=False)
    return empty


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``fwtui.cli.main(argv)`` in-process; returns exit status, stdout and stderr."""
    from fwtui.cli import main

    monkeypatch.delenv("FWTUI_KNOWLEDGE", raising=False)

    def run(*argv: str) -> Result:
        capsys.readouterr()
        try:
            status = main([str(a) for a in argv])
        except SystemExit as exit_:  # argparse errors, --help, --version
            status = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Result(status, captured.out, captured.err)

    return run


@pytest.fixture
def kdir(tmp_path) -> Path:
    """A valid generated two-framework knowledge directory with one preset."""
    return make_knowledge(
        tmp_path / "k",
        criteria=6,
        presets=[{"id": "p1", "title": "Preset one", "description": "Test preset.",
                  "priorities": {"c00000": "high", "c00001": "off"}}],
    )


@pytest.fixture
def kdir3(tmp_path) -> Path:
    """A valid generated three-framework knowledge directory."""
    return make_knowledge(tmp_path / "k3", frameworks=3, criteria=7,
                          verdicts=["pytorch", "tensorflow", "jax", "jax", "tie", None, "pytorch"])


@pytest.fixture
def shipped() -> Path:
    from fwtui.paths import embedded_knowledge

    return embedded_knowledge()


