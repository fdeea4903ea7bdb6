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
from functools import lru_cache
from itertools import repeat

from rich.cells import cell_len

_TOKEN = re.compile(
    # Most of a frame: a styled run of text and the reset after it, as Textual writes each piece.
    r"(?P<piece>\x1b\[(?P<style>[0-9;]*)m(?P<run>[^\x00-\x1f\x7f-\x9f]+)\x1b\[0m)"
    r"|(?P<cup>\x1b\[(?P<row>\d+);(?P<col>\d+)H)"
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
    """What the terminal shows, cell by cell, and the rewriting of frames against it.

    Each row is a list of cells indexed by column (None where unknown), so that a run of
    text is compared with what its row holds as one slice: most of a frame is runs that
    changed nowhere or everywhere, and only the others are looked at cell by cell.
    """

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self._rows: list[list[Cell | None]] = []
        self._wide: list[bytearray] = []
        """Per row, 1 where a cell holds a wide character or its right half: the slow path's columns."""
        self._cursor: tuple[int, int] | None = None
        self.reset()

    def reset(self) -> None:
        """Forget the screen (cleared, or unknown): the next frame goes out in full."""
        self._rows = [[None] * (self.width + 2) for _ in range(self.height + 1)]
        self._wide = [bytearray(self.width + 2) for _ in range(self.height + 1)]
        self._cursor = None

    def resize(self, width: int, height: int) -> None:
        """The terminal has a new size, and may have redrawn or reflowed itself: forget it."""
        self.width, self.height = width, height
        self.reset()

    def filter(self, data: str) -> str:
        """``data`` rewritten to change the terminal's cells exactly as ``data`` would, sending fewer of them."""
        parsed = self._read(data)
        if parsed is None:
            self.reset()
            return data
        changed, before, after, cursor = parsed
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

    # -- reading Textual's output, and recording what it changes ---------------------------------

    def _read(self, data: str) -> tuple[list[tuple[int, int, Cell]], list[str], list[str], tuple[int, int] | None] | None:
        """(cells changed in screen order, sequences to send first, sequences to send last, final cursor),
        or None when the frame is not understood (the screen is then unknown: the caller resets)."""
        changed: dict[tuple[int, int], Cell] = {}
        written = [bytearray(self.width + 2) for _ in range(self.height + 1)]
        """Cells this frame has written: a frame that writes one twice is right only in the order sent."""
        before: list[str] = []
        after: list[str] = []
        row = col = 0  # 0: unknown (row: before the first cursor position; col: after a line feed)
        sgr = ""
        height = self.height
        position = 0
        wrote = False
        for token in _TOKEN.finditer(data):  # most frequent kinds first
            if token.start() != position:
                return None  # something between tokens that is none of them
            position = token.end()
            kind = token.lastgroup
            if kind == "piece" or kind == "text":
                if kind == "piece":  # its style, its text, then a reset
                    text, style, sgr = token["run"], _applied(sgr, token["style"]), ""
                else:
                    text, style = token["text"], sgr
                col = -1 if style is None else self._put_text(row, col, style, text, written[row], changed)
                if col < 0:
                    return None
                wrote = True
            elif kind == "sgr":
                sgr = _applied(sgr, token["params"])
                if sgr is None:
                    return None
            elif kind == "cup":
                row, col = int(token["row"]), int(token["col"])
                if not 1 <= row <= height:
                    return None
            elif kind == "newline":
                if not row or row >= height:
                    return None  # a line feed on the last line scrolls the screen
                row, col = row + 1, 0
            else:  # keep
                (after if wrote else before).append(token.group())
        if position != len(data):
            return None
        cursor = (row, col) if col else None
        for (at_row, at_col), cell in list(changed.items()):  # a changed right half goes with its left half
            left = self._rows[at_row][at_col - 1]
            if cell[1] == "" and (at_row, at_col - 1) not in changed and left is not None:
                changed[(at_row, at_col - 1)] = left
        return [(r, c, changed[(r, c)]) for r, c in sorted(changed)], before, after, cursor

    def _put_text(self, row: int, col: int, sgr: str, text: str, written: bytearray,
                  changed: dict[tuple[int, int], Cell]) -> int:
        """Record ``text`` written at (row, col) in style ``sgr``; the column after it, or -1 when not understood.

        ``written``: the row's cells this frame has written, to check and mark.
        """
        if not col:
            return -1  # after a line feed, or before any cursor position: where it lands is not known
        if text.isascii() or _one_cell_each(text):  # box drawing, bars
            last = col + len(text) - 1
            if last > self.width or written.find(1, col, last + 1) != -1:
                return -1  # past the edge (the terminal would wrap), or written twice
            written[col:last + 1] = b"\x01" * len(text)
            if self._wide[row].find(1, max(col - 1, 0), last + 2) == -1:
                self._put_run(row, col, sgr, text, changed)
            else:  # a wide character beside or under it: the terminal blanks halves
                self._put_each(row, col, sgr, text, None, changed)
            return last + 1
        if not self._put_each(row, col, sgr, text, written, changed):
            return -1
        return col + sum(_width(character) for character in text)

    def _put_run(self, row: int, col: int, sgr: str, text: str, changed: dict[tuple[int, int], Cell]) -> None:
        """Plain one-cell characters where no wide character is near: compared as one slice."""
        cells = self._rows[row]
        new = list(zip(repeat(sgr), text))
        end = col + len(text)
        old = cells[col:end]
        if old == new:
            return
        cells[col:end] = new
        for offset, cell in enumerate(new):
            was = old[offset]
            if was != cell and not (was is not None and was[1] == cell[1] == " " and _same_blank(was[0], cell[0])):
                changed[(row, col + offset)] = cell  # a space that only took another foreground looks the same

    def _put_each(self, row: int, col: int, sgr: str, text: str, written: bytearray | None,
                  changed: dict[tuple[int, int], Cell]) -> bool:
        """Character by character, wide ones and their halves as the terminal treats them.

        ``written``: the row's cells this frame has written, to check and mark (None: done already).
        False when not understood: a character of no width or past the edge, or a cell written twice.
        """
        cells, wide = self._rows[row], self._wide[row]
        for character in text:
            width = _width(character)
            if width not in (1, 2) or col + width - 1 > self.width:
                return False  # zero-width, or past the edge: the terminal would wrap
            if written is not None:
                if written.find(1, col, col + width) != -1:
                    return False  # the frame overwrites itself: only the order it was sent in is right
                written[col:col + width] = b"\x01" * width
            parts = [(sgr, character), (sgr, "")] if width == 2 else [(sgr, character)]
            for offset, cell in enumerate(parts):
                at = col + offset
                old = cells[at]
                if old == cell:
                    continue
                # Half of a wide character overwritten: the terminal blanks the other half.
                if old is not None and old[1] == "" and cell[1] != "":
                    cells[at - 1] = None
                    wide[at - 1] = 0
                if old is not None and old[1] != "" and _width(old[1]) == 2 and _width(cell[1]) != 2:
                    cells[at + 1] = None
                    wide[at + 1] = 0
                cells[at] = cell
                wide[at] = 1 if width == 2 else 0
                changed[(row, at)] = cell
            col += width
        return True

    # -- writing -------------------------------------------------------------------------------

    def _render(self, changed: list[tuple[int, int, Cell]]) -> list[str]:
        out: list[str] = []
        current = ""
        next_at: tuple[int, int] | None = None
        rows = self._rows
        for row, col, (sgr, character) in changed:
            if character == "" and next_at == (row, col + 1):
                continue  # the right half of the wide character just sent
            if next_at != (row, col):
                if next_at is not None and next_at[0] == row and col > next_at[1]:
                    move = f"\x1b[{col - next_at[1]}C"  # forward on the same row
                    gap = _unchanged_run(rows[row], next_at[1], col, current)
                    out.append(gap if gap is not None and len(gap.encode()) < len(move) else move)
                else:
                    out.append(f"\x1b[{row};{col}H")
            if sgr != current and not (character == " " and _same_blank(current, sgr)):
                out.append(_sgr_change(current, sgr))
                current = sgr
            out.append(character or " ")
            next_at = (row, col + max(_width(character), 1))
        if current:
            out.append("\x1b[0m")
        return out


_WIDTHS: dict[str, int] = {"": 0}
"""Cells each character takes, as Rich counts them: a frame asks about the same few border and bar characters."""


def _width(character: str) -> int:
    width = _WIDTHS.get(character)
    if width is None:
        width = _WIDTHS[character] = cell_len(character)
    return width


def _applied(sgr: str, params: str) -> str | None:
    """The SGR parameters in effect once ``params`` are sent on top of ``sgr``; None for a reset
    inside a sequence, which is not what Textual writes."""
    if params in ("", "0"):
        return ""
    if (params.startswith("0;") or ";0" in params) and _resets_inside(params):
        return None
    return f"{sgr};{params}" if sgr else params


@lru_cache(maxsize=1024)
def _resets_inside(params: str) -> bool:
    """Whether ``params`` hold a reset (0) of their own, not a 0 that is part of a colour (38;2;0;48;84);
    True also when they are not understood, so that the frame is sent as it is."""
    items = _sgr_items(params)
    return items is None or any(item in ("", "0") for item in items)


_ONE_CELL_RUNS: dict[str, bool] = {}
"""Runs of non-ASCII text to whether each character takes one cell: the same borders and bars come in every frame."""


def _one_cell_each(text: str) -> bool:
    known = _ONE_CELL_RUNS.get(text)
    if known is None:
        if len(_ONE_CELL_RUNS) > 4096:  # a long session of changing text: start again rather than grow
            _ONE_CELL_RUNS.clear()
        known = _ONE_CELL_RUNS[text] = all(_width(character) == 1 for character in text)
    return known


MAX_GAP = 4
"""Unchanged cells between two changed ones on a row may be sent again, rather than jumped over
with a cursor move (4 or 5 bytes), when there are at most this many and they look the same in the style in effect."""


def _unchanged_run(cells: list[Cell | None], start: int, end: int, sgr: str) -> str | None:
    """The characters of the row's cells from column ``start`` up to ``end``, if they can be sent again as they are."""
    if end - start > MAX_GAP:
        return None
    run = []
    for column in range(start, end):
        cell = cells[column]
        if cell is None or not cell[1] or _width(cell[1]) != 1 or (
                cell[0] != sgr and not (cell[1] == " " and _same_blank(cell[0], sgr))):
            return None  # unknown, another style, or not one cell wide: move the cursor instead
        run.append(cell[1])
    return "".join(run)


_COLOUR_PARAMS = {"38": "fg", "48": "bg", "58": "underline"}
_DEFAULT_COLOUR = {"39": "fg", "49": "bg", "59": "underline"}
_ATTRIBUTE_OFF = {"22": ("1", "2"), "23": ("3",), "24": ("4", "21"), "25": ("5", "6"), "27": ("7",),
                  "28": ("8",), "29": ("9",), "54": ("51", "52"), "55": ("53",)}
_ATTRIBUTES = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "21", "51", "52", "53"}
_STYLES: dict[str, tuple[frozenset[str], tuple[tuple[str, str], ...]] | None] = {}
"""SGR parameters (as accumulated for a cell) to (attributes on, colours set), or None when not understood."""


