"""The full list of problems found in the knowledge, as ``file:line: message``."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from ..model import Problem
from ..widgets.key_scroll import KeyScroll
from ..widgets.labels import plain
from .dialog import DialogScreen


class ProblemsScreen(DialogScreen[None]):
    DEFAULT_CSS = """
    ProblemsScreen > .dialog { width: 90%; height: 80%; padding: 0 1; border: round $warning; }
    """
    BINDINGS = [Binding("escape,q,exclamation_mark", "close", "Close", id="problems.close")]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self._problems = problems

    def compose(self) -> ComposeResult:
        warnings = sum(p.is_warning for p in self._problems)
        errors = len(self._problems) - warnings
        counts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in ((errors, "problem"), (warnings, "warning")) if n]
        with KeyScroll(classes="dialog") as box:
            box.border_title = Content(f"{' and '.join(counts) or '0 problems'} in the knowledge")
            box.border_subtitle = Content("Esc close · the rest of the knowledge is shown" if errors
                                          else "Esc close · warnings only: all of the knowledge is shown" if warnings
                                          else "Esc close")
            text = Text("\n".join(plain(str(p)) for p in self._problems) or "No problems: the knowledge loaded cleanly.")
            yield Static(text, markup=False)

