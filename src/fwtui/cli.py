"""The ``fwtui`` command line: the explorer by default, and subcommands that need no terminal UI."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .model import Edition, Knowledge, KnowledgeError, Team
from .paths import ENV_KNOWLEDGE, ENV_OVERLAY, PROJECT_OVERLAY, knowledge_dir
from .priorities import LEVELS, parse_level
from .safetext import UnwritableOutput, VisibleStream, json_text, single_line

if TYPE_CHECKING:
    from .app import ExplorerApp
    from .loader import LoadResult
    from .overlay import Found
    from .state import State

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2
DIFF_STANDS, DIFF_CHANGED, DIFF_ERROR = 0, 1, 2
"""``fwtui diff`` exit statuses, for scripts and CI to gate on."""


class CliError(Exception):
    """A one-line error for the user, with the exit status to leave with."""

    def __init__(self, message: str, status: int = EXIT_PROBLEMS) -> None:
        super().__init__(message)
        self.status = status


def main(argv: Sequence[str] | None = None) -> int:
    with visible_output():
        try:
            args = build_parser().parse_args(argv)
            status = _run(args)
            sys.stdout.flush()  # a full disk shows here, while it can still be reported
            return status
        except UnwritableOutput as error:
            _forget_unwritten(sys.stdout)
            with contextlib.suppress(UnwritableOutput):
                _error(str(error))
            return EXIT_UNUSABLE  # also diff's DIFF_ERROR: a result that could not be written is no result


@contextlib.contextmanager
def visible_output():
    """Every line printed shows control characters as escapes instead of sending them to the terminal.

    The explorer draws through Textual's driver, which writes to the terminal
    directly and is not affected.
    """
    saved = sys.stdout, sys.stderr
    sys.stdout = VisibleStream(sys.stdout, "standard output")
    sys.stderr = VisibleStream(sys.stderr, "standard error")
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _run(args: argparse.Namespace) -> int:
    try:
        return args.handler(args)
    except CliError as error:
        _error(str(error))
        return error.status
    except KnowledgeError as error:
        _error(str(error))
        return EXIT_UNUSABLE
    except KeyboardInterrupt as interrupt:  # Ctrl+C: 128 + SIGINT; SIGTERM during verify: 128 + SIGTERM
        return getattr(interrupt, "exit_status", 130)
    except BrokenPipeError:
        # The reader went away (``fwtui dump --json | head``); say nothing more.
        _forget_unwritten(sys.stdout)
        return EXIT_OK


def _forget_unwritten(stream) -> None:
    """Point ``stream``'s descriptor at /dev/null, so that what is still buffered for it is not
    tried again, with a traceback, as the interpreter exits."""
    with contextlib.suppress(AttributeError, OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


def _error(message: str) -> None:
    """One line, whatever ``message`` holds: a line break (in a path, say) is shown as ``\\n``."""
    print(f"fwtui: {single_line(message.strip()) or 'error'}", file=sys.stderr)


class _OneLineParser(argparse.ArgumentParser):
    """argparse, with a usage error in one line like every other error (not the usage block above it)."""

    def error(self, message: str) -> NoReturn:
        _error(f"{message} ('{self.prog} --help' lists the options)")
        sys.exit(EXIT_UNUSABLE)


def _path(text: str) -> str:
    """A path option's value: an empty one is a mistake (a variable that was not set), not "the default"."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="fwtui",
        description="Choose between PyTorch and TensorFlow from a knowledge base you can read. "
        "With no command, opens the explorer.",
        epilog=f"Knowledge: --knowledge DIR, else ${ENV_KNOWLEDGE}, else the knowledge shipped with fwtui; "
        f"over it the overlays in ~/.config/fwtui/overlay, the nearest {PROJECT_OVERLAY}/, ${ENV_OVERLAY} "
        "and --overlay, the later winning (--no-overlay: none).",
    )
    parser.add_argument("--version", action=VersionAction)
    _knowledge_option(parser, None)
    parser.add_argument("--edition", help="edition to open (default: the last one used, else the newest)")
    opening = parser.add_mutually_exclusive_group()
    opening.add_argument("--preset", help="priority preset to start from")
    opening.add_argument("--from", dest="from_decision", metavar="DECISION.md", type=_path,
                         help="start from an exported decision's priorities and notes")
    parser.add_argument("--fresh", action="store_true", help="ignore the saved priorities and selection")
    parser.add_argument("--python", metavar="PATH",
                        help="interpreter to run snippets with (r); default: the active venv or conda env, "
                        "else python3 on PATH; n lists and picks others")
    parser.set_defaults(handler=run_explorer)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = commands.add_parser("check", help="validate a knowledge directory and list every problem")
    check.add_argument("directory", nargs="?", type=_path, help="knowledge directory (default: as --knowledge)")
    _knowledge_option(check)
    check.set_defaults(handler=run_check)

    export = commands.add_parser(
        "export", help="write the decision summary as markdown",
        description="Write the decision: the recommendation, its reasons and trade-offs, the team's context, "
        "the scoreboard explained, and every criterion in full.",
        epilog="Priorities start at normal, or from one of --preset, --saved or --from; "
        "each --priority then overrides one criterion.",
    )
    _knowledge_option(export)
    export.add_argument("-o", "--output", required=True, type=_path, help="file to write, or - for standard output")
    export.add_argument("--edition", dest="export_edition",
                        help="edition (default: the newest, or the one --saved or --from names)")
    start = export.add_mutually_exclusive_group()
    start.add_argument("--preset", dest="export_preset", help="start from this preset's priorities")
    start.add_argument("--saved", action="store_true",
                       help="start from the explorer's saved priorities and notes")
    start.add_argument("--from", dest="from_decision", metavar="DECISION.md", type=_path,
                       help="start from an exported decision's priorities, notes and team context")
    export.add_argument(
        "--priority", action="append", default=[], metavar="ID=LEVEL",
        help=f"set one criterion's priority ({', '.join(LEVELS)} or 0-{len(LEVELS) - 1}); repeatable",
    )
    export.add_argument("--title", help="the decision's title (default: named after the frameworks or the choice)")
    export.add_argument("--decider", action="append", default=None, metavar="NAME",
                        help="someone who takes the decision; repeatable")
    export.add_argument("--status", help="proposed (default), accepted, rejected, deprecated, superseded by ...")
    export.add_argument("--context", metavar="TEXT|@FILE",
                        help="why the decision came up, as text or @FILE to read it from a file")
    export.add_argument("--brief", action="store_true", help="leave out the appendix giving every criterion in full")
    export.add_argument("--snippets", action="store_true", help="include the paired code snippets")
    export.add_argument("--format", choices=("markdown", "madr"), default="markdown",
                        help="markdown summary (default) or an MADR architecture decision record")
    export.add_argument("--force", action="store_true", help="overwrite an existing file")
    export.add_argument("--date", help="date to record, YYYY-MM-DD (default: today, or $SOURCE_DATE_EPOCH)")
    export.set_defaults(handler=run_export)

    diff = commands.add_parser(
        "diff", help="say what changed in the knowledge since an exported decision",
        description="Say what changed in the knowledge since an exported decision, "
        "and whether its recommendation would change under the same priorities.",
        epilog=f"Exit status: {DIFF_STANDS} the recommendation stands; {DIFF_CHANGED} it would change; "
        f"{DIFF_ERROR} error (not a decision file, unreadable file, unusable knowledge, "
        "or knowledge that cannot check this decision).",
    )
    _knowledge_option(diff)
    diff.add_argument("decision", metavar="DECISION.md", type=_path, help="a summary written by 'fwtui export'")
    diff.set_defaults(handler=run_diff)

    dump = commands.add_parser("dump", help="print the resolved knowledge as JSON")
    _knowledge_option(dump)
    dump.add_argument("--json", action="store_true", required=True, help="JSON output (the only format)")
    dump.add_argument("--edition", dest="dump_edition", help="only this edition")
    dump.set_defaults(handler=run_dump)

    env = commands.add_parser("env", help="show Python, installed frameworks, GPUs and advice for this node")
    _knowledge_option(env)
    env.add_argument("--json", action="store_true", help="print a JSON object for scripts")
    env.add_argument("--python", metavar="PATH", dest="env_python",
                     help="one more interpreter to list, besides the active envs, PATH and fwtui's own")
    env.set_defaults(handler=run_env)

    verify = commands.add_parser("verify", help="run the runnable snippets, each in its own process")
    _knowledge_option(verify)
    verify.add_argument("--edition", dest="verify_edition", help="only this edition (default: every edition)")
    verify.add_argument("--framework", dest="verify_framework", help="only this framework's snippets")
    verify.add_argument("--criterion", dest="verify_criterion", help="only this criterion's snippets")
    verify.add_argument("--timeout", default="120", metavar="S", help="seconds per snippet (default: 120)")
    verify.add_argument("--gpu", action="store_true", help="let snippets see GPUs (default: CUDA_VISIBLE_DEVICES='')")
    verify.add_argument("--python", metavar="PATH", default=sys.executable,
                        help="interpreter to run the snippets with (default: the one running fwtui)")
    verify.add_argument("-v", "--verbose", action="store_true", help="show the end of a failed snippet's output")
    verify.add_argument("--require-frameworks", action="store_true",
                        help="fail when a snippet is skipped because its framework is not installed (for CI)")
    verify.add_argument("--require-stated-versions", action="store_true",
                        help="fail when the interpreter's package versions differ from each edition's verified_on, "
                             "or an edition states none (for CI)")
    verify.set_defaults(handler=run_verify)
    return parser


