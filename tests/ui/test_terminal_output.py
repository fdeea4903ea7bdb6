"""What fwtui writes to a real terminal: with the screen diff, fewer bytes and the very same screen."""

from __future__ import annotations

import pyte
import pytest
from corehelp import seen_cells
from ptyhelp import PtyExplorer, clean_env

KEYS = ["\x1b[B"] * 4 + ["+", "+", "3", "\t", "\x1b[C" * 3, "\x1b[B" * 3, "\t", "\t", "/", "dat", "\x1b", "]", "z", "z"]
"""Moves, priorities, focus changes, the filter, the next snippet, zoom in and out."""


def run_in_pty(env: dict[str, str], keys: list[str]) -> tuple[bytes, pyte.Screen]:
    """Type ``keys`` into a new explorer, wait until all of them show, quit; what it wrote and the screen.

    A lone Escape (it closes the filter here) is sent only once the text typed before it
    shows, and the keys after it only once that text has gone: in one burst, Escape and
    the next key read as one escape sequence, as they would from a terminal. (Waiting for
    "the screen changed" is not enough: the filter's cursor blinks.)
    """
    explorer = PtyExplorer(env)
    explorer.wait_until(lambda: explorer.shows("Scoreboard"))
    typed: list[str] = []
    for key in keys:
        if key == "\x1b":
            # Here Escape closes the filter: wait for the typed text to show, then to go from where it was.
            explorer.type(*typed)
            text = typed[-1]
            explorer.wait_until(lambda: explorer.shows(text))
            row = next(n for n, line in enumerate(explorer.screen.display) if text in line)
            column = explorer.screen.display[row].index(text)
            explorer.type(key)
            explorer.wait_until(lambda: explorer.screen.display[row][column:column + len(text)] != text)
            typed = []
        else:
            typed.append(key)
    explorer.type(*typed)
    explorer.settle()
    return explorer.quit(), explorer.screen


@pytest.mark.parametrize("colours", ["256", "truecolor"])
def test_the_screen_diff_sends_less_and_shows_the_same(tmp_path, colours):
    """In 256 colours and in true colour, whose codes hold zeros (38;2;0;48;84) that are not resets."""
    env = clean_env(tmp_path, **({"COLORTERM": "truecolor"} if colours == "truecolor" else {}))
    diffed, diffed_screen = run_in_pty(env, KEYS)
    full, full_screen = run_in_pty({**env, "FWTUI_SCREEN_DIFF": "0"}, KEYS)
    assert "Scoreboard" in "\n".join(diffed_screen.display)
    assert seen_cells(diffed_screen) == seen_cells(full_screen)
    assert len(diffed) < len(full) / 2, (len(diffed), len(full))


def second_criterion_heading() -> str:
    """Text the screen shows only once the cursor is on the newest edition's second criterion:
    the start of its first PyTorch snippet's title, in the pane's border."""
    from fwtui.loader import load_knowledge
    from fwtui.paths import embedded_knowledge

    edition = load_knowledge(embedded_knowledge()).knowledge.edition()
    return edition.criteria[1].snippets["pytorch"][0].title[:16]


def moved_down(env: dict[str, str]) -> PtyExplorer:
    """An explorer whose cursor has been moved down once, and the move painted."""
    explorer = PtyExplorer(env)
    explorer.wait_until(lambda: explorer.shows("Scoreboard"))
    heading = second_criterion_heading()
    assert not explorer.shows(heading)
    explorer.type("\x1b[B")
    explorer.wait_until(lambda: explorer.shows(heading))
    return explorer


def test_a_move_does_not_send_the_scoreboard_again(tmp_path):
    env = clean_env(tmp_path)
    assert moved_down(env).quit().count(b"Scoreboard") == 1


def test_ctrl_l_sends_the_whole_screen_again(tmp_path):
    env = clean_env(tmp_path)
    explorer = moved_down(env)
    explorer.type("\x0c")  # Ctrl+L
    explorer.wait_until(lambda: explorer.output.count(b"Scoreboard") == 2)  # sent again, with every other cell
    assert explorer.quit().count(b"Scoreboard") == 2
    assert explorer.shows("Scoreboard")
