"""Short, literal labels for knowledge values, shared by the widgets.

Knowledge text is data: everything here builds ``rich.text.Text`` from plain
strings with control characters shown as escapes (``\\x1b``), so a title
containing markup or an escape sequence is shown as written and cannot restyle
the screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from ..model import TIE, Criterion, Framework, Overlay
from ..safetext import visible

PRIORITY_METER = ("···", "■··", "■■·", "■■■")
"""One glyph per level; all are in the Linux console's font."""
TIE_MARK = "="
NOTE_MARK = "·"
ADDED_MARK = "+"
"""A criterion that an overlay added: a glyph, not a colour, so that it reads in NO_COLOR and 16 colours."""
REPLACED_MARK = "*"
"""A criterion that an overlay replaced, the shipped one kept beside it."""


def plain(text: str) -> str:
    """Knowledge text made safe for a terminal: control characters shown, never sent."""
    return visible(text)


def one_line(text: str) -> str:
    return " ".join(plain(text).split())


def literal(text: str, style: str = "") -> Text:
    """A Text showing ``text`` exactly, never parsed as markup."""
    return Text(plain(text), style=style)


def abbreviations(frameworks: Sequence[Framework]) -> dict[str, str]:
    """The shortest unique, upper-case prefix of each framework's name, as its verdict marker."""
    names = {f.id: one_line(f.name).upper() or f.id.upper() for f in frameworks}
    for length in range(1, max((len(n) for n in names.values()), default=1) + 1):
        marks = {fid: name[:length] for fid, name in names.items()}
        if len(set(marks.values())) == len(marks):
            return marks
    return {fid: fid for fid in names}


def verdict_mark(verdict: str | None, marks: dict[str, str]) -> str:
    if verdict is None:
        return NOTE_MARK
    if verdict == TIE:
        return TIE_MARK
    return marks.get(verdict, "?")


def overlay_mark(criterion: Criterion) -> str:
    """The tree's mark for where a criterion comes from: empty for the base knowledge's own."""
    if not criterion.overlay:
        return ""
    return REPLACED_MARK if criterion.replaces is not None else ADDED_MARK


def overlay_name(overlays: Sequence[Overlay], path: str, path_style: str = "") -> Text:
    """``«Title» (path)``: how the views name the overlay at ``path`` (the path alone if none there has it)."""
    overlay = next((o for o in overlays if o.path == path), None)
    text = Text()
    if overlay is not None:
        text.append("«")
        text.append_text(literal(one_line(overlay.title)))
        text.append("» ")
    text.append_text(literal(f"({one_line(path)})", path_style))
    return text


def verdict_name(verdict: str | None, names: dict[str, str]) -> str:
    """A verdict in words: the framework's name, ``tie``, or a note that is never scored."""
    if verdict is None:
        return "note, not scored"
    if verdict == TIE:
        return "tie"
    return names.get(verdict, one_line(verdict))


def key_for(node, binding_id: str) -> str | None:
    """How the key bound to ``binding_id`` on ``node`` (a screen or widget) is shown, as the user's keymap has it.

    None when nothing there has that binding, so that no hint names a key that does nothing.
    """
    from .textual_internals import bindings_as_keyed

    for key, found in bindings_as_keyed(node).key_to_bindings.items():
        for binding in found:
            if binding.id == binding_id:
                return node.app.get_key_display(binding.with_key(key))
    return None
