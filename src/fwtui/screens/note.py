"""A one-line box to type the user's note on a criterion; dismisses with the text, or None to keep the old one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input

from ..widgets.labels import one_line
from .dialog import DialogScreen

NOTE_LIMIT = 500
"""Characters: a note is a reason for a priority, not a document; the export quotes it."""


class NoteScreen(DialogScreen[str | None]):
    DEFAULT_CSS = """
    NoteScreen {
        & > .dialog { width: 76; max-width: 100%; height: auto; padding: 0 1; }
        & Input, & Input:focus { border: none; height: 1; padding: 0; background: $boost; }
    }
    """
    BINDINGS = [
        # Priority: acts as it is typed, so a key typed right after Enter is not typed into the box.
        Binding("enter", "keep", "Keep the note", priority=True, id="note.keep"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(self, criterion_title: str, criterion_id: str, note: str) -> None:
        super().__init__()
        self._title = f"Note on {one_line(criterion_title)} ({one_line(criterion_id)})"
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Content(self._title)  # Content: knowledge text is never read as markup
            box.border_subtitle = Content("Enter keep · empty removes it · Esc cancel")
            yield Input(self._note, placeholder="why this priority, for this team", max_length=NOTE_LIMIT)

    def on_key(self, event) -> None:
        # A letter typed right after the key that opened the box went to the screen, the box not
        # having focus yet (the box itself uses every letter it gets, so none other comes here).
        if event.is_printable and event.character:
            event.stop()
            self.query_one(Input).insert_text_at_cursor(event.character)

    def action_keep(self) -> None:
        self.dismiss(" ".join(self.query_one(Input).value.split()))

    def action_cancel(self) -> None:
        self.dismiss(None)