def _sgr_items(params: str) -> list[str] | None:
    """The parameters one by one, a colour (38;5;N, 38;2;R;G;B, and 48, 58) as one item, its zeros
    included; None when a colour is cut short or of a kind not known."""
    parts = params.split(";") if params else []
    items: list[str] = []
    index = 0
    while index < len(parts):
        size = 1
        if parts[index] in _COLOUR_PARAMS:
            size = {"5": 3, "2": 5}.get(parts[index + 1] if index + 1 < len(parts) else "", 0)
            if not size or index + size > len(parts):
                return None
        items.append(";".join(parts[index:index + size]))
        index += size
    return items


def _style_of(params: str) -> tuple[frozenset[str], tuple[tuple[str, str], ...]] | None:
    if params in _STYLES:
        return _STYLES[params]
    attributes: set[str] = set()
    colours: dict[str, str] = {}
    items, style = _sgr_items(params), None
    if items is None:
        _STYLES[params] = None
        return None
    for item in items:
        if ";" in item:  # a colour, 38;5;N or 38;2;R;G;B, kept whole
            colours[_COLOUR_PARAMS[item[:2]]] = item
        elif item in ("", "0"):
            attributes.clear()
            colours.clear()
        elif item in _DEFAULT_COLOUR:
            colours.pop(_DEFAULT_COLOUR[item], None)
        elif item in _ATTRIBUTE_OFF:
            attributes.difference_update(_ATTRIBUTE_OFF[item])
        elif item in _ATTRIBUTES:
            attributes.add(item)
        elif item.isdigit() and (30 <= int(item) <= 37 or 90 <= int(item) <= 97):
            colours["fg"] = item
        elif item.isdigit() and (40 <= int(item) <= 47 or 100 <= int(item) <= 107):
            colours["bg"] = item
        else:
            break
    else:
        style = (frozenset(attributes), tuple(sorted(colours.items())))
    _STYLES[params] = style
    return style


