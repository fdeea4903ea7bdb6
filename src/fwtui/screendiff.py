"""Send the terminal only the cells that change.

Textual repaints whole regions: a widget whose content changed is sent again
from border to border, and every layout pass sends every scrollbar again,
even where the screen would look exactly as it did. Over SSH each of those
bytes costs. :class:`ScreenDiff` remembers what each cell of the terminal
holds (its character and colours) and rewrites each frame so that only the
cells that differ are sent, as curses does.

It understands exactly what Textual writes for a frame: cursor positions,
colour codes (SGR), printable text and line feeds between rows, plus a few
mode switches that do not touch the cells. Anything else (a screen clear, an
alternate-screen switch, a hyperlink, a control character, a character of
zero width) makes it forget the screen and pass that write through as it is,
so the next frame is sent in full. Pure Python, no Textual import.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

_TOKEN = re.compile(
    r"(?P<cup>\x1b\[(?P<row>\d+);(?P<col>\d+)H)"
    r"|(?P<sgr>\x1b\[(?P<params>[0-9;]*)m)"
    # Mode switches that leave the cells alone: cursor visibility, synchronized output,
    # mouse reporting, focus events, bracketed paste, in-band resize; clipboard and title.
    r"|(?P<keep>\x1b\[\?(?:25|2026|1000|1002|1003|1004|1005|1006|1015|1016|2004|2048)[hl]"
    r"|\x1b\](?:0|1|2|52);[^\x07\x1b]*(?:\x07|\x1b\\))"
    r"|(?P<newline>\r?\n)"
    r"|(?P<text>[^\x00-\x1f\x7f-\x9f]+)"
)

_SYNC_BRACKET = ("\x1b[?2026h", "\x1b[?2026l")
"""Begin and end of a synchronized update: the terminal shows what came between at once."""

Cell = tuple[str, str]
"""(SGR parameters in effect, character); the character is "" for the right half of a wide one."""


class ScreenDiff:
    """What the terminal shows, cell by cell, and the rewriting of frames against it."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self._cells: dict[tuple[int, int], Cell] = {}
        self._cursor: tuple[int, int] | None = None

    def reset(self) -> None:
        """Forget the screen (cleared, or unknown): the next frame goes out in full."""
        self._cells.clear()
        self._cursor = None

    def resize(self, width: int, height: int) -> None:
        """The terminal has a new size, and may have redrawn or reflowed itself: forget it."""
        self.width, self.height = width, height
        self.reset()

    def filter(self, data: str) -> str:
        """``data`` rewritten to change the terminal's cells exactly as ``data`` would, sending fewer of them."""
        parsed = self._parse(data)
        if parsed is None:
            self.reset()
            return data
        writes, before, after, cursor = parsed
        changed = self._apply(writes)
        moved = cursor is not None and (bool(changed) or cursor != self._cursor)
        if not changed and not moved:
            # A frame that changes nothing (a repaint of what is there) sends no synchronized-update
            # bracket around nothing either: only the mode switches that do something.
            return "".join(token for token in before + after if token not in _SYNC_BRACKET)
        out = before + self._render(changed)
        if moved:
            out.append(f"\x1b[{cursor[0]};{cursor[1]}H")
            self._cursor = cursor
        else:
            self._cursor = None
        return "".join(out + after)

    # -- reading Textual's output ---------------------------------------------------------------

    def _parse(self, data: str) -> tuple[list[tuple[int, int, Cell]], list[str], list[str], tuple[int, int] | None] | None:
        """(cell writes, sequences to send first, sequences to send last, final cursor), or None when not understood."""
        writes: list[tuple[int, int, Cell]] = []
        written: set[tuple[int, int]] = set()
        before: list[str] = []
        after: list[str] = []
        row = col = 0  # 0: unknown (row: before the first cursor position; col: after a line feed)
        sgr = ""
        position = 0
        end = len(data)
        while position < end:
            token = _TOKEN.match(data, position)
            if token is None:
                return None
            position = token.end()
            kind = token.lastgroup
            if kind == "cup":
                row, col = int(token["row"]), int(token["col"])
            elif kind == "sgr":
                params = token["params"]
                if params in ("", "0"):
                    sgr = ""
                elif params.startswith("0;") or ";0;" in params:
                    return None  # a reset inside a sequence: not what Textual writes
                else:
                    sgr = f"{sgr};{params}" if sgr else params
            elif kind == "keep":
                (after if writes else before).append(token.group())
            elif kind == "newline":
                if not row or row >= self.height:
                    return None  # a line feed on the last line scrolls the screen
                row, col = row + 1, 0
            else:
                if not col:
                    return None
                text = token["text"]
                if text.isascii():  # most of a frame: one cell per character, no per-character width lookup
                    last = col + len(text) - 1
                    if last > self.width:
                        return None
                    run = [(row, column) for column in range(col, last + 1)]
                    if not written.isdisjoint(run):
                        return None
                    written.update(run)
                    writes.extend((row, column, (sgr, character)) for (row, column), character in zip(run, text))
                    col = last + 1
                    continue
                for character in text:
                    width = cell_len(character)
                    if width not in (1, 2) or col + width - 1 > self.width:
                        return None  # zero-width, or past the edge: the terminal would wrap
                    for offset in range(width):
                        if (row, col + offset) in written:
                            return None  # the frame overwrites itself: only the order it was sent in is right
                        written.add((row, col + offset))
                    writes.append((row, col, (sgr, character)))
                    if width == 2:
                        writes.append((row, col + 1, (sgr, "")))
                    col += width
        cursor = (row, col) if col else None
        return writes, before, after, cursor

    # -- comparing and writing ------------------------------------------------------------------

    def _apply(self, writes: list[tuple[int, int, Cell]]) -> list[tuple[int, int, Cell]]:
        """Record the writes; return those that change a cell, in screen order."""
        cells = self._cells
        changed: dict[tuple[int, int], Cell] = {}
        for row, col, cell in writes:
            key = (row, col)
            old = cells.get(key)
            if old == cell:
                continue
            # Half of a wide character overwritten: the terminal blanks the other half.
            if old is not None and old[1] == "" and cell[1] != "":
                cells.pop((row, col - 1), None)
            if old is not None and old[1] != "" and cell_len(old[1]) == 2 and cell_len(cell[1]) != 2:
                cells.pop((row, col + 1), None)
            cells[key] = cell
            changed[key] = cell
        # A changed right half is sent with its left half, which holds the character.
        for (row, col), cell in list(changed.items()):
            if cell[1] == "" and (row, col - 1) not in changed and (row, col - 1) in cells:
                changed[(row, col - 1)] = cells[(row, col - 1)]
        return [(row, col, changed[(row, col)]) for row, col in sorted(changed)]

    @staticmethod
    def _render(changed: list[tuple[int, int, Cell]]) -> list[str]:
        out: list[str] = []
        current = ""
        next_at: tuple[int, int] | None = None
        for row, col, (sgr, character) in changed:
            if character == "" and next_at == (row, col + 1):
                continue  # the right half of the wide character just sent
            if next_at != (row, col):
                out.append(f"\x1b[{row};{col}H")
            if sgr != current:
                if current:
                    out.append("\x1b[0m")
                if sgr:
                    out.append(f"\x1b[{sgr}m")
                current = sgr
            out.append(character or " ")
            next_at = (row, col + max(cell_len(character), 1))
        if current:
            out.append("\x1b[0m")
        return out
