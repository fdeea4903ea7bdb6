"""Running the knowledge's runnable snippets, each in its own process, only when asked.

The CLI (``fwtui verify``) and the explorer share this module:

* :func:`select` picks the runnable snippets of an edition, framework or criterion;
* :func:`probe_modules` asks the chosen interpreter which framework modules it can import
  (without importing them), so a snippet whose framework is missing is skipped;
* :func:`probe_versions` asks it which version of each package it has, so that a run can be
  held to the versions an edition says its snippets were verified on (``verified_on``);
* :class:`SnippetRun` runs one snippet in a fresh temporary directory, in its own process
  group, with a timeout, and can be cancelled from any thread (``.cancel()``);
  :func:`run_job_async` is the same for asyncio callers and is cancelled by cancelling its task.

Nothing runs at import time.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .envinfo import ProbeError, ask_python, probe_python
from .model import Edition, Knowledge, Snippet
from .proc import Process, ProcessError, stop_all
from .provenance import verified_on

PASS, FAIL, SKIP, TIMEOUT, CANCELLED = "PASS", "FAIL", "SKIP", "TIMEOUT", "CANCELLED"
DEFAULT_TIMEOUT = 120.0
PROBE_TIMEOUT = 30.0
PYTHON_LANGUAGES = frozenset({"python", "python3", "py"})
"""Snippet languages that ``verify`` runs with the Python interpreter."""


class VerifyError(Exception):
    """A one-line problem with what was asked (unknown edition, unusable interpreter)."""


@dataclass(frozen=True)
class Job:
    edition: str
    criterion: str
    snippet: Snippet
    module: str
    """The framework's Python module, as the manifest names it."""

    @property
    def label(self) -> str:
        return f"{self.edition}/{self.criterion}  {self.snippet.framework}: {self.snippet.title}"


@dataclass(frozen=True)
class Outcome:
    job: Job
    status: str
    seconds: float | None = None
    detail: str = ""
    """Last error line for FAIL, the reason for SKIP."""
    stdout: str = ""
    stderr: str = ""
    returncode: int | None = None


@dataclass(frozen=True)
class Options:
    python: str = sys.executable
    timeout: float = DEFAULT_TIMEOUT
    gpu: bool = False
    """False: CUDA_VISIBLE_DEVICES is set to '' so that snippets run on the CPU."""
    environ: Mapping[str, str] | None = None
    """Base environment (default: this process's)."""


# --- choosing snippets ---------------------------------------------------------------------------


def select(
    knowledge: Knowledge,
    edition: str | None = None,
    framework: str | None = None,
    criterion: str | None = None,
    *,
    runnable_only: bool = True,
) -> list[Job]:
    """Snippets in knowledge order; an unknown id raises VerifyError naming the valid choices.

    Without ``edition`` every edition is taken; ``criterion`` must exist in at least one of them.
    """
    if edition is not None and knowledge.edition(edition) is None:
        raise VerifyError(f"unknown edition {edition!r}; choose one of {_ids(e.id for e in knowledge.editions)}")
    if framework is not None and knowledge.framework(framework) is None:
        raise VerifyError(
            f"unknown framework {framework!r}; choose one of {_ids(f.id for f in knowledge.frameworks)}"
        )
    editions = [knowledge.edition(edition)] if edition is not None else list(knowledge.editions)
    if criterion is not None and not any(e.criterion(criterion) for e in editions if e):
        ids = dict.fromkeys(c.id for e in editions if e for c in e.criteria)
        where = f" in edition {edition}" if edition is not None else ""
        raise VerifyError(f"unknown criterion {criterion!r}{where}; choose one of {_ids(ids)}")
    modules = {f.id: f.module for f in knowledge.frameworks}
    order = [f.id for f in knowledge.frameworks]
    jobs = []
    for ed in editions:
        assert ed is not None
        for crit in ed.criteria:
            if criterion is not None and crit.id != criterion:
                continue
            for fid in sorted(crit.snippets, key=lambda f: order.index(f) if f in order else len(order)):
                if framework is not None and fid != framework:
                    continue
                for snippet in crit.snippets[fid]:
                    if snippet.runnable or not runnable_only:
                        jobs.append(Job(ed.id, crit.id, snippet, modules.get(fid, fid)))
    return jobs


def _ids(ids: Iterable[str]) -> str:
    ids = list(ids)
    return ", ".join(ids) if ids else "(none)"


# --- which frameworks the interpreter has ------------------------------------------------------