class VersionAction(argparse.Action):
    """``--version``: fwtui's version and the content version of the knowledge it opens (``--knowledge`` before it)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show fwtui's version and the knowledge's content version, and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        try:
            knowledge = load(namespace).knowledge
            content = f"knowledge content {knowledge.content_version}" if knowledge else "no usable knowledge"
        except KnowledgeError as error:
            content = f"no usable knowledge ({error})"
        print(f"fwtui {__version__}, {content}")
        parser.exit()


def _knowledge_option(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    """--knowledge and the overlay options; on a subcommand (default SUPPRESS) they override the main ones."""
    parser.add_argument("--knowledge", metavar="DIR", default=default, type=_path,
                        help=f"knowledge directory (default: ${ENV_KNOWLEDGE} or the shipped knowledge)")
    overlays = parser.add_mutually_exclusive_group()
    overlays.add_argument("--overlay", action="append", metavar="DIR", default=[] if default is None else default,
                          type=_path,
                          help=f"a team's or your own criteria and presets over the knowledge; repeatable, "
                          f"the later wins (after ~/.config/fwtui/overlay, the nearest {PROJECT_OVERLAY}/ "
                          f"and ${ENV_OVERLAY})")
    overlays.add_argument("--no-overlay", action="store_true", default=False if default is None else default,
                          help="use the knowledge alone, without any overlay")


def overlays_in_effect(args: argparse.Namespace) -> list[Found]:
    """The overlays these options put in effect, lowest precedence first."""
    from .overlay import find_overlays

    return [] if args.no_overlay else find_overlays(args.overlay)


def load(args: argparse.Namespace, directory: str | None = None, found: Sequence[Found] | None = None) -> LoadResult:
    """Load the chosen knowledge and lay the overlays over it; unusable knowledge raises, partial problems are returned.

    Without a cache: a command reads the knowledge once. A bundle's embedded knowledge comes from its snapshot.
    """
    from .cache import load_cached
    from .loader import LoadResult
    from .overlay import apply_overlays

    root = knowledge_dir(directory or getattr(args, "knowledge", None))
    knowledge, problems = load_cached(root, None)
    if knowledge is None:
        return LoadResult(knowledge, problems)
    knowledge, overlay_problems = apply_overlays(knowledge, overlays_in_effect(args) if found is None else found)
    return LoadResult(knowledge, problems + overlay_problems)


def load_strict(args: argparse.Namespace) -> Knowledge:
    """Knowledge for commands that must not act on half of it (warnings do not stop them)."""
    found = overlays_in_effect(args)
    result = load(args, found=found)
    errors = result.errors
    if errors:
        more = f" (and {result.error_count - 1:,} more; run 'fwtui check')" if result.error_count > 1 else ""
        in_overlay = any(_inside(Path(e.path), f.path) for e in errors for f in found)
        way_out = "; --no-overlay uses the knowledge without the overlays" if in_overlay else ""
        raise CliError(f"{errors[0]}{more}{way_out}", EXIT_UNUSABLE)
    assert result.knowledge is not None
    return result.knowledge


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (as a problem names it) lies in ``folder``."""
    try:
        return os.path.commonpath([os.path.abspath(path), os.path.abspath(folder)]) == os.path.abspath(folder)
    except ValueError:
        return False


