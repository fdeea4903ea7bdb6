"""Keys typed ahead, through a real pseudo-terminal: each key acts on the state the keys before it left.

The explorer runs as a process in an 80x24 pty; a burst is one write, so the app reads it
all at once, as it does when a user types ahead over SSH (issue 12, item 12).
"""

from __future__ import annotations

import json
import os
import select
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyte
import pytest

fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")


class Terminal:
    """The explorer in a pseudo-terminal, with what it shows read through pyte."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24)) -> None:
        columns, lines = size
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.process = subprocess.Popen([sys.executable, "-m", "fwtui.cli", *argv], stdin=slave, stdout=slave,
                                        stderr=slave, env=env, start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, condition: Callable[[], bool], timeout: float = 30.0) -> None:
        """Read what the app writes until ``condition()`` holds; fail after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"timed out; the screen shows:\n{self.text}"
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                assert chunk, f"the app stopped; the screen shows:\n{self.text}"
                self.stream.feed(chunk)

    def quit(self) -> int:
        """Type q and read to the end of the app's output; its exit status."""
        self.type("q")
        while True:
            ready, _, _ = select.select([self.master], [], [], 30)
            assert ready, f"the app did not quit; the screen shows:\n{self.text}"
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the app has closed the terminal
                break
            if not chunk:
                break
            self.stream.feed(chunk)
        return self.process.wait(timeout=30)

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=10)
        os.close(self.master)


@pytest.fixture
def terminal(tmp_path, knowledge_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "FWTUI"))}
    env.update(TERM="xterm-256color", XDG_STATE_HOME=str(tmp_path / "state"))
    started: list[Terminal] = []

    def start() -> Terminal:
        started.append(Terminal(["--knowledge", str(knowledge_dir)], env))
        return started[-1]

    yield start
    for term in started:
        term.close()


def saved_priorities(tmp_path: Path) -> dict[str, str]:
    return json.loads((tmp_path / "state" / "fwtui" / "state.json").read_text())["editions"]["e1"]["priorities"]


def tree_line(term: Terminal, title: str) -> str:
    return next((line for line in term.screen.display if title in line), "")


def test_moves_then_a_priority_in_one_burst(terminal, tmp_path):
    term = terminal()
    term.wait_for(lambda: "priority normal" in term.text)
    term.type("jjj3")  # Criterion 0 -> 1 -> group "Category 1" -> Criterion 2, then high
    term.wait_for(lambda: "■■■" in tree_line(term, "Criterion 2") and "priority high" in term.text)
    assert all("■■·" in tree_line(term, f"Criterion {n}") for n in (0, 1, 3, 4, 5))
    assert term.quit() == 0
    assert saved_priorities(tmp_path) == {f"c{n:05d}": "high" if n == 2 else "normal" for n in range(6)}


def test_a_filter_left_with_enter_then_a_priority_in_one_burst(terminal, tmp_path):
    term = terminal()
    term.wait_for(lambda: "priority normal" in term.text)
    term.type("/criterion 3\r3")
    term.wait_for(lambda: "■■■" in tree_line(term, "Criterion 3") and "priority high" in term.text)
    assert "criterion 3" in term.screen.display[1] and "criterion 33" not in term.text
    assert term.quit() == 0
    assert saved_priorities(tmp_path)["c00003"] == "high"
