"""What fwtui writes to a real terminal: with the screen diff, fewer bytes and the very same screen."""

from __future__ import annotations

import os
import select
import signal
import struct
import subprocess
import sys
import time

import pyte
import pytest

fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")

COLUMNS, LINES = 80, 24
KEYS = ["\x1b[B"] * 4 + ["+", "+", "3", "\t", "\x1b[C" * 3, "\x1b[B" * 3, "\t", "\t", "/", "dat", "\x1b", "]", "z", "z"]


def run_in_pty(env: dict[str, str], keys: list[str]) -> tuple[bytes, pyte.Screen]:
    """Start the explorer in an 80x24 pseudo-terminal, type ``keys``, and return what it wrote and the screen."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "fwtui.cli", "--fresh"], stdin=slave, stdout=slave,
                               stderr=slave, env=env, start_new_session=True, close_fds=True)
    os.close(slave)
    output = bytearray()

    def read_until_quiet(quiet: float, limit: float = 20.0) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], quiet)
            if not ready:
                if b"Scoreboard" in output:
                    return
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            output.extend(chunk)

    try:
        read_until_quiet(1.0)
        for key in keys:
            os.write(master, key.encode())
            read_until_quiet(0.2)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        os.close(master)
    screen = pyte.Screen(COLUMNS, LINES)
    pyte.ByteStream(screen).feed(bytes(output))
    return bytes(output), screen


def cells(screen: pyte.Screen) -> list[list[tuple]]:
    return [[(c.data, c.fg, c.bg, c.bold, c.italics, c.reverse) for c in (screen.buffer[y][x] for x in range(COLUMNS))]
            for y in range(LINES)]


def test_the_screen_diff_sends_less_and_shows_the_same(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "FWTUI"))}
    env.update(TERM="xterm-256color", XDG_STATE_HOME=str(tmp_path / "state"))
    diffed, diffed_screen = run_in_pty(env, KEYS)
    full, full_screen = run_in_pty({**env, "FWTUI_SCREEN_DIFF": "0"}, KEYS)
    assert "Scoreboard" in "\n".join(diffed_screen.display)
    assert cells(diffed_screen) == cells(full_screen)
    assert len(diffed) < len(full) / 2, (len(diffed), len(full))


def test_ctrl_l_sends_the_whole_screen_again(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "FWTUI"))}
    env.update(TERM="xterm-256color", XDG_STATE_HOME=str(tmp_path / "state"))
    quiet, _ = run_in_pty(env, ["\x1b[B"])
    redrawn, screen = run_in_pty(env, ["\x1b[B", "\x0c"])  # Ctrl+L
    assert quiet.count(b"Scoreboard") == 1  # a move does not send the scoreboard again
    assert redrawn.count(b"Scoreboard") == 2  # Ctrl+L does, with every other cell
    assert "Scoreboard" in "\n".join(screen.display)
