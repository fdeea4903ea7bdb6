"""Turning priorities into a recommendation.

A criterion whose verdict names a framework adds its priority level to that
framework's total (off 0, low 1, normal 2, high 3); ties and notes add nothing. Everything here is a pure
function of the edition and the priorities. A :class:`Scoreboard` is a value:
``with_priority`` returns a new one in time independent of the number of
criteria, which keeps the explorer's repaint cheap even for huge knowledge.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from .model import TIE, Criterion, Edition
from .priorities import DEFAULT, LEVELS, MAX

_Group = tuple[str, int]
"""(winning framework, priority level): all criteria in a group tip the same way."""


@dataclass(frozen=True)
class Tipping:
    """The smallest priority change on one criterion that changes the leader."""

    criterion_id: str
    from_level: int
    to_level: int
    new_leader: str | None
    """The framework that would lead afterwards, or None for a tie."""

    @property
    def steps(self) -> int:
        return abs(self.to_level - self.from_level)


@dataclass(frozen=True)
class Contribution:
    """What one criterion adds to the scoreboard: ``points`` to ``framework`` (None for ties and notes)."""

    criterion: Criterion
    level: int
    framework: str | None
    points: int

    def points_for(self, framework: str) -> int:
        return self.points if framework == self.framework else 0


def points_legend() -> str:
    """How priority levels turn into points, in words: "off 0, low 1, normal 2, high 3"."""
    return ", ".join(f"{name} {points}" for points, name in enumerate(LEVELS))


def default_priorities(edition: Edition, preset_id: str | None = None) -> dict[str, int]:
    """Every criterion at normal, then the preset's levels on top; KeyError for an unknown preset."""
    priorities = {c.id: DEFAULT for c in edition.criteria}
    if preset_id is not None:
        preset = edition.preset(preset_id)
        if preset is None:
            raise KeyError(preset_id)
        priorities.update(preset.priorities)
    return priorities


def winner(criterion: Criterion) -> str | None:
    """The framework a criterion scores for, or None for ties and notes."""
    return None if criterion.verdict in (None, TIE) else criterion.verdict


def leader_of(totals: Mapping[str, int]) -> tuple[str | None, int]:
    """The leading framework (None on a tie at the top) and its margin over the next."""
    ranked = sorted(totals.values(), reverse=True)
    if not ranked:
        return None, 0
    best = ranked[0]
    runner_up = ranked[1] if len(ranked) > 1 else 0
    if best == runner_up and len(ranked) > 1:
        return None, 0
    return next(f for f, total in totals.items() if total == best), best - runner_up


