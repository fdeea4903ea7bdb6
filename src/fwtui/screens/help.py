"""Every binding, grouped by where it applies, as the user's keymap has them."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..commands import catalogue, dialog_keys

EXTRA = [
    ("Everywhere", "ctrl+p", "Command palette: every action and every criterion"),
    ("Criteria tree", "up down", "Move"),
    ("Criteria tree", "enter space", "Open or close a group"),
]
"""Keys that Textual's own widgets handle, which the binding catalogue does not describe."""


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 84; max-width: 100%; height: 90%;
            border: round $accent; border-title-color: $text; background: $surface; padding: 0 1;
        }
    }
    """
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        rows: dict[str, list[tuple[str, str]]] = {}
        for entry in catalogue(self.app):
            rows.setdefault(entry.context, []).append((entry.keys, entry.binding.description))
        for context, keys, description in [*EXTRA, *dialog_keys(self.app)]:
            rows.setdefault(context, []).append((keys, description))
        for context, items in rows.items():
            table.add_row(Text(context, style="bold underline"), "")
            for keys, description in items:
                table.add_row(Text(keys), Text(description))
            table.add_row("", "")
        with VerticalScroll() as box:
            box.border_title = Content("Keys")
            box.border_subtitle = Content("Esc close")
            yield Static(table)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
