"""The real explorer in a pseudo-terminal, for tests of what reaches the terminal and of signals."""

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
HELP_TITLE = "─ Help ─"
"""The help screen's border title: what ``settle`` waits to see appear and go."""


OPEN: list[PtyExplorer] = []
"""Explorers not closed yet: a test that fails half-way must not leave one running (see close_all)."""


def close_all() -> None:
    """Kill every explorer a test started and did not close (called after each test)."""
    while OPEN:
        OPEN.pop().close()


def clean_env(tmp_path, **extra: str) -> dict[str, str]:
    """The environment without the caller's fwtui and Textual settings (FWTUI_OVERLAY among them)
    or colour depth (256 colours, unless ``extra`` sets COLORTERM),
    with state, cache and config (so no user overlay) under ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "FWTUI", "COLORTERM"))}
    env.update(TERM="xterm-256color", XDG_STATE_HOME=str(tmp_path / "state"), XDG_CACHE_HOME=str(tmp_path / "cache"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), **extra)
    return env


class PtyExplorer:
    """The explorer in an 80x24 pseudo-terminal: type keys, wait until the screen shows something, quit.

    Every wait is for a condition on what the explorer wrote (read into an emulated
    screen), never for a quiet moment, so the tests hold on a busy machine.
    """

    def __init__(self, env: dict[str, str], args: tuple[str, ...] = ("--fresh",),
                 size: tuple[int, int] = (COLUMNS, LINES)) -> None:
        columns, lines = size
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.process = subprocess.Popen([sys.executable, "-m", "fwtui.cli", *args], stdin=slave, stdout=slave,
                                        stderr=slave, env=env, start_new_session=True, close_fds=True)
        os.close(slave)
        OPEN.append(self)
        self.output = bytearray()
        self.screen = pyte.Screen(columns, lines)
        self._stream = pyte.ByteStream(self.screen)
        self._deadline = time.monotonic() + HANG_LIMIT
        self.on_output = None
        """Called after each piece of output is drawn: to look at every state the screen goes through."""

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

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
            if self.on_output is not None:
                self.on_output()

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
        self.type("q")
        assert self.finish() == 0
        return bytes(self.output)

    def finish(self) -> int:
        """Read to the end of the output and return the exit status (the explorer must be on its way out)."""
        try:
            self.wait_until(lambda: False)
            return self.process.wait(timeout=HANG_LIMIT)
        finally:
            self.close()

    def close(self) -> None:
        if self in OPEN:
            OPEN.remove(self)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        if self.master >= 0:
            os.close(self.master)
            self.master = -1
