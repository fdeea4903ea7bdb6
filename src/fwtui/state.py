"""What the explorer remembers about its user between runs.

Plain data and JSON, no Textual: the state file is the user's, so a file this
version cannot read is kept aside for them rather than deleted, and every write
goes through :func:`fwtui.safefile.write_atomic`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .model import Edition
from .priorities import DEFAULT, LEVELS
from .safefile import ReadError, read_regular, write_atomic

STATE_VERSION = 1
MAX_STATE_BYTES = 16 * 1024 * 1024
"""Far above the state of 20,000 criteria in several editions; a bigger file is not ours."""


class StateError(Exception):
    """The state file could not be read; the message is one line for the user."""


@dataclass
class EditionState:
    """The user's choices within one edition."""

    priorities: Mapping[str, int] = field(default_factory=dict)
    preset: str | None = None
    selected: str | None = None
    notes: dict[str, str] = field(default_factory=dict)
    """Criterion id to the user's own note on it (why this priority, for this team)."""


@dataclass
class State:
    edition: str | None = None
    editions: dict[str, EditionState] = field(default_factory=dict)
    base: dict[str, EditionState] = field(default_factory=dict, repr=False, compare=False)
    """The choices as this session last read or wrote them: what differs now is this session's change."""
    base_edition: str | None = field(default=None, repr=False, compare=False)
    """The edition as this session last read or wrote it, likewise."""

    def for_edition(self, edition_id: str) -> EditionState:
        return self.editions.setdefault(edition_id, EditionState())

    def mark_saved(self) -> None:
        """Remember the choices as they are now, as the base of the next merge."""
        self.base_edition = self.edition
        self.base = {
            edition_id: EditionState(dict(saved.priorities), saved.preset, saved.selected, dict(saved.notes))
            for edition_id, saved in self.editions.items()
        }

    def merged_over(self, other: State) -> State:
        """``other`` (what another session saved meanwhile) with this session's own changes on top.

        Per edition and criterion: a priority or note this session changed since :attr:`base`
        is this session's, everything else is ``other``'s, so two explorers on one state file
        keep each other's changes, and on the same criterion the later save wins. A priority
        this session does not hold is not a change: a run without an overlay keeps the
        levels saved for the overlay's criteria.
        """
        # The edition shown is a choice like the others: this session's only if it switched.
        merged = State(self.edition if self.edition != self.base_edition else other.edition, {})
        for edition_id in {*self.editions, *other.editions}:
            theirs = other.editions.get(edition_id, EditionState())
            mine = self.editions.get(edition_id)
            if mine is None:
                merged.editions[edition_id] = theirs
                continue
            base = self.base.get(edition_id, EditionState())
            # A session holds a priority for every criterion it shows; one it lacks is one it cannot show
            # (an overlay's, run without the overlay): not a change, so the saved level is kept.
            held = {**base.priorities, **mine.priorities}
            merged.editions[edition_id] = EditionState(
                _merge_items(held, base.priorities, theirs.priorities, DEFAULT),
                mine.preset if mine.preset != base.preset else theirs.preset,
                mine.selected if mine.selected != base.selected else theirs.selected,
                _merge_items(mine.notes, base.notes, theirs.notes, ""),
            )
        return merged

    def to_json(self) -> str:
        data = {
            "version": STATE_VERSION,
            "edition": self.edition,
            "editions": {
                edition_id: {
                    "priorities": {cid: LEVELS[level] for cid, level in sorted(saved.priorities.items())},
                    "preset": saved.preset,
                    "selected": saved.selected,
                    "notes": {cid: note for cid, note in sorted(saved.notes.items()) if note},
                }
                for edition_id, saved in sorted(self.editions.items())
            },
        }
        import json  # off the start-up path: with --fresh nothing is read or written

        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _merge_items(mine: Mapping, base: Mapping, theirs: Mapping, default) -> dict:
    """``theirs`` with every key whose value ``mine`` changed since ``base`` set to ``mine``'s."""
    merged = dict(theirs)
    for key in {*mine, *base}:
        value = mine.get(key, default)
        if value != base.get(key, default):
            merged[key] = value
    return merged