_OFF_CODE = {"1": "22", "2": "22", "3": "23", "4": "24", "21": "24", "5": "25", "7": "27", "9": "29"}
"""The code that turns one attribute off, for those every terminal we meet (and pyte) knows; the others go with a reset."""


_CHANGES: dict[tuple[str, str], str] = {}
"""(style before, style after) to the sequence between them: a frame changes between the same few styles."""


def _sgr_change(old: str, new: str) -> str:
    """The shortest SGR sequence we know that turns style ``old`` into ``new`` (both as cells hold them).

    Only what differs: a new colour alone, an attribute added or turned off alone (bold off is
    ``22``); a reset and ``new`` whole when that is shorter or either style is not understood.
    """
    change = _CHANGES.get((old, new))
    if change is None:
        if len(_CHANGES) > 4096:
            _CHANGES.clear()
        change = _CHANGES[(old, new)] = _shortest_change(old, new)
    return change


def _shortest_change(old: str, new: str) -> str:
    reset = f"\x1b[0;{new}m" if new else "\x1b[0m"
    before, after = _style_of(old), _style_of(new)
    if before is None or after is None:
        return reset
    gone = before[0] - after[0]
    if not gone <= _OFF_CODE.keys():
        return reset
    offs = sorted({_OFF_CODE[attribute] for attribute in gone}, key=int)
    cleared = {attribute for code in offs for attribute in _ATTRIBUTE_OFF[code]}  # 22 ends bold and faint
    parts = offs + sorted((after[0] - before[0]) | (after[0] & cleared), key=int)
    colours_before, colours_after = dict(before[1]), dict(after[1])
    for kind, default in (("fg", "39"), ("bg", "49"), ("underline", "59")):
        if colours_before.get(kind) != colours_after.get(kind):
            parts.append(colours_after.get(kind, default))
    if not parts:
        return ""
    change = f"\x1b[{';'.join(parts)}m"
    return change if len(change) < len(reset) else reset


