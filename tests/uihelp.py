"""Reading what the explorer's panes show, for the UI tests."""

from __future__ import annotations

import time

from rich.console import Console
from textual.content import Content

from fwtui.widgets.snippet_pane import SnippetPane
from fwtui.widgets.verdict_panel import VerdictPanel


def pane_code(pane: SnippetPane) -> str:
    """All the text in a snippet pane, also what is scrolled out of sight."""
    return pane.plain


def pane_title(pane: SnippetPane) -> str:
    """The pane's title as the border shows it (Textual reads it back as markup)."""
    return Content.from_markup(pane.border_title or "").plain


def verdict_text(app) -> str:
    """All the text in the verdict panel."""
    return app.screen.query_one(VerdictPanel).plain


def screen_text(screen) -> str:
    """Everything the modal's Static widgets show, as plain text (wrapping ignored)."""
    console = Console(width=200, color_system=None, record=True)
    for static in screen.query("Static"):
        shown = static.content
        console.print(shown.plain if isinstance(shown, Content) else shown)
    return " ".join(console.export_text().split())


def screen_strips(app) -> list:
    """The screen as the terminal would show it, styles and all: one Strip of Segments a line, after everything painted.

    Read from Textual's compositor (it has no public reader): a widget that forgot
    to repaint a line shows the old line here, as it would on the terminal.
    """
    return app.screen._compositor.render_strips()


def screen_lines(app) -> list[str]:
    """The screen's text, line by line (see :func:`screen_strips`)."""
    return [strip.text for strip in screen_strips(app)]


async def wait_for(pilot, condition, timeout: float = 20.0) -> None:
    """Let the app run until ``condition()`` holds (work in threads, subprocesses); fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await pilot.pause(0.05)


def first_command(app) -> str:
    """The palette's first offer, or '' while it has none (or is not open)."""
    from textual.command import CommandList, CommandPalette

    if not isinstance(app.screen, CommandPalette):
        return ""
    commands = app.screen.query_one(CommandList)
    return str(commands.get_option_at_index(0).prompt) if commands.option_count else ""


def filter_box_value(app) -> str | None:
    """What the filter box holds; None before / first opens it (it is made then)."""
    from textual.widgets import Input

    boxes = app.screen.query("#filter").results(Input)
    box = next(iter(boxes), None)
    return None if box is None else box.value