def parse_state(text: str) -> State:
    """A State from the file's text; StateError when it is not one."""
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise StateError(f"not JSON ({error.msg} at line {error.lineno})") from None
    except (ValueError, RecursionError):  # e.g. a 5,000-digit number, or brackets nested 100,000 deep
        raise StateError("not JSON that fwtui can read") from None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        raise StateError(f"not a version {STATE_VERSION} fwtui state file")
    editions = data.get("editions", {})
    edition = data.get("edition")
    if not isinstance(editions, dict) or not (edition is None or isinstance(edition, str)):
        raise StateError("unexpected structure")
    state = State(edition=edition)
    for edition_id, saved in editions.items():
        if not isinstance(saved, dict) or not isinstance(saved.get("priorities", {}), dict):
            raise StateError(f"unexpected structure for edition {edition_id!r}")
        priorities = {
            str(cid): LEVELS.index(level) for cid, level in saved.get("priorities", {}).items() if level in LEVELS
        }
        preset, selected, notes = saved.get("preset"), saved.get("selected"), saved.get("notes", {})
        state.editions[str(edition_id)] = EditionState(
            priorities,
            preset if isinstance(preset, str) else None,
            selected if isinstance(selected, str) else None,
            {str(cid): note for cid, note in notes.items() if isinstance(note, str) and note.strip()}
            if isinstance(notes, dict) else {},
        )
    state.mark_saved()
    return state


def load_state(path: Path) -> tuple[State, str | None]:
    """The saved state, or a fresh one and a warning when the file is unreadable.

    A corrupt file, or something other than a small regular file (a FIFO, a
    link to a device), is renamed to ``<name>.corrupt-<timestamp>`` so that
    the next save neither destroys what the user may want to recover nor
    writes through it.
    """
    try:
        text = _read(path)
    except FileNotFoundError:
        return State(), None
    except OSError as error:  # unreadable (permissions, I/O): not ours to move
        return State(), f"could not read {path}: {error.strerror or error}"
    except UnicodeDecodeError:
        return State(), _set_aside(path, "not UTF-8 text")
    except ReadError as error:
        return State(), _set_aside(path, str(error))
    try:
        return parse_state(text), None
    except StateError as error:
        return State(), _set_aside(path, str(error))


def _read(path: Path) -> str:
    """The state file's text; ReadError for what is not a small regular file (a FIFO, a link to /dev/zero)."""
    return read_regular(path, MAX_STATE_BYTES, "state files").decode("utf-8")


def _set_aside(path: Path, reason: str) -> str:
    """Rename an unusable state file out of the way; the one-line warning for the user."""
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    try:
        os.replace(path, aside)
    except OSError:
        return f"ignored the saved state {path}: {reason}"
    return f"ignored the saved state ({reason}); kept it as {aside}"


def save_state(path: Path, state: State) -> None:
    """Write the state atomically, over what another explorer saved meanwhile; raises WriteError.

    Read, merge and write happen under a lock on ``<name>.lock``, so two explorers saving
    at once still keep both sessions' changes.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # write_atomic reports the failure with the path
    with _locked(path):
        current = None
        try:
            current = parse_state(_read(path))
        except ReadError as error:  # a FIFO or device put there since the start: set aside, never written through
            _set_aside(path, str(error))
        except (OSError, UnicodeDecodeError, StateError):  # none yet, or unreadable: nothing to keep
            pass
        merged = state.merged_over(current) if current is not None else state
        write_atomic(path, merged.to_json(), overwrite=True)
    state.mark_saved()


def unsavable(path: Path) -> str | None:
    """Why the state cannot be saved at ``path`` (a read-only HOME, say), or None where it looks as if it can.

    Asks the system (access(2)) about the nearest folder that exists, writing nothing:
    a read-only file system refuses even root, a folder's mode refuses everyone else.
    """
    folder = path.parent
    while not os.path.lexists(folder) and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"{folder} is not writable"
    return None


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock beside ``path`` where the system has one; no lock (and no error) where not."""
    try:
        import fcntl

        handle = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def valid_priorities(edition: Edition, saved: Mapping[str, int]) -> dict[str, int]:
    """Saved priorities restricted to the criteria the edition still has."""
    return {cid: level for cid, level in saved.items() if edition.criterion(cid) is not None}


def starting_priorities(edition: Edition, saved: EditionState, preset_id: str | None = None) -> tuple[dict[str, int], str | None]:
    """Priorities and preset to open an edition with: an explicit preset wins, then what was saved, then normal.

    KeyError for an unknown ``preset_id``; a saved preset the edition no longer has is forgotten.
    """
    from .scoring import default_priorities

    if preset_id is not None:
        return default_priorities(edition, preset_id), preset_id
    priorities = default_priorities(edition)
    priorities.update(valid_priorities(edition, saved.priorities))
    preset = saved.preset if saved.preset and edition.preset(saved.preset) else None
    return priorities, preset
