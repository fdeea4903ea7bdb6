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
HANG_LIMIT = 120.0
"""Seconds before a run that never ends counts as a hang (a guard, not a speed check)."""
HELP_TITLE = "─ Keys ─"
"""The help screen's border title: what ``settle`` waits to see appear and go."""
KEYS = ["\x1b[B"] * 4 + ["+", "+", "3", "\t", "\x1b[C" * 3, "\x1b[B" * 3, "\t", "\t", "/", "dat", "\x1b", "]", "z", "z"]


class PtyExplorer:
    """The explorer in an 80x24 pseudo-terminal: type keys, wait until the screen shows something, quit.

    Every wait is for a condition on what the explorer wrote (read into an emulated
    screen), never for a quiet moment, so the tests hold on a busy machine.
    """

    def __init__(self, env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.process = subprocess.Popen([sys.executable, "-m", "fwtui.cli", "--fresh"], stdin=slave, stdout=slave,
                                        stderr=slave, env=env, start_new_session=True, close_fds=True)
        os.close(slave)
        self.output = bytearray()
        self.screen = pyte.Screen(COLUMNS, LINES)
        self._stream = pyte.ByteStream(self.screen)
        self._deadline = time.monotonic() + HANG_LIMIT

    def shows(self, text: str) -> bool:
        return any(text in line for line in self.screen.display)

    def wait_until(self, condition) -> None:
        """Read what the explorer writes until ``condition()`` holds or it has closed the terminal."""
        while not condition():
            assert time.monotonic() < self._deadline, f"the explorer did not get there in {HANG_LIMIT} s"
            ready, _, _ = select.select([self.master], [], [], 1.0)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: the explorer has exited and closed the terminal
                return
            if not chunk:
                return
            self.output.extend(chunk)
            self._stream.feed(chunk)

    def type(self, *keys: str) -> None:
        for key in keys:
            os.write(self.master, key.encode())

    def settle(self) -> None:
        """Wait until every key typed so far has been handled and painted.

        Keys are handled in order, so once the help screen opened by ``?`` has been painted
        and closed again, so has every change before it.
        """
        self.type("?")
        self.wait_until(lambda: self.shows(HELP_TITLE))
        self.type("\x1b")
        self.wait_until(lambda: not self.shows(HELP_TITLE))

    def quit(self) -> bytes:
        """Quit with ``q`` and return everything the explorer wrote."""
        try:
            self.type("q")
            self.wait_until(lambda: False)  # to the end of the output
            assert self.process.wait(timeout=HANG_LIMIT) == 0
        finally:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            os.close(self.master)
        return bytes(self.output)


def run_in_pty(env: dict[str, str], keys: list[str]) -> tuple[bytes, pyte.Screen]:
    """Type ``keys`` into a new explorer, wait until all of them show, quit; what it wrote and the screen."""
    explorer = PtyExplorer(env)
    explorer.wait_until(lambda: explorer.shows("Scoreboard"))
    explorer.type(*keys)
    explorer.settle()
    return explorer.quit(), explorer.screen


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


def second_criterion_heading() -> str:
    """Text the screen shows only once the cursor is on the newest edition's second criterion:
    the start of its first PyTorch snippet's title, in the pane's border."""
    from fwtui.loader import load_knowledge
    from fwtui.paths import embedded_knowledge

    edition = load_knowledge(embedded_knowledge()).knowledge.edition()
    return edition.criteria[1].snippets["pytorch"][0].title[:16]


def moved_down(env: dict[str, str]) -> PtyExplorer:
    """An explorer whose cursor has been moved down once, and the move painted."""
    explorer = PtyExplorer(env)
    explorer.wait_until(lambda: explorer.shows("Scoreboard"))
    heading = second_criterion_heading()
    assert not explorer.shows(heading)
    explorer.type("\x1b[B")
    explorer.wait_until(lambda: explorer.shows(heading))
    return explorer


def test_a_move_does_not_send_the_scoreboard_again(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "FWTUI"))}
    env.update(TERM="xterm-256color", XDG_STATE_HOME=str(tmp_path / "state"))
    assert moved_down(env).quit().count(b"Scoreboard") == 1


def test_ctrl_l_sends_the_whole_screen_again(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "FWTUI"))}
    env.update(TERM="xterm-256color", XDG_STATE_HOME=str(tmp_path / "state"))
    explorer = moved_down(env)
    explorer.type("\x0c")  # Ctrl+L
    explorer.wait_until(lambda: explorer.output.count(b"Scoreboard") == 2)  # sent again, with every other cell
    assert explorer.quit().count(b"Scoreboard") == 2
    assert explorer.shows("Scoreboard")
