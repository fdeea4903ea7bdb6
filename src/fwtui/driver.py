"""Textual's terminal driver, sending only the cells that change (see :mod:`fwtui.screendiff`)."""

from __future__ import annotations

import os

from textual.drivers.linux_driver import LinuxDriver

from .screendiff import ScreenDiff


class ScreenDiffDriver(LinuxDriver):
    """The Linux driver with every frame rewritten against what the terminal already shows."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.screen_diff = ScreenDiff(0, 0)
        self._diffed_size: os.terminal_size | None = None
        """The terminal size the screen diff was last set to (not Driver._size, which App.size reads)."""

    def write(self, data: str) -> None:
        try:
            size = os.get_terminal_size(self.fileno)
        except OSError:  # not a terminal: nothing to compare against
            super().write(data)
            return
        if size != self._diffed_size:  # a resized terminal may have redrawn, cleared or reflowed itself
            self._diffed_size = size
            self.screen_diff.resize(size.columns, size.lines)
        data = self.screen_diff.filter(data)
        if data:
            super().write(data)

    def start_application_mode(self) -> None:
        self.screen_diff.reset()  # after a suspend the terminal holds whatever the shell left
        super().start_application_mode()

    def stop_application_mode(self) -> None:
        self.screen_diff.reset()
        super().stop_application_mode()
