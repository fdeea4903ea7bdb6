"""One line per snippet of a run: waiting, running, passed, failed, skipped, cancelled."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from .labels import one_line

WAITING, RUNNING, NOT_RUN = "WAIT", "RUN", "NOT RUN"
"""States of the explorer's own; the finished ones are :mod:`fwtui.verify`'s (PASS, FAIL, SKIP, ...)."""
STYLES = {
    "PASS": "pass", "FAIL": "fail", "TIMEOUT": "fail", "CANCELLED": "fail",
    "SKIP": "muted", NOT_RUN: "muted", WAITING: "muted", RUNNING: "running",
}


@dataclass(frozen=True)
class RunRow:
    label: str
    status: str = WAITING
    detail: str = ""
    seconds: float | None = None

    def with_status(self, status: str, detail: str = "", seconds: float | None = None) -> RunRow:
        return replace(self, status=status, detail=detail, seconds=seconds)


class RunStatus(Widget):
    """Shows ``rows``; replace the tuple to update it."""

    DEFAULT_CSS = """
    RunStatus {
        height: auto;
        & > .run-status--pass { color: $text-success; text-style: bold; }
        & > .run-status--fail { color: $text-error; text-style: bold; }
        & > .run-status--muted { color: $text-muted; }
        & > .run-status--running { color: $text-accent; text-style: bold; }
    }
    """
    COMPONENT_CLASSES = {"run-status--pass", "run-status--fail", "run-status--muted", "run-status--running"}

    rows: reactive[tuple[RunRow, ...]] = reactive((), layout=True)

    def render(self) -> Table:
        width = max((len(row.status) for row in self.rows), default=4)
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(width=width, no_wrap=True)
        table.add_column(ratio=1)
        muted = self.get_component_rich_style("run-status--muted", partial=True)
        for row in self.rows:
            style = self.get_component_rich_style(f"run-status--{STYLES.get(row.status, 'muted')}", partial=True)
            line = Text(one_line(row.label))
            if row.seconds is not None:
                line.append(f" ({row.seconds:.1f} s)")
            if row.detail:
                line.append(f": {one_line(short_detail(row.detail))}", muted)
            table.add_row(Text(row.status, style), line)
        return table


def short_detail(detail: str) -> str:
    """verify's "skipped (torch not installed)" reads "torch not installed" next to SKIP."""
    if detail.startswith("skipped (") and detail.endswith(")"):
        return detail[len("skipped ("):-1]
    return detail