def pick_edition(knowledge: Knowledge, edition_id: str | None) -> Edition:
    edition = knowledge.edition(edition_id)
    if edition is None:
        choices = ", ".join(e.id for e in knowledge.editions)
        raise CliError(f"unknown edition {edition_id!r}; choose one of {choices}")
    return edition


def resolve_priorities(edition: Edition, base: dict[str, int], overrides: Sequence[str]) -> dict[str, int]:
    """``base`` with the ``ID=LEVEL`` overrides on top, or a one-line error naming the choices."""
    priorities = dict(base)
    for item in overrides:
        criterion_id, sep, level = item.partition("=")
        if not sep:
            raise CliError(f"--priority {item!r} must look like ID=LEVEL, e.g. deployment=high")
        if edition.criterion(criterion_id.strip()) is None:
            choices = ", ".join(c.id for c in edition.criteria)
            raise CliError(f"unknown criterion {criterion_id!r} in --priority; choose one of {choices}")
        try:
            priorities[criterion_id.strip()] = parse_level(level)
        except ValueError as error:
            raise CliError(f"--priority {item!r}: {error}") from None
    return priorities


@dataclass
class Start:
    """Where a decision starts: an edition, its priorities and notes, the team context, and what to warn about."""

    edition: Edition
    priorities: dict[str, int]
    preset: str | None = None
    notes: dict[str, str] = field(default_factory=dict)
    team: Team = Team()
    warnings: list[str] = field(default_factory=list)


