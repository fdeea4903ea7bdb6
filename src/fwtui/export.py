"""The decision summary: GitHub-flavoured markdown, or an Architecture Decision Record (MADR).

Output is a pure function of the knowledge, the priorities and the date, so
the same input gives the same bytes. Each file ends with a machine-readable
record (an HTML comment holding JSON) that ``fwtui diff`` reads back.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import markdown as md
from .model import DEFAULT_STATUS, TIE, Criterion, Edition, Knowledge, Preset, Team
from .compare import boards_for, counterpart
from .priorities import DEFAULT, LEVELS, MAX
from .provenance import age, source_note, today, verified_on
from .safetext import visible
from .scoring import Contribution, Scoreboard, points_legend, score

FORMATS = ("markdown", "madr")
RECORD_MARK = "fwtui-decision"
RECORD_VERSION = 3
"""Version 2 adds the team context: title, deciders, status, context and notes; version 3 the overlays in
effect and, per criterion, the overlay that added or replaced it. Older files still read."""
_RECORD = re.compile(r"<!-- " + RECORD_MARK + r" (\{.*?\}) -->", re.DOTALL)


def export_date(option: str | None) -> dt.date:
    """The date a decision records: ``option`` (YYYY-MM-DD), else $SOURCE_DATE_EPOCH, else today.

    Raises ValueError with a message for the user when ``option`` is not a date.
    """
    if option:
        try:
            return dt.date.fromisoformat(option)
        except ValueError:
            raise ValueError(f"--date {option!r} is not a date like 2026-11-26") from None
    return today()


@dataclass(frozen=True)
class Decision:
    """Everything a summary is made from."""

    knowledge: Knowledge
    edition: Edition
    priorities: dict[str, int]
    date: dt.date
    preset: str | None = None
    snippets: bool = False
    compare: bool = True
    """Add what changed against the edition this one revises (or that revises it)."""
    team: Team = Team()
    notes: Mapping[str, str] = field(default_factory=dict)
    """Criterion id to the team's note on it."""
    brief: bool = False
    """Leave out the appendix that gives every criterion in full."""

    @property
    def scoreboard(self) -> Scoreboard:
        return score(self.edition, tuple(f.id for f in self.knowledge.frameworks), self.priorities)

    def note(self, criterion_id: str) -> str:
        """The team's note on a criterion, "" when there is none."""
        return " ".join(self.notes.get(criterion_id, "").split())


def render(decision: Decision, fmt: str = "markdown") -> str:
    """The decision as a document in one of :data:`FORMATS`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    writer = _Markdown(decision) if fmt == "markdown" else _Madr(decision)
    text = "\n\n".join(block for block in writer.blocks() if block) + "\n\n" + record(decision) + "\n"
    return "\n".join(line.rstrip() for line in text.split("\n"))


def record(decision: Decision) -> str:
    """The machine-readable line ``fwtui diff`` (and ``--from``) reads back."""
    criteria = decision.edition.criteria
    data = {
        "version": RECORD_VERSION,
        "content_version": decision.knowledge.content_version,
        "fingerprint": decision.knowledge.fingerprints.get(decision.edition.id, ""),
        "edition": decision.edition.id,
        "preset": decision.preset,
        "date": decision.date.isoformat(),
        "leader": decision.scoreboard.leader,
        "priorities": {c.id: LEVELS[decision.priorities.get(c.id, DEFAULT)] for c in criteria},
        "criteria": {c.id: {"title": c.title, "verdict": c.verdict, **overlay_mark(c)} for c in criteria},
        "overlays": [{"title": o.title, "path": o.path, "fingerprint": o.fingerprint, "origin": o.origin}
                     for o in decision.knowledge.overlays],
        "title": decision.team.title,
        "deciders": list(decision.team.deciders),
        "status": decision.team.status,
        "context": decision.team.context,
        "notes": {c.id: decision.note(c.id) for c in criteria if decision.note(c.id)},
    }
    body = json.dumps(data, sort_keys=True, ensure_ascii=True).replace("--", "-\\u002d")
    return f"<!-- {RECORD_MARK} {body} -->"


def overlay_mark(criterion: Criterion) -> dict:
    """For a criterion an overlay added or replaced: the overlay's path and whether it replaced a shipped one."""
    if not criterion.overlay:
        return {}
    return {"overlay": criterion.overlay, "replaces": criterion.replaces is not None}


