"""Running the selected criterion's snippets from the explorer (r): real subprocesses, skips, and a real cancel.

The knowledge is generated: its first framework's module is ``json`` (always importable), so
that framework's snippets really run; the second's module does not exist, so they are skipped
as not installed.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import yaml
from factory import make_knowledge
from uihelp import wait_for

from fwtui.screens.main import MainScreen
from fwtui.screens.run_snippets import RunSnippetsScreen
from fwtui.verify import CANCELLED, PASS, SKIP
from fwtui.widgets.run_status import RunStatus

MISSING_MODULE = "fwtui_no_such_framework"
SLEEPER = "import os, time\nprint('pid', os.getpid(), flush=True)\ntime.sleep(60)\n"


def make_runnable_knowledge(root: Path) -> Path:
    make_knowledge(root, criteria=3)
    manifest_path = root / "manifest.yaml"
    manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    manifest["frameworks"][0]["module"] = "json"
    manifest["frameworks"][1]["module"] = MISSING_MODULE
    manifest_path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    # c00000: print snippets as generated, plus one illustration and one that fails.
    first = root / "editions" / "e1" / "criteria" / "c00000.yaml"
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    data["snippets"]["pytorch"] += [
        {"title": "illustration", "code": "this is not python\n", "runnable": False},
        {"title": "fails", "code": "import sys\nprint('about to fail')\nraise SystemExit('boom: bad value')\n",
         "runnable": True},
    ]
    first.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    # c00001: a snippet that sleeps for a minute, to be cancelled.
    second = root / "editions" / "e1" / "criteria" / "c00001.yaml"
    data = yaml.safe_load(second.read_text(encoding="utf-8"))
    data["snippets"]["pytorch"] = [{"title": "sleeps", "code": SLEEPER, "runnable": True}]
    second.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return root


def rows(app):
    return {row.label: row for row in app.screen.query_one(RunStatus).rows}


def output(app) -> str:
    return "\n".join(app.screen.query_one("#run-output").lines)


def summary(app) -> str:
    return str(app.screen.query_one("#run-summary").render())


async def run_criterion(pilot, app, criterion_id: str) -> None:
    """Select ``criterion_id`` in the explorer and press r."""
    app.screen.go_to_criterion(criterion_id)
    await pilot.pause()
    await pilot.pause()
    assert app.screen.criterion.id == criterion_id
    await pilot.press("r")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_nothing_runs_until_the_key(make_app, tmp_path, monkeypatch):
    import fwtui.verify

    started = []
    monkeypatch.setattr(fwtui.verify.SnippetRun, "start", lambda self: started.append(self) or self)
    app = make_app(make_runnable_knowledge(tmp_path / "k"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j", "k", "tab", "tab")
        await pilot.pause()
        assert started == []


async def test_run_shows_passes_skips_failures_and_output(make_app, tmp_path):
    app = make_app(make_runnable_knowledge(tmp_path / "k"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.criterion.id == "c00000"
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunSnippetsScreen)
        await wait_for(pilot, lambda: not screen.running)
        shown = rows(app)
        assert shown["PyTorch: pytorch way"].status == PASS
        assert shown["PyTorch: illustration"].status == SKIP
        assert shown["PyTorch: illustration"].detail == "illustration, not marked runnable"
        assert shown["PyTorch: fails"].status == "FAIL" and "boom: bad value" in shown["PyTorch: fails"].detail
        assert shown["TensorFlow: tensorflow way"].status == SKIP
        assert shown["TensorFlow: tensorflow way"].detail == f"skipped ({MISSING_MODULE} not installed)"
        assert "print" not in output(app) and "pytorch 0" in output(app) and "about to fail" in output(app)
        assert "Done: 1 passed, 1 failed, 2 skipped" in summary(app)
        # Run again with r, close with Escape.
        await pilot.press("r")
        await wait_for(pilot, lambda: not screen.running)
        assert "Done: 1 passed, 1 failed, 2 skipped" in summary(app)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_snippets_run_on_the_cpu_only(make_app, tmp_path, monkeypatch):
    root = make_runnable_knowledge(tmp_path / "k")
    path = root / "editions" / "e1" / "criteria" / "c00002.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["snippets"]["tensorflow"] = [{"title": "env", "runnable": True,
                                       "code": "import os\nprint('CVD=' + repr(os.environ['CUDA_VISIBLE_DEVICES']))\n"}]
    data["snippets"]["pytorch"][0]["code"] = data["snippets"]["tensorflow"][0]["code"]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1")
    app = make_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_criterion(pilot, app, "c00002")
        await wait_for(pilot, lambda: not app.screen.running)
        assert "CVD=''" in output(app)


async def test_escape_cancels_a_running_snippet_and_kills_its_process(make_app, tmp_path):
    app = make_app(make_runnable_knowledge(tmp_path / "k"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_criterion(pilot, app, "c00001")
        screen = app.screen
        await wait_for(pilot, lambda: "pid " in output(app))
        pid = int(output(app).split("pid ")[1].split()[0])
        assert alive(pid)
        assert rows(app)["PyTorch: sleeps"].status == "RUN"
        started = time.monotonic()
        await pilot.press("escape")  # stops the run; the screen stays open
        await wait_for(pilot, lambda: not screen.running, timeout=10)
        assert time.monotonic() - started < 10
        assert app.screen is screen
        assert rows(app)["PyTorch: sleeps"].status == CANCELLED
        assert "Stopped: 0 passed, 0 failed, 1 cancelled, 0 skipped, 1 not run" in summary(app)
        assert not alive(pid)
        await pilot.press("escape")  # now it closes
        assert isinstance(app.screen, MainScreen)


async def test_closing_the_screen_while_running_kills_the_snippet(make_app, tmp_path):
    app = make_app(make_runnable_knowledge(tmp_path / "k"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_criterion(pilot, app, "c00001")
        await wait_for(pilot, lambda: "pid " in output(app))
        pid = int(output(app).split("pid ")[1].split()[0])
        await pilot.press("q")
        assert isinstance(app.screen, MainScreen)
        deadline = time.monotonic() + 10
        while alive(pid):
            assert time.monotonic() < deadline, "the snippet outlived its screen"
            await asyncio.sleep(0.05)


async def test_run_with_no_criterion_selected_says_so(make_app, tmp_path):
    app = make_app(make_runnable_knowledge(tmp_path / "k"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.criterion = None
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("Choose a criterion" in str(n.message) for n in app._notifications)
