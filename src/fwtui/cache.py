"""A cache of parsed knowledge, so that the explorer opens big knowledge as fast as small.

Parsing YAML is most of the cost of opening knowledge (0.6 s for 5,000 criteria,
against 40 ms to read them back from here).
The cache keeps the loader's result, keyed by the identity of every file the
loader reads (path, inode, size, modification and change times) and of fwtui's
own loading code, in the XDG cache folder. A key that differs in anything, a
file that cannot be read, or one that holds anything but fwtui's own knowledge
types is simply a miss: the knowledge is loaded as usual and the cache written
again. Nothing here imports the YAML reader unless it has to load.

:class:`Memo` keeps smaller results between runs the same way (highlighted snippets).

The one-file bundle (tools/make_bundle.py) carries its embedded knowledge in the
same format, parsed when the bundle is built (a snapshot): the loader reads
real folders, not the inside of a zip, and a bundle keeps no cache.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import pickle
import stat
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path

from . import __version__
from .model import Knowledge, Problem
from .paths import bundle, embedded_knowledge, shipped_bytes
from .safefile import read_regular

CACHE_FORMAT = 2
LOADING_CODE = ("loader.py", "model.py", "yamlsafe.py", "priorities.py", "safefile.py", "safetext.py")
"""fwtui's own modules whose change changes what loading produces."""
MAX_CACHE_BYTES = 256 * 1024 * 1024
"""The cache of 20,000 criteria is about 9 MB; a bigger file is a miss."""
SAFE_TYPES = {
    ("fwtui.model", name)
    for name in ("Knowledge", "Edition", "Criterion", "Snippet", "Source", "Framework", "Category",
                 "Preset", "Retired", "Problem", "Overlay")
} | {("datetime", "date"), ("builtins", "frozenset"), ("builtins", "set")}
"""The only types a cache file may contain: no other class is ever built from it."""
SNAPSHOT = "knowledge.snapshot"
"""In a bundle, the embedded knowledge as parsed, beside the package's modules."""
SNAPSHOT_KEY = f"snapshot {CACHE_FORMAT} {__version__}"


def load_cached(root: Path, cache_dir: Path | None,
                later: Callable[[Callable[[], None]], None] | None = None) -> tuple[Knowledge | None, list[Problem]]:
    """``load_knowledge(root)``'s knowledge and problems, from the cache when no file changed.

    ``cache_dir`` None loads without a cache. Raises KnowledgeError as the loader does.
    In a bundle the embedded knowledge comes from its snapshot. ``later``, when given,
    is handed the writing of a new cache file instead of it being done now (the explorer
    writes it once its first frame is out).
    """
    if bundle() is not None and root == embedded_knowledge():
        return _snapshot(root)
    key = _identity(root) if cache_dir is not None else None
    path = cache_dir / _cache_name(root) if key else None
    if path is not None:
        cached = _read(path, key)
        if cached is not None:
            return cached
    from .loader import load_knowledge

    result = load_knowledge(root)
    if path is not None:
        value = (result.knowledge, list(result.problems))
        if later is None:
            _write(path, key, value)
        else:
            later(partial(_write, path, key, value))
    return result.knowledge, list(result.problems)


def _identity(root: Path) -> str | None:
    """Every file the loader would read and the code that reads them, each with its identity; None if unlistable.

    Kept whole rather than digested: compared exactly, a changed file can never pass for
    the cached one (and no hash module is loaded at start-up for it).
    """
    parts = [f"{CACHE_FORMAT}\0{__version__}\0"]
    code = Path(__file__).resolve().parent
    try:
        for path in [str(code / name) for name in LOADING_CODE] + [str(root / "manifest.yaml")]:
            _add_file(parts, path, os.lstat(path))
        editions = root / "editions"
        for edition in sorted(os.scandir(editions), key=lambda e: e.name) if editions.is_dir() else ():
            _add_file(parts, os.path.join(edition.path, "edition.yaml"))
            criteria = os.path.join(edition.path, "criteria")
            if os.path.isdir(criteria):
                _add_file(parts, criteria)  # its own times change when a file is added, removed or renamed
                for entry in sorted(os.scandir(criteria), key=lambda e: e.name):
                    _add_file(parts, entry.path, entry.stat(follow_symlinks=False))
    except OSError:
        return None
    return "".join(parts)


def _add_file(parts: list[str], path: str, link: os.stat_result | None = None) -> None:
    """The path, its own identity and, for a link, that of what it leads to (if anywhere)."""
    link = os.lstat(path) if link is None else link
    stats = [link]
    if stat.S_ISLNK(link.st_mode):
        with contextlib.suppress(OSError):
            stats.append(os.stat(path))
    parts.append(f"{path}\0")
    parts.extend(f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_mode}\0"
                 for info in stats)


