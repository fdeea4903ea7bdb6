"""Signals and stray processes: kill, a dropped SSH connection, a snippet that tries to escape.

The explorer runs in a real pseudo-terminal and fwtui verify as a real process; the
signals are real signals.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from factory import make_knowledge
from ptyhelp import HANG_LIMIT, PtyExplorer, clean_env

RESTORED = (b"\x1b[?1049l", b"\x1b[?25h", b"\x1b[?1000l")
"""Leave the alternate screen, show the cursor, stop mouse reporting."""

ESCAPER = (
    "import os, sys, time\n"
    "open(os.environ['PIDS'] + '/snippet', 'w').write(str(os.getpid()))\n"
    "if os.fork() == 0:\n"
    "    os.setsid()\n"
    "    if os.fork() == 0:\n"
    "        open(os.environ['PIDS'] + '/daemon', 'w').write(str(os.getpid()))\n"
    "        time.sleep(600)\n"
    "    os._exit(0)\n"
    "print('started', flush=True)\n"
    "time.sleep(600)\n"
)
"""A snippet that leaves its process group and session: a daemon, as careless code can start."""


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except FileNotFoundError:
        return False


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + HANG_LIMIT
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def escaping_knowledge(root: Path) -> Path:
    """Generated knowledge whose first criterion's PyTorch snippet is :data:`ESCAPER`, runnable with json."""
    make_knowledge(root, criteria=2)
    manifest = root / "manifest.yaml"
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    data["frameworks"][0]["module"] = "json"
    manifest.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    first = root / "editions" / "e1" / "criteria" / "c00000.yaml"
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    data["snippets"]["pytorch"] = [{"title": "escapes", "code": ESCAPER, "runnable": True}]
    first.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture
def pids(tmp_path) -> Path:
    folder = tmp_path / "pids"
    folder.mkdir()
    return folder


def pid_of(pids: Path, name: str) -> int:
    wait_for(lambda: (pids / name).exists() and (pids / name).read_text(), f"the {name} to start")
    return int((pids / name).read_text())


@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_the_explorer_saves_restores_the_terminal_and_exits_on(signum, status, tmp_path):
    env = clean_env(tmp_path)
    explorer = PtyExplorer(env, args=())  # not --fresh: the state is saved
    try:
        explorer.wait_until(lambda: explorer.shows("Scoreboard"))
        explorer.type("3")  # the first criterion to high, then the signal at once (saving waits 0.5 s)
        explorer.wait_until(lambda: explorer.shows("■■■"))
        os.kill(explorer.process.pid, signum)
        assert explorer.finish() == status
    finally:
        explorer.close()
    tail = bytes(explorer.output[-400:])
    assert all(sequence in tail for sequence in RESTORED), tail
    saved = json.loads((tmp_path / "state" / "fwtui" / "state.json").read_text(encoding="utf-8"))
    edition = saved["edition"]
    assert "high" in saved["editions"][edition]["priorities"].values()


@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_during_a_run_kills_the_snippet_and_what_it_started(signum, status, tmp_path, pids):
    knowledge = escaping_knowledge(tmp_path / "k")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = clean_env(tmp_path, PIDS=str(pids), TMPDIR=str(scratch))
    explorer = PtyExplorer(env, args=("--fresh", "--knowledge", str(knowledge)))
    try:
        explorer.wait_until(lambda: explorer.shows("Scoreboard"))
        explorer.type("r")
        snippet, daemon = pid_of(pids, "snippet"), pid_of(pids, "daemon")
        assert running(snippet) and running(daemon)
        assert [p.name for p in scratch.iterdir() if p.name.startswith("fwtui-verify-")]
        os.kill(explorer.process.pid, signum)
        assert explorer.finish() == status
    finally:
        explorer.close()
    wait_for(lambda: not running(snippet) and not running(daemon), "the snippet and its daemon to go")
    assert not [p.name for p in scratch.iterdir() if p.name.startswith("fwtui-verify-")]


def verify_process(knowledge: Path, env: dict[str, str], *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "fwtui.cli", "verify", "--knowledge", str(knowledge), "--criterion", "c00000",
         "--framework", "pytorch", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True,
    )


@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_verify_stops_its_snippet_on(signum, status, tmp_path, pids):
    knowledge = escaping_knowledge(tmp_path / "k")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = verify_process(knowledge, clean_env(tmp_path, PIDS=str(pids), TMPDIR=str(scratch)))
    try:
        snippet, daemon = pid_of(pids, "snippet"), pid_of(pids, "daemon")
        process.send_signal(signum)
        assert process.wait(timeout=HANG_LIMIT) == status
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    wait_for(lambda: not running(snippet) and not running(daemon), "the snippet and its daemon to go")
    assert not [p.name for p in scratch.iterdir() if p.name.startswith("fwtui-verify-")]


def test_a_timed_out_snippet_takes_its_escaped_daemon_with_it(tmp_path, pids):
    knowledge = escaping_knowledge(tmp_path / "k")
    process = verify_process(knowledge, clean_env(tmp_path, PIDS=str(pids)), "--timeout", "3")
    out, err = process.communicate(timeout=HANG_LIMIT)
    assert process.returncode == 1 and b"TIMEOUT" in out, (out, err)
    daemon = pid_of(pids, "daemon")
    wait_for(lambda: not running(daemon), "the daemon to go")
