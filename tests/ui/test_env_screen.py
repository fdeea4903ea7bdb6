"""The Environment screen (n): the ``fwtui env`` report, collected without blocking the explorer.

nvidia-smi is replaced by a fake (slow where that is the point), so the tests see the same
thing on a laptop and on a GPU node. Also here: the new keys in help, the palette and the footer.
"""

from __future__ import annotations

import sys
import threading

import pytest
from uihelp import first_command, wait_for

import fwtui.envinfo
from fwtui.envinfo import Gpu, GpuReport
from fwtui.screens.environment import LOOKING, EnvironmentScreen
from fwtui.screens.help import HelpScreen
from fwtui.screens.main import MainScreen
from fwtui.screens.run_snippets import RunSnippetsScreen


def as_text(shown) -> str:
    from rich.console import Console
    from textual.content import Content

    if isinstance(shown, Content):
        return shown.plain
    console = Console(width=200, color_system=None, record=True)
    console.print(shown)
    return " ".join(console.export_text().split())


def report(app) -> str:
    return as_text(app.screen.query_one("#env-report").content)


def listed(app) -> list[str]:
    """Each interpreter in the list as text: its path, where it was found, its frameworks."""
    from textual.widgets import OptionList

    options = app.screen.query_one(OptionList)
    return [as_text(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


def install_box(app) -> str:
    return as_text(app.screen.query_one("#install").content)


@pytest.fixture(autouse=True)
def only_own_python(empty_path):
    """No active env and nothing on PATH: the interpreters found are fwtui's own and what a test adds."""


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
        [own] = listed(app)
        assert own.startswith(f"● {sys.executable} runs fwtui Python {platform.python_version()}: torch ")
        assert "tensorflow" in own
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
        assert listed(app)[0].endswith("torch – · tensorflow – · jax – · keras –")
        assert "Not in this Python: PyTorch, TensorFlow." in install_box(app)
        assert "None of torch, tensorflow, jax, keras is installed for this Python" in text
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
        await wait_for(pilot, lambda: isinstance(app.screen, EnvironmentScreen))
        assert report(app) == LOOKING
        await pilot.press("escape")  # the UI answers while nvidia-smi is still "running"
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        before = app.screen.criterion
        await pilot.press("j")
        await wait_for(pilot, lambda: app.screen.criterion is not before)
        assert not release.is_set()  # all of that happened while the query was still blocked
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, EnvironmentScreen))
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
    """The footer's last key is whole at 80 columns: keys that do not fit are left out, not cut."""
    from uihelp import screen_lines, wait_for

    app = make_app(knowledge_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "? Help" in screen_lines(app)[-1])
        footer = screen_lines(app)[-1].rstrip()
        assert footer.endswith("q Quit"), footer
        assert "? Help" in footer and "+ Raise" in footer, footer


# -- the Pythons the user means, picked by keyboard, and used by r --------------------------------

SHOW_TORCH = "import torch, sys\nprint('torch', torch.__version__, 'in', sys.prefix)\n"


def framework_knowledge(root):
    """Criterion c00000's snippets import their framework and print its version."""
    import yaml
    from factory import make_knowledge

    make_knowledge(root, criteria=2)
    path = root / "editions" / "e1" / "criteria" / "c00000.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["snippets"]["pytorch"] = [{"title": "version", "code": SHOW_TORCH, "runnable": True}]
    data["snippets"]["tensorflow"] = [{"title": "version", "runnable": True,
                                       "code": "import tensorflow\nprint('tensorflow', tensorflow.__version__)\n"}]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture
def two_envs(tmp_path, monkeypatch):
    """A conda env with torch (active) and a project venv with tensorflow (given as --python)."""
    from fakepython import make_env

    conda = make_env(tmp_path / "conda", {"torch": "9.9.9", "pip": "24.0"})
    venv = make_env(tmp_path / "venv", {"tensorflow": "8.8.8", "pip": "24.0"})
    monkeypatch.setenv("CONDA_PREFIX", str(conda.parent.parent))
    monkeypatch.setattr(fwtui.envinfo, "query_gpus", lambda timeout=5.0: GpuReport("/usr/bin/nvidia-smi"))
    return conda, venv


