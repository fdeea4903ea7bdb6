"""Revisiting an exported decision: what changed in the knowledge since it was made."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .compare import Comparison, OldCriterion, compare, sources_of, translate_priorities
from .export import RECORD_MARK, RECORD_VERSION, read_record, recorded_notes
from .model import TIE, Edition, Knowledge
from .priorities import DEFAULT, LEVELS
from .safefile import ReadError, read_regular
from .scoring import score

MAX_DECISION_BYTES = 64 * 1024 * 1024
"""An export of 20,000 criteria is about 11 MB; with long snippets it can be several times that."""


class NotADecision(ValueError):
    """The record in the file is missing or malformed."""


def read_decision(path: Path) -> dict:
    """The record at the end of an exported decision; NotADecision with a one-line reason otherwise.

    Only the record is decoded and parsed, never the document before it.
    """
    try:
        data = read_regular(path, MAX_DECISION_BYTES, "decision files")
    except ReadError as error:
        raise NotADecision(str(error)) from None
    except OSError as error:
        raise NotADecision((error.strerror or str(error)).lower()) from None
    start = data.rfind(f"<!-- {RECORD_MARK} ".encode())
    try:
        record = read_record(data[start:].decode("utf-8")) if start >= 0 else None
    except UnicodeDecodeError:
        record = None
    if record is None:
        raise NotADecision("not an fwtui export (no fwtui-decision record found)")
    problem = record_problem(record)
    if problem is not None:
        raise NotADecision(f"its fwtui-decision record {problem}")
    return record


def record_problem(record: dict) -> str | None:
    """What makes a record unfit to compare or reopen (edited by hand, or by a newer fwtui), or None.

    A value that would otherwise be quietly ignored or echoed back as Python (a priority
    "ultra", a leader that is a mapping) makes the whole record suspect: better refused in one line.
    """
    version = record.get("version")
    if type(version) is not int or version < 1:
        return f"has no valid version ({version!r})"
    if version > RECORD_VERSION:
        return f"is version {version}, from a newer fwtui (this one reads up to {RECORD_VERSION})"
    for key in ("edition", "content_version", "fingerprint", "date"):
        if key in record and not isinstance(record[key], str):
            return f"has a {key} that is not text ({record[key]!r})"
    date = record.get("date")
    if date is not None and not _is_iso_date(date):
        return f"has a date that is not YYYY-MM-DD ({date!r})"
    for key in ("leader", "preset"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return f"has a {key} that is not text or null ({record[key]!r})"
    for criterion_id, level in record["priorities"].items():
        if level not in LEVELS:
            return f"gives criterion {criterion_id!r} the priority {level!r}, not one of {', '.join(LEVELS)}"
    overlays = record.get("overlays", [])
    if not isinstance(overlays, list) or not all(
            isinstance(o, dict) and isinstance(o.get("title"), str) and isinstance(o.get("path"), str) for o in overlays):
        return "has overlays that are not each a title and a path"
    return None


def _is_iso_date(text: str) -> bool:
    import datetime as dt

    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def recorded_side(record: dict) -> tuple[dict[str, OldCriterion], dict[str, int]]:
    """The recorded criteria and priorities, validated."""
    criteria = record.get("criteria")
    priorities = record.get("priorities")
    if not isinstance(criteria, dict) or not isinstance(priorities, dict):
        raise NotADecision("its fwtui-decision record has no criteria or priorities")
    old: dict[str, OldCriterion] = {}
    for criterion_id, item in criteria.items():
        if not isinstance(item, dict):
            raise NotADecision(f"its record of criterion {criterion_id!r} is malformed")
        old[str(criterion_id)] = OldCriterion(str(criterion_id), str(item.get("title", criterion_id)), item.get("verdict"))
    levels = {str(k): LEVELS.index(v) if v in LEVELS else DEFAULT for k, v in priorities.items()}
    return old, levels


@dataclass(frozen=True)
class Carried:
    """A recorded decision's priorities and notes, carried onto an edition of today's knowledge."""

    priorities: dict[str, int]
    notes: dict[str, str]
    preset: str | None
    dropped: list[str]
    """Recorded criteria the edition does not continue: their priorities and notes are left behind."""


def carry_decision(record: dict, edition: Edition) -> Carried:
    """The record's priorities and notes on ``edition``: by id on the same edition, else by the criteria it continues."""
    _, levels = recorded_side(record)
    notes = recorded_notes(record)
    recorded = str(record.get("edition"))
    direct = recorded == edition.id
    continued: set[str] = set()
    carried_notes = {}
    for criterion in edition.criteria:
        continued.update(sources_of(criterion, levels.keys() | notes.keys(), direct))
        said = [notes[s] for s in sources_of(criterion, notes.keys(), direct)]
        if said:
            carried_notes[criterion.id] = " ".join(said)
    preset = record.get("preset")
    keep_preset = direct and isinstance(preset, str) and edition.preset(preset) is not None
    return Carried(
        translate_priorities(Comparison(recorded, edition), levels),
        carried_notes,
        preset if keep_preset else None,
        sorted((levels.keys() | notes.keys()) - continued),
    )