@dataclass(frozen=True)
class Scoreboard:
    edition: Edition
    frameworks: tuple[str, ...]
    priorities: Mapping[str, int]
    totals: Mapping[str, int]
    groups: Mapping[_Group, int]

    @property
    def leader(self) -> str | None:
        return leader_of(self.totals)[0]

    @property
    def margin(self) -> int:
        return leader_of(self.totals)[1]

    @property
    def possible(self) -> int:
        """The points at stake under these priorities: what one framework would have if it won every scored criterion.

        Each side's total is out of this, so the totals of all sides add up to it.
        """
        return sum(self.totals.values())

    def level(self, criterion_id: str) -> int:
        return self.priorities.get(criterion_id, DEFAULT)

    def contribution(self, criterion: Criterion) -> Contribution:
        level = self.level(criterion.id)
        framework = winner(criterion)
        return Contribution(criterion, level, framework, level if framework else 0)

    def contributions(self) -> list[Contribution]:
        return [self.contribution(c) for c in self.edition.criteria]

    @property
    def runner_up(self) -> str | None:
        """The framework with the most points after the leader; None when no framework leads."""
        if self.leader is None:
            return None
        others = [f for f in self.frameworks if f != self.leader]
        return max(others, key=lambda f: self.totals[f], default=None)

    def won_by(self, framework: str) -> list[Contribution]:
        """Every criterion ``framework`` wins that earns it points, biggest first (edition order within a level)."""
        won = [c for c in self.contributions() if c.framework == framework and c.points]
        won.sort(key=lambda c: -c.points)
        return won

    def reasons(self, framework: str, limit: int = 3) -> list[Contribution]:
        """The criteria that earn ``framework`` the most points, biggest first."""
        return self.won_by(framework)[:limit]

    def trade_offs(self) -> list[Contribution]:
        """What the leader gives up: the criteria at high priority that another framework wins.

        Empty when no framework leads: a tie has no chosen side to give anything up.
        """
        if self.leader is None:
            return []
        return [c for c in self.contributions() if c.framework not in (None, self.leader) and c.level == MAX]

    def with_priority(self, criterion_id: str, level: int) -> Scoreboard:
        """The scoreboard after one priority change, in constant time."""
        if not 0 <= level <= MAX:
            raise ValueError(f"priority level {level} is outside 0..{MAX}")
        criterion = self.edition.criterion(criterion_id)
        if criterion is None:
            raise KeyError(criterion_id)
        old = self.level(criterion_id)
        priorities = dict(self.priorities)
        priorities[criterion_id] = level
        framework = winner(criterion)
        if framework is None or old == level:
            return Scoreboard(self.edition, self.frameworks, priorities, self.totals, self.groups)
        totals = dict(self.totals)
        totals[framework] += level - old
        groups = Counter(self.groups)
        groups[(framework, old)] -= 1
        groups[(framework, level)] += 1
        return Scoreboard(self.edition, self.frameworks, priorities, totals, +groups)

    @cached_property
    def _tipping_table(self) -> dict[_Group, tuple[int, str | None] | None]:
        current = self.leader
        table: dict[_Group, tuple[int, str | None] | None] = {}
        for framework, level in self.groups:
            table[(framework, level)] = None
            for steps in range(1, len(LEVELS)):
                for target in (level + steps, level - steps):
                    if not 0 <= target <= MAX:
                        continue
                    totals = dict(self.totals)
                    totals[framework] += target - level
                    outcome = leader_of(totals)[0]
                    if outcome != current:
                        table[(framework, level)] = (target, outcome)
                        break
                if table[(framework, level)] is not None:
                    break
        return table

    def tipping(self, criterion: Criterion) -> Tipping | None:
        """The smallest change of this criterion's priority that changes the leader."""
        framework = winner(criterion)
        if framework is None:
            return None
        level = self.level(criterion.id)
        found = self._tipping_table.get((framework, level))
        if found is None:
            return None
        return Tipping(criterion.id, level, found[0], found[1])

    @cached_property
    def cheapest_tipping(self) -> Tipping | None:
        """Of all single-criterion changes that change the leader, one of the fewest steps."""
        best: tuple[int, _Group] | None = None
        for group, found in self._tipping_table.items():
            if found is not None and self.groups.get(group):
                steps = abs(found[0] - group[1])
                if best is None or steps < best[0]:
                    best = (steps, group)
        if best is None:
            return None
        group = best[1]
        for criterion in self.edition.criteria:
            if winner(criterion) == group[0] and self.level(criterion.id) == group[1]:
                return self.tipping(criterion)
        return None  # pragma: no cover - groups always mirror the criteria


def score(edition: Edition, frameworks: tuple[str, ...], priorities: Mapping[str, int]) -> Scoreboard:
    """Score an edition under the given priorities (criteria not named are normal)."""
    totals = dict.fromkeys(frameworks, 0)
    groups: Counter[_Group] = Counter()
    for criterion in edition.criteria:
        framework = winner(criterion)
        if framework is None or framework not in totals:
            continue
        level = priorities.get(criterion.id, DEFAULT)
        totals[framework] += level
        groups[(framework, level)] += 1
    return Scoreboard(edition, tuple(frameworks), dict(priorities), totals, groups)
