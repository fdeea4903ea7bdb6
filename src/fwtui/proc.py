"""Child processes that can always be stopped: each runs in its own process group.

``subprocess.run(timeout=...)`` kills only the direct child; a grandchild that
keeps the output pipes open (a shell script running ``sleep``, a framework's
worker process) then makes it wait anyway. Everything here starts the child in
a new session and kills the whole group, and never waits on a pipe for longer
than it was asked to.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

OUTPUT_LIMIT = 256 * 1024
"""Characters of each stream kept per process; older output is dropped."""

_PR_SET_CHILD_SUBREAPER = 36
MARK = "FWTUI_RUN"
"""Set in every child's environment (and so in what it starts) to this process's token."""
_mark = f"{os.getpid()}-{os.urandom(4).hex()}"
_live: set[Process] = set()
_live_lock = threading.Lock()
_adopting = False


class ProcessError(Exception):
    """The program could not be started at all (not found, not executable)."""


@dataclass
class Finished:
    returncode: int | None
    """None when the process was killed for a timeout or a cancel."""
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False
    cancelled: bool = False


def kill_group(proc: subprocess.Popen, grace: float = 1.0) -> None:
    """SIGTERM the process group, then SIGKILL what is left after ``grace`` seconds."""
    if proc.poll() is not None and not _group_alive(proc.pid):
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        if sig == signal.SIGKILL or not _group_alive(proc.pid):
            break
    # Whatever ignored SIGTERM in the group dies now, even if the leader already exited.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _adopt_orphans() -> None:
    """Make this process a child subreaper (Linux), so that what a child starts and abandons
    (a daemon that called setsid and forked twice) becomes our child instead of init's,
    and :func:`kill_orphans` can find it."""
    global _adopting
    if _adopting:
        return
    _adopting = True
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: process groups are all there is
        pass


def kill_orphans() -> None:
    """Kill and reap what escaped a killed group: children of ours that carry our mark and no live
    :class:`Process` owns. Other children of this process (not started through Process) are never touched."""
    me = os.getpid()
    mark = f"{MARK}={_mark}".encode()
    with _live_lock:  # no Process can start (and be half-registered) while we look
        owned = {p.pid for p in _live}
        try:
            entries = os.listdir("/proc")
        except OSError:
            return
        for entry in entries:
            if not entry.isdigit() or int(entry) in owned:
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
                if int(fields[1]) != me:  # fields are state, ppid, ...: only our own children
                    continue
                with open(f"/proc/{entry}/environ", "rb") as environ:
                    if mark not in environ.read().split(b"\0"):
                        continue
                os.kill(int(entry), signal.SIGKILL)
                os.waitpid(int(entry), 0)
            except (OSError, ValueError, IndexError):
                pass


def stop_all() -> None:
    """Kill every process fwtui started that still runs, with everything it started (exit paths)."""
    with _live_lock:
        live = list(_live)
    for process in live:
        process.cancel()
        process.cleanup()
    kill_orphans()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


class _Tail:
    """The last ``OUTPUT_LIMIT`` characters of one stream, read on a thread."""

    def __init__(self, stream, name: str, on_line: Callable[[str, str], None] | None) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.thread = threading.Thread(target=self._read, args=(stream, name, on_line), daemon=True)
        self.thread.start()

    def _read(self, stream, name: str, on_line) -> None:
        try:
            for line in iter(stream.readline, ""):
                self.parts.append(line)
                self.size += len(line)
                while self.size > OUTPUT_LIMIT and len(self.parts) > 1:
                    self.size -= len(self.parts.pop(0))
                if on_line is not None:
                    try:
                        on_line(name, line)
                    except Exception:  # a failing display must not stop the reading
                        pass
        except (OSError, ValueError):
            pass
        finally:
            try:
                stream.close()
            except OSError:
                pass

    def text(self, wait: float) -> str:
        self.thread.join(timeout=wait)
        return "".join(self.parts)[-OUTPUT_LIMIT:]


class Process:
    """One child process in its own group, with a timeout and a thread-safe ``cancel()``.

    ``on_line(stream, line)`` is called from reader threads for each line of
    ``"stdout"`` or ``"stderr"`` as it arrives.
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        timeout: float | None = None,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
        on_line: Callable[[str, str], None] | None = None,
        cleanup: Callable[[], None] | None = None,
    ) -> None:
        """``cleanup`` runs once when the process has ended, however it ended (its temporary folder, say)."""
        self.argv = list(argv)
        self.timeout = timeout
        self.env = dict(env) if env is not None else None
        self.cwd = cwd
        self.on_line = on_line
        self._proc: subprocess.Popen | None = None
        self._cancelled = threading.Event()
        self._started = 0.0
        self._cleanup = cleanup

    def cleanup(self) -> None:
        """Run the cleanup, once, whoever gets here first (the waiting thread or an exit path)."""
        cleanup, self._cleanup = self._cleanup, None
        if cleanup is not None:
            cleanup()

    def start(self) -> Process:
        _adopt_orphans()
        # Everything the child starts inherits the mark, so kill_orphans knows what is ours to kill.
        env = {**(self.env if self.env is not None else os.environ), MARK: _mark}
        with _live_lock:  # started and registered at once: kill_orphans never sees it half-way
            try:
                self._proc = subprocess.Popen(
                    self.argv,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    encoding="utf-8",
                    errors="replace",
                    env=env,
                    cwd=self.cwd,
                    start_new_session=True,
                )
            except OSError as error:
                raise ProcessError(f"cannot run {self.argv[0]}: {error.strerror or error}") from None
            _live.add(self)
        self._started = time.monotonic()
        self._out = _Tail(self._proc.stdout, "stdout", self.on_line)
        self._err = _Tail(self._proc.stderr, "stderr", self.on_line)
        return self

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def cancel(self) -> None:
        """Stop the process and everything it started; safe from any thread, and more than once."""
        self._cancelled.set()
        if self._proc is not None:
            kill_group(self._proc, grace=0.5)

    def wait(self) -> Finished:
        """Wait for the end, the timeout or a cancel, and return what it printed."""
        if self._proc is None:
            self.start()
        proc = self._proc
        assert proc is not None
        timed_out = False
        deadline = None if self.timeout is None else self._started + self.timeout
        while True:
            step = 0.1 if deadline is None else max(0.0, min(0.1, deadline - time.monotonic()))
            try:
                proc.wait(timeout=step)
                break
            except subprocess.TimeoutExpired:
                pass
            if self._cancelled.is_set():
                break
            if deadline is not None and time.monotonic() >= deadline:
                timed_out = True
                break
        seconds = time.monotonic() - self._started
        cancelled = self._cancelled.is_set() and not timed_out
        stopped = timed_out or cancelled
        # Kill the group even after a clean exit: a background grandchild must not outlive us.
        kill_group(proc, grace=0.5 if stopped else 0.0)
        with _live_lock:
            _live.discard(self)
            alone = not _live
        if alone:  # with another process running, its own daemons may look like orphans: wait
            kill_orphans()
        self.cleanup()
        wait = 1.0 if stopped else 5.0
        return Finished(
            returncode=None if stopped else proc.returncode,
            stdout=self._out.text(wait),
            stderr=self._err.text(wait),
            seconds=seconds,
            timed_out=timed_out,
            cancelled=cancelled,
        )


def run_bounded(
    argv: Sequence[str],
    timeout: float,
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
) -> Finished:
    """Run to completion or kill the group after ``timeout`` seconds; raises ProcessError if it cannot start."""
    return Process(argv, timeout=timeout, env=env, cwd=cwd).start().wait()
