"""The decision summary: GitHub-flavoured markdown, or an Architecture Decision Record (MADR).

Output is a pure function of the knowledge, the priorities and the date, so
the same input gives the same bytes. Each file ends with a machine-readable
record (an HTML comment holding JSON) that ``fwtui diff`` reads back.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass

from . import markdown as md
from .model import TIE, Criterion, Edition, Knowledge
from .compare import boards_for, counterpart
from .priorities import DEFAULT, LEVELS
from .scoring import Scoreboard, score

FORMATS = ("markdown", "madr")
RECORD_MARK = "fwtui-decision"
RECORD_VERSION = 1
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
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


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

    @property
    def scoreboard(self) -> Scoreboard:
        return score(self.edition, tuple(f.id for f in self.knowledge.frameworks), self.priorities)


def render(decision: Decision, fmt: str = "markdown") -> str:
    """The decision as a document in one of :data:`FORMATS`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    writer = _Markdown(decision) if fmt == "markdown" else _Madr(decision)
    text = "\n\n".join(block for block in writer.blocks() if block) + "\n\n" + record(decision) + "\n"
    return "\n".join(line.rstrip() for line in text.split("\n"))


def record(decision: Decision) -> str:
    """The machine-readable line ``fwtui diff`` reads back."""
    data = {
        "version": RECORD_VERSION,
        "content_version": decision.knowledge.content_version,
        "fingerprint": decision.knowledge.fingerprints.get(decision.edition.id, ""),
        "edition": decision.edition.id,
        "preset": decision.preset,
        "date": decision.date.isoformat(),
        "leader": decision.scoreboard.leader,
        "priorities": {c.id: LEVELS[decision.priorities.get(c.id, DEFAULT)] for c in decision.edition.criteria},
        "criteria": {c.id: {"title": c.title, "verdict": c.verdict} for c in decision.edition.criteria},
    }
    body = json.dumps(data, sort_keys=True, ensure_ascii=True).replace("--", "-\\u002d")
    return f"<!-- {RECORD_MARK} {body} -->"


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


class _Writer:
    def __init__(self, decision: Decision) -> None:
        self.d = decision
        self.k = decision.knowledge
        self.board = decision.scoreboard

    def name(self, framework_id: str | None) -> str:
        return md.inline(self.k.framework_name(framework_id)) if framework_id else "tie"

    def verdict(self, criterion: Criterion) -> str:
        return self.verdict_of(criterion.verdict)

    def outcome(self) -> str:
        board = self.board
        totals = ", ".join(f"{self.name(f)} {board.totals[f]}" for f in board.frameworks)
        if board.leader is None:
            return f"No framework leads: the scores are tied ({totals}, out of {board.possible} possible)."
        runner = max((f for f in board.frameworks if f != board.leader), key=lambda f: board.totals[f], default=None)
        points = "point" if board.margin == 1 else "points"
        return (
            f"**{self.name(board.leader)}** leads {self.name(runner)} by {board.margin} {points} "
            f"({totals}, out of {board.possible} possible)."
        )

    def why(self) -> str:
        if self.board.leader is None:
            return ""
        reasons = self.board.reasons(self.board.leader)
        parts = [f"{md.inline(c.criterion.title)} ({LEVELS[c.level]})" for c in reasons]
        return f"It leads because it wins {', '.join(parts)}." if parts else ""

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

    def scoreboard_table(self) -> str:
        possible = self.board.possible or 1
        rows = [
            [self.name(f), str(self.board.totals[f]), f"{100 * self.board.totals[f] // possible}%"]
            for f in self.board.frameworks
        ]
        return md.table(["Framework", "Points", "Share of possible"], rows, ["left", "right", "right"])

    def priorities_table(self) -> str:
        rows = []
        for c in self.d.edition.criteria:
            contribution = self.board.contribution(c)
            gain = f"{contribution.points} to {self.name(contribution.framework)}" if contribution.framework else "0"
            rows.append(
                [md.cell(c.title), md.cell(self.k.category_title(c.category)), LEVELS[contribution.level], self.verdict(c), gain]
            )
        return md.table(["Criterion", "Category", "Priority", "Verdict", "Points"], rows)

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

    def sources(self, criterion: Criterion) -> str:
        return "\n".join(f"- {md.link(s.title, s.url)}" for s in criterion.sources)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def diff_title(edition: Edition, criterion_id: str) -> str:
    criterion = edition.criterion(criterion_id)
    return criterion.title if criterion else criterion_id


