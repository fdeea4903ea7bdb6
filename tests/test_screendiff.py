"""ScreenDiff against a terminal emulator: the rewritten frames must leave every cell as the originals would."""

from __future__ import annotations

import random

import pyte
import pytest
from corehelp import seen_cells

from fwtui.screendiff import ScreenDiff

WIDTH, HEIGHT = 40, 12
STYLES = ["", "1", "38;5;222;48;5;235", "7;38;5;23;48;5;233", "3;38;5;247", "38;5;231;48;5;235",
          "1;4;38;5;222;48;5;235", "7;38;5;222;48;5;233", "1;7;38;5;222;48;5;233", "1;2;38;5;247", "38;2;10;20;30;48;2;40;50;60", "38;2;10;20;30", "7;38;2;0;48;84;48;2;0;0;0", "31", "1;92;44", "9;2", "4"]
"""As Textual writes them: 256 colours and true colour (with zeros in it), the 16 of a linux console,
attributes on and off."""
CHARACTERS = "abc xyz─│╭╮■·█░▁中文"


class Terminal:
    """A pyte screen fed with what the app writes."""

    def __init__(self) -> None:
        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.stream = pyte.Stream(self.screen)

    def feed(self, data: str) -> None:
        self.stream.feed(data)

    def cells(self) -> list[list[tuple]]:
        return seen_cells(self.screen)

    @property
    def cursor(self) -> tuple[int, int]:
        return self.screen.cursor.y, self.screen.cursor.x


def segment(style: str, text: str) -> str:
    """One segment as Textual writes it: its colours, the text, a reset."""
    return f"\x1b[{style}m{text}\x1b[0m" if style else text


def chop(row: int, col: int, segments: list[tuple[str, str]]) -> str:
    return f"\x1b[{row};{col}H" + "".join(segment(style, text) for style, text in segments)


def random_frame(rng: random.Random) -> str:
    """Some chops of a frame in Textual's grammar, ending with the cursor's position."""
    parts = []
    for row in sorted(rng.sample(range(1, HEIGHT + 1), rng.randint(1, 6))):  # Textual's chops never overlap
        col = rng.randint(1, WIDTH - 12)
        segments, room = [], WIDTH - col + 1
        while room > 2 and rng.random() < 0.8:
            text = ""
            while room > 2 and len(text) < 6:
                character = rng.choice(CHARACTERS)
                width = 2 if character in "中文" else 1
                text += character
                room -= width
            segments.append((rng.choice(STYLES), text))
        parts.append(chop(row, col, segments))
    return "\n".join(parts) + f"\x1b[{rng.randint(1, HEIGHT)};{rng.randint(1, WIDTH)}H"


def test_random_frames_leave_the_same_screen_with_fewer_bytes():
    rng = random.Random(20261127)
    raw, diffed, diff = Terminal(), Terminal(), ScreenDiff(WIDTH, HEIGHT)
    sent = received = 0
    for number in range(400):
        frame = random_frame(rng)
        if number % 50 == 0:
            frame = chop(1, 1, [("", " " * WIDTH)] * 1) + frame  # some frames repeat what is there
        out = diff.filter(frame)
        raw.feed(frame)
        diffed.feed(out)
        sent, received = sent + len(frame), received + len(out)
        assert diffed.cells() == raw.cells(), f"frame {number}: {frame!r} became {out!r}"
        assert diffed.cursor == raw.cursor
    assert received < sent


def test_a_frame_sent_again_sends_no_cells():
    diff = ScreenDiff(WIDTH, HEIGHT)
    frame = chop(2, 3, [("1", "Criteria"), ("", " tree")]) + "\x1b[1;1H"
    assert "Criteria" in diff.filter(frame)
    assert diff.filter(frame) == ""


@pytest.mark.parametrize("style", ["7;38;2;0;48;84;48;2;39;39;39", "38;2;255;0;0;48;2;0;0;0", "38;5;0;48;5;0"])
def test_a_colour_with_a_zero_in_it_is_a_colour_not_a_reset(style):
    """A true-colour 0 (no red, black) is part of its colour: the frame is still understood, so sent once."""
    diff = ScreenDiff(WIDTH, HEIGHT)
    frame = chop(2, 3, [(style, "Criteria"), ("", " tree")]) + "\x1b[1;1H"
    assert "Criteria" in diff.filter(frame)
    assert diff.filter(frame) == ""


def test_a_synchronized_frame_that_changes_nothing_sends_nothing_but_its_mode_switches():
    """Textual brackets each frame in a synchronized update; around no change it is bytes for nothing."""
    diff = ScreenDiff(WIDTH, HEIGHT)
    frame = "\x1b[?2026h" + chop(2, 3, [("1", "Scoreboard")]) + "\x1b[?2026l"
    assert "Scoreboard" in diff.filter(frame)
    assert diff.filter(frame) == ""
    assert diff.filter("\x1b[?25l" + frame) == "\x1b[?25l"  # hiding the cursor still does something
    assert "x" in diff.filter(frame.replace("Scoreboard", "Scoreboarx"))


def test_one_changed_character_is_one_character_on_the_wire():
    diff = ScreenDiff(WIDTH, HEIGHT)
    diff.filter(chop(5, 1, [("38;5;222", "priority normal")]))
    out = diff.filter(chop(5, 1, [("38;5;222", "priority formal")]))
    assert out == "\x1b[5;10H\x1b[38;5;222mf\x1b[0m\x1b[5;16H"


