"""The screen's keys on one line: those that fit, and Help and Quit at any width."""

from __future__ import annotations

from rich.cells import cell_len
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

ALWAYS_SHOWN = ("app.help", "app.quit")
"""Binding ids the footer keeps at any width: the way to every other key, and the way out."""


class Footer(Widget, can_focus=False):
    """The keys the focused widget and its screen offer, as Textual's compact footer shows them.

    One widget drawing one line of text, where Textual's footer is a container
    of about ten key widgets that it composes again after every focus change:
    each of those widgets is styled and laid out, which was a seventh of the
    explorer's start-up. Here a change of keys repaints the line, and only when
    what it shows has changed. On a narrow terminal the keys that do not fit
    are left out whole, from the right, but never Help and Quit.
    """

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    KEY_STYLE = "bold $footer-key-foreground on $footer-key-background"
    DESCRIPTION_STYLE = "$footer-description-foreground on $footer-description-background"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[tuple[str, str, bool], ...] | None = None
        self._check_pending = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _keys_shown(self) -> tuple[tuple[str, str, bool], ...]:
        """(key as shown, description, enabled) for each key on the line, left to right."""
        app = self.app
        keys: dict[str, tuple[Binding, bool]] = {}
        for _, binding, enabled, _ in self.screen.active_bindings.values():
            if binding.show:
                keys.setdefault(binding.action, (binding, enabled))
        shown = [(binding.id, app.get_key_display(binding), binding.description, enabled)
                 for binding, enabled in keys.values()]

        def width(key: str, description: str) -> int:  # "k Description" and the space after it
            return cell_len(key) + 1 + cell_len(description) + 1

        # + 1: the last key's trailing space may fall off the edge.
        room = (self.size.width or app.size.width) + 1 - sum(
            width(key, description) for id_, key, description, _ in shown if id_ in ALWAYS_SHOWN)
        fitting = []
        for id_, key, description, enabled in shown:
            if id_ not in ALWAYS_SHOWN:
                room -= width(key, description)
                if room < 0:
                    continue
            fitting.append((key, description, enabled))
        return tuple(fitting)

    def render(self) -> Content:
        self._shown = self._keys_shown()
        parts: list[Content] = []
        for key, description, enabled in self._shown:
            part = Content.assemble((key, self.KEY_STYLE), " ", (description, self.DESCRIPTION_STYLE), " ")
            parts.append(part if enabled else part.stylize("dim"))
        return Content("").join(parts)

    def _bindings_changed(self, screen: Screen) -> None:
        # A focus change announces new bindings several times in a row: one check after the next refresh.
        if screen is self.screen and not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._repaint_if_changed)

    def _repaint_if_changed(self) -> None:
        self._check_pending = False
        if self.is_attached and self._keys_shown() != self._shown:
            self.refresh()
