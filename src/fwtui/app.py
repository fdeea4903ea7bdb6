"""The explorer application. The CLI builds it (``cli.build_explorer``); nothing here imports the CLI."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from pathlib import Path

from collections import deque
from collections.abc import Callable
from functools import partial

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.message_pump import MessagePump
from textual.scrollbar import ScrollBar

from .model import Edition, Knowledge, Problem
from .paths import shipped_bytes
from .safefile import WriteError
from .screens.main import MainScreen
from .state import State, save_state, unsavable
from .widgets.scrollbars import DirectScrollBarRender

MIN_WIDTH, MIN_HEIGHT = 60, 18
SAVE_DELAY = 0.5
"""Seconds of quiet before the state is written, so a held-down key writes once."""
KEY_WAIT = 1.0
"""Seconds the next key typed ahead waits, at most, for the one before it to be handled."""


class KeyHandled(Message):
    """Sent behind a key to the widget the key went to, once another key waits for it; when it
    bubbles up to the app, so has the key."""

    def __init__(self, key: events.Key, target: MessagePump) -> None:
        super().__init__()
        self.key = key
        self.target = target
        self.sent = False


def _action_commands():
    # The palette's providers, imported when the palette first opens rather than at start-up.
    from .commands import ActionCommands

    return ActionCommands


def _criterion_commands():
    from .commands import CriterionCommands

    return CriterionCommands


class ExplorerApp(App[None]):
    CSS = shipped_bytes("fwtui.tcss").decode("utf-8")
    """The page layout, read as a resource rather than through CSS_PATH: Textual opens a CSS_PATH as a
    file on disk, and in the one-file bundle the stylesheet lies inside a zip."""
    TITLE = "fwtui"
    COMMANDS = {_action_commands, _criterion_commands}
    """Textual's own commands are offered by the actions provider, after fwtui's."""
    HORIZONTAL_BREAKPOINTS = [(0, "-small"), (80, "-narrow"), (120, "-wide")]
    """Two snippet panes side by side only where each gets about 43 columns; below 80 the tree
    keeps 32 columns rather than its share."""
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+l", "redraw", "Redraw the screen", show=False, id="app.redraw"),
    ]

    def __init__(
        self,
        knowledge: Knowledge,
        problems: list[Problem],
        edition: Edition,
        priorities: dict[str, int],
        preset: str | None,
        state: State,
        state_path: Path | None,
        warning: str | None = None,
        python: str | None = None,
    ) -> None:
        """``state_path`` None means the session must not write state (``--fresh``); ``python`` is ``--python``."""
        super().__init__()
        ScrollBar.renderer = DirectScrollBarRender  # Textual's hook for how every bar is drawn
        self._main = MainScreen(knowledge, problems, state, edition, priorities, preset, python=python)
        self._state = state
        self._state_path = state_path
        self._warning = warning
        self._save_timer = None
        self._keys_waiting: deque[events.Key] = deque()
        self._key_in_flight: KeyHandled | None = None
        self._key_timer: asyncio.TimerHandle | None = None
        """The fallback that routes the next key should the one in flight never come back: a plain
        event-loop callback, as a Textual timer is a task of its own, started and cancelled per key."""
        self._background: list[Callable[[], None]] = []
        self._background_thread: threading.Thread | None = None

    def get_driver_class(self):
        """Textual's driver, sending only the cells that change, unless FWTUI_SCREEN_DIFF=0 or not on a POSIX tty."""
        if os.name != "posix" or os.environ.get("FWTUI_SCREEN_DIFF") == "0" or os.environ.get("TEXTUAL_DRIVER"):
            return super().get_driver_class()
        from .driver import ScreenDiffDriver

        return ScreenDiffDriver

    def get_default_screen(self) -> MainScreen:
        return self._main

    def get_system_commands(self, screen):
        """Textual's commands for the palette, less those fwtui has its own key for (? help, q quit)."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Keys", "Quit"):
                yield command

    # -- keys, one at a time --------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Keys are handled one after the other, each against the state the one before it left.

        Textual routes each key to the focused widget as it arrives, while the keys before it may
        still be on their way through the widgets to the bindings that act on them: typed ahead,
        "j j j 3" raised the criterion selected before the moves, and a letter typed right after a
        key that opens a dialog went to the widget behind it. Here a key is routed only once the
        one before it has been handled (or after KEY_WAIT, should a widget go away with it).
        """
        if not isinstance(event, events.Key):
            await super().on_event(event)
        elif not event.is_forwarded:  # typed
            self._keys_waiting.append(event)
            await self._route_keys()
        else:  # back up from the widgets: the bindings that are not priority ones act on it here
            await super().on_event(event)
            marker = self._key_in_flight
            if marker is not None and marker.key is event:
                await self._key_done(marker)

    async def _route_keys(self) -> None:
        if not self.screen_stack:  # the app is closing: keys typed after q go nowhere
            self._keys_waiting.clear()
            return
        while self._keys_waiting and self._key_in_flight is None:
            key = self._keys_waiting.popleft()
            target = self.focused or self.screen
            await super().on_event(key)  # priority bindings act at once; other keys go to the target
            if key.is_forwarded:
                # Done when the key comes back up to the app's bindings, or, when a widget on the
                # way uses it, when a marker sent behind it through the same widgets comes back.
                self._key_in_flight = KeyHandled(key, target)
        if self._keys_waiting and self._key_in_flight is not None:
            await self._follow(self._key_in_flight)

    async def _follow(self, marker: KeyHandled) -> None:
        """Send the marker behind the key in flight, now that a key waits for it.

        Only then: a lone key (most are) goes through the widgets without a message at its heels.
        Sent later it still arrives after the key everywhere, as each widget takes its messages in order.
        """
        if marker.sent:
            return
        marker.sent = True
        if not marker.target.post_message(marker):  # the widget has gone, and the key with it
            await self._key_done(marker)
            return
        self._key_timer = asyncio.get_running_loop().call_later(
            KEY_WAIT, partial(self.call_later, self._key_timed_out, marker))

    async def on_key_handled(self, message: KeyHandled) -> None:
        message.stop()
        await self._key_done(message)

    async def _key_timed_out(self, marker: KeyHandled) -> None:
        self._key_timer = None  # firing now: stopping it would cancel the routing it is about to do
        await self._key_done(marker)

    async def _key_done(self, marker: KeyHandled) -> None:
        if self._key_in_flight is marker:
            self._key_in_flight = None
            if self._key_timer is not None:  # handled in time: its fallback would wake the app for nothing
                self._key_timer.cancel()
                self._key_timer = None
            await self._route_keys()

    # -- work that waits for the first frame ----------------------------------------------------

    def after_first_frame(self, *work: Callable[[], None]) -> None:
        """Run ``work`` (writing a new knowledge cache) in a thread once the first frame is drawn, so
        that it does not delay what the user came to see; :meth:`finish_background_work` completes it."""
        self._background.extend(work)

    def on_ready(self) -> None:
        if self._background:
            self.call_after_refresh(self._start_background_work)

    def _start_background_work(self) -> None:
        if self._background_thread is None:
            self._background_thread = threading.Thread(target=self._run_background_work, name="fwtui-after-first-frame")
            self._background_thread.start()

    def _run_background_work(self) -> None:
        while self._background:
            self._background.pop(0)()

    def finish_background_work(self) -> None:
        """After the app has run: wait for the work begun, or do it now if the first frame never came."""
        if self._background_thread is not None:
            self._background_thread.join()
        self._run_background_work()

    def on_mount(self) -> None:
        self._trap_signals()
        if self._warning:
            self.notify(self._warning, title="Saved state ignored", severity="warning", markup=False, timeout=10)
        reason = unsavable(self._state_path) if self._state_path is not None else None
        if reason:  # said once here, rather than at every change; the session carries on unsaved
            self._state_path = None
            self.notify(f"{reason}: this session's priorities and notes are not kept.",
                        title="Priorities cannot be saved", severity="warning", markup=False, timeout=10)
        self._check_size(self.size)

    # -- signals --------------------------------------------------------------------------------

    stopped_by_signal: int | None = None
    """The signal (SIGTERM, SIGHUP) that ended the session, if one did."""

    def _trap_signals(self) -> None:
        """SIGTERM (``kill``) and SIGHUP (a dropped SSH connection) end the session as q does.

        Without this the process dies where it stands: the last priority change is not
        saved, a running snippet is orphaned and the terminal stays in the alternate screen.
        """
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            try:
                loop.add_signal_handler(signum, self._stop_on_signal, signum)
            except (NotImplementedError, RuntimeError, ValueError):  # not POSIX, or not the main thread
                pass

    def _stop_on_signal(self, signum: int) -> None:
        from .proc import stop_all

        self.stopped_by_signal = signum
        self.save_state()
        stop_all()  # every snippet still running, and what it started, before the process goes
        self.exit(return_code=128 + signum)

    # -- size -----------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size)

    def _check_size(self, size: Size) -> None:
        from .screens.too_small import TooSmallScreen

        too_small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and not showing:
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif showing and not too_small:
            self.pop_screen()

    # -- state ----------------------------------------------------------------------------------

    def on_main_screen_state_changed(self) -> None:
        if self._state_path is None:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_state)

    def save_state(self) -> None:
        """Write the state now; a failure is reported, never fatal."""
        if self._state_path is None:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._main.record_choices()
        try:
            save_state(self._state_path, self._state)
        except WriteError as error:
            self.notify(f"Could not save your choices: {error}", severity="warning", markup=False)

    async def action_quit(self) -> None:
        self.save_state()
        self.exit()

    def action_redraw(self) -> None:
        """Send every cell again: the way back from a terminal garbled by something outside the app."""
        from .driver import ScreenDiffDriver
        from .widgets.textual_internals import app_driver

        driver = app_driver(self)
        if isinstance(driver, ScreenDiffDriver):
            driver.screen_diff.reset()
        self.refresh(repaint=True)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