_SHOWN_ON_BLANK = frozenset({"4", "7", "9", "21", "53"})
"""Attributes that show on a space: lines under, through or over it, and reverse (its foreground fills it)."""
_BLANK_LOOKS: dict[str, tuple[frozenset[str], tuple[tuple[str, str], ...]] | None] = {}
"""SGR parameters to what a space shows under them, or None when not understood."""


def _same_blank(a: str, b: str) -> bool:
    """Whether a space looks the same under SGR parameters ``a`` and ``b``.

    Foreground, bold and italic show nothing on a space, and highlighted code changes them
    at every token: such a space is neither sent again nor given its own colour code.
    """
    if a == b:
        return True
    look = _blank_look(a)
    return look is not None and look == _blank_look(b)


def _blank_look(sgr: str) -> tuple[frozenset[str], tuple[tuple[str, str], ...]] | None:
    if sgr in _BLANK_LOOKS:
        return _BLANK_LOOKS[sgr]
    style, look = _style_of(sgr), None
    if style is not None:
        shown = style[0] & _SHOWN_ON_BLANK
        if "7" in shown:  # the foreground fills the cell, and bold or faint may change its colour
            shown |= style[0] & {"1", "2"}
        kinds = {"bg"} | ({"fg"} if "7" in shown else set()) | ({"underline"} if shown & {"4", "21"} else set())
        look = (shown, tuple(colour for colour in style[1] if colour[0] in kinds))
    _BLANK_LOOKS[sgr] = look
    return look
