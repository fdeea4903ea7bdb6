"""Copying to the user's clipboard from a terminal, said honestly, and saving to a file instead.

A terminal app copies by writing an OSC 52 escape sequence; nothing answers it, so fwtui
can say what it sent, never that it arrived. Between the app and the terminal a
multiplexer may drop it: tmux passes an application's OSC 52 on only with
``set-clipboard on`` (its default, ``external``, lets tmux itself set the clipboard but
ignores applications; tmux(1), OPTIONS), and the outer terminal must accept OSC 52 too.
So every copy says how to make it work where it did not, and the snippet can also be
written to a file in the current directory (``C``).

No Textual here: :func:`copy` takes the app (anything with ``copy_to_clipboard`` and ``notify``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from .safetext import visible
from .model import Snippet
from .safefile import WriteError, write_atomic

TMUX_HINT = "tmux passes it on only with 'set -g set-clipboard on' in ~/.tmux.conf (its default, external, drops it)"
SCREEN_HINT = "GNU screen may not pass it on"
TERMINAL_HINT = "your terminal may not support OSC 52, or has it switched off"

EXTENSIONS = {"python": ".py", "python3": ".py", "py": ".py", "bash": ".sh", "sh": ".sh", "shell": ".sh",
              "c": ".c", "cpp": ".cpp", "c++": ".cpp", "java": ".java"}
"""File name endings for snippet languages; any other language is saved as .txt."""

SAVE_ATTEMPTS = 100


def multiplexers(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Which of tmux and GNU screen may stand between fwtui and the terminal.

    ``$TMUX`` and ``$STY`` say so on the machine that runs them; over SSH only ``TERM``
    survives, and ``screen*`` is what both of them set by default.
    """
    environ = os.environ if environ is None else environ
    term = environ.get("TERM", "")
    if environ.get("TMUX") or term.startswith("tmux"):
        return ("tmux",)
    if environ.get("STY"):
        return ("screen",)
    if term.startswith("screen"):
        return ("tmux", "screen")
    return ()


def copy_notice(what: str, text: str, environ: Mapping[str, str] | None = None, fallback: str = "") -> str:
    """What was sent, that it cannot be confirmed, and how to make it arrive here."""
    lines = len(text.splitlines())
    hints = {"tmux": TMUX_HINT, "screen": SCREEN_HINT}
    found = [hints[name] for name in multiplexers(environ)] or [TERMINAL_HINT]
    notice = (f"Sent {what} ({lines} line{'s' if lines != 1 else ''}) to the clipboard by OSC 52; "
              f"terminals never confirm it. Not there? {'; '.join(found)}.")
    return f"{notice} {fallback}" if fallback else notice


def copy(app, text: str, what: str, *, fallback: str = "") -> None:
    """Send ``text`` to the clipboard and say so, as far as that can be known."""
    app.copy_to_clipboard(text)
    app.notify(copy_notice(what, text, fallback=fallback), title="Sent to the clipboard", markup=False, timeout=12)


def _part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("._") or "snippet"


def save_snippet(criterion_id: str, framework_id: str, number: int, snippet: Snippet,
                 folder: Path | None = None) -> Path:
    """Write the snippet to ``<criterion>-<framework>-<number>.<ext>`` in ``folder``, never over a file.

    ``folder`` defaults to the current directory, the one fwtui was started in. When the name
    is taken, ``-2``, ``-3``... are tried; the path written is returned, or WriteError raised.
    """
    if folder is None:
        try:
            folder = Path.cwd()
        except OSError as error:  # removed while fwtui ran
            raise WriteError(f"the current directory is gone: {(error.strerror or str(error)).lower()}") from None
    stem = f"{_part(criterion_id)}-{_part(framework_id)}-{number}"
    ending = EXTENSIONS.get(snippet.language.lower(), ".txt")
    code = visible(snippet.code)
    for attempt in range(1, SAVE_ATTEMPTS + 1):
        path = folder / f"{stem}{'' if attempt == 1 else f'-{attempt}'}{ending}"
        if path.exists() or path.is_symlink():
            continue
        try:
            write_atomic(path, code)
        except WriteError:
            if path.exists():  # taken in the meantime
                continue
            raise
        return path
    raise WriteError(f"{folder / (stem + ending)}: that name and {SAVE_ATTEMPTS - 1} numbered ones are taken")
