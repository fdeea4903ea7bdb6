"""Textual's footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

from .textual_internals import mark_footer_ready


class Footer(TextualFooter):
    """The same footer, with its keys from the first frame and without redundant rebuilds.

    Textual's footer starts empty and rebuilds all its keys (about ten widgets)
    after every focus change and screen resume, each rebuild costing a layout
    and a repaint, even when the keys shown stay the same; at start-up that is
    five rebuilds and the late frames that go with them. This one composes its
    keys at once, folds a burst of changes into one check after the next
    refresh, and rebuilds only when what it would show has changed.
    """

    def __init__(self, *children, **kwargs) -> None:
        super().__init__(*children, **kwargs)
        mark_footer_ready(self)
        self._shown: object = None
        self._check_pending = False

    def _keys_shown(self) -> object:
        """Everything compose() reads: equal values give an identical footer."""
        app = self.app
        active = self.screen.active_bindings
        keys = tuple(
            (binding.key, binding.action, binding.description, binding.group, app.get_key_display(binding),
             enabled, tooltip)
            for _, binding, enabled, tooltip in active.values()
            if binding.show
        )
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _, binding, enabled, _ = found
                palette = (binding.key, app.get_key_display(binding), binding.description, binding.action,
                           binding.tooltip, enabled)
        return keys, palette

    def compose(self):
        self._shown = self._keys_shown()
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._check_pending = False
        if self.is_attached and self._keys_shown() != self._shown:
            await self.recompose()