def test_spaces_between_highlighted_tokens_keep_the_colour_in_effect():
    """Highlighted code gives every space its token's foreground, which a space does not show."""
    diff = ScreenDiff(WIDTH, HEIGHT)
    diff.filter(chop(3, 1, [("38;5;74;48;5;233", "aaaa"), ("38;5;231;48;5;233", " " * 8)]))
    out = diff.filter(chop(3, 1, [("38;5;174;48;5;233", "def"), ("38;5;231;48;5;233", " "),
                                  ("38;5;74;48;5;233", "f"), ("38;5;253;48;5;233", " " * 7)]))
    assert out == "\x1b[3;1H\x1b[38;5;174;48;5;233mdef \x1b[38;5;74mf\x1b[0m\x1b[3;13H"
    # Underlined or on another background, a space shows the change, and is sent.
    assert diff.filter(chop(3, 12, [("4;38;5;253;48;5;233", " ")])) == "\x1b[3;12H\x1b[4;38;5;253;48;5;233m \x1b[0m\x1b[3;13H"
    assert diff.filter(chop(3, 6, [("38;5;253;48;5;16", " ")])) == "\x1b[3;6H\x1b[38;5;253;48;5;16m \x1b[0m\x1b[3;7H"


def test_an_attribute_turned_off_is_its_own_code_and_a_jump_along_a_row_is_relative():
    diff = ScreenDiff(WIDTH, HEIGHT)
    diff.filter(chop(4, 1, [("", " " * 30)]))
    out = diff.filter(chop(4, 1, [("1;38;5;253", "tie"), ("38;5;253", "  "), ("38;5;253", "·"), ("", " " * 10),
                                  ("38;5;231", "x")]))
    assert out == "\x1b[4;1H\x1b[1;38;5;253mtie  \x1b[22m·\x1b[10C\x1b[38;5;231mx\x1b[0m\x1b[4;18H"


def test_sequences_that_leave_cells_alone_keep_their_place():
    diff = ScreenDiff(WIDTH, HEIGHT)
    out = diff.filter("\x1b[?2026h" + chop(1, 1, [("", "ab")]) + "\x1b[?2026l")
    assert out.startswith("\x1b[?2026h") and out.endswith("\x1b[?2026l") and "ab" in out


@pytest.mark.parametrize(
    "unknown",
    ["\x1b[2J", "\x1b[?1049h", "\x1b]8;;https://example.org\x1b\\", "\x07", "e\u0301", "\x1b[0;1m"],
    ids=["clear", "alternate-screen", "hyperlink", "bell", "combining-accent", "reset-inside-sgr"],
)
def test_anything_not_understood_passes_through_and_forgets_the_screen(unknown):
    diff = ScreenDiff(WIDTH, HEIGHT)
    frame = chop(3, 1, [("1", "kept")])
    diff.filter(frame)
    odd = chop(4, 1, [("", unknown)]) if unknown in ("\x07", "e\u0301") else unknown
    assert diff.filter(odd) == odd
    assert "kept" in diff.filter(frame)  # the screen was forgotten: sent in full again


@pytest.mark.parametrize("frame", [
    chop(1, 1, [("", "abc")]) + chop(1, 2, [("1", "X")]),
    chop(1, 1, [("", "a中c")]) + chop(1, 3, [("1", "X")]),  # onto the right half of a wide character
    chop(1, 1, [("", "abc")]) + chop(1, 2, [("1", "中")]),  # a wide character onto plain ones
    chop(1, 1, [("", "中")]) + chop(1, 2, [("1", "文")]),
], ids=["plain", "plain-on-wide", "wide-on-plain", "wide-on-wide"])
def test_a_frame_that_overwrites_itself_passes_through(frame):
    diff = ScreenDiff(WIDTH, HEIGHT)
    assert diff.filter(frame) == frame


def test_a_new_size_sends_the_next_frame_in_full():
    diff = ScreenDiff(WIDTH, HEIGHT)
    frame = chop(1, 1, [("", "same")])
    diff.filter(frame)
    diff.resize(WIDTH + 1, HEIGHT)
    assert "same" in diff.filter(frame)


def test_a_line_feed_on_the_last_line_or_text_past_the_edge_passes_through():
    diff = ScreenDiff(WIDTH, HEIGHT)
    for frame in (chop(HEIGHT, 1, [("", "bottom")]) + "\n" + chop(1, 1, [("", "x")]), chop(1, WIDTH, [("", "ab")])):
        diff.filter(frame)
        assert diff.filter(frame) == frame


def test_overwriting_half_a_wide_character_matches_the_terminal():
    raw, diffed, diff = Terminal(), Terminal(), ScreenDiff(WIDTH, HEIGHT)
    frames = [
        chop(1, 1, [("", "中文ab")]),
        chop(1, 2, [("1", "x")]),  # the right half of 中
        chop(1, 1, [("", "中文ab")]),
        chop(1, 3, [("", "yz")]),  # both halves of 文, narrow now
        chop(1, 1, [("", "中文ab")]),
    ]
    for frame in frames:
        raw.feed(frame)
        diffed.feed(diff.filter(frame))
        assert diffed.cells() == raw.cells(), frame