def starting_point(knowledge: Knowledge, edition_id: str | None, preset: str | None = None,
                   saved: bool = False, decision: str | None = None, state: State | None = None) -> Start:
    """Priorities from a preset, the explorer's saved state, or a decision file (at most one), else normal.

    ``state`` is the saved state already read (the explorer has it); else ``saved`` reads it.
    """
    if decision is not None:
        return _from_decision(knowledge, edition_id, decision)
    if saved:
        return _from_saved(knowledge, edition_id, state)
    edition = pick_edition(knowledge, edition_id) if edition_id else knowledge.edition()
    assert edition is not None  # load_strict and build_explorer refuse knowledge without editions
    return Start(edition, _preset_priorities(edition, preset), preset)


def _preset_priorities(edition: Edition, preset: str | None) -> dict[str, int]:
    from .scoring import default_priorities

    try:
        return default_priorities(edition, preset)
    except KeyError:
        choices = ", ".join(p.id for p in edition.presets) or "none in this edition"
        raise CliError(f"unknown preset {preset!r}; choose one of {choices}") from None


def _from_saved(knowledge: Knowledge, edition_id: str | None, state: State | None) -> Start:
    from .paths import state_file
    from .state import StateError, parse_state, starting_priorities

    path = state_file()
    if state is None:
        if not path.exists():
            raise CliError(f"--saved: nothing saved yet ({path} does not exist); set priorities in the explorer first")
        try:
            state = parse_state(read_text_file(str(path), "--saved ", kind="state files"))
        except StateError as error:
            raise CliError(f"--saved {path}: {error}") from None
    edition = pick_edition(knowledge, edition_id) if edition_id else (
        knowledge.edition(state.edition) if state.edition else None) or knowledge.edition()
    assert edition is not None
    mine = state.editions.get(edition.id)
    if mine is None or not (mine.priorities or mine.notes):
        raise CliError(f"--saved: no priorities saved for edition {edition.id} in {path}")
    priorities, preset = starting_priorities(edition, mine)
    start = Start(edition, priorities, preset, {c: n for c, n in mine.notes.items() if edition.criterion(c)})
    unknown = [i for i in {*mine.priorities, *mine.notes} if edition.criterion(i) is None]
    start.warnings += _ignored(f"--saved {path}", edition, unknown)
    return start


