"""The selected criterion as it stood in the other edition: verdict then and now, reasoning, snippets."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding

from ..compare import counterpart, sources_of
from ..model import Criterion, Edition, Knowledge
from ..widgets.labels import literal, one_line, plain
from .side_by_side import Side, SideBySideScreen, verdicts_compared


@dataclass(frozen=True)
class OtherSide:
    """Where a criterion of ``edition`` stands in the edition it is compared with."""

    edition: Edition
    criterion: Criterion
    other: Edition | None
    """The older edition when ``edition`` revises one, else the newer one that revises it; None if neither."""
    criteria: tuple[Criterion, ...] = ()
    """The other edition's criteria this one continues (other is older) or that continue it (other is newer)."""
    retired_reason: str = ""

    @property
    def other_is_older(self) -> bool:
        return self.other is not None and self.edition.previous == self.other.id


def other_side(knowledge: Knowledge, edition: Edition, criterion: Criterion) -> OtherSide:
    """Follow ``previous_ids`` across the edition pair that :func:`fwtui.compare.counterpart` picks."""
    pair = counterpart(knowledge, edition)
    if pair is None:
        return OtherSide(edition, criterion, None)
    older, newer = pair
    older_ids = {c.id for c in older.criteria}
    if edition is newer:
        found = tuple(c for i in sources_of(criterion, older_ids, direct=False) if (c := older.criterion(i)))
        return OtherSide(edition, criterion, older, found)
    found = tuple(c for c in newer.criteria if criterion.id in sources_of(c, older_ids, direct=False))
    reason = "" if found else next((r.reason for r in newer.retired if r.id == criterion.id), "")
    return OtherSide(edition, criterion, newer, found, reason)


class OtherEditionScreen(SideBySideScreen):
    """The criteria of the other edition that the selected one continues, or that continue it."""

    BINDINGS = [Binding("escape,q,o", "close", "Close", id="other.close")]

    def __init__(self, knowledge: Knowledge, edition: Edition, criterion: Criterion) -> None:
        found = other_side(knowledge, edition, criterion)
        here = f"{one_line(criterion.title)} ({one_line(edition.id)})"
        title = f"{here} in edition {one_line(found.other.id)}" if found.other else here
        names = {f.id: one_line(f.name) for f in knowledge.frameworks}
        super().__init__(knowledge.frameworks, title, _summary(found), [_side(found, c, names) for c in found.criteria])


def _side(found: OtherSide, criterion: Criterion, names: dict[str, str]) -> Side:
    """One of the other edition's criteria, its verdict then and now."""
    assert found.other is not None
    older, newer = (criterion, found.criterion) if found.other_is_older else (found.criterion, criterion)
    old_id, new_id = (found.other.id, found.edition.id) if found.other_is_older else (found.edition.id, found.other.id)
    verdicts = verdicts_compared((f"Then ({one_line(old_id)})", older.verdict),
                                 (f"Now ({one_line(new_id)})", newer.verdict), names)
    return Side(literal(one_line(criterion.title)), criterion, verdicts, newer.changed)


def _summary(side: OtherSide) -> Text:
    this = side.criterion
    if side.other is None:
        return Text("This is the only edition: there is no other edition to compare it with.")
    other = one_line(side.other.id)
    here = one_line(side.edition.id)
    titles = ", ".join(one_line(c.title) for c in side.criteria)
    if not side.criteria and side.other_is_older:
        text = Text(f"New in edition {here}: edition {other} has no criterion it continues.", "bold")
        if this.changed:
            text.append("\n")
            text.append(" ".join(plain(this.changed).split()))
        return text
    if not side.criteria:
        text = Text(f"Retired in edition {other}", "bold")
        text.append(f": {' '.join(plain(side.retired_reason).split())}" if side.retired_reason.strip()
                    else ": no criterion of that edition continues it.")
        return text
    if side.other_is_older:
        plural = "s" if len(side.criteria) > 1 else ""
        text = Text(f"Continues edition {other}'s criterion{plural}: ", "bold")
        text.append(titles)
        if len(side.criteria) > 1:
            text.append(" (merged into one)")
    else:
        text = Text(f"Continued in edition {other} by: ", "bold")
        text.append(titles)
        if len(side.criteria) > 1:
            text.append(" (split in two)" if len(side.criteria) == 2 else f" (split in {len(side.criteria)})")
    return text
