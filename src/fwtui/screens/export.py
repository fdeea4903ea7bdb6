"""The export dialog: write the decision, with the team's context, never overwriting a file without asking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static

from ..model import Edition, Knowledge, Team
from ..widgets.toggles import ShapeCheckbox, ShapeRadioButton
from .dialog import DialogScreen

SAFE_WRITE = "An existing file is never replaced without asking."


def suggested_name(edition: Edition, date: dt.date) -> str:
    """``fwtui-decision-DATE.md``, with the edition first unless it is just the date's year (no 2026-2026-...)."""
    if edition.id == str(date.year):
        return f"fwtui-decision-{date.isoformat()}.md"
    return f"fwtui-decision-{edition.id}-{date.isoformat()}.md"


class ExportRequested(Message):
    """Enter on a choice in the dialog: export as it stands (the dialog's hint says Enter exports)."""


class _Option(ShapeCheckbox):
    """A check box: Space ticks it, Enter exports."""

    BINDINGS = [Binding("enter", "export", "Export", show=False)]

    def action_export(self) -> None:
        self.post_message(ExportRequested())


class FormatChoice(RadioSet):
    """The format: the arrows choose, as in any radio group, so what is highlighted is what Enter exports."""

    BINDINGS = [
        Binding("down,right", "step(1)", "Next format", show=False),
        Binding("up,left", "step(-1)", "Previous format", show=False),
        Binding("enter", "export", "Export", show=False),
    ]

    def __init__(self, *buttons: RadioButton, **kwargs) -> None:
        super().__init__(*buttons, **kwargs)
        self.chosen = next((b.id for b in buttons if b.value), buttons[0].id)
        """The id of the chosen format's button, known at once (the set learns of a change a message later)."""

    def action_step(self, step: int) -> None:
        buttons = list(self.query(RadioButton))
        index = next(i for i, b in enumerate(buttons) if b.id == self.chosen)
        target = buttons[(index + step) % len(buttons)]
        self.chosen = target.id
        target.value = True
        for _ in range(abs(step)):  # the highlight follows the choice
            self.action_next_button() if step > 0 else self.action_previous_button()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.chosen = event.pressed.id  # Space, or a click

    def action_export(self) -> None:
        self.post_message(ExportRequested())


