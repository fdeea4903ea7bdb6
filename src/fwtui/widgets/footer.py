"""Textual's footer, showing the keys that fit, and rebuilt only when they change."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

ALWAYS_SHOWN = ("app.help", "app.quit")
"""Binding ids the footer keeps at any width: the way to every other key, and the way out."""

from .textual_internals import FooterKey, mark_footer_ready


class Footer(TextualFooter):
    """The same footer, with its keys from the first frame, cut to the width without losing Help and Quit.

    Textual's footer starts empty and rebuilds all its keys (about ten widgets)
    after every focus change and screen resume, each rebuild costing a layout
    and a repaint, even when the keys shown stay the same; at start-up that is
    five rebuilds and the late frames that go with them. This one composes its
    keys at once, folds a burst of changes into one check after the next
    refresh, and rebuilds only when what it would show has changed. On a narrow
    terminal it leaves out the keys that do not fit, from the right, but never
    Help and Quit (Textual's would cut them off the end of the line).
    """

    def __init__(self, *children, **kwargs) -> None:
        super().__init__(*children, **kwargs)
        mark_footer_ready(self)
        self._shown: object = None
        self._check_pending = False

    def _fitting(self) -> list[tuple[Binding, bool, str]]:
        """The shown bindings (one per action) that fit in the terminal's width, in their order."""
        app = self.app
        keys: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                keys.setdefault(binding.action, (binding, enabled, tooltip))

        def width(binding: Binding) -> int:  # a compact key: "k Description" and a space after it
            return cell_len(app.get_key_display(binding)) + 1 + cell_len(binding.description) + 1

        # + 1: the last key's trailing space may fall off the edge.
        room = app.size.width + 1 - sum(width(b) for b, _, _ in keys.values() if b.id in ALWAYS_SHOWN)
        fitting = []
        for key in keys.values():
            binding = key[0]
            if binding.id not in ALWAYS_SHOWN:
                room -= width(binding)
                if room < 0:
                    continue
            fitting.append(key)
        return fitting

    def _keys_shown(self) -> object:
        """Everything compose() reads: equal values give an identical footer."""
        app = self.app
        return tuple(
            (binding.key, binding.action, binding.description, app.get_key_display(binding), enabled, tooltip)
            for binding, enabled, tooltip in self._fitting()
        )

    def compose(self):
        self._shown = self._keys_shown()
        # Each key born with the class its compact watcher sets: added later, it restyled every key again.
        compact = "-compact" if self.compact else ""
        for binding, enabled, tooltip in self._fitting():
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            disabled=not enabled, tooltip=tooltip, classes=compact).data_bind(
                compact=TextualFooter.compact)

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._check_soon()

    def on_resize(self, event: events.Resize) -> None:
        self._check_soon()

    def _check_soon(self) -> None:
        if not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._check_pending = False
        if self.is_attached and self._keys_shown() != self._shown:
            await self.recompose()
