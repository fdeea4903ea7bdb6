"""Reading and writing user files: refusing what is not a small regular file, never clobbering by accident."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from pathlib import Path

STALE_AFTER = 15 * 60
"""Seconds after which a temporary file of ours is abandoned, whoever made it: a write takes well under one."""


class WriteError(Exception):
    """A file could not be written; the message is one line and names the path."""


class ReadError(Exception):
    """A file that is not what it should be (a directory, a FIFO, a device, too big); the message is one line."""


def read_regular(path: Path, limit: int, kind: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ReadError otherwise, OSError when it cannot be read.

    Opened non-blocking and checked with fstat, so a FIFO or a device in
    place of the file (or a symlink to one) is refused instead of hanging or
    reading forever. ``kind`` names the files in the size message.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("is not a regular file")
        if info.st_size > limit:
            raise ReadError(f"file is {info.st_size:,} bytes, over the {limit:,}-byte limit for {kind}")
        # As many bytes as the file has, and one more to see whether it grew since fstat; asking
        # for the limit instead would allocate the limit's worth for every small file.
        chunks = [os.read(descriptor, info.st_size + 1)]
        total = len(chunks[0])
        while total > info.st_size and total <= limit:  # it grew: read on, as far as the limit
            chunk = os.read(descriptor, min(limit + 1 - total, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(descriptor)
    if total > limit:
        raise ReadError(f"file is over the {limit:,}-byte limit for {kind}")
    return b"".join(chunks) if len(chunks) > 1 else chunks[0]


def write_atomic(path: Path, data: str, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    The target is either the old file or the complete new one, never half of
    either; on any failure the temporary file is removed. Without
    ``overwrite`` an existing target is refused and left untouched.

    A symbolic link is followed: the file it names gets the new content and
    the link stays. A character device or FIFO is written to directly, as the
    shell would. A descriptor's name (``/dev/stdout``, ``/dev/fd/3``) is written
    through that descriptor, as the shell opened it: appended after ``>>``,
    never truncated by fwtui. Any other path, in ``/dev/shm`` too, is a file.
    """
    path = Path(path)
    descriptor = _named_descriptor(path)
    if descriptor is not None:
        _write_through(path, data, descriptor)
        return
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise WriteError(f"{path}: cannot write: {_reason(error)}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise WriteError(f"{path}: is a directory")
    if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        _write_through(path, data)
        return
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise WriteError(f"{path}: is not a regular file, a character device or a FIFO")
    if info is not None and not overwrite:
        raise WriteError(f"{path}: already exists (use --force to overwrite)")
    _replace(path, Path(os.path.realpath(path)), data, info, overwrite)


def _replace(shown: Path, target: Path, data: str, old: os.stat_result | None, overwrite: bool) -> None:
    """Write ``target`` (``shown`` resolved) through a temporary file beside it, keeping an old file's permissions."""
    folder = target.parent
    remove_stale_temporaries(folder, target.name)
    try:
        handle, temporary = _create_temporary(folder, target.name)
    except OSError as error:
        raise WriteError(f"{shown}: cannot write: {_reason(error)}") from None
    try:
        if old is not None:  # a new file gets the umask's permissions from the kernel, as open() gives them
            os.fchmod(handle, stat.S_IMODE(old.st_mode))
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(temporary, target)
        else:
            _link_new(shown, temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteError(f"{shown}: cannot write: {_reason(error)}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new file of ours beside ``name``, created with mode 0o666 so the kernel applies the umask.

    (Reading the umask means setting it, which is process-wide and not thread-safe.)
    """
    for _ in range(100):
        temporary = str(folder / f"{_temporary_prefix(name)}{os.urandom(4).hex()}.tmp")
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {name}")


def _link_new(shown: Path, temporary: str, target: Path) -> None:
    """Give the complete file its name only if nobody else has it: one of many concurrent writers wins."""
    try:
        os.link(temporary, target)  # atomic, and fails if the name exists
    except FileExistsError:
        raise WriteError(f"{shown}: already exists (use --force to overwrite)") from None
    except OSError:  # a file system without hard links: check, then rename (a small window remains)
        if os.path.lexists(target):
            raise WriteError(f"{shown}: already exists (use --force to overwrite)") from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


_DESCRIPTOR_NAME = re.compile(r"/dev/(?:(?P<std>stdout|stderr)|fd/(?P<fd>\d+))|/proc/self/fd/(?P<proc>\d+)")


def _named_descriptor(path: Path) -> int | None:
    """The open descriptor ``path`` names (``/dev/stdout`` is 1), or None for any other path."""
    match = _DESCRIPTOR_NAME.fullmatch(os.path.abspath(path))
    if match is None:
        return None
    if match["std"]:
        return 1 if match["std"] == "stdout" else 2
    return int(match["fd"] or match["proc"])


def _write_through(path: Path, data: str, descriptor: int | None = None) -> None:
    """Write straight to ``path`` (a device or FIFO), or through a copy of the open ``descriptor`` it
    names: that keeps the shell's offset and append mode, where opening the name again would
    truncate a file redirected with ``>>`` (Linux reopens the file, not the descriptor)."""
    try:
        target = path if descriptor is None else os.dup(descriptor)
        with open(target, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(data)
    except OSError as error:
        raise WriteError(f"{path}: cannot write: {_reason(error)}") from None


# --- temporary files of ours, and only ours, that a killed writer left ------------------------


def _process_space() -> str:
    """Who can tell whether a pid is alive: this host and pid namespace, as 8 hex digits."""
    try:
        namespace = os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        namespace = 0
    import hashlib  # for writing only: reading knowledge at start-up loads no hash module
    import socket

    return hashlib.sha256(f"{socket.gethostname()}/{namespace}".encode()).hexdigest()[:8]


def _temporary_prefix(name: str) -> str:
    return f".{name}.fwtui-{_process_space()}-{os.getpid()}-"


def remove_stale_temporaries(folder: Path, name: str) -> None:
    """Remove temporary files for ``name`` that a killed fwtui left in ``folder``.

    Only files named as :func:`write_atomic` names them, and only stale ones:
    their process is gone (when it ran in this pid space), or they are older
    than :data:`STALE_AFTER`. A concurrent writer's file is left alone.
    """
    ours = re.compile(re.escape(f".{name}.fwtui-") + r"(?P<space>[0-9a-f]{8})-(?P<pid>\d+)-\w+\.tmp")
    here, now = _process_space(), time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = ours.fullmatch(entry.name)
        if match is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        gone = match["space"] == here and not _alive(int(match["pid"]))
        if stat.S_ISREG(info.st_mode) and (gone or now - info.st_mtime > STALE_AFTER):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except PermissionError:  # someone else's process
        return True
    except (ProcessLookupError, OverflowError):
        return False
    return True


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
