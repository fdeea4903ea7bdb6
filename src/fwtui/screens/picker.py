"""A modal list to choose one of a few named things (presets, editions); dismisses with the id or None."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..widgets.labels import one_line
from .dialog import DialogScreen


DESCRIPTION_LIMIT = 120


class PickerScreen(DialogScreen[str | None]):
    DEFAULT_CSS = """
    PickerScreen {
        & > .dialog { width: 70; max-width: 100%; height: auto; max-height: 90%; }
        & OptionList, & OptionList:focus { height: auto; max-height: 20; border: none; background: $surface; }
    }
    """
    BINDINGS = [
        Binding("escape,q", "dismiss", "Cancel", id="picker.cancel"),
        # As in the tree: j and k move as the arrows do, so a hand used to them picks what it sees.
        Binding("j", "step(1)", "Next", show=False, id="picker.next"),
        Binding("k", "step(-1)", "Previous", show=False, id="picker.previous"),
    ]

    def __init__(self, title: str, options: list[tuple[str, str, str]], current: str) -> None:
        """``options`` are (id, title, description), shown in order; ``current`` is highlighted."""
        super().__init__()
        self._title = title
        self._options = options
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Content(self._title)
            box.border_subtitle = Content("Enter choose · Esc cancel")
            yield OptionList(*(self._option(*item) for item in self._options))

    def _option(self, option_id: str, title: str, description: str) -> Option:
        label = Text("● " if option_id == self._current else "  ", style="bold")
        label.append(one_line(title), style="bold")
        if description:
            # A glimpse, so that every choice fits on an 80x24 screen.
            summary = one_line(description)
            label.append("\n  ")
            label.append(summary if len(summary) <= DESCRIPTION_LIMIT else summary[: DESCRIPTION_LIMIT - 1] + "…", style="dim")
        return Option(label, id=option_id or "-none-")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [option_id for option_id, _, _ in self._options]
        if self._current in ids:
            options.highlighted = ids.index(self._current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        self.dismiss("" if chosen == "-none-" else chosen)

    def action_step(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_dismiss(self) -> None:
        self.dismiss(None)
