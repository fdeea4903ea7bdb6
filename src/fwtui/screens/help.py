"""Help: how to read the explorer, how scoring works, and fwtui's keys as the user's keymap has them."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from ..commands import catalogue, dialog_keys
from ..priorities import LEVELS
from ..scoring import points_legend
from ..widgets.key_scroll import KeyScroll
from ..widgets.labels import (ADDED_MARK, NOTE_MARK, PRIORITY_METER, REPLACED_MARK, TIE_MARK, abbreviations,
                              key_for, one_line)
from .dialog import DialogScreen

EXTRA = [
    ("Everywhere", "tab shift+tab", "Next or previous pane"),
    ("Everywhere", "ctrl+p", "Command palette: every action and every criterion, by name or id"),
    ("Criteria tree", "enter space", "Open or close a group"),
    ("Snippet pane", "arrows pgup pgdn", "Scroll (also the verdict, the help and a zoomed scoreboard)"),
]
"""Keys that Textual's own widgets handle, which fwtui's bindings do not describe."""


class HelpScreen(DialogScreen[None]):
    DEFAULT_CSS = """
    HelpScreen > .dialog { width: 84; max-width: 100%; height: 90%; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
        Binding("j", "scroll(1)", "Scroll down", show=False, id="help.down"),
        Binding("k", "scroll(-1)", "Scroll up", show=False, id="help.up"),
    ]

    def compose(self) -> ComposeResult:
        with KeyScroll(classes="dialog") as box:
            box.border_title = Content("Help")
            box.border_subtitle = Content("j k scroll · Esc close")
            yield Static(Group(*self._reading(), *self._scoring(), *self._keys()))

    def on_mount(self) -> None:
        self.query_one(KeyScroll).focus()

    def action_scroll(self, step: int) -> None:
        self.query_one(KeyScroll).scroll_lines(step)


    # -- the sections ---------------------------------------------------------------------------

    @staticmethod
    def _heading(title: str) -> Text:
        return Text(title, style="bold underline")

    @staticmethod
    def _grid() -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        return table

    def _reading(self) -> list:
        """The legend for the tree's marks; the framework letters come from the knowledge."""
        main = self.app.get_default_screen()
        frameworks = main.knowledge.frameworks
        marks = abbreviations(frameworks)
        table = self._grid()
        meters = " ".join(reversed(PRIORITY_METER))
        table.add_row(Text(meters), Text(f"Your priority on a criterion: {', '.join(reversed(LEVELS))}"))
        for framework in frameworks:
            table.add_row(Text(marks[framework.id]), Text(f"The verdict names {one_line(framework.name)}"))
        table.add_row(Text(TIE_MARK), Text("A tie: neither framework wins it"))
        table.add_row(Text(NOTE_MARK), Text("A note: shown for context, never scored"))
        table.add_row(Text(ADDED_MARK), Text("Added by an overlay (a team's or your own criteria)"))
        replaced = Text("Replaced by an overlay")
        shipped = key_for(main, "main.shipped")
        if shipped:
            replaced.append(f"; {shipped} shows the shipped one beside it")
        table.add_row(Text(REPLACED_MARK), replaced)
        return [self._heading("Reading the criteria tree"), table, Text("")]

    def _scoring(self) -> list:
        main = self.app.get_default_screen()
        points = points_legend()
        text = Text(
            "Each criterion whose verdict names a framework gives that framework as many points as "
            f"your priority on it: {points}. Ties and notes give none. The framework with the most "
            "points leads; the tipping point is the smallest single change of priority that changes "
            "the leader."
        )
        tipping, zoom = key_for(main, "main.tipping"), key_for(main, "main.zoom")
        if tipping:
            text.append(f" {tipping} goes to it.")
        if zoom:
            text.append(f" {zoom} on the scoreboard shows every criterion's points.")
        return [self._heading("How scoring works"), text, Text("")]

    def _keys(self) -> list:
        rows: dict[str, list[tuple[str, str]]] = {}
        for entry in catalogue(self.app):
            rows.setdefault(entry.context, []).append((entry.keys, entry.binding.description))
        for context, keys, description in [*EXTRA, *dialog_keys(self.app)]:
            rows.setdefault(context, []).append((keys, description))
        table = self._grid()  # one grid, so that the descriptions line up from section to section
        for context, items in rows.items():
            table.add_row(Text(context, style="bold underline"), "")
            for keys, description in items:
                table.add_row(Text(keys), Text(description))
            table.add_row("", "")
        return [self._heading("Keys"), table]