def _from_decision(knowledge: Knowledge, edition_id: str | None, path: str) -> Start:
    from .export import recorded_team
    from .revisit import NotADecision, carry_decision

    record = read_decision(path)
    recorded = str(record.get("edition"))
    edition = pick_edition(knowledge, edition_id) if edition_id else knowledge.edition(recorded) or knowledge.edition()
    assert edition is not None
    try:
        carried = carry_decision(record, edition)
    except NotADecision as error:
        raise CliError(f"{path}: {error}") from None
    start = Start(edition, carried.priorities, carried.preset, carried.notes, recorded_team(record))
    if recorded != edition.id:
        start.warnings.append(
            f"{path}: decided on edition {recorded}; its priorities and notes carried to edition {edition.id} "
            "where a criterion there continues one of it"
        )
    start.warnings += _ignored(path, edition, carried.dropped)
    return start


def _ignored(source: str, edition: Edition, unknown: Sequence[str]) -> list[str]:
    """One line naming the criteria a source sets that the edition does not have (they are ignored)."""
    if not unknown:
        return []
    return [f"{source}: ignored {_count(len(unknown), 'criterion', 'criteria')} "
            f"not in edition {edition.id}: {', '.join(sorted(unknown))}"]


def run_check(args: argparse.Namespace) -> int:
    found = overlays_in_effect(args)
    try:
        result = load(args, args.directory, found)
    except KnowledgeError as error:
        print(f"fwtui: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    for problem in result.problems:
        print(problem)
    knowledge = result.knowledge
    errors, warnings = result.error_count, result.warning_count
    if errors:
        also = f" and {_count(warnings, 'warning')}" if warnings else ""
        print(f"fwtui: {_count(errors, 'problem')}{also} found{_overlays_named([f.shown for f in found])}",
              file=sys.stderr)
        return EXIT_PROBLEMS
    assert knowledge is not None
    checked = _overlays_named([f"{o.title} ({o.path})" for o in knowledge.overlays])
    criteria = sum(len(e.criteria) for e in knowledge.editions)
    from .loader import PROVENANCE_SINCE

    # Two kinds of warning: an overlay left unused (its owner is another user), and what a newer
    # minor of the schema requires that knowledge or an overlay written for an older one lacks.
    unused = {item.shown for item in found if item.foreign_owner is not None}
    skipped = sum(w.stands_for for w in result.warnings if w.path in unused and w.line is None)
    since = ".".join(map(str, PROVENANCE_SINCE))
    older = (f"this knowledge is written for {knowledge.schema_version}"
             if tuple(map(int, knowledge.schema_version.split("."))) < PROVENANCE_SINCE
             else "an overlay is written for an older minor")
    notes = [f"{_count(warnings - skipped, 'warning')}: schema {since} requires what they name, {older}"
             if warnings - skipped else "",
             f"{_count(skipped, 'overlay')} not used (above)" if skipped else ""]
    print(
        f"ok: {knowledge.root}: content {knowledge.content_version} (schema {knowledge.schema_version}), "
        f"{_count(len(knowledge.frameworks), 'framework')}, {_count(len(knowledge.editions), 'edition')}, "
        f"{_count(criteria, 'criterion', 'criteria')}{checked}" + "".join(f"; {note}" for note in notes if note)
    )
    return EXIT_OK


def _overlays_named(names: Sequence[str]) -> str:
    """", with 2 overlays .fwtui, ~/x": the overlays checked, as the summary line of ``fwtui check`` names them."""
    return f", with {_count(len(names), 'overlay')} {', '.join(names)}" if names else ""


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number:,} {one if number == 1 else many or one + 's'}"


