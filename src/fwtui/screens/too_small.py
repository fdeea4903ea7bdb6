"""Shown instead of a broken layout while the terminal is below the minimum size."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen[None]):
    DEFAULT_CSS = """
    TooSmallScreen {
        align: center middle;
        & > Static { width: auto; max-width: 100%; text-align: center; text-style: bold; }
    }
    """
    BINDINGS = [Binding("q", "app.quit", "Quit", id="too_small.quit")]

    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self._minimum = (min_width, min_height)

    def compose(self) -> ComposeResult:
        yield Static("", markup=False)

    def on_resize(self) -> None:
        width, height = self.app.size
        self.query_one(Static).update(
            f"Terminal too small: {width}x{height}.\nfwtui needs at least {self._minimum[0]}x{self._minimum[1]}.\n"
            "Enlarge the window, or press q to quit."
        )
