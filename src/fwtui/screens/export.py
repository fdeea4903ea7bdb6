"""The export dialog: write the decision as markdown, never overwriting a file without asking."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static

from ..model import Edition, Knowledge
from ..widgets.toggles import ShapeCheckbox, ShapeRadioButton


def suggested_name(edition: Edition, date) -> str:
    return f"fwtui-decision-{edition.id}-{date.isoformat()}.md"


class ExportDialog(ModalScreen[Path | None]):
    """Dismisses with the path written, or None when cancelled."""

    DEFAULT_CSS = """
    ExportDialog {
        align: center middle;
        & > Vertical {
            width: 76; max-width: 100%; height: auto; max-height: 100%;
            border: round $accent; border-title-color: $text; background: $surface; padding: 0 1;
        }
        & Label { margin-top: 1; }
        & Input { width: 1fr; margin-bottom: 1; }
        & RadioSet { width: 1fr; height: auto; border: none; padding: 0; layout: horizontal; }
        & RadioButton { width: auto; margin-right: 2; }
        & Checkbox { height: auto; border: none; padding: 0; }
        & #message { height: auto; margin-top: 1; color: $text-muted; }
        & #message.-error { color: $text-error; text-style: bold; }
        & #message.-warning { color: $text-warning; text-style: bold; }
        & #buttons { height: auto; margin-top: 1; align-horizontal: right; }
        & Button { margin-left: 2; min-width: 10; }
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, knowledge: Knowledge, edition: Edition, priorities: dict[str, int], preset: str | None) -> None:
        from ..export import export_date

        super().__init__()
        self._knowledge, self._edition, self._priorities, self._preset = knowledge, edition, priorities, preset
        self._date = export_date(None)
        self._confirmed: Path | None = None
        """The existing file the user agreed to overwrite."""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content("Export the decision")
            box.border_subtitle = Content("Enter export · Esc cancel")
            yield Label("File (relative to the current folder)")
            yield Input(suggested_name(self._edition, self._date), id="path", compact=True)
            yield ShapeCheckbox("Include the code snippets", id="snippets", compact=True)
            with RadioSet(id="format"):
                yield ShapeRadioButton("Markdown summary", value=True, id="markdown", compact=True)
                yield ShapeRadioButton("Decision record (MADR)", id="madr", compact=True)
            yield Static(Content("An existing file is never replaced without asking."), id="message")
            with Horizontal(id="buttons"):
                yield Button("Export", variant="primary", id="export", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @property
    def target(self) -> Path:
        return (Path.cwd() / Path(self.query_one("#path", Input).value.strip()).expanduser()).absolute()

    def _say(self, message: str, kind: str = "") -> None:
        shown = self.query_one("#message", Static)
        shown.update(Content(message))
        shown.set_class(kind == "error", "-error")
        shown.set_class(kind == "warning", "-warning")

    @on(Input.Changed, "#path")
    def _path_changed(self) -> None:
        self._confirmed = None
        self.query_one("#export", Button).label = "Export"

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        from ..export import Decision, render
        from ..safefile import WriteError, write_atomic

        if not self.query_one("#path", Input).value.strip():
            self._say("Type a file name first.", "error")
            return
        target = self.target
        if target.exists() and not target.is_dir() and self._confirmed != target:
            self._confirmed = target
            self.query_one("#export", Button).label = "Overwrite"
            self._say(f"{target} already exists. Press Enter or Overwrite to replace it, or change the name.", "warning")
            return
        decision = Decision(
            self._knowledge, self._edition, self._priorities, self._date, self._preset,
            self.query_one("#snippets", Checkbox).value,
        )
        fmt = "madr" if self.query_one("#madr", RadioButton).value else "markdown"
        try:
            write_atomic(target, render(decision, fmt), overwrite=self._confirmed == target)
        except WriteError as error:
            self._confirmed = None
            self.query_one("#export", Button).label = "Export"
            self._say(f"Not written: {error}", "error")
            return
        self.app.notify(f"Wrote {target}", title="Exported", markup=False, timeout=8)
        self.dismiss(target)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
