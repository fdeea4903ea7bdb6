"""Open the explorer in a pseudo-terminal, wait for the scoreboard, press q, and report how it went.

    python3 .ci/pty_explorer.py [--timeout S] [--expect TEXT]... -- COMMAND [ARG...]

Exits with the explorer's own status once it quits on q; with 1, naming what was
missing and showing the end of what the explorer wrote, when the scoreboard (and
each --expect text) does not show or the explorer does not quit within the
timeout. Standard library only.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

COLUMNS, LINES = 80, 24
MARKER = b"Scoreboard"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds for each of start-up and quitting")
    parser.add_argument("--expect", action="append", default=[], metavar="TEXT",
                        help="text that must also show before q is sent (repeatable)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command to run")
    pid, master = pty.fork()
    if pid == 0:  # the child: the explorer, on the pty's slave side
        os.environ.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    output = bytearray()
    try:
        expected = [MARKER, *(text.encode() for text in args.expect)]
        if not read_until(master, output, lambda: all(text in output for text in expected), args.timeout):
            missing = [text.decode() for text in expected if text not in output]
            return failed(f"{', '.join(map(repr, missing))} did not show within {args.timeout:.0f} s", output)
        os.write(master, b"q")
        if not read_until(master, output, lambda: exited(pid) is not None, args.timeout):
            return failed(f"the explorer did not quit within {args.timeout:.0f} s of q", output)
        status = exited(pid)
        assert status is not None
        print(f"pty explorer: {', '.join(repr(text.decode()) for text in expected)} shown, quit on q with status {status}")
        return status
    finally:
        if exited(pid) is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(master)


_status: dict[int, int] = {}


def exited(pid: int) -> int | None:
    """The child's exit status once it has ended (128 + signal for a kill); None while it runs."""
    if pid not in _status:
        done, raw = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(raw)  # minus the signal for a kill
            _status[pid] = code if code >= 0 else 128 - code
    return _status.get(pid)


def read_until(master: int, output: bytearray, condition, timeout: float) -> bool:
    """Read what the explorer writes (it would block on a full pty otherwise) until ``condition()`` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([master], [], [], min(left, 0.1))
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal; it is exiting
                chunk = b""
            if not chunk:
                return wait_for_exit(condition, deadline)
            output += chunk
    return True


def wait_for_exit(condition, deadline: float) -> bool:
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def failed(what: str, output: bytearray) -> int:
    tail = bytes(output[-2000:]).decode("utf-8", "replace")
    print(f"pty explorer: FAILED: {what}; the last it wrote, escaped:\n{tail!a}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