class _Markdown(_Writer):
    def blocks(self) -> list[str]:
        d, k, e = self.d, self.k, self.d.edition
        frameworks = " vs ".join(self.name(f.id) for f in k.frameworks)
        preset = e.preset(d.preset) if d.preset else None
        facts = [
            f"- **Date:** {d.date.isoformat()}",
            f"- **Knowledge:** content version {md.inline(k.content_version)} of {k.date.isoformat()}, schema {md.inline(k.schema_version)}",
            f"- **Edition:** {md.inline(e.id)}, {md.inline(e.title)} (as of {e.as_of.isoformat()})",
            f"- **Fingerprint:** `{k.fingerprints.get(e.id, 'unknown')}`",
            f"- **Preset:** {md.inline(preset.title) if preset else 'none (priorities set by hand)'}",
        ]
        blocks = [
            f"# Framework decision: {frameworks}",
            "\n".join(facts),
            "## Recommendation",
            self.outcome(),
            self.why(),
            self.tipping(),
            "## Scoreboard",
            self.scoreboard_table(),
            "## Priorities",
            self.priorities_table(),
            "## Edition conclusion",
            md.paragraphs(e.conclusion),
            *self.comparison(),
            "## Criteria",
        ]
        for c in e.criteria:
            blocks.extend(self.criterion(c))
        return blocks

    def criterion(self, c: Criterion) -> list[str]:
        contribution = self.board.contribution(c)
        facts = [
            f"- **Verdict:** {self.verdict(c)}",
            f"- **Category:** {md.inline(self.k.category_title(c.category))}",
            f"- **Priority:** {LEVELS[contribution.level]}",
        ]
        blocks = [f"### {md.inline(c.title)}", "\n".join(facts), md.paragraphs(c.summary), md.paragraphs(c.reasoning)]
        if c.changed:
            blocks.append("**What changed:** " + md.paragraphs(c.changed))
        blocks += ["#### Sources", self.sources(c)]
        if self.d.snippets:
            blocks.append("#### Snippets")
            for framework in self.k.frameworks:
                for snippet in c.snippets.get(framework.id, ()):
                    runs = "runs as is" if snippet.runnable else "illustration, not run"
                    blocks.append(f"##### {self.name(framework.id)}: {md.inline(snippet.title)} ({runs})")
                    blocks.append(md.fence(snippet.code, snippet.language))
        return blocks


class _Madr(_Writer):
    def blocks(self) -> list[str]:
        d, k, e, board = self.d, self.k, self.d.edition, self.board
        chosen = self.name(board.leader) if board.leader else None
        title = f"Use {chosen} as the deep-learning framework" if chosen else "Choose a deep-learning framework"
        options = [self.name(f.id) for f in k.frameworks]
        drivers = [
            f"* {md.inline(c.title)}: {LEVELS[board.level(c.id)]}"
            for c in e.criteria
            if c.verdict is not None and board.level(c.id) > 0
        ]
        front = "\n".join(["---", "status: proposed", f"date: {d.date.isoformat()}", "---"])
        context = (
            f"We need to choose between {_and(options)}. This record weighs the verdicts of the "
            f"fwtui knowledge (edition {md.inline(e.id)}, {md.inline(e.title)}; content version "
            f"{md.inline(k.content_version)}, fingerprint `{k.fingerprints.get(e.id, 'unknown')}`) "
            "by the priorities below."
        )
        if chosen:
            outcome = f'Chosen option: "{chosen}", because it scores highest under our priorities. {self.outcome()} {self.why()}'
        else:
            outcome = f"No option chosen yet: {self.outcome()}"
        blocks = [
            front,
            f"# {title}",
            "## Context and Problem Statement",
            context,
            "## Decision Drivers",
            "\n".join(drivers) or "* No criterion has a priority above off.",
            "## Considered Options",
            "\n".join(f"* {o}" for o in options),
            "## Decision Outcome",
            outcome,
            "### Consequences",
            self.tipping(),
            "## Pros and Cons of the Options",
        ]
        for framework in k.frameworks:
            blocks.append(f"### {self.name(framework.id)}")
            blocks.append("\n".join(self.pros_and_cons(framework.id)) or "* Neutral, because no criterion judges it.")
        blocks += ["## More Information", self.scoreboard_table(), md.paragraphs(e.conclusion)]
        return blocks

    def pros_and_cons(self, framework_id: str) -> list[str]:
        lines = []
        for c in self.d.edition.criteria:
            if c.verdict is None:
                continue
            if c.verdict == framework_id:
                kind = "Good"
            elif c.verdict == TIE:
                kind = "Neutral"
            else:
                kind = "Bad"
            lines.append(f"* {kind}, because of {md.inline(c.title)}: {md.inline(c.summary)}")
        return lines
