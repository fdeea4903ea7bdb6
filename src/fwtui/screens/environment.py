"""This node as ``fwtui env`` reports it, and the Python the snippets run with, picked by keyboard.

Everything is collected on a thread (each interpreter asked with a timeout, nvidia-smi too),
so nothing here ever freezes the screen. The list shows every Python found; Enter picks the
one ``r`` runs snippets with for the rest of the session (the screen dismisses with it), and
``c`` copies a command that installs what the highlighted one lacks.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from ..clipboard import copy
from ..envinfo import EnvInfo, InstallHint, Interpreter, collect, cpu_only, install_hints, render_text
from ..model import Knowledge
from ..widgets.key_scroll import KeyScroll
from ..widgets.labels import plain
from .panel import PanelScreen

LOOKING = "Looking at this node: its Pythons, frameworks, GPUs (this may take a few seconds)…"
HEADINGS = ("Frameworks", "GPUs", "Environment:", "Advice:")
CHOSEN, OTHER = "● ", "  "


def indented(lines: list[tuple[str, Text]]) -> Group:
    """``(lead, text)`` rows whose wrapped lines stay under their own text, not under the lead."""
    parts = []
    for lead, text in lines:
        if not lead:
            parts.append(text)
            continue
        row = Table.grid()
        row.add_column(width=len(lead), no_wrap=True)
        row.add_column(ratio=1)
        row.add_row(lead, text)
        parts.append(row)
    return Group(*parts)


def report_text(info: EnvInfo) -> Group:
    """The CLI's report without the frameworks (the list above shows them), every value literal."""
    rows = []
    for number, line in enumerate(render_text(info, frameworks=False)):
        line = plain(line)
        rest = line.lstrip(" ")
        lead = line[: len(line) - len(rest)]
        if rest.startswith("- "):
            lead, rest = lead + "- ", rest[2:]
        style = "bold" if number == 0 or line.startswith(HEADINGS) else ""
        rows.append((lead, Text(rest if lead else line, style)))
    return indented(rows)


def interpreter_prompt(interpreter: Interpreter, in_use: bool) -> Table:
    """The path and where it was found, then its version and each framework's version (– when missing)."""
    path = Text(plain(interpreter.path), style="bold")
    path.append(f"  {', '.join(interpreter.found_by)}", style="dim")
    if interpreter.error:
        has = Text(plain(interpreter.error), style="italic")
    else:
        has = Text(f"Python {plain(interpreter.version or '?')}: ")
        has.append(" · ".join(f"{plain(m.module)} {plain(m.version or '?') if m.installed else '–'}"
                              for m in interpreter.modules))
    return indented([(CHOSEN if in_use else OTHER, path), (OTHER, has)])


def hints_text(hints: list[InstallHint]) -> Group:
    missing = ", ".join(dict.fromkeys(plain(h.name) for h in hints))
    head = Text(f"Not in this Python: {missing}.", style="bold")
    if any(h.command for h in hints):
        head.append(" c copies a command:", style="bold")
    rows = [("", head)]
    for hint in hints:
        if hint.command:
            rows.append(("  $ ", Text(plain(hint.command))))
            if hint.note:
                rows.append(("    ", Text(plain(hint.note), style="italic")))
        else:
            rows.append(("  ", Text(plain(hint.note), style="italic")))
    return indented(rows)


