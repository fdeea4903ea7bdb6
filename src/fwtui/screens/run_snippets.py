"""Runs the selected criterion's runnable snippets, one subprocess each, CPU only, and shows them as they run.

They run with the interpreter in ``options`` (the one picked on the node screen, else the first
found), shown at the top. Nothing runs until the user presses the key that opens this screen
(or ``r`` here to run again).
Stopping kills the running snippet's whole process group (:meth:`fwtui.verify.SnippetRun.cancel`);
closing the screen, or quitting, stops it too.
"""

from __future__ import annotations

import asyncio
import threading

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Log, Static

from ..model import Criterion, Edition, Knowledge
from ..proc import ProcessError
from ..verify import (
    CANCELLED, FAIL, PASS, SKIP, TIMEOUT, Job, Options, Outcome, SnippetRun, VerifyError, probe_modules, select,
    skip_reason,
)
from ..widgets.key_scroll import KeyScroll
from ..widgets.labels import one_line, plain
from ..widgets.run_status import NOT_RUN, RUNNING, RunRow, RunStatus
from .panel import PanelScreen

NOT_MARKED = "illustration, not marked runnable"


class RunSnippetsScreen(PanelScreen):
    DEFAULT_CSS = """
    RunSnippetsScreen {
        & > .dialog {
            max-width: 140;
        }
        & #run-python { height: auto; padding: 0 1; color: $text-muted; }
        & #run-rows { height: auto; max-height: 40%; padding: 0 1; scrollbar-size: 1 1; }
        & #run-summary { height: auto; padding: 0 1; text-style: bold; }
        & #run-output {
            height: 1fr; border-top: solid $foreground 30%; border-title-color: $text-muted;
            scrollbar-size: 1 1; padding: 0 1;
        }
    }
    """
    BINDINGS = [
        Binding("escape", "stop_or_close", "Stop the run, or close", id="run.stop_or_close"),
        Binding("x", "stop", "Stop the running snippet", id="run.stop"),
        Binding("r", "run", "Run again", id="run.again"),
        Binding("q", "close", "Close (stops the run)", id="run.close"),
    ]

    def __init__(self, knowledge: Knowledge, edition: Edition, criterion: Criterion,
                 options: Options | None = None) -> None:
        super().__init__()
        self._knowledge = knowledge
        self._edition = edition
        self._criterion = criterion
        self._options = options or Options()
        self._names = {f.id: one_line(f.name) for f in knowledge.frameworks}
        self._jobs: list[Job] = select(knowledge, edition.id, None, criterion.id, runnable_only=False)
        self._current: SnippetRun | None = None
        self._stopping = False
        self._closed = False
        self.running = False
        self.outcomes: list[Outcome] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Content(f"Run snippets: {one_line(self._criterion.title)} ({one_line(self._edition.id)})")
            box.border_subtitle = Content("Esc stop/close · r run again")
            yield Static(Content(f"With {plain(self._options.python)} (n picks another)"),
                         id="run-python")
            with KeyScroll(id="run-rows"):
                yield RunStatus(id="run-status")
            yield Static(Content(""), id="run-summary")
            log = Log(id="run-output", max_lines=5000)
            log.border_title = "Output (CPU only)"
            yield log

    def on_mount(self) -> None:
        self.query_one(Log).focus()
        self.action_run()

    def on_unmount(self) -> None:
        self._closed = True  # from now on the worker may finish, but must not touch the widgets
        self._stop_current()

    # -- running --------------------------------------------------------------------------------

    def _label(self, job: Job) -> str:
        snippet = job.snippet
        return f"{self._names.get(snippet.framework, snippet.framework)}: {one_line(snippet.title)}"

    def action_run(self) -> None:
        if self.running:
            return
        if not self._jobs:
            self._say("This criterion has no snippets.")
            return
        self.running = True
        self._stopping = False
        self.outcomes = []
        self.query_one(RunStatus).rows = tuple(RunRow(self._label(job)) for job in self._jobs)
        self.query_one(Log).clear()
        self._say("Running… Esc stops.")
        self.run_worker(self._run_all(), name="run", group="run", exclusive=True)

    async def _run_all(self) -> None:
        loop = asyncio.get_running_loop()
        runnable = [job for job in self._jobs if job.snippet.runnable]
        try:
            available = await asyncio.to_thread(
                probe_modules, {job.module for job in runnable}, self._options) if runnable else {}
        except VerifyError as error:
            self._say(f"Cannot run snippets: {plain(str(error))}")
            self.running = False
            return
        for index, job in enumerate(self._jobs):
            if self._stopping:
                self._set_row(index, NOT_RUN, "stopped before it started")
                continue
            if not job.snippet.runnable:
                self._finish(index, Outcome(job, SKIP, None, NOT_MARKED))
                continue
            reason = skip_reason(job, available)
            if reason:
                self._finish(index, Outcome(job, SKIP, None, reason))
                continue
            self._set_row(index, RUNNING)
            self._write(f"── {self._label(job)} ──")

            def on_line(stream: str, line: str) -> None:  # called on a reader thread
                loop.call_soon_threadsafe(self._output, stream, line)

            run = SnippetRun(job, self._options, on_line)
            self._current = run
            try:
                run.start()
                outcome = await asyncio.to_thread(run.wait)
            except ProcessError as error:
                outcome = Outcome(job, FAIL, None, str(error))
            except asyncio.CancelledError:  # the screen went away: never leave the snippet running
                run.cancel()
                raise
            finally:
                self._current = None
            if self._closed:
                return
            self._finish(index, outcome)
        self.running = False
        self._say(self._summary())

    def _finish(self, index: int, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        detail = outcome.detail
        if outcome.status == CANCELLED:
            detail = "stopped by you; its processes were killed"
        self._set_row(index, outcome.status, detail, outcome.seconds)

    def _summary(self) -> str:
        def count(*statuses: str) -> int:
            return sum(1 for o in self.outcomes if o.status in statuses)

        parts = [f"{count(PASS)} passed", f"{count(FAIL, TIMEOUT)} failed"]
        if count(CANCELLED):
            parts.append(f"{count(CANCELLED)} cancelled")
        parts.append(f"{count(SKIP)} skipped")
        not_run = len(self._jobs) - len(self.outcomes)
        if not_run:
            parts.append(f"{not_run} not run")
        head = "Stopped" if self._stopping else "Done"
        return f"{head}: {', '.join(parts)}. r runs again, Esc closes."

    def _set_row(self, index: int, status: str, detail: str = "", seconds: float | None = None) -> None:
        if self._closed:
            return
        status_view = self.query_one(RunStatus)
        rows = list(status_view.rows)
        rows[index] = rows[index].with_status(status, detail, seconds)
        status_view.rows = tuple(rows)

    def _output(self, stream: str, line: str) -> None:
        self._write(plain(line.rstrip("\n")))

    def _write(self, line: str) -> None:
        if self._closed:
            return
        self.query_one(Log).write_line(line)

    def _say(self, message: str) -> None:
        if self._closed:
            return
        self.query_one("#run-summary", Static).update(Content(message))

    # -- stopping -------------------------------------------------------------------------------

    def _stop_current(self) -> None:
        self._stopping = True
        run = self._current
        if run is not None:
            # kill_group waits up to half a second for SIGTERM to work: not on the event loop.
            threading.Thread(target=run.cancel, name="fwtui-cancel", daemon=True).start()

    def action_stop(self) -> None:
        if not self.running:
            self.notify("Nothing is running.", markup=False)
            return
        self._stop_current()
        self._say("Stopping…")

    def action_stop_or_close(self) -> None:
        if self.running:
            self.action_stop()
        else:
            self.dismiss(None)

    def action_close(self) -> None:
        self._stop_current()
        self.dismiss(None)
