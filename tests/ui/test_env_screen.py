"""The Environment screen (n): the ``fwtui env`` report, collected without blocking the explorer.

nvidia-smi is replaced by a fake (slow where that is the point), so the tests see the same
thing on a laptop and on a GPU node. Also here: the new keys in help, the palette and the footer.
"""

from __future__ import annotations

import threading

import pytest
from uihelp import first_command, wait_for

import fwtui.envinfo
from fwtui.envinfo import Gpu, GpuReport
from fwtui.screens.environment import LOOKING, EnvironmentScreen
from fwtui.screens.help import HelpScreen
from fwtui.screens.main import MainScreen
from fwtui.screens.run_snippets import RunSnippetsScreen


def report(app) -> str:
    from rich.console import Console
    from textual.content import Content

    shown = app.screen.query_one("#env-report").content
    if isinstance(shown, Content):
        return shown.plain
    console = Console(width=200, color_system=None, record=True)
    console.print(shown)
    return " ".join(console.export_text().split())


async def open_environment(pilot, app) -> None:
    """Press n and wait until the node's report is in."""
    await pilot.press("n")
    await wait_for(pilot, lambda: app.screen.info is not None)


TWO_GPUS = GpuReport("/usr/bin/nvidia-smi", (Gpu(0, "NVIDIA H100 80GB HBM3", 81559, 1024),
                                            Gpu(1, "NVIDIA H100 80GB HBM3", 81559, 0)))


@pytest.fixture
def no_cuda_env(monkeypatch):
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    monkeypatch.delenv("TF_FORCE_GPU_ALLOW_GROWTH", raising=False)


async def test_environment_screen_shows_the_node(make_app, knowledge_dir, monkeypatch, no_cuda_env):
    import platform

    monkeypatch.setattr(fwtui.envinfo, "query_gpus", lambda timeout=5.0: TWO_GPUS)
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EnvironmentScreen)
        await wait_for(pilot, lambda: app.screen.info is not None)
        text = report(app)
        assert f"Python {platform.python_version()}" in text
        assert "torch" in text and "tensorflow" in text
        assert "GPUs: 2 (nvidia-smi)" in text
        assert "0 NVIDIA H100 80GB HBM3 1024 MiB used of 81559 MiB" in text
        assert "CUDA_VISIBLE_DEVICES not set" in text
        assert "Advice:" in text and "both GPUs are visible to every job" in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_no_gpu_and_no_frameworks_is_said_plainly(make_app, knowledge_dir, monkeypatch, no_cuda_env):
    monkeypatch.setattr(fwtui.envinfo, "query_gpus", lambda timeout=5.0: GpuReport(None))
    monkeypatch.setattr(fwtui.envinfo, "find_modules",
                        lambda wanted: tuple(fwtui.envinfo.Module(m, False, framework=f, name=n) for m, f, n in wanted))
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_environment(pilot, app)
        text = report(app)
        assert "Frameworks: none of these is installed" in text
        assert "GPUs: none found (nvidia-smi is not on PATH)" in text
        assert "everything runs on the CPU" in text


async def test_a_slow_nvidia_smi_never_blocks_the_screen(make_app, knowledge_dir, monkeypatch, no_cuda_env):
    release = threading.Event()

    def slow(timeout=5.0):
        release.wait(10)
        return TWO_GPUS

    monkeypatch.setattr(fwtui.envinfo, "query_gpus", slow)
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EnvironmentScreen)
        assert report(app) == LOOKING
        await pilot.press("escape")  # the UI answers while nvidia-smi is still "running"
        assert isinstance(app.screen, MainScreen)
        before = app.screen.criterion
        await pilot.press("j")
        await wait_for(pilot, lambda: app.screen.criterion is not before)
        assert not release.is_set()  # all of that happened while the query was still blocked
        await pilot.press("n")
        await pilot.pause()
        assert report(app) == LOOKING
        release.set()
        await wait_for(pilot, lambda: app.screen.info is not None)
        assert "GPUs: 2 (nvidia-smi)" in report(app)


async def test_r_looks_again(make_app, knowledge_dir, monkeypatch, no_cuda_env):
    calls = []

    def counting(timeout=5.0):
        calls.append(timeout)
        return GpuReport(None) if len(calls) == 1 else TWO_GPUS

    monkeypatch.setattr(fwtui.envinfo, "query_gpus", counting)
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_environment(pilot, app)
        assert "GPUs: none found" in report(app)
        await pilot.press("r")
        await wait_for(pilot, lambda: len(calls) == 2 and app.screen.info is not None and "GPUs: 2" in report(app))
        assert not isinstance(app.screen, RunSnippetsScreen)  # r here is "look again", not "run snippets"


async def test_hostile_values_show_as_literal_text(make_app, knowledge_dir, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "\x1b[31m[bold]0[/bold]")
    monkeypatch.setattr(fwtui.envinfo, "query_gpus",
                        lambda timeout=5.0: GpuReport("/x", (Gpu(0, "[red]Evil\x1b[2J GPU", 10, 1),)))
    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_environment(pilot, app)
        text = report(app)
        assert r"[red]Evil\x1b[2J GPU" in text and r"\x1b[31m[bold]0[/bold]" in text
        assert "\x1b" not in text


# -- the new keys everywhere the user looks for keys ---------------------------------------------


async def test_new_keys_are_in_help_and_the_palette(make_app, knowledge_dir):
    from fwtui.commands import catalogue

    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        entries = {e.binding.id: e for e in catalogue(app)}
        for binding_id, key in (("main.other_edition", "o"), ("main.compare", "D"),
                                ("main.run_snippets", "r"), ("main.environment", "n")):
            assert entries[binding_id].keys == key
            assert entries[binding_id].binding.description
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        console = Console(width=120, color_system=None, record=True)
        console.print(app.screen.query_one("Static").content)
        help_text = console.export_text()
        for description in ("Other edition", "Compare editions", "Run snippets", "Node environment",
                            "Stop the running snippet", "Run again", "Look again"):
            assert description in help_text
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"node environment")
        await wait_for(pilot, lambda: first_command(app).startswith("Node environment"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EnvironmentScreen)


async def test_footer_still_fits_at_80_columns(make_app, knowledge_dir):
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = list(app.screen.query_one(Footer).query(FooterKey))
        assert keys and all(key.region.right <= 80 for key in keys)

