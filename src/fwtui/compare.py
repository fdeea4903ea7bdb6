"""What changed between two editions: flipped verdicts, new, renamed, split, merged and retired criteria.

The older side is a plain ``id -> (title, verdict)`` table so the same code
compares two loaded editions and a decision recorded in an exported file.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from .model import Criterion, Edition, Knowledge
from .priorities import DEFAULT
from .scoring import Scoreboard, score


@dataclass(frozen=True)
class OldCriterion:
    id: str
    title: str
    verdict: str | None


@dataclass(frozen=True)
class Flip:
    old: OldCriterion
    new: Criterion

    @property
    def renamed(self) -> bool:
        return self.old.id != self.new.id


@dataclass
class Comparison:
    old_id: str
    new: Edition
    flips: list[Flip] = field(default_factory=list)
    kept: list[tuple[OldCriterion, Criterion]] = field(default_factory=list)
    """Criteria continued with the same verdict."""
    added: list[Criterion] = field(default_factory=list)
    renamed: list[tuple[OldCriterion, Criterion]] = field(default_factory=list)
    split: dict[str, list[Criterion]] = field(default_factory=dict)
    merged: list[tuple[list[OldCriterion], Criterion]] = field(default_factory=list)
    retired: list[tuple[OldCriterion, str]] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.flips or self.added or self.renamed or self.split or self.merged or self.retired)


def old_side(edition: Edition) -> dict[str, OldCriterion]:
    return {c.id: OldCriterion(c.id, c.title, c.verdict) for c in edition.criteria}


def sources_of(criterion: Criterion, old: Collection[str], direct: bool) -> list[str]:
    """The older criteria a newer one continues.

    Within one edition (``direct``: a decision against today's copy of it) a
    criterion continues itself. Across editions it continues its
    ``previous_ids``, or, without them, the criterion of the same id.
    """
    if criterion.previous_ids and not direct:
        return [i for i in criterion.previous_ids if i in old]
    return [criterion.id] if criterion.id in old else []


def compare(old_id: str, old: Mapping[str, OldCriterion], new: Edition, retired_reasons: Mapping[str, str] | None = None) -> Comparison:
    """Compare ``new`` against an older table of criteria.

    When ``old_id`` is ``new.previous`` the mapping comes from ``previous_ids``;
    when both sides are the same edition (a decision against today's copy of
    it), criteria match by id.
    """
    direct = old_id == new.id
    result = Comparison(old_id, new)
    continued: dict[str, list[Criterion]] = {}
    for criterion in new.criteria:
        sources = sources_of(criterion, old, direct)
        if not sources:
            result.added.append(criterion)
            continue
        for source in sources:
            continued.setdefault(source, []).append(criterion)
        if len(sources) > 1:
            result.merged.append(([old[s] for s in sources], criterion))
        elif sources[0] != criterion.id:
            result.renamed.append((old[sources[0]], criterion))
        for source in sources:
            before = old[source]
            if before.verdict != criterion.verdict:
                result.flips.append(Flip(before, criterion))
            else:
                result.kept.append((before, criterion))
    for old_criterion_id, successors in continued.items():
        if len(successors) > 1:
            result.split[old_criterion_id] = successors
    reasons = dict(retired_reasons or {})
    if not direct:
        reasons.update({r.id: r.reason for r in new.retired})
    for criterion_id, before in old.items():
        if criterion_id not in continued:
            result.retired.append((before, reasons.get(criterion_id, "")))
    # A split's pieces are listed as renames too; keep them under split only.
    result.renamed = [(o, n) for o, n in result.renamed if o.id not in result.split]
    return result


def translate_priorities(comparison: Comparison, old_priorities: Mapping[str, int],
                         kept: Mapping[str, int] | None = None) -> dict[str, int]:
    """Carry priorities set on the older side over to the newer edition.

    A continued criterion takes the highest level among those it continues;
    a new one keeps its level in ``kept`` (what the user set on the newer
    edition before), else starts at normal.
    """
    direct = comparison.old_id == comparison.new.id
    kept = kept or {}
    translated: dict[str, int] = {}
    for criterion in comparison.new.criteria:
        levels = [old_priorities[s] for s in sources_of(criterion, old_priorities.keys(), direct)]
        translated[criterion.id] = max(levels) if levels else kept.get(criterion.id, DEFAULT)
    return translated


def back_translate_priorities(comparison: Comparison, new_priorities: Mapping[str, int], old_ids: list[str],
                              kept: Mapping[str, int] | None = None) -> dict[str, int]:
    """Priorities set on the newer edition, carried back to the older one.

    An older criterion that nothing continues keeps its level in ``kept``, else normal.
    """
    direct = comparison.old_id == comparison.new.id
    known = set(old_ids)
    kept = kept or {}
    back: dict[str, int] = {}
    for criterion in comparison.new.criteria:
        for source in sources_of(criterion, known, direct):
            level = new_priorities.get(criterion.id, DEFAULT)
            back[source] = max(back.get(source, 0), level)
    return {i: back.get(i, kept.get(i, DEFAULT)) for i in old_ids}


def counterpart(knowledge: Knowledge, edition: Edition) -> tuple[Edition, Edition] | None:
    """(older, newer): the edition this one revises, else the newest edition that revises it."""
    if edition.previous:
        older = knowledge.edition(edition.previous)
        if older is not None:
            return older, edition
    newer = [e for e in knowledge.editions if e.previous == edition.id]
    return (edition, newer[-1]) if newer else None


def boards_for(knowledge: Knowledge, older: Edition, newer: Edition, current: Edition,
               priorities: Mapping[str, int], kept: Mapping[str, int] | None = None,
               ) -> tuple[Comparison, Scoreboard, Scoreboard]:
    """The comparison and both scoreboards, ``priorities`` (set on ``current``) carried to the other edition.

    ``kept``: the levels the user last set on the other edition, for its criteria that have no
    counterpart on ``current``.
    """
    diff = compare(older.id, old_side(older), newer)
    if current is newer:
        new_priorities = dict(priorities)
        old_priorities = back_translate_priorities(diff, new_priorities, [c.id for c in older.criteria], kept)
    else:
        old_priorities = dict(priorities)
        new_priorities = translate_priorities(diff, old_priorities, kept)
    frameworks = tuple(f.id for f in knowledge.frameworks)
    return diff, score(older, frameworks, old_priorities), score(newer, frameworks, new_priorities)


@dataclass(frozen=True)
class Carried:
    """An edition's scoreboard with priorities carried over from another edition."""

    board: Scoreboard
    carried: int
    """How many of its criteria took their level from the other edition."""
    follows: str | None
    """The criterion that continues (or is continued by) the one given, if any."""


def carry_over(knowledge: Knowledge, source: Edition, target: Edition, priorities: Mapping[str, int],
               kept: Mapping[str, int], criterion_id: str | None = None) -> Carried:
    """Priorities set on ``source``, carried to ``target`` as :func:`boards_for` carries them.

    The one rule for the explorer's switch of edition and its comparison of editions: a criterion
    takes the level of the criteria it continues (the highest, where several) or that continue it;
    one without a counterpart keeps its level in ``kept``. ``criterion_id``, on ``source``, is
    followed to its counterpart on ``target`` (its first, where several).
    """
    position = {e.id: n for n, e in enumerate(knowledge.editions)}
    older, newer = (source, target) if position.get(source.id, 0) <= position.get(target.id, 0) else (target, source)
    diff, old_board, new_board = boards_for(knowledge, older, newer, source, priorities, kept)
    old_ids = set(old_side(older))
    links = [(source_id, c.id) for c in newer.criteria for source_id in sources_of(c, old_ids, direct=False)]
    if target is newer:
        board, pairs = new_board, links
    else:
        board, pairs = old_board, [(new_id, old_id) for old_id, new_id in links]
    follows = next((there for here, there in pairs if here == criterion_id), None)
    return Carried(board, len({there for _, there in pairs}), follows)