def run_export(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from .export import Decision, export_date, render
    from .safefile import WriteError, write_atomic

    knowledge = load_strict(args)
    start = starting_point(knowledge, args.export_edition, args.export_preset, args.saved, args.from_decision)
    for line in start.warnings:
        _error(line)
    priorities = resolve_priorities(start.edition, start.priorities, args.priority)
    try:
        date = export_date(args.date)
    except ValueError as error:
        raise CliError(str(error)) from None
    team = replace(
        start.team,  # each flag given overrides what --from carried
        **{name: value for name, value in (
            ("title", _one_line(args.title)),
            ("deciders", tuple(n for n in map(_one_line, args.decider or ()) if n) or None),
            ("status", _one_line(args.status)),
            ("context", read_context(args.context)),
        ) if value},
    )
    if args.decider is not None and not team.deciders:
        raise CliError("--decider needs a name")
    decision = Decision(knowledge, start.edition, priorities, date, start.preset, args.snippets,
                        team=team, notes=start.notes, brief=args.brief)
    text = render(decision, args.format)
    if args.output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return EXIT_OK
    try:
        write_atomic(Path(args.output), text, overwrite=args.force)
    except WriteError as error:
        raise CliError(str(error)) from None
    print(f"wrote {single_line(args.output)}", file=sys.stderr)
    return EXIT_OK


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def read_context(option: str | None) -> str:
    """``--context``: the text itself, or with a leading @ the UTF-8 file it names (read as knowledge files are)."""
    if not option or not option.startswith("@"):
        return (option or "").strip()
    if option == "@":
        raise CliError("--context @FILE needs a file name after the @")
    return read_text_file(option[1:], "--context ", kind="--context files").strip()


def read_decision(path: str, status: int = EXIT_PROBLEMS) -> dict:
    """The record of an exported decision file (read up to its own, larger cap), or a one-line error."""
    from .revisit import NotADecision
    from .revisit import read_decision as read_record_of

    try:
        return read_record_of(Path(path))
    except NotADecision as error:
        raise CliError(f"{path}: {error}", status) from None


def read_text_file(path: str, what: str = "", status: int = EXIT_PROBLEMS, kind: str = "knowledge files") -> str:
    """A small regular text file, read as knowledge files are (size cap, no FIFOs), or a one-line error."""
    from .yamlsafe import YamlFileError, decode, read_bytes

    try:
        return decode(read_bytes(Path(path), kind))
    except YamlFileError as error:
        where = f"{path}:{error.line}" if error.line else path
        raise CliError(f"{what}{where}: {error.message}", status) from None


def run_diff(args: argparse.Namespace) -> int:
    from .revisit import NotADecision, revisit

    record = read_decision(args.decision, DIFF_ERROR)
    try:
        knowledge = load_strict(args)
        found = revisit(knowledge, record)
    except NotADecision as error:
        raise CliError(f"{args.decision}: {error}", DIFF_ERROR) from None
    print("\n".join(found.lines))
    if found.changed is None:
        return DIFF_ERROR
    return DIFF_CHANGED if found.changed else DIFF_STANDS


def run_dump(args: argparse.Namespace) -> int:
    from .dump import knowledge_as_json

    knowledge = load_strict(args)
    editions = [pick_edition(knowledge, args.dump_edition)] if args.dump_edition else list(knowledge.editions)
    sys.stdout.write(json_text(knowledge_as_json(knowledge, editions)) + "\n")
    return EXIT_OK


def run_env(args: argparse.Namespace) -> int:
    from .envinfo import as_json, collect, render_text

    try:
        knowledge = load(args).knowledge  # advice cites it when it loads; env works without it
    except KnowledgeError:
        knowledge = None
    info = collect(knowledge, python=_python_option(args.env_python))
    if args.json:
        sys.stdout.write(json_text(as_json(info)) + "\n")
    else:
        print("\n".join(render_text(info)))
    return EXIT_OK


def run_verify(args: argparse.Namespace) -> int:
    from .verify import VerifyError, run_cli

    try:
        timeout = float(args.timeout)
    except ValueError:
        timeout = -1.0
    if not timeout > 0:
        raise CliError(f"--timeout {args.timeout!r} must be a number of seconds above 0")
    try:
        return run_cli(load_strict(args), args.verify_edition, args.verify_framework, args.verify_criterion,
                       timeout=timeout, gpu=args.gpu, python=args.python, verbose=args.verbose,
                       require_frameworks=args.require_frameworks,
                       require_stated_versions=args.require_stated_versions)
    except VerifyError as error:
        raise CliError(str(error)) from None


def _python_option(python: str | None) -> str | None:
    """``--python`` as a path, or a one-line error before anything else happens."""
    if not python:
        return None
    from .verify import VerifyError, resolve_python

    try:
        return resolve_python(python)
    except VerifyError as error:
        raise CliError(str(error)) from None


def run_explorer(args: argparse.Namespace) -> int:
    """Open the explorer and return the exit status; a crash inside it is never status 0."""
    from .widgets.snippet_pane import save_highlights

    app = build_explorer(args)  # the knowledge's and the options' errors first: they are the same anywhere
    # Textual reads keys from stdin and draws on stderr: without a terminal on both it would wait
    # for keys that never come (or spin on an end of file) and fill a log with escape codes.
    if not (_is_terminal(sys.__stdin__) and _is_terminal(sys.__stderr__)):
        raise CliError("the explorer needs a terminal on standard input and standard error; "
                       "in a script, use 'fwtui export', 'fwtui check' or 'fwtui dump'", EXIT_UNUSABLE)
    # The garbage collector tuned for a long-lived app that draws frames. What is loaded by now
    # (modules, the knowledge) lives as long as the session: frozen, full collections stop scanning
    # it (with 5,000 criteria, a third of the start-up's CPU went to such scans). And a young
    # generation of 5,000 objects rather than 700: collected less often, so fewer of the frames'
    # short-lived objects are scanned and promoted (peak memory the same within 0.2 MiB).
    gc.freeze()
    gc.set_threshold(5_000)
    app.run()
    app.finish_background_work()
    save_highlights()
    if app.stopped_by_signal is not None:
        return 128 + app.stopped_by_signal  # asked to stop (kill, a dropped connection): no error to report
    if app.return_code:
        print("fwtui: the explorer stopped on an unexpected error (details above)", file=sys.stderr)
        return app.return_code
    return EXIT_OK


def _is_terminal(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # replaced by something without a descriptor, or closed
        return False


def build_explorer(args: argparse.Namespace) -> ExplorerApp:
    """The app for these options; unusable knowledge or a bad option fails here, before the screen is taken over."""
    from .app import ExplorerApp
    from .cache import load_cached
    from .overlay import apply_overlays
    from .paths import highlight_cache_file, knowledge_cache_dir, state_file
    from .state import State, load_state, starting_priorities
    from .widgets.snippet_pane import keep_highlights_in

    # KnowledgeError propagates to main: one line, exit 2. A new cache file is written once the
    # explorer's first frame is out, not before it.
    pending: list[Callable[[], None]] = []
    knowledge, problems = load_cached(knowledge_dir(args.knowledge), knowledge_cache_dir(), later=pending.append)
    if knowledge is not None:  # the base from the cache; overlays are small and read each time
        knowledge, overlay_problems = apply_overlays(knowledge, overlays_in_effect(args))
        problems = problems + overlay_problems
    if knowledge is None or not knowledge.editions:
        errors = [p for p in problems if not p.is_warning]
        first = f" ({errors[0]})" if errors else ""
        raise CliError(f"{args.knowledge or 'the knowledge'}: no usable edition{first}", EXIT_UNUSABLE)
    path = None if args.fresh else state_file()  # --fresh neither reads nor writes it
    state, warning = (State(), None) if path is None else load_state(path)
    if args.from_decision:
        # The decision's priorities and notes replace the saved ones for its edition, as a preset's would.
        start = starting_point(knowledge, args.edition, decision=args.from_decision)
        mine = state.for_edition(start.edition.id)
        mine.priorities, mine.preset, mine.notes = start.priorities, start.preset, dict(start.notes)
        for line in start.warnings:  # before the screen is taken over; still there when the explorer closes
            _error(line)
        edition, priorities, preset = start.edition, start.priorities, start.preset
    else:
        if args.edition:
            edition = pick_edition(knowledge, args.edition)
        else:
            edition = (knowledge.edition(state.edition) if state.edition else None) or knowledge.edition()
        try:
            priorities, preset = starting_priorities(edition, state.for_edition(edition.id), args.preset)
        except KeyError:
            choices = ", ".join(p.id for p in edition.presets) or "none in this edition"
            raise CliError(f"unknown preset {args.preset!r}; choose one of {choices}") from None
    app = ExplorerApp(knowledge, problems, edition, priorities, preset, state, path, warning,
                      python=_python_option(args.python))
    app.after_first_frame(*pending)
    keep_highlights_in(highlight_cache_file())
    return app


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
