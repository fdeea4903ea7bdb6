"""The saved state: what the explorer remembers between runs."""

from __future__ import annotations

import json

from fwtui.state import EditionState, State, load_state, parse_state, save_state


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
