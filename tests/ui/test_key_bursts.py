"""Keys typed ahead, through a real pseudo-terminal: each key acts on the state the keys before it left.

The explorer runs as a process in an 80x24 pty; a burst is one write, so the app reads it
all at once, as it does when a user types ahead over SSH (issue 12, item 12).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ptyhelp import PtyExplorer, clean_env


@pytest.fixture
def explorer(tmp_path, knowledge_dir):
    started = PtyExplorer(clean_env(tmp_path), ("--knowledge", str(knowledge_dir)))
    yield started
    started.close()


def saved_priorities(tmp_path: Path) -> dict[str, str]:
    return json.loads((tmp_path / "state" / "fwtui" / "state.json").read_text())["editions"]["e1"]["priorities"]


def tree_line(term: PtyExplorer, title: str) -> str:
    return next((line for line in term.screen.display if title in line), "")


def test_moves_then_a_priority_in_one_burst(explorer, tmp_path):
    explorer.wait_until(lambda: explorer.shows("priority normal"))
    explorer.type("jjj3")  # Criterion 0 -> 1 -> group "Category 1" -> Criterion 2, then high
    explorer.wait_until(lambda: "■■■" in tree_line(explorer, "Criterion 2") and explorer.shows("priority high"))
    assert all("■■·" in tree_line(explorer, f"Criterion {n}") for n in (0, 1, 3, 4, 5))
    explorer.quit()
    assert saved_priorities(tmp_path) == {f"c{n:05d}": "high" if n == 2 else "normal" for n in range(6)}


def test_a_filter_left_with_enter_then_a_priority_in_one_burst(explorer, tmp_path):
    explorer.wait_until(lambda: explorer.shows("priority normal"))
    explorer.type("/criterion 3\r3")
    explorer.wait_until(lambda: "■■■" in tree_line(explorer, "Criterion 3") and explorer.shows("priority high"))
    assert "criterion 3" in explorer.screen.display[1] and not explorer.shows("criterion 33")
    explorer.quit()
    assert saved_priorities(tmp_path)["c00003"] == "high"


@pytest.mark.parametrize("burst, lines", [("j" * 10, 10), ("\x1b[B" * 10, 10), ("j" * 10 + "k" * 4, 6)])
def test_a_burst_of_keys_in_the_help_scrolls_once_for_each_key(explorer, burst, lines):
    explorer.wait_until(lambda: explorer.shows("priority normal"))
    explorer.type("?")
    explorer.wait_until(lambda: explorer.shows("Reading the criteria tree"))
    top = next(y for y, line in enumerate(explorer.screen.display) if "Reading the criteria tree" in line)
    before = list(explorer.screen.display)
    explorer.type(burst)  # one write: the app reads the keys together, as typed ahead over SSH
    # Each key one line: the line that was `lines` below the top comes to the top (it stayed near
    # the top when the keys of a burst were counted as one or two).
    explorer.wait_until(lambda: explorer.screen.display[top][2:60] == before[top + lines][2:60])