async def test_the_users_envs_are_listed_picked_by_keyboard_and_run_with(make_app, tmp_path, two_envs):
    from fwtui.verify import PASS, SKIP
    from fwtui.widgets.run_status import RunStatus

    conda, venv = two_envs
    app = make_app(framework_knowledge(tmp_path / "k"), python=str(venv))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_environment(pilot, app)
        shown = listed(app)
        assert [line.removeprefix("● ").split()[0] for line in shown] == [str(venv), str(conda), sys.executable]
        assert shown[0].startswith(f"● {venv} --python") and "tensorflow 8.8.8" in shown[0]
        assert shown[1].startswith(f"{conda} $CONDA_PREFIX") and "torch 9.9.9 · tensorflow –" in shown[1]
        assert shown[2].startswith(f"{sys.executable} runs fwtui")
        await pilot.press("j", "enter")  # the conda env
        await wait_for(pilot, lambda: listed(app)[1].startswith("●"))
        assert not listed(app)[0].startswith("●")
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen) and app.screen.python == str(conda)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, RunSnippetsScreen) and not app.screen.running
                       and app.screen.outcomes)
        assert as_text(app.screen.query_one("#run-python").content).startswith(f"With {conda} ")
        rows = {row.label: row for row in app.screen.query_one(RunStatus).rows}
        assert rows["PyTorch: version"].status == PASS
        assert rows["TensorFlow: version"].status == SKIP, "tensorflow is in the other env, not the picked one"
        output = "\n".join(app.screen.query_one("#run-output").lines)
        assert f"torch 9.9.9 in {conda.parent.parent}" in output
        # The pick is the session's: the node screen opens with it marked.
        await pilot.press("escape", "n")
        await wait_for(pilot, lambda: isinstance(app.screen, EnvironmentScreen) and app.screen.info is not None)
        assert listed(app)[1].startswith("●")


async def test_without_a_pick_r_runs_with_the_active_env(make_app, tmp_path, two_envs):
    conda, _ = two_envs
    app = make_app(framework_knowledge(tmp_path / "k"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, RunSnippetsScreen) and not app.screen.running
                       and app.screen.outcomes)
        assert f"torch 9.9.9 in {conda.parent.parent}" in "\n".join(app.screen.query_one("#run-output").lines)


async def test_a_missing_framework_has_an_install_command_to_copy(make_app, tmp_path, two_envs, monkeypatch):
    from fwtui.screens.picker import PickerScreen

    conda, venv = two_envs
    monkeypatch.setattr(fwtui.envinfo, "query_gpus", lambda timeout=5.0: GpuReport("/usr/bin/nvidia-smi"))
    app = make_app(framework_knowledge(tmp_path / "k"), python=str(venv))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_environment(pilot, app)
        await pilot.press("j")  # the conda env lacks only TensorFlow: one command, copied at once
        await wait_for(pilot, lambda: "Not in this Python: TensorFlow." in install_box(app))
        assert f"$ {conda} -m pip install tensorflow" in install_box(app)
        await pilot.press("c")
        assert app.clipboard == f"{conda} -m pip install tensorflow"
        assert any("Sent the install command" in n.message for n in app._notifications)
        await pilot.press("k")  # the venv lacks PyTorch; no GPU here, so the CPU wheels are offered too
        await wait_for(pilot, lambda: "Not in this Python: PyTorch." in install_box(app))
        cpu = f"{venv} -m pip install torch --index-url https://download.pytorch.org/whl/cpu"
        assert f"$ {cpu}" in install_box(app) and "CPU-only" in install_box(app)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: app.clipboard == cpu)
        assert isinstance(app.screen, EnvironmentScreen)


async def test_a_bad_python_option_fails_before_the_screen(tmp_path, knowledge_dir):
    from conftest import build_app

    from fwtui.cli import CliError

    with pytest.raises(CliError, match=r"^--python .*no-such-python: no such executable$"):
        build_app(knowledge_dir, python=str(tmp_path / "no-such-python"))
