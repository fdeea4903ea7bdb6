"""What the explorer remembers about its user between runs.

Plain data and JSON, no Textual: the state file is the user's, so a file this
version cannot read is kept aside for them rather than deleted, and every write
goes through :func:`fwtui.safefile.write_atomic`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .model import Edition
from .priorities import LEVELS
from .safefile import write_atomic

STATE_VERSION = 1


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

    def for_edition(self, edition_id: str) -> EditionState:
        return self.editions.setdefault(edition_id, EditionState())

    def to_json(self) -> str:
        data = {
            "version": STATE_VERSION,
            "edition": self.edition,
            "editions": {
                edition_id: {
                    "priorities": {cid: LEVELS[level] for cid, level in sorted(saved.priorities.items())},
                    "preset": saved.preset,
                    "selected": saved.selected,
                    "notes": dict(sorted(saved.notes.items())),
                }
                for edition_id, saved in sorted(self.editions.items())
            },
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def parse_state(text: str) -> State:
    """A State from the file's text; StateError when it is not one."""
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
    return state


def load_state(path: Path) -> tuple[State, str | None]:
    """The saved state, or a fresh one and a warning when the file is unreadable.

    A corrupt file is renamed to ``<name>.corrupt-<timestamp>`` so that the
    next save does not destroy what the user may want to recover.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return State(), None
    except (OSError, UnicodeDecodeError) as error:
        return State(), f"could not read {path}: {error}"
    try:
        return parse_state(text), None
    except StateError as error:
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        try:
            os.replace(path, aside)
        except OSError:
            return State(), f"ignored the saved state {path}: {error}"
        return State(), f"ignored the saved state ({error}); kept it as {aside}"


def save_state(path: Path, state: State) -> None:
    """Write the state atomically, creating its directory; raises WriteError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # write_atomic reports the failure with the path
    write_atomic(path, state.to_json(), overwrite=True)


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
