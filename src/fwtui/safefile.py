"""Writing user files atomically, never clobbering what the user made by accident."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class WriteError(Exception):
    """A file could not be written; the message is one line and names the path."""


def write_atomic(path: Path, data: str, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    The target is either the old file or the complete new one, never half of
    either; on any failure the temporary file is removed. Without
    ``overwrite`` an existing target is refused and left untouched.
    """
    path = Path(path)
    if path.is_dir():
        raise WriteError(f"{path}: is a directory")
    if path.exists() and not overwrite:
        raise WriteError(f"{path}: already exists (use --force to overwrite)")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise WriteError(f"{path}: cannot write: {_reason(error)}") from None
    try:
        os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if not overwrite and path.exists():
            raise WriteError(f"{path}: already exists (use --force to overwrite)")
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteError(f"{path}: cannot write: {_reason(error)}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