def resolve_python(python: str) -> str:
    """An interpreter path from ``--python`` (a path or a name on PATH), or VerifyError."""
    path = shutil.which(python) if os.sep not in python else (python if os.access(python, os.X_OK) else None)
    if path is None or not os.path.isfile(path):
        raise VerifyError(f"--python {python}: no such executable")
    return path


def probe_modules(modules: Iterable[str], options: Options = Options()) -> dict[str, bool]:
    """Which of ``modules`` (top-level names taken) the interpreter can find, without importing them."""
    names = sorted({m.split(".")[0] for m in modules})
    try:
        found = probe_python(options.python, [(name, None, name) for name in names], env=snippet_env(options),
                             timeout=PROBE_TIMEOUT)
    except ProbeError as error:
        raise VerifyError(str(error)) from None
    return {m: found.installed(m.split(".")[0]) is not None for m in modules}


_VERSIONS = (
    "import importlib.metadata as metadata, json, sys\n"
    "def version(name):\n"
    "    try:\n"
    "        return metadata.version(name)\n"
    "    except (metadata.PackageNotFoundError, ValueError):\n"
    "        return None\n"
    "print(json.dumps({name: version(name) for name in sys.argv[1:]}))\n"
)
"""Versions by distribution name (``tensorflow-cpu``), as an edition's verified_on states them;
pyprobe answers by module name, which cannot tell tensorflow-cpu from tensorflow."""


def probe_versions(packages: Iterable[str], options: Options = Options()) -> dict[str, str | None]:
    """The installed version of each package (distribution) name, None where it is not installed."""
    names = sorted(set(packages))
    try:
        found = ask_python(options.python, _VERSIONS, names, env=snippet_env(options), timeout=PROBE_TIMEOUT)
    except ProbeError as error:
        raise VerifyError(str(error)) from None
    if not isinstance(found, dict):
        raise VerifyError(f"{options.python} is not a usable Python interpreter: unexpected answer")
    return {name: found.get(name) if isinstance(found.get(name), str) else None for name in names}


@dataclass(frozen=True)
class VersionMismatch:
    """A package whose version in the snippet interpreter is not the one the edition states."""

    edition: str
    package: str
    stated: str
    installed: str | None

    def __str__(self) -> str:
        has = f"{self.package} {self.installed}" if self.installed else f"no {self.package} installed"
        return f"version mismatch: edition {self.edition} states {self.package} {self.stated}, this interpreter has {has}"


def stated_version_mismatches(editions: Iterable[Edition], installed: Mapping[str, str | None]) -> list[VersionMismatch]:
    return [VersionMismatch(e.id, package, stated, installed.get(package))
            for e in editions for package, stated in e.verified_on if installed.get(package) != stated]


def skip_reason(job: Job, available: Mapping[str, bool]) -> str | None:
    if job.snippet.language.lower() not in PYTHON_LANGUAGES:
        return f"skipped ({job.snippet.language} code is not run)"
    if not available.get(job.module, False):
        return f"skipped ({job.module} not installed)"
    return None


# --- running one snippet -----------------------------------------------------------------------------


def snippet_env(options: Options) -> dict[str, str]:
    env = dict(os.environ if options.environ is None else options.environ)
    if not options.gpu:
        env["CUDA_VISIBLE_DEVICES"] = ""
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


_EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning|Failure)\b|^[A-Za-z_][\w.]*:\s")


def error_line(stderr: str, stdout: str = "", returncode: int | None = None) -> str:
    """The line that says what went wrong: the exception after the last traceback, else the last line."""
    lines = [line.rstrip() for line in stderr.splitlines()]
    starts = [n for n, line in enumerate(lines) if line.startswith("Traceback (most recent call last)")]
    if starts:
        for line in lines[starts[-1] + 1:]:
            if line and not line.startswith((" ", "\t")) and _EXCEPTION.match(line):
                return line.strip()
    for text in (stderr, stdout):
        rest = [line.strip() for line in text.splitlines() if line.strip()]
        if rest:
            return rest[-1]
    if returncode is not None and returncode < 0:
        return f"killed by signal {-returncode}"
    return f"exit status {returncode}"


