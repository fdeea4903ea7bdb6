"""The saved state: what the explorer remembers between runs."""

from __future__ import annotations

import json

from fwtui.state import EditionState, State, parse_state


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