class EnvironmentScreen(PanelScreen):
    DEFAULT_CSS = """
    EnvironmentScreen {
        & > .dialog {
            max-width: 120;
            padding: 0 1;
        }
        & #interpreters, & #interpreters:focus {
            height: auto; max-height: 50%; border: none; padding: 0; background: $surface;
            scrollbar-size: 1 1;
        }
        & #env-hint { height: auto; color: $text-muted; }
        & #install { height: auto; border-top: solid $foreground 30%; }
        & #env-scroll { height: 1fr; border-top: solid $foreground 30%; scrollbar-size: 1 1; }
        & #env-report { width: 1fr; }
        & #env-report.-waiting { color: $text-muted; text-style: italic; }
    }
    """
    BINDINGS = [
        Binding("escape,q,n", "close", "Close", id="env.close"),
        Binding("r", "refresh_report", "Look again", id="env.refresh"),
        Binding("c", "copy_install", "Copy install command", id="env.copy_install"),
        Binding("j", "move(1)", "Next Python", show=False, id="env.next"),
        Binding("k", "move(-1)", "Previous Python", show=False, id="env.previous"),
    ]

    def __init__(self, knowledge: Knowledge, python: str | None = None, chosen: str | None = None) -> None:
        """``python`` is ``--python`` (always listed); ``chosen`` the interpreter picked so far, if any."""
        super().__init__()
        self._knowledge = knowledge
        self._python = python
        self.chosen = chosen
        self.info: EnvInfo | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Content("This node")
            box.border_subtitle = Content("Enter pick · c copy install command · r look again · Esc close")
            yield Static(Content("r in the explorer runs snippets with the ● Python; Enter picks another."),
                         id="env-hint")
            yield OptionList(id="interpreters")
            install = Static(Content(""), id="install")
            install.display = False  # until an interpreter is highlighted
            yield install
            with KeyScroll(id="env-scroll"):
                yield Static(Content(LOOKING), id="env-report", classes="-waiting")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.action_refresh_report()

    def action_close(self) -> None:
        self.dismiss(self.chosen)

    # -- looking --------------------------------------------------------------------------------

    def action_refresh_report(self) -> None:
        report = self.query_one("#env-report", Static)
        report.update(Content(LOOKING))
        report.add_class("-waiting")
        self.run_worker(lambda: collect(self._knowledge, python=self._python), name="env", group="env",
                        thread=True, exclusive=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "env" or not self.is_attached:
            return
        report = self.query_one("#env-report", Static)
        if event.state == WorkerState.SUCCESS:
            self.info = event.worker.result
            report.update(report_text(self.info))
            report.remove_class("-waiting")
            self._show_interpreters()
        elif event.state == WorkerState.ERROR:
            report.update(Text(f"Could not look at this node: {plain(str(event.worker.error))}"))
            report.remove_class("-waiting")

    # -- the interpreters -------------------------------------------------------------------------

    @property
    def interpreters(self) -> tuple[Interpreter, ...]:
        return self.info.interpreters if self.info else ()

    @property
    def in_use(self) -> str | None:
        """The path snippets run with: the one picked, else the first found."""
        paths = [i.path for i in self.interpreters]
        return self.chosen if self.chosen in paths or not paths else paths[0]

    def _show_interpreters(self) -> None:
        options = self.query_one(OptionList)
        keep = options.highlighted
        in_use = self.in_use
        options.clear_options()
        options.add_options([Option(interpreter_prompt(i, i.path == in_use)) for i in self.interpreters])
        paths = [i.path for i in self.interpreters]
        if keep is None or keep >= len(paths):
            keep = paths.index(in_use) if in_use in paths else 0
        options.highlighted = keep if paths else None
        self._show_install()

    @property
    def highlighted(self) -> Interpreter | None:
        index = self.query_one(OptionList).highlighted
        return self.interpreters[index] if index is not None and index < len(self.interpreters) else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_install()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        interpreter = self.highlighted
        if interpreter is None:
            return
        if interpreter.error:
            self.notify(f"Cannot run snippets with it: {interpreter.error}", severity="warning", markup=False)
            return
        self.chosen = interpreter.path
        self._show_interpreters()
        self.notify(f"r now runs snippets with {interpreter.path}", title="Python picked", markup=False)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def _hints(self) -> list[InstallHint]:
        interpreter = self.highlighted
        return install_hints(interpreter, cpu_only=cpu_only(self.info)) if interpreter and self.info else []

    def _show_install(self) -> None:
        interpreter = self.highlighted
        box = self.query_one("#install", Static)
        box.display = interpreter is not None and not interpreter.error
        if not box.display:
            return
        hints = self._hints()
        box.update(hints_text(hints) if hints else
                   Content("Every framework the knowledge compares is installed in this Python."))

    def action_copy_install(self) -> None:
        commands = [hint for hint in self._hints() if hint.command]
        if not commands:
            self.notify("Nothing to install into this Python, or no command fwtui can offer.", markup=False)
            return
        if len(commands) == 1:
            self._copy_command(commands[0].command)
            return
        from .picker import PickerScreen

        options = [(hint.command, hint.command, hint.note or f"installs {hint.name}") for hint in commands]
        self.app.push_screen(PickerScreen("Copy an install command", options, ""), self._copy_command)

    def _copy_command(self, command: str | None) -> None:
        if command:
            copy(self.app, command, "the install command")