def read_record(text: str) -> dict | None:
    """The record of an fwtui export, or None when the text is not one."""
    # The last one: the record ends the file, and snippets shown earlier may quote a record-like comment.
    start = text.rfind(f"<!-- {RECORD_MARK} ")
    match = _RECORD.match(text, start) if start >= 0 else None
    if match is None:
        return None
    try:
        data = json.loads(match.group(1))
    except (ValueError, RecursionError):  # malformed, a number too long to convert, nesting too deep
        return None
    if not isinstance(data, dict) or not isinstance(data.get("priorities"), dict) or "edition" not in data:
        return None
    return data


def recorded_team(record: dict) -> Team:
    """The team context a record carries; version 1 records (and odd values) give the defaults."""

    def text(key: str, default: str = "") -> str:
        value = record.get(key)
        return value.strip() if isinstance(value, str) and value.strip() else default

    deciders = record.get("deciders")
    names = tuple(d.strip() for d in deciders if isinstance(d, str) and d.strip()) if isinstance(deciders, list) else ()
    return Team(text("title"), names, text("status", DEFAULT_STATUS), text("context"))


def recorded_notes(record: dict) -> dict[str, str]:
    """The notes on criteria a record carries, by criterion id."""
    notes = record.get("notes")
    if not isinstance(notes, dict):
        return {}
    return {str(cid): note.strip() for cid, note in notes.items() if isinstance(note, str) and note.strip()}


def passage(criterion: Criterion, framework_name: str) -> str | None:
    """The last paragraph of a criterion's reasoning that names the framework, or None.

    That is where the knowledge argues for the framework, or, for a criterion
    another framework wins, says what this one offers there: its route. The
    words are the knowledge's own; nothing is made up.
    """
    named = re.compile(r"(?<!\w)" + re.escape(framework_name) + r"(?!\w)")
    for _, parts in reversed(md.prose_blocks(criterion.reasoning)):
        text = " ".join(parts)
        if named.search(text):
            return text
    return None


