"""This node as ``fwtui env`` reports it, collected on a thread so a slow nvidia-smi never freezes the screen."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from ..envinfo import EnvInfo, collect, render_text
from ..model import Knowledge
from ..widgets.labels import plain
from .panel import PanelScreen

LOOKING = "Looking at this node: Python, frameworks, GPUs (nvidia-smi may take a few seconds)…"
HEADINGS = ("Frameworks", "GPUs", "Environment:", "Advice:")


def report_text(info: EnvInfo) -> Group:
    """The CLI's report, section lines in bold, wrapped lines indented under their own; every value literal."""
    parts = []
    for number, line in enumerate(render_text(info)):
        line = plain(line)
        rest = line.lstrip(" ")
        lead = line[: len(line) - len(rest)]
        if rest.startswith("- "):
            lead, rest = lead + "- ", rest[2:]
        style = "bold" if number == 0 or line.startswith(HEADINGS) else ""
        if not lead:
            parts.append(Text(line, style))
            continue
        row = Table.grid()
        row.add_column(width=len(lead), no_wrap=True)
        row.add_column(ratio=1)
        row.add_row(lead, Text(rest, style))
        parts.append(row)
    return Group(*parts)


class EnvironmentScreen(PanelScreen):
    DEFAULT_CSS = """
    EnvironmentScreen {
        & > VerticalScroll {
            max-width: 120;
            padding: 0 1; scrollbar-size: 1 1;
        }
        & #env-report { width: 1fr; }
        & #env-report.-waiting { color: $text-muted; text-style: italic; }
    }
    """
    BINDINGS = [
        Binding("escape,q,n", "close", "Close", id="env.close"),
        Binding("r", "refresh_report", "Look again", id="env.refresh"),
    ]

    def __init__(self, knowledge: Knowledge) -> None:
        super().__init__()
        self._knowledge = knowledge
        self.info: EnvInfo | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="panel") as box:
            box.border_title = Content("This node")
            box.border_subtitle = Content("r look again · Esc close")
            yield Static(Content(LOOKING), id="env-report", classes="-waiting")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
        self.action_refresh_report()

    def action_refresh_report(self) -> None:
        report = self.query_one("#env-report", Static)
        report.update(Content(LOOKING))
        report.add_class("-waiting")
        self.run_worker(lambda: collect(self._knowledge), name="env", group="env", thread=True, exclusive=True,
                        exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "env" or not self.is_attached:
            return
        report = self.query_one("#env-report", Static)
        if event.state == WorkerState.SUCCESS:
            self.info = event.worker.result
            report.update(report_text(self.info))
            report.remove_class("-waiting")
        elif event.state == WorkerState.ERROR:
            report.update(Text(f"Could not look at this node: {plain(str(event.worker.error))}"))
            report.remove_class("-waiting")