def _cache_name(root: Path) -> str:
    """The cache file for a knowledge folder: named after its real path (two that share a name only take turns)."""
    where = str(root.resolve()).encode()
    return f"{zlib.crc32(where):08x}{zlib.adler32(where):08x}.pickle"


class _KnowledgeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in SAFE_TYPES:
            raise pickle.UnpicklingError(f"{module}.{name} is not a knowledge type")
        return super().find_class(module, name)


def _read(path: Path, key: str) -> tuple[Knowledge | None, list[Problem]] | None:
    try:  # a FIFO or a device in its place is refused by read_regular, not waited on
        data = read_regular(path, MAX_CACHE_BYTES, "cache files")
    except Exception:  # missing, unreadable, not a regular file: a miss
        return None
    return _decode(data, key)


def _decode(data: bytes, key: str) -> tuple[Knowledge | None, list[Problem]] | None:
    """The knowledge and problems stored under ``key``; None for anything else."""
    try:
        with _collector_paused():
            stored_key, value = _KnowledgeUnpickler(io.BytesIO(data)).load()
    except Exception:  # truncated, foreign: a miss
        return None
    if stored_key != key or not isinstance(value, tuple) or len(value) != 2:
        return None
    knowledge, problems = value
    if not (knowledge is None or isinstance(knowledge, Knowledge)) or not isinstance(problems, list):
        return None
    return knowledge, problems


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Unpickling builds only objects that stay reachable: the cyclic garbage collector, run after
    every few hundred of them, would scan them again and again for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _write(path: Path, key: str, value: tuple[Knowledge | None, list[Problem]]) -> None:
    """Write the cache atomically; a cache that cannot be written is no cache, never an error."""
    try:
        data = _encode(key, value)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except Exception:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _encode(key: str, value: tuple[Knowledge | None, list[Problem]]) -> bytes:
    return pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)


class Memo:
    """Results of work worth keeping between runs, read from a file when first asked and written back by save().

    Keys and values are plain data (strings, numbers, tuples): the file is read by an unpickler
    that builds no class at all, and a file that is missing, foreign, corrupt or stored under
    another ``key`` (another version of the code that made it) is an empty memo, never an error.
    At most ``limit`` entries are kept, those used last.
    """

    def __init__(self, path: Path | None, key: str, limit: int = 1000) -> None:
        """``path`` None: a memo for this process only."""
        self.path, self.key, self.limit = path, key, limit
        self._entries: dict[object, object] | None = None
        self._changed = False

    def get(self, item: object) -> object | None:
        entries = self._loaded()
        value = entries.pop(item, None)
        if value is not None:
            entries[item] = value  # used last: kept longest
        return value

    def put(self, item: object, value: object) -> None:
        self._loaded()[item] = value
        self._changed = True

    def save(self) -> None:
        """Write the memo if it has new entries; a memo that cannot be written is not kept, never an error."""
        if self.path is None or not self._changed or self._entries is None:
            return
        entries = list(self._entries.items())[-self.limit:]
        _write(self.path, self.key, dict(entries))
        self._changed = False

    def _loaded(self) -> dict[object, object]:
        if self._entries is None:
            self._entries = self._read()
        return self._entries

    def _read(self) -> dict[object, object]:
        if self.path is None:
            return {}
        try:
            data = read_regular(self.path, MAX_CACHE_BYTES, "cache files")
            stored_key, entries = _PlainDataUnpickler(io.BytesIO(data)).load()
        except Exception:  # missing, unreadable, truncated, foreign: an empty memo
            return {}
        return entries if stored_key == self.key and isinstance(entries, dict) else {}


class _PlainDataUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name}: a memo holds plain data only")


def _snapshot(root: Path) -> tuple[Knowledge | None, list[Problem]]:
    """The bundle's embedded knowledge as parsed when it was built, shown as lying at ``root``."""
    try:
        value = _decode(shipped_bytes(SNAPSHOT), SNAPSHOT_KEY)
    except OSError:
        value = None
    if value is None or value[0] is None:
        from .loader import KnowledgeError

        raise KnowledgeError(f"{root}: the bundle's knowledge snapshot is missing or unreadable; build it again")
    knowledge, problems = value
    return replace(knowledge, root=str(root)), problems


def snapshot(root: Path) -> tuple[bytes, list[Problem]]:
    """``root`` parsed, as a bundle stores its embedded knowledge (tools/make_bundle.py), and its problems.

    A bundle ships only knowledge that loads clean: the caller refuses any problem.
    """
    from .loader import load_knowledge

    result = load_knowledge(root)
    return _encode(SNAPSHOT_KEY, (result.knowledge, [])), list(result.problems)