class _Writer:
    """What both formats say, as markdown blocks; each format arranges them."""

    bullet = "-"
    """What marks every list item; one mark throughout a document (markdownlint's MD004)."""

    def __init__(self, decision: Decision) -> None:
        self.d = decision
        self.k = decision.knowledge
        self.board = decision.scoreboard

    def name(self, framework_id: str | None) -> str:
        return md.inline(self.k.framework_name(framework_id)) if framework_id else "tie"

    def verdict(self, criterion: Criterion) -> str:
        return self.verdict_of(criterion.verdict)

    def title(self, criterion: Criterion) -> str:
        return md.inline(criterion.title)

    def origin(self, criterion: Criterion, detail: bool = False) -> str:
        """"added by overlay «Title»" or "overlay «Title»; replaces the shipped criterion" (with ``detail``,
        which one and its verdict); "" for the knowledge's own."""
        if not criterion.overlay:
            return ""
        name = f"overlay «{md.inline(self.k.overlay_title(criterion.overlay))}»"
        shipped = criterion.replaces
        if shipped is None:
            return f"added by {name}"
        if not detail:
            return f"{name}; replaces the shipped criterion"
        return f"{name}; replaces the shipped criterion «{self.title(shipped)}», whose verdict was {self.verdict(shipped)}"

    def labelled(self, criterion: Criterion) -> str:
        """The title, with where it comes from when an overlay added or replaced it."""
        origin = self.origin(criterion)
        return f"{self.title(criterion)} ({origin})" if origin else self.title(criterion)

    def weight(self, c: Contribution) -> str:
        """"high, 3 points": the priority and what it is worth."""
        return f"{LEVELS[c.level]}, {_points(c.points)}"

    def note(self, criterion: Criterion) -> str:
        """The team's note, to follow what is said about the criterion; "" when there is none."""
        note = self.d.note(criterion.id)
        return f" **Our note:** {md.inline(note)}" if note else ""

    def totals(self) -> str:
        board = self.board
        totals = ", ".join(f"{self.name(f)} {board.totals[f]}" for f in board.frameworks)
        return f"{totals}, out of the {_points(board.possible)} at stake under these priorities"

    def outcome(self) -> str:
        """The recommendation in one sentence, with the score behind it."""
        board = self.board
        if board.leader is None:
            return f"No recommendation yet: the scores are tied ({self.totals()})."
        return f"Use **{self.name(board.leader)}**: {self.lead()}."

    def lead(self) -> str:
        """"it leads TensorFlow by 8 points (the totals)"."""
        board = self.board
        if board.runner_up is None:
            return f"it is the only option ({self.totals()})"
        return f"it leads {self.name(board.runner_up)} by {_points(board.margin)} ({self.totals()})"

    def reason(self, c: Contribution) -> str:
        """Why a criterion goes to its winner, in the knowledge's words."""
        found = passage(c.criterion, self.k.framework_name(c.framework or ""))
        return md.inline(found if found is not None else c.criterion.summary)

    def reasons(self) -> list[str]:
        """List items: the leader's biggest wins (each side's, on a tie), with the knowledge's reasons."""
        board = self.board
        if board.leader is not None:
            return [f"**{self.title(c.criterion)}** ({self.weight(c)}): {self.reason(c)}{self.note(c.criterion)}"
                    for c in board.reasons(board.leader)]
        lines = []
        for framework in board.frameworks:
            wins = board.reasons(framework)
            if wins:
                won = ", ".join(f"{self.title(c.criterion)} ({LEVELS[c.level]})" for c in wins)
                lines.append(f"{self.name(framework)} wins {won}.")
        return lines

    def trade_offs(self) -> list[str]:
        """List items: high priorities another side wins, each with the route the knowledge gives the leader."""
        leader = self.board.leader
        if leader is None:
            return []
        items = []
        for c in self.board.trade_offs():
            route = passage(c.criterion, self.k.framework_name(leader))
            said = (f"For {self.name(leader)}, the knowledge says: {md.inline(route)}" if route is not None
                    else f"The knowledge gives no route for {self.name(leader)} here.")
            items.append(f"**{self.title(c.criterion)}** goes to {self.name(c.framework)} ({self.weight(c)}). "
                         f"{said}{self.note(c.criterion)}")
        return items

    def other_wins(self) -> str:
        """What the other sides win below high priority, in one sentence."""
        board = self.board
        if board.leader is None:
            return ""
        parts = []
        for framework in board.frameworks:
            if framework == board.leader:
                continue
            wins = [c for c in board.won_by(framework) if c.level < MAX]
            if wins:
                won = _and([f"{self.title(c.criterion)} ({self.weight(c)})" for c in wins])
                parts.append(f"{self.name(framework)} wins {won}")
        return ("Below high priority, " + "; ".join(parts) + ".") if parts else ""

    def no_trade_offs(self) -> str:
        others = [self.name(f) for f in self.board.frameworks if f != self.board.leader]
        if not others:
            return "None: there is no other framework to weigh."
        return f"None among the high priorities: {_and(others)} {'wins' if len(others) == 1 else 'win'} none of them."

    def tipping(self) -> str:
        tip = self.board.cheapest_tipping
        if tip is None:
            return "No single priority change would change this outcome."
        criterion = self.d.edition.criterion(tip.criterion_id)
        title = md.inline(criterion.title) if criterion else tip.criterion_id
        verb = "Raising" if tip.to_level > tip.from_level else "Lowering"
        result = f"put {self.name(tip.new_leader)} ahead" if tip.new_leader else "make it a tie"
        return (
            f"{verb} {title} from {LEVELS[tip.from_level]} to {LEVELS[tip.to_level]} "
            f"would {result}; no smaller single change alters the outcome."
        )

    def scoreboard(self) -> list[str]:
        """The totals, how points are counted, and every criterion's points for each side."""
        board = self.board
        possible = board.possible or 1
        totals = md.table(
            ["Framework", "Points", "Share of the points at stake"],
            [[self.name(f), str(board.totals[f]), f"{round(100 * board.totals[f] / possible)}%"] for f in board.frameworks],
            ["left", "right", "right"],
        )
        how = (
            f"Each criterion adds its priority's points to the framework its verdict names "
            f"({points_legend()}); a tie or a note adds nothing. The {_points(board.possible)} at stake are "
            "what these priorities put on the scored criteria, so each total is out of them."
        )
        rows = []
        for c in board.contributions():
            rows.append([self.labelled(c.criterion), md.code(c.criterion.id), LEVELS[c.level], self.verdict(c.criterion)]
                        + [str(c.points_for(f)) for f in board.frameworks])
        rows.append(["**Total**", " ", " ", " "] + [f"**{board.totals[f]}**" for f in board.frameworks])
        by_criterion = md.table(
            ["Criterion", "ID", "Priority", "Verdict", *(self.name(f) for f in board.frameworks)], rows,
            ["left"] * 4 + ["right"] * len(board.frameworks),
        )
        blocks = [totals, how, "### Points by criterion", by_criterion]
        notes = [f"{self.bullet} **{self.title(c)}** ({md.code(c.id)}): {md.inline(self.d.note(c.id))}"
                 for c in self.d.edition.criteria if self.d.note(c.id)]
        if notes:
            blocks += ["### Our notes on criteria", "\n".join(notes)]
        return blocks

    def preset_name(self, preset: Preset) -> str:
        """Its title, and the overlay it comes from when it is an overlay's."""
        if not preset.overlay:
            return md.inline(preset.title)
        return f"{md.inline(preset.title)}, from overlay «{md.inline(self.k.overlay_title(preset.overlay))}»"

    def provenance(self) -> str:
        k, e = self.k, self.d.edition
        preset = e.preset(self.d.preset) if self.d.preset else None
        return "\n".join([
            f"- **Knowledge:** content version {md.inline(k.content_version)} of {k.date.isoformat()}, "
            f"schema {md.inline(k.schema_version)}",
            f"- **Edition:** {md.inline(e.id)}, {md.inline(e.title)} ({self.freshness()})",
            f"- **Fingerprint:** `{k.fingerprints.get(e.id, 'unknown')}`",
            f"- **Preset:** {self.preset_name(preset) if preset else 'none (priorities set by hand)'}",
            *(f"- **Overlay:** «{md.inline(o.title)}» from {md.code(o.path)}, fingerprint `{o.fingerprint}`"
              for o in k.overlays),
        ])

    def comparison(self) -> list[str]:
        if not self.d.compare:
            return []
        pair = counterpart(self.k, self.d.edition)
        if pair is None:
            return []
        older, newer = pair
        diff, *boards = boards_for(self.k, older, newer, self.d.edition, self.d.priorities)
        frameworks = tuple(f.id for f in self.k.frameworks)
        rows = [[self.name(f)] + [str(b.totals[f]) for b in boards] for f in frameworks]
        rows.append(["Leader"] + [self.name(b.leader) if b.leader else "tie" for b in boards])
        blocks = [
            f"## Edition {md.inline(older.id)} against edition {md.inline(newer.id)}",
            "The same priorities, carried across by the criteria each one continues:",
            md.table(["Framework", f"Edition {md.inline(older.id)}", f"Edition {md.inline(newer.id)}"], rows,
                     ["left", "right", "right"]),
            "### Verdicts that changed",
        ]
        if diff.flips:
            blocks.append(md.table(
                ["Criterion", f"Edition {md.inline(older.id)}", f"Edition {md.inline(newer.id)}", "What changed"],
                [[md.cell(f.new.title + (f" (was {f.old.title})" if f.renamed else "")), self.verdict_of(f.old.verdict), self.verdict(f.new), md.cell(f.new.changed or "-")]
                 for f in diff.flips],
            ))
        else:
            blocks.append("No verdict changed.")
        lines = [f"- New: {md.inline(c.title)}" for c in diff.added]
        lines += [f"- Renamed: {md.inline(o.title)} is now {md.inline(n.title)}" for o, n in diff.renamed]
        lines += [f"- Split: {md.inline(diff_title(older, o))} became {', '.join(md.inline(n.title) for n in ns)}"
                  for o, ns in diff.split.items()]
        lines += [f"- Merged: {', '.join(md.inline(o.title) for o in olds)} became {md.inline(n.title)}" for olds, n in diff.merged]
        lines += [f"- Retired: {md.inline(o.title)}" + (f" ({md.inline(reason)})" if reason else "") for o, reason in diff.retired]
        blocks += ["### Criteria added, renamed or retired", "\n".join(lines) or "None."]
        return blocks

    def verdict_of(self, verdict: str | None) -> str:
        if verdict is None:
            return "note, not scored"
        return "tie" if verdict == TIE else self.name(verdict)

    def bullets(self, items: list[str], indent: str = "") -> str:
        return "\n".join(f"{indent}{self.bullet} {item}" for item in items)

    def sources(self, criterion: Criterion, indent: str = "") -> str:
        """One line per source: its link, then its kind and the date it was last checked."""
        return self.bullets([f"{md.link(s.title, s.url)} ({md.inline(source_note(s))})" for s in criterion.sources], indent)

    def freshness(self) -> str:
        """``as of 2026-12-02, 5 days before this decision; snippets verified on ...``, escaped."""
        e = self.d.edition
        return md.inline(f"{age(e.as_of, self.d.date, since='this decision')}; {verified_on(e)}")