class ExportDialog(DialogScreen[Team | None]):
    """Dismisses with the team context it exported (title, deciders, status, context), or None when cancelled."""

    DEFAULT_CSS = """
    ExportDialog {
        & > .dialog { width: 76; max-width: 100%; height: auto; max-height: 100%; padding: 0 1; }
        & #fields { height: auto; margin-top: 1; }
        & .field { height: 1; }
        & .field Label { width: 10; }
        & Input { width: 1fr; }
        & #options { height: 1; margin-top: 1; }
        & Checkbox { width: auto; height: auto; border: none; padding: 0; margin-right: 3; }
        & RadioSet { width: 1fr; height: auto; border: none; padding: 0; layout: horizontal; }
        & RadioButton { width: auto; margin-right: 3; }
        & #message { height: auto; margin-top: 1; color: $text-muted; }
        & #message.-error { color: $text-error; text-style: bold; }
        & #message.-warning { color: $text-warning; text-style: bold; }
        & #buttons { height: auto; margin-top: 1; align-horizontal: right; }
        & Button { margin-left: 2; min-width: 13; }
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, knowledge: Knowledge, edition: Edition, priorities: dict[str, int], preset: str | None,
                 notes: Mapping[str, str] | None = None, team: Team | None = None) -> None:
        """``notes``: the user's notes on criteria (criterion id to text), written with the decision;
        ``team``: the title, deciders, status and context of the last export, filled in again.

        Dismissed with the team as exported (the caller keeps it for the next export), or None.
        """
        from ..export import export_date

        super().__init__()
        self._knowledge, self._edition, self._priorities, self._preset = knowledge, edition, priorities, preset
        self._notes = {cid: note for cid, note in (notes or {}).items() if edition.criterion(cid) and note.strip()}
        self._date = export_date(None)
        self._confirmed: Path | None = None
        """The existing file the user agreed to overwrite."""
        self._last_team = team

    def compose(self) -> ComposeResult:
        from ..model import DEFAULT_STATUS

        last = self._last_team
        with Vertical(classes="dialog") as box:
            box.border_title = Content("Export the decision")
            box.border_subtitle = Content("Enter export · Esc cancel")
            with Vertical(id="fields"):
                for field_id, label, value, placeholder in (
                    ("path", "File", suggested_name(self._edition, self._date), "relative to the current folder"),
                    ("title", "Title", last.title if last else "", "default: named after the choice"),
                    ("deciders", "Deciders", ", ".join(last.deciders) if last else "", "names, separated by commas"),
                    ("status", "Status", last.status if last else DEFAULT_STATUS,
                     "proposed, accepted, rejected, superseded by ..."),
                    ("context", "Context", last.context if last else "", "why the decision came up"),
                ):
                    with Horizontal(classes="field"):
                        yield Label(label)
                        yield Input(value, placeholder=placeholder, id=field_id, compact=True)
            with Horizontal(id="options"):
                yield _Option("Code snippets", id="snippets", compact=True)
                yield _Option("Brief: no criteria appendix", id="brief", compact=True)
            yield FormatChoice(
                ShapeRadioButton("Markdown summary", value=True, id="markdown", compact=True),
                ShapeRadioButton("Decision record (MADR)", id="madr", compact=True),
                id="format",
            )
            yield Static(Content(self._usual_message()), id="message")
            with Horizontal(id="buttons"):
                yield Button("Export", variant="primary", id="export", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def _usual_message(self) -> str:
        count = len(self._notes)
        if not count:
            return SAFE_WRITE
        return f"Your notes on {count} {'criterion go' if count == 1 else 'criteria go'} with it. {SAFE_WRITE}"

    @property
    def target(self) -> Path:
        return (Path.cwd() / Path(self._value("path")).expanduser()).absolute()

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def _say(self, message: str, kind: str = "") -> None:
        shown = self.query_one("#message", Static)
        shown.update(Content(message))
        shown.set_class(kind == "error", "-error")
        shown.set_class(kind == "warning", "-warning")

    @on(Input.Changed, "#path")
    def _path_changed(self) -> None:
        if self._confirmed is not None or self.query_one("#message").has_class("-error"):
            self._say(self._usual_message())  # what was said was about the old name
        self._confirmed = None
        self.query_one("#export", Button).label = "Export"

    def _team(self):
        from ..model import DEFAULT_STATUS, Team

        deciders = tuple(name.strip() for name in self._value("deciders").split(",") if name.strip())
        return Team(self._value("title"), deciders, self._value("status") or DEFAULT_STATUS, self._value("context"))

    @on(Input.Submitted)
    @on(ExportRequested)
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        from ..export import Decision, render
        from ..safefile import WriteError, write_atomic

        if not self._value("path"):
            self._say("Type a file name first.", "error")
            return
        target = self.target
        if target.exists() and not target.is_dir() and self._confirmed != target:
            self._confirmed = target
            self.query_one("#export", Button).label = "Overwrite"
            self._say(f"{target} already exists. Press Enter or Overwrite to replace it, or change the name.", "warning")
            return
        team = self._team()
        decision = Decision(
            self._knowledge, self._edition, self._priorities, self._date, self._preset,
            self.query_one("#snippets", Checkbox).value,
            team=team, notes=self._notes, brief=self.query_one("#brief", Checkbox).value,
        )
        fmt = self.query_one(FormatChoice).chosen
        try:
            write_atomic(target, render(decision, fmt), overwrite=self._confirmed == target)
        except WriteError as error:
            self._confirmed = None
            self.query_one("#export", Button).label = "Export"
            self._say(f"Not written: {error}", "error")
            return
        self.app.notify(f"Wrote {target}", title="Exported", markup=False, timeout=8)
        self.dismiss(team)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
