"""The saved state: what the explorer remembers between runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fwtui.state import MAX_STATE_BYTES, EditionState, State, load_state, parse_state, save_state


def test_notes_are_kept_per_edition_and_criterion_and_read_back():
    state = State(edition="e1", editions={"e1": EditionState({"c00000": 3}, notes={"c00000": "We ship to Android."})})
    again = parse_state(state.to_json())
    assert again.for_edition("e1").notes == {"c00000": "We ship to Android."}
    assert again.for_edition("e1").priorities == {"c00000": 3}


def test_a_state_file_without_notes_or_with_bad_ones_still_loads():
    text = json.dumps({"version": 1, "edition": "e1", "editions": {
        "e1": {"priorities": {"c00000": "high"}},
        "e2": {"priorities": {}, "notes": {"a": 5, "b": " ", "c": "kept"}},
        "e3": {"priorities": {}, "notes": ["not", "a", "mapping"]},
    }})
    state = parse_state(text)
    assert state.for_edition("e1").notes == {}
    assert state.for_edition("e2").notes == {"c": "kept"}
    assert state.for_edition("e3").notes == {}


# --- two explorers on one state file ------------------------------------------------------------


def two_sessions(path):
    """Two explorers that both started from the file at ``path``."""
    return load_state(path)[0], load_state(path)[0]


def test_two_explorers_keep_each_others_changes(tmp_path):
    path = tmp_path / "state.json"
    save_state(path, State("e1", {"e1": EditionState({"a": 2, "b": 2, "c": 2})}))
    first, second = two_sessions(path)
    first.for_edition("e1").priorities = {"a": 3, "b": 2, "c": 2}
    second.for_edition("e1").priorities = {"a": 2, "b": 0, "c": 2}
    second.for_edition("e1").notes = {"c": "second's note"}
    save_state(path, first)
    save_state(path, second)  # the last to quit used to overwrite the first's change to a
    saved = load_state(path)[0].for_edition("e1")
    assert saved.priorities == {"a": 3, "b": 0, "c": 2}
    assert saved.notes == {"c": "second's note"}


def test_on_the_same_criterion_the_later_save_wins_and_later_saves_keep_merging(tmp_path):
    path = tmp_path / "state.json"
    first, second = two_sessions(path)
    first.for_edition("e1").priorities = {"a": 3}
    save_state(path, first)
    second.for_edition("e1").priorities = {"a": 1}
    save_state(path, second)
    assert load_state(path)[0].for_edition("e1").priorities == {"a": 1}
    first.for_edition("e1").priorities = {"a": 3, "b": 0}  # first changes only b now: its a was saved before
    save_state(path, first)
    assert load_state(path)[0].for_edition("e1").priorities == {"a": 1, "b": 0}


def test_a_note_cleared_in_one_session_stays_cleared(tmp_path):
    path = tmp_path / "state.json"
    save_state(path, State("e1", {"e1": EditionState({}, notes={"a": "old"})}))
    first, second = two_sessions(path)
    first.for_edition("e1").notes = {}
    save_state(path, first)
    save_state(path, second)  # second never touched the note
    assert load_state(path)[0].for_edition("e1").notes == {}


# --- files that are not what they seem: regular files only, and small ones ----------------------

LOAD = """
import json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # a runaway read fails here, not on the machine
from fwtui.state import load_state
state, warning = load_state(Path(sys.argv[1]))
print(json.dumps({"editions": len(state.editions), "warning": warning}))
"""


def load_in_a_process(path: Path) -> dict:
    """``load_state`` in a process of its own, bounded in time and memory."""
    done = subprocess.run([sys.executable, "-c", LOAD, str(path)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def assert_kept_aside(path: Path, warning: str | None, reason: str) -> None:
    assert warning is not None and "\n" not in warning, warning
    assert warning.startswith("ignored the saved state (") and reason in warning and "kept it as" in warning, warning
    aside = list(path.parent.glob(f"{path.name}.corrupt-*"))
    assert len(aside) == 1 and str(aside[0]) in warning
    assert not os.path.lexists(path), "the next save starts a fresh, regular file"
    save_state(path, State(edition="e1"))
    assert path.is_file() and not path.is_symlink()


def test_a_fifo_is_refused_without_blocking(tmp_path):
    path = tmp_path / "state.json"
    os.mkfifo(path)
    result = load_in_a_process(path)
    assert result["editions"] == 0
    assert_kept_aside(path, result["warning"], "not a regular file")


def test_a_symlink_to_dev_zero_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "state.json"
    path.symlink_to("/dev/zero")
    result = load_in_a_process(path)
    assert_kept_aside(path, result["warning"], "not a regular file")
    assert Path("/dev/zero").is_char_device()


def test_a_state_file_over_the_cap_is_refused(tmp_path):
    path = tmp_path / "state.json"
    with open(path, "wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_STATE_BYTES + 1)
    state, warning = load_state(path)
    assert state.editions == {}
    assert_kept_aside(path, warning, f"{MAX_STATE_BYTES:,}-byte limit")


def test_a_symlink_to_a_good_state_file_is_read_and_kept(tmp_path):
    real = tmp_path / "dotfiles" / "state.json"
    real.parent.mkdir()
    save_state(real, State(edition="e1"))
    path = tmp_path / "state.json"
    path.symlink_to(real)
    state, warning = load_state(path)
    assert warning is None and state.edition == "e1"
    save_state(path, State(edition="e2"))
    assert path.is_symlink() and json.loads(real.read_text())["edition"] == "e2"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_state_file_is_not_moved(tmp_path):
    path = tmp_path / "state.json"
    save_state(path, State(edition="e1"))
    path.chmod(0)
    state, warning = load_state(path)
    assert state.edition is None and warning.startswith(f"could not read {path}") and path.exists()


SAVE = """
import sys
from pathlib import Path
from fwtui.state import State, save_state
save_state(Path(sys.argv[1]), State(edition="e1"))
"""


def test_saving_over_a_fifo_sets_it_aside_instead_of_blocking(tmp_path):
    """A FIFO put in place of the state file while the explorer runs: its save neither blocks nor writes into it."""
    path = tmp_path / "state.json"
    os.mkfifo(path)
    done = subprocess.run([sys.executable, "-c", SAVE, str(path)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert path.is_file() and json.loads(path.read_text())["edition"] == "e1"
    assert len(list(tmp_path.glob("state.json.corrupt-*"))) == 1


# --- where the state cannot be saved ----------------------------------------------------------------


def test_a_state_folder_not_yet_made_under_a_writable_one_can_be_saved(tmp_path):
    from fwtui.state import unsavable

    path = tmp_path / "home" / ".local" / "state" / "fwtui" / "state.json"
    assert unsavable(path) is None
    assert not (tmp_path / "home").exists()  # asking writes nothing


def test_a_file_in_the_way_of_the_state_folder_is_named(tmp_path):
    from fwtui.state import unsavable

    (tmp_path / "home").write_text("")
    assert unsavable(tmp_path / "home" / ".local" / "state" / "fwtui" / "state.json") == f"{tmp_path / 'home'} is not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder whatever its mode")
def test_a_read_only_home_is_named(tmp_path):
    from fwtui.state import unsavable

    home = tmp_path / "home"
    home.mkdir(mode=0o555)
    try:
        assert unsavable(home / ".local" / "state" / "fwtui" / "state.json") == f"{home} is not writable"
    finally:
        home.chmod(0o755)


def test_the_edition_switched_in_one_explorer_is_kept_when_another_that_did_not_switch_quits(tmp_path):
    path = tmp_path / "state.json"
    save_state(path, State("e2", {"e2": EditionState({"a": 2})}))
    switched, stayed = two_sessions(path)
    switched.edition = "e1"
    save_state(path, switched)
    stayed.for_edition("e2").priorities = {"a": 3}  # a change, but not of the edition
    save_state(path, stayed)
    saved = load_state(path)[0]
    assert saved.edition == "e1"
    assert saved.for_edition("e2").priorities == {"a": 3}
    stayed.edition = "e2"  # unchanged since its last save: still the other's choice
    save_state(path, stayed)
    assert load_state(path)[0].edition == "e1"
    stayed.edition = "e3"  # now it switches too: the later switch wins
    save_state(path, stayed)
    assert load_state(path)[0].edition == "e3"