def overlay_changes(knowledge: Knowledge, record: dict) -> list[str]:
    """One line per overlay that was in effect for the decision and is not now, or changed, or is new; matched by title."""
    recorded = record.get("overlays")
    then = {str(o.get("title")): o for o in recorded if isinstance(o, dict)} if isinstance(recorded, list) else {}
    now = {o.title: o for o in knowledge.overlays}
    lines = []
    for title, old in then.items():
        current = now.get(title)
        if current is None:
            lines.append(f"Overlay «{title}» ({old.get('path')}) was in effect for the decision and is not now: "
                         "its criteria are missing here.")
        elif current.fingerprint != old.get("fingerprint"):
            lines.append(f"Overlay «{title}» has changed since the decision "
                         f"(fingerprint {old.get('fingerprint')}, now {current.fingerprint}).")
    lines += [f"Overlay «{o.title}» ({o.path}) is in effect now but was not for the decision."
              for title, o in now.items() if title not in then]
    return lines


@dataclass(frozen=True)
class Revisit:
    """What ``fwtui diff`` says, and the answer a script gates on."""

    lines: list[str]
    changed: bool | None
    """Whether the recommendation would change; None when this knowledge cannot tell."""


def revisit(knowledge: Knowledge, record: dict) -> Revisit:
    """What changed since the recorded decision, and whether its leader would change."""
    old, priorities = recorded_side(record)
    edition_id = str(record.get("edition"))
    frameworks = tuple(f.id for f in knowledge.frameworks)
    name = knowledge.framework_name

    def leader_text(leader: str | None) -> str:
        return name(leader) if leader else "nobody (a tie)"

    def verdict_text(verdict: str | None) -> str:
        return "note" if verdict is None else ("tie" if verdict == TIE else name(verdict))

    was = record.get("leader")
    lines = [
        f"Decision: edition {edition_id}, content {record.get('content_version')}, "
        f"fingerprint {record.get('fingerprint')}, made {record.get('date')}; leader then: {leader_text(was)}."
    ]
    overlay_lines = overlay_changes(knowledge, record)
    lines += overlay_lines
    targets = []
    same = knowledge.edition(edition_id)
    if same is None:
        lines.append(f"Edition {edition_id} is no longer in this knowledge.")
    elif knowledge.fingerprints.get(edition_id) == record.get("fingerprint") and not overlay_lines:
        lines.append(f"Edition {edition_id} is unchanged since the decision (same fingerprint).")
    else:
        targets.append(same)
    targets += [e for e in knowledge.editions if e.previous == edition_id]
    if same is None and not targets:
        # Nothing to compare with: saying the recommendation stands would be a guess.
        lines.append(
            f"No edition here revises edition {edition_id}, so the decision cannot be checked against this knowledge."
        )
        return Revisit(lines, None)
    criteria = record.get("criteria")
    from_overlay = {cid: str(item["overlay"]) for cid, item in criteria.items()
                    if isinstance(item, dict) and item.get("overlay")} if isinstance(criteria, dict) else {}
    changed_leader = False
    for edition in targets:
        diff = compare(edition_id, old, edition)
        board = score(edition, frameworks, translate_priorities(diff, priorities))
        title = f"Edition {edition.id}" + (" (today's copy of the same edition)" if edition.id == edition_id else "")
        lines.append(f"{title}:")
        for flip in diff.flips:
            lines.append(
                f"  verdict changed: {flip.new.title}"
                + (f" (was {flip.old.title})" if flip.renamed else "")  # a merge flips once per source
                + f": {verdict_text(flip.old.verdict)} -> {verdict_text(flip.new.verdict)}"
            )
        # The decision never weighed these: say what each brings and at what priority it now counts.
        lines += [f"  added: {c.title}: {verdict_text(c.verdict)}"
                  + ("" if c.verdict is None else f", at priority {LEVELS[board.level(c.id)]}")
                  + (f" (from overlay {c.overlay})" if c.overlay else "") for c in diff.added]
        lines += [f"  renamed: {o.title} -> {n.title}" for o, n in diff.renamed]
        lines += [f"  split: {old[o].title} -> {', '.join(n.title for n in ns)}" for o, ns in diff.split.items()]
        lines += [f"  merged: {', '.join(o.title for o in olds)} -> {n.title}" for olds, n in diff.merged]
        lines += [f"  retired: {o.title}" + (f" ({reason})" if reason else "")
                  if o.id not in from_overlay else f"  not in effect: {o.title} (from overlay {from_overlay[o.id]})"
                  for o, reason in diff.retired]
        if diff.unchanged:
            lines.append("  no verdict changed and no criterion was added or retired")
        moved = board.leader != was
        changed_leader = changed_leader or moved
        lines.append(
            f"  leader under the same priorities: {leader_text(board.leader)}"
            + (f" (was {leader_text(was)})" if moved else " (unchanged)")
        )
    lines.append(
        "The recommendation would change." if changed_leader else "The recommendation stands."
    )
    return Revisit(lines, changed_leader)