class SnippetRun:
    """One snippet in a temporary directory (its cwd, removed afterwards), in its own process group.

    ``start()`` returns at once; ``wait()`` blocks until it ends, times out or is cancelled,
    and returns the Outcome; ``cancel()`` may be called from any thread. ``on_line(stream, line)``
    receives output as it comes, from a reader thread.
    """

    def __init__(self, job: Job, options: Options = Options(),
                 on_line: Callable[[str, str], None] | None = None) -> None:
        self.job = job
        self.options = options
        self.on_line = on_line
        self._process: Process | None = None
        self._tmp: str | None = None
        self._cancelled = False

    def start(self) -> SnippetRun:
        self._tmp = tempfile.mkdtemp(prefix="fwtui-verify-")
        script = Path(self._tmp) / "snippet.py"
        script.write_text(self.job.snippet.code, encoding="utf-8")
        self._process = Process(
            [self.options.python, str(script)],
            timeout=self.options.timeout,
            env=snippet_env(self.options),
            cwd=self._tmp,
            on_line=self.on_line,
            cleanup=self._cleanup,  # also when an exit path (a signal) stops every process at once
        )
        try:
            self._process.start()
        except ProcessError:
            self._cleanup()
            raise
        if self._cancelled:
            self._process.cancel()
        return self

    def cancel(self) -> None:
        self._cancelled = True
        if self._process is not None:
            self._process.cancel()

    def wait(self) -> Outcome:
        if self._process is None:
            self.start()
        assert self._process is not None
        try:
            done = self._process.wait()
        finally:
            self._cleanup()
        job = self.job
        if done.cancelled:
            return Outcome(job, CANCELLED, done.seconds, "cancelled", done.stdout, done.stderr)
        if done.timed_out:
            return Outcome(job, TIMEOUT, done.seconds, f"killed after {self.options.timeout:g} s",
                           done.stdout, done.stderr)
        if done.returncode == 0:
            return Outcome(job, PASS, done.seconds, "", done.stdout, done.stderr, 0)
        return Outcome(job, FAIL, done.seconds, error_line(done.stderr, done.stdout, done.returncode),
                       done.stdout, done.stderr, done.returncode)

    def _cleanup(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def run_job(job: Job, options: Options = Options(), available: Mapping[str, bool] | None = None,
            on_line: Callable[[str, str], None] | None = None) -> Outcome:
    """Run one snippet to the end (or skip it when ``available`` says its module is missing)."""
    if available is not None:
        reason = skip_reason(job, available)
        if reason:
            return Outcome(job, SKIP, None, reason)
    return SnippetRun(job, options, on_line).start().wait()


async def run_job_async(job: Job, options: Options = Options(), available: Mapping[str, bool] | None = None,
                        on_line: Callable[[str, str], None] | None = None) -> Outcome:
    """:func:`run_job` for asyncio: cancelling the awaiting task kills the snippet's process group.

    ``on_line`` is called from a reader thread, not the event loop's.
    """
    if available is not None:
        reason = skip_reason(job, available)
        if reason:
            return Outcome(job, SKIP, None, reason)
    run = SnippetRun(job, options, on_line).start()
    waiting = asyncio.ensure_future(asyncio.to_thread(run.wait))
    try:
        return await asyncio.shield(waiting)
    except asyncio.CancelledError:
        run.cancel()
        await asyncio.wait({waiting}, timeout=10)
        raise


# --- the whole run, as the CLI prints it ---------------------------------------------------------------


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    not_runnable: int = 0
    seconds: float = 0.0

    def count(self, *statuses: str) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def failed(self) -> bool:
        return self.count(FAIL, TIMEOUT, CANCELLED) > 0


def format_outcome(outcome: Outcome) -> str:
    status = outcome.status
    head = f"{status:<4}  {outcome.job.label}"
    took = f" ({outcome.seconds:.1f} s)" if outcome.seconds is not None else ""
    if status == PASS:
        return head + took
    if status == SKIP:
        return f"{head} — {outcome.detail}"
    return f"{head}{took} — {outcome.detail}"


def summary_lines(report: Report) -> list[str]:
    passed = report.count(PASS)
    timed_out = report.count(TIMEOUT)
    failed = report.count(FAIL, TIMEOUT, CANCELLED)
    skipped = report.count(SKIP)
    lines = []
    if report.not_runnable:
        lines.append(f"{report.not_runnable} snippet{'s' if report.not_runnable != 1 else ''} "
                     "not marked runnable, not run")
    if timed_out:
        lines.append(f"{timed_out} timed out (counted as failed)")
    if not report.outcomes:
        lines.append("no runnable snippets selected")
    elif skipped == len(report.outcomes):
        lines.append("every selected snippet was skipped: nothing ran")
    lines.append(f"ran in {report.seconds:.1f} s")
    lines.append(f"{passed} passed, {failed} failed, {skipped} skipped")
    return lines


def verify(
    jobs: Sequence[Job],
    options: Options,
    available: Mapping[str, bool],
    emit: Callable[[Outcome], None] = lambda outcome: None,
) -> Report:
    """Run ``jobs`` one after another; an interrupt kills the running snippet before it propagates."""
    report = Report()
    started = time.monotonic()
    for job in jobs:
        reason = skip_reason(job, available)
        if reason:
            outcome = Outcome(job, SKIP, None, reason)
        else:
            run = SnippetRun(job, options)
            try:
                outcome = run.start().wait()
            except ProcessError as error:
                outcome = Outcome(job, FAIL, None, str(error))
            except BaseException:
                stop_all()  # the snippet, what it started, and its temporary folder
                raise
        report.outcomes.append(outcome)
        emit(outcome)
    report.seconds = time.monotonic() - started
    return report


def tail(text: str, lines: int = 20) -> list[str]:
    kept = [line.rstrip() for line in text.splitlines() if line.strip()]
    return kept[-lines:]


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: stop as Ctrl+C does, but exit as that signal asks (128 + its number)."""

    def __init__(self, signum: int) -> None:
        super().__init__()
        self.exit_status = 128 + signum


def run_cli(
    knowledge: Knowledge,
    edition: str | None,
    framework: str | None,
    criterion: str | None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    gpu: bool = False,
    python: str = sys.executable,
    verbose: bool = False,
    require_frameworks: bool = False,
    require_stated_versions: bool = False,
    out=None,
) -> int:
    """``fwtui verify``: a line per snippet as it finishes, then the summary; 1 on any failure.

    Each edition's stated ``verified_on`` versions are compared with the interpreter's
    first; with ``require_stated_versions`` a difference, or an edition that states
    none, fails the run, so the statement cannot drift from what was run.
    """
    import signal

    out = out or sys.stdout
    jobs = select(knowledge, edition, framework, criterion)
    every = select(knowledge, edition, framework, criterion, runnable_only=False)
    options = Options(python=resolve_python(python), timeout=timeout, gpu=gpu)
    available = probe_modules({job.module for job in jobs}, options) if jobs else {}

    def say(line: str = "") -> None:
        print(line, file=out, flush=True)

    device = "GPUs allowed" if gpu else "CPU only (CUDA_VISIBLE_DEVICES='')"
    say(f"verifying {len(jobs)} runnable snippet{'s' if len(jobs) != 1 else ''} with {options.python}, "
        f"{device}, {timeout:g} s each")
    editions = [knowledge.edition(edition)] if edition is not None else list(knowledge.editions)
    unstated = [e.id for e in editions if e and not e.verified_on]
    stated = [e for e in editions if e and e.verified_on]
    installed = probe_versions({p for e in stated for p, _ in e.verified_on}, options) if stated else {}
    mismatches = stated_version_mismatches(stated, installed)
    for e in stated:
        if not any(m.edition == e.id for m in mismatches):
            say(f"edition {e.id}: {verified_on(e)}; this interpreter has the same")
    for mismatch in mismatches:
        say(str(mismatch))
    for edition_id in unstated:
        say(f"edition {edition_id}: {verified_on(knowledge.edition(edition_id))}")

    def emit(outcome: Outcome) -> None:
        say(format_outcome(outcome))
        if verbose and outcome.status in (FAIL, TIMEOUT):
            for line in tail(outcome.stderr or outcome.stdout):
                say(f"    | {line}")

    def terminated(signum, frame):  # CI cancelling the job, a dropped connection: stop the running snippet too
        raise Terminated(signum)

    previous = {}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        try:
            previous[signum] = signal.signal(signum, terminated)
        except ValueError:  # not the main thread
            pass
    try:
        report = verify(jobs, options, available, emit)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    report.not_runnable = len(every) - len(jobs)
    missing = sorted({o.job.module for o in report.outcomes
                      if o.status == SKIP and not available.get(o.job.module, False)})
    lines = summary_lines(report)
    if require_frameworks and missing:
        lines.insert(-2, f"--require-frameworks: {', '.join(missing)} not installed, so this run fails")
    if require_stated_versions and mismatches:
        count = len(mismatches)
        lines.insert(-2, f"--require-stated-versions: {count} stated version{'s differ' if count != 1 else ' differs'} "
                         "from this interpreter's, so this run fails")
    if require_stated_versions and unstated:
        which = f"edition {unstated[0]} states" if len(unstated) == 1 else f"editions {', '.join(unstated)} state"
        lines.insert(-2, f"--require-stated-versions: {which} no verified_on versions, so this run fails")
    for line in lines:
        say(line)
    version_failure = require_stated_versions and bool(mismatches or unstated)
    return 1 if report.failed or (require_frameworks and missing) or version_failure else 0