def _shared_titles(criteria: tuple[Criterion, ...]) -> set[str]:
    """Titles (as headings write them) that more than one criterion has: an overlay can add one the edition has."""
    seen: set[str] = set()
    shared = set()
    for criterion in criteria:
        title = md.inline(criterion.title)
        (shared if title in seen else seen).add(title)
    return shared


def _points(count: int) -> str:
    return f"{count} point{'' if count == 1 else 's'}"


def _and(items: list[str]) -> str:
    """"a, b and c"; items must not be empty."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def diff_title(edition: Edition, criterion_id: str) -> str:
    criterion = edition.criterion(criterion_id)
    return criterion.title if criterion else criterion_id


_PLAIN_YAML = re.compile(r"[\w][\w .,()/'+-]*")


def _yaml_value(text: str) -> str:
    """A front-matter value that stays one plain scalar: bare when safe, else a quoted (JSON) string."""
    value = " ".join(visible(text).split())
    return value if _PLAIN_YAML.fullmatch(value) else json.dumps(value, ensure_ascii=False)


class _Markdown(_Writer):
    def blocks(self) -> list[str]:
        d, k, e, board = self.d, self.k, self.d.edition, self.board
        frameworks = " vs ".join(self.name(f.id) for f in k.frameworks)
        facts = [f"- **Status:** {md.inline(d.team.status)}", f"- **Date:** {d.date.isoformat()}"]
        if d.team.deciders:
            facts.append(f"- **Deciders:** {', '.join(md.inline(n) for n in d.team.deciders)}")
        blocks = [
            f"# {md.inline(d.team.title) if d.team.title.strip() else f'Framework decision: {frameworks}'}",
            "\n".join(facts),
            "## Decision",
            self.outcome(),
            "### Reasons",
            self.bullets(self.reasons()) or "No criterion earns any framework a point under these priorities.",
            "### Trade-offs",
            self.bullets(self.trade_offs()) or (self.no_trade_offs() if board.leader else ""),
            self.other_wins(),
            self.tipping(),
        ]
        if d.team.context.strip():
            blocks += ["## Context", md.paragraphs(d.team.context, self.bullet)]
        blocks += [
            "## Scoreboard",
            *self.scoreboard(),
            "## Knowledge behind this decision",
            self.provenance(),
            "## Edition conclusion",
            md.paragraphs(e.conclusion, self.bullet),
            *self.comparison(),
        ]
        if not d.brief:
            blocks.append("## Criteria")
            shared = _shared_titles(e.criteria)
            for c in e.criteria:
                blocks.extend(self.criterion(c, with_id=md.inline(c.title) in shared))
        return blocks

    def criterion(self, c: Criterion, with_id: bool = False) -> list[str]:
        """The criterion in full; ``with_id`` adds its id to the heading, for a title another criterion shares."""
        contribution = self.board.contribution(c)
        facts = [
            f"- **Verdict:** {self.verdict(c)}",
            f"- **Category:** {md.inline(self.k.category_title(c.category))}",
            f"- **Priority:** {LEVELS[contribution.level]} ({md.code(c.id)})",
        ]
        if c.as_of and c.as_of != self.d.edition.as_of:  # checked on its own since the edition, or before it
            facts.append(f"- **Checked:** {md.inline(age(c.as_of, self.d.date, since='this decision'))}")
        if c.overlay:
            facts.append(f"- **Origin:** {self.origin(c, detail=True)}")
        if self.d.note(c.id):
            facts.append(f"- **Our note:** {md.inline(self.d.note(c.id))}")
        heading = f"### {self.title(c)} ({md.code(c.id)})" if with_id else f"### {self.title(c)}"
        blocks = [heading, "\n".join(facts), md.paragraphs(c.summary), md.paragraphs(c.reasoning)]
        if c.changed:
            blocks.append("**What changed:** " + md.paragraphs(c.changed))
        if c.sources:
            blocks += ["**Sources:**", self.sources(c)]
        if self.d.snippets:
            for framework in self.k.frameworks:
                for snippet in c.snippets.get(framework.id, ()):
                    runs = "runs as is" if snippet.runnable else "illustration, not run"
                    blocks.append(f"**{self.name(framework.id)}: {md.inline(snippet.title)}** ({runs})")
                    blocks.append(md.fence(snippet.code, snippet.language))
        return blocks


class _Madr(_Writer):
    bullet = "*"
    """MADR's templates mark list items with a star."""

    def blocks(self) -> list[str]:
        d, k, e, board = self.d, self.k, self.d.edition, self.board
        chosen = self.name(board.leader) if board.leader else None
        if d.team.title.strip():
            title = md.inline(d.team.title)
        else:
            title = f"Use {chosen} as the deep-learning framework" if chosen else "Choose a deep-learning framework"
        options = [self.name(f.id) for f in k.frameworks]
        front = ["---", f"status: {_yaml_value(d.team.status)}", f"date: {d.date.isoformat()}"]
        if d.team.deciders:
            front.append(f"decision-makers: {_yaml_value(', '.join(d.team.deciders))}")
        front.append("---")
        context = (
            f"We need to choose between {_and(options)}. This record weighs the verdicts of the "
            f"fwtui knowledge (edition {md.inline(e.id)}, {md.inline(e.title)}; content version "
            f"{md.inline(k.content_version)}, fingerprint `{k.fingerprints.get(e.id, 'unknown')}`; "
            f"{self.freshness()}) by the priorities below."
        ) + "".join(f" Overlay «{md.inline(o.title)}» ({md.code(o.path)}, fingerprint `{o.fingerprint}`) adds "
                    "or replaces criteria." for o in k.overlays)
        if chosen:
            wins = [f"{self.title(c.criterion)} ({LEVELS[c.level]})" for c in board.reasons(board.leader)]
            winning = f", winning {_and(wins)}" if wins else ""
            outcome = f'Chosen option: "{chosen}", because it comes out best under our priorities{winning}: {self.lead()}.'

        else:
            outcome = f"No option chosen yet: the scores are tied ({self.totals()})."
        blocks = [
            "\n".join(front),
            f"# {title}",
            "## Context and Problem Statement",
            md.paragraphs(d.team.context, self.bullet),
            context,
            "## Decision Drivers",
            self.bullets(self.drivers() or ["No scored criterion has a priority above off."]),
            "## Considered Options",
            self.bullets(options),
            "## Decision Outcome",
            outcome,
            "### Consequences",
            self.bullets(self.consequences()),
            "## Pros and Cons of the Options",
        ]
        for framework in k.frameworks:
            blocks.append(f"### {self.name(framework.id)}")
            blocks.append(self.bullets(self.pros_and_cons(framework.id) or ["Neutral, because no criterion judges it."]))
        blocks += ["## More Information", self.tipping(), *self.scoreboard(), md.paragraphs(e.conclusion, self.bullet),
                   "### Sources", "Each source with its kind and the date it was last checked."]
        blocks += [self.bullets([self.labelled(c)]) + "\n" + self.sources(c, "  ") for c in e.criteria]
        return blocks

    def drivers(self) -> list[str]:
        """The scored criteria set away from normal (or with a note), highest first; the rest in one line."""
        scored = [c for c in self.board.contributions() if c.criterion.verdict is not None]
        singled = [c for c in scored if c.level != DEFAULT or self.d.note(c.criterion.id)]
        singled.sort(key=lambda c: -c.level)
        lines = [f"{self.title(c.criterion)} ({md.code(c.criterion.id)}): {LEVELS[c.level]}{self.note(c.criterion)}"
                 for c in singled]
        rest = len(scored) - len(singled)
        if rest:
            others = "other" if singled else "scored"
            lines.append(f"The {rest} {others} {'criterion' if rest == 1 else 'criteria'}: {LEVELS[DEFAULT]}")
        return lines

    def consequences(self) -> list[str]:
        """Good: what the chosen framework wins; bad: what it gives up, with the route the knowledge gives."""
        board = self.board
        if board.leader is None:
            return [f"Neutral, because no option is chosen yet. {self.tipping()}"]
        good = [f"Good, because {self.name(board.leader)} wins {self.title(c.criterion)} ({self.weight(c)})"
                for c in board.reasons(board.leader)]
        bad = [f"Bad, because {item}" for item in self.trade_offs()]
        if not bad:
            bad = [f"Neutral, because there is no trade-off among the high priorities: {self.no_trade_offs()}"]
        others = self.other_wins()
        if others:
            bad.append(f"Bad, because {others[0].lower()}{others[1:]}")
        return good + bad

    def pros_and_cons(self, framework_id: str) -> list[str]:
        """Each scored criterion as a reason for or against the framework, good first, weightiest first."""
        good, neutral, bad = [], [], []
        for c in sorted(self.board.contributions(), key=lambda c: -c.level):
            verdict = c.criterion.verdict
            if verdict == framework_id:
                good.append(f"Good, because of {self.title(c.criterion)} ({LEVELS[c.level]}): {self.reason(c)}")
            elif verdict == TIE:
                neutral.append(f"Neutral, because {self.title(c.criterion)} is a tie ({LEVELS[c.level]})")
            elif verdict is not None:
                bad.append(f"Bad, because {self.title(c.criterion)} goes to {self.name(verdict)} ({LEVELS[c.level]})")
        return good + neutral + bad
