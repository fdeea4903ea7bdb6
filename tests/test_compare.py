"""Comparing two editions (fwtui.compare) and the comparison section of the export, worked out by hand.

The fixture is written as YAML here, so every expectation below can be
checked against the criteria listed in ``OLD`` and ``NEW``.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from corehelp import markdown_structure
from factory import criterion_data as criterion
from factory import write_editions as write_knowledge
from fwtui.compare import (OldCriterion, back_translate_priorities, boards_for, carry_over, compare, counterpart, old_side,
                           translate_priorities)
from fwtui.export import Decision, read_record, render
from fwtui.loader import load_knowledge
from fwtui.markdown import inline
from fwtui.model import Knowledge
from fwtui.priorities import HIGH, LOW, NORMAL, OFF

SECTION = "## Edition old against edition new"


# old: a pytorch, b tensorflow, c tie, d pytorch, e tensorflow, f tensorflow, g a note, h tensorflow.
OLD = [
    criterion("a", "pytorch"), criterion("b", "tensorflow"), criterion("c", "tie"), criterion("d", "pytorch"),
    criterion("e", "tensorflow"), criterion("f", "tensorflow"), criterion("g", None), criterion("h", "tensorflow"),
]
# new (previous: old):
#   a   same id, no previous_ids, flipped pytorch -> tensorflow (its 'changed' text has a pipe)
#   b2  previous_ids [b]: renamed, verdict kept
#   c1  previous_ids [c]: one half of a split, tie kept
#   c2  previous_ids [c]: the other half, flipped tie -> pytorch
#   m   previous_ids [d, f]: merged; d flips pytorch -> tensorflow, f keeps tensorflow
#   g   previous_ids [g]: the note became a scored tie (same id, not a rename)
#   n   new, pytorch;  z  new, a note
#   e   retired with a reason;  h  dropped without being listed (retired, no reason)
NEW = [
    criterion("a", "tensorflow", changed="TensorFlow | overtook it."),
    criterion("b2", "tensorflow", previous_ids=["b"]),
    criterion("c1", "tie", previous_ids=["c"]),
    criterion("c2", "pytorch", previous_ids=["c"], changed="Half of c went to PyTorch."),
    criterion("m", "tensorflow", previous_ids=["d", "f"]),
    criterion("g", "tie", previous_ids=["g"], changed="Now scored."),
    criterion("n", "pytorch"),
    criterion("z", None),
]
RETIRED = [{"id": "e", "reason": "Nobody does this any more."}]


@pytest.fixture
def knowledge(tmp_path) -> Knowledge:
    root = write_knowledge(tmp_path / "k", {"old": ({}, OLD), "new": ({"previous": "old", "retired": RETIRED}, NEW)})
    result = load_knowledge(root)
    assert result.ok, [str(p) for p in result.problems]
    return result.knowledge


def diff_of(knowledge: Knowledge):
    return compare("old", old_side(knowledge.edition("old")), knowledge.edition("new"))


# --- compare ---------------------------------------------------------------------------------


def test_flips(knowledge):
    flips = [(f.old.id, f.old.verdict, f.new.id, f.new.verdict, f.renamed) for f in diff_of(knowledge).flips]
    assert flips == [
        ("a", "pytorch", "a", "tensorflow", False),
        ("c", "tie", "c2", "pytorch", True),
        ("d", "pytorch", "m", "tensorflow", True),
        ("g", None, "g", "tie", False),
    ]


def test_kept_added_renamed_split_merged_retired(knowledge):
    diff = diff_of(knowledge)
    assert [(o.id, n.id) for o, n in diff.kept] == [("b", "b2"), ("c", "c1"), ("f", "m")]
    assert [c.id for c in diff.added] == ["n", "z"]
    # c1 and c2 are pieces of a split, listed there only; m is a merge; a and g keep their ids.
    assert [(o.id, n.id) for o, n in diff.renamed] == [("b", "b2")]
    assert {old: [c.id for c in pieces] for old, pieces in diff.split.items()} == {"c": ["c1", "c2"]}
    assert [([o.id for o in olds], n.id) for olds, n in diff.merged] == [(["d", "f"], "m")]
    assert [(o.id, reason) for o, reason in diff.retired] == [("e", "Nobody does this any more."), ("h", "")]
    assert diff.old_id == "old" and diff.new.id == "new"
    assert not diff.unchanged


def test_old_side_records_titles_and_verdicts(knowledge):
    side = old_side(knowledge.edition("old"))
    assert list(side) == ["a", "b", "c", "d", "e", "f", "g", "h"]
    assert (side["g"].title, side["g"].verdict) == ("Title g", None)
    assert (side["c"].title, side["c"].verdict) == ("Title c", "tie")


def test_an_edition_against_itself_is_unchanged(knowledge):
    new = knowledge.edition("new")
    diff = compare("new", old_side(new), new)
    assert diff.unchanged
    assert [(o.id, n.id) for o, n in diff.kept] == [(c["id"], c["id"]) for c in NEW]
    # Against itself previous_ids are ignored: b2 continues b2, not b.
    assert diff.renamed == [] and diff.split == {} and diff.merged == []
    levels = {"a": OFF, "b2": HIGH, "c1": LOW, "c2": HIGH, "m": LOW, "g": OFF, "n": HIGH, "z": LOW}
    assert translate_priorities(diff, levels) == levels
    assert back_translate_priorities(diff, levels, list(levels)) == levels


def test_a_changed_copy_of_the_same_edition_matches_by_id(knowledge):
    """A decision's recorded table against today's copy: same ids continue, whatever previous_ids say."""
    new = knowledge.edition("new")
    recorded = old_side(new)
    # Recorded before: b2 was pytorch, y existed, n did not.
    recorded["b2"] = OldCriterion("b2", "Title b2", "pytorch")
    recorded["y"] = OldCriterion("y", "Title y", "tensorflow")
    del recorded["n"]
    diff = compare("new", recorded, new, retired_reasons={"y": "gone"})
    assert [(f.old.id, f.old.verdict, f.new.verdict) for f in diff.flips] == [("b2", "pytorch", "tensorflow")]
    assert [c.id for c in diff.added] == ["n"]
    # Within one edition, the edition's own retired list is about the older edition, so only the given reason counts.
    assert [(o.id, reason) for o, reason in diff.retired] == [("y", "gone")]
    assert diff.renamed == [] and diff.split == {} and diff.merged == []


# --- priorities carried across ---------------------------------------------------------------


def test_translate_priorities_takes_the_highest_level_continued(knowledge):
    diff = diff_of(knowledge)
    old_levels = {"a": LOW, "b": HIGH, "c": LOW, "d": HIGH, "e": HIGH, "f": OFF, "g": HIGH, "h": LOW}
    assert translate_priorities(diff, old_levels) == {
        "a": LOW,      # a continues a
        "b2": HIGH,    # renamed from b
        "c1": LOW,     # both halves of c take c's level
        "c2": LOW,
        "m": HIGH,     # max(d high, f off)
        "g": HIGH,
        "n": NORMAL,   # new criteria start at normal
        "z": NORMAL,
    }
    # Only off and low on the merged sources: the highest of them, not normal.
    assert translate_priorities(diff, {**old_levels, "d": OFF, "f": LOW})["m"] == LOW
    # Nothing set on the older side: everything normal.
    assert set(translate_priorities(diff, {}).values()) == {NORMAL}


def test_back_translate_priorities(knowledge):
    diff = diff_of(knowledge)
    new_levels = {"a": OFF, "b2": LOW, "c1": LOW, "c2": HIGH, "m": LOW, "g": OFF, "n": HIGH, "z": HIGH}
    old_ids = [c["id"] for c in OLD]
    assert back_translate_priorities(diff, new_levels, old_ids) == {
        "a": OFF,
        "b": LOW,
        "c": HIGH,     # split: the higher of c1 low and c2 high
        "d": LOW,      # merged into m: each source takes m's level
        "e": NORMAL,   # retired: nothing carries back, normal
        "f": LOW,
        "g": OFF,
        "h": NORMAL,
    }
    # A criterion missing from the newer priorities counts as normal when carried back.
    assert back_translate_priorities(diff, {"c1": OFF}, old_ids)["c"] == NORMAL
    assert back_translate_priorities(diff, {"c1": OFF, "c2": OFF}, old_ids)["c"] == OFF


def test_counterpart_and_boards(knowledge):
    old, new = knowledge.edition("old"), knowledge.edition("new")
    assert counterpart(knowledge, new) == (old, new)
    assert counterpart(knowledge, old) == (old, new)
    new_levels = {"a": OFF, "b2": LOW, "c1": LOW, "c2": HIGH, "m": LOW, "g": OFF, "n": HIGH, "z": HIGH}
    diff, old_board, new_board = boards_for(knowledge, old, new, new, new_levels)
    # new: pytorch c2 3 + n 3 = 6; tensorflow a 0 + b2 1 + m 1 = 2.
    assert dict(new_board.totals) == {"pytorch": 6, "tensorflow": 2} and new_board.leader == "pytorch"
    # old, carried back (a off, b low, d low, e normal, f low, h normal): pytorch d 1; tensorflow b 1 + e 2 + f 1 + h 2.
    assert dict(old_board.totals) == {"pytorch": 1, "tensorflow": 6} and old_board.leader == "tensorflow"
    assert [f.new.id for f in diff.flips] == ["a", "c2", "m", "g"]


def test_carry_over_keeps_what_has_no_counterpart_and_follows_the_selection(knowledge):
    old, new = knowledge.edition("old"), knowledge.edition("new")
    # new -> old: e and h (retired) keep what was set on old before; c takes the higher of c1, c2.
    back = carry_over(knowledge, new, old, {"c1": LOW, "c2": HIGH, "n": OFF}, {"e": OFF, "h": HIGH, "a": LOW}, "c2")
    assert back.board.level("c") == HIGH and back.board.level("e") == OFF and back.board.level("h") == HIGH
    assert back.board.level("a") == NORMAL  # a continues a: carried (normal on new), not kept
    assert back.follows == "c" and back.carried == 6  # a, b, c, d, f, g are continued
    # old -> new: n and z (new) keep their level on new; m follows d.
    forward = carry_over(knowledge, old, new, {"d": OFF, "f": LOW}, {"n": HIGH}, "d")
    assert forward.board.level("m") == LOW and forward.board.level("n") == HIGH and forward.board.level("z") == NORMAL
    assert forward.follows == "m"
    assert carry_over(knowledge, old, new, {}, {}, "e").follows is None  # retired: nothing to follow


def test_counterpart_of_a_lone_edition_is_none(tmp_path):
    root = write_knowledge(tmp_path / "one", {"only": ({}, OLD)})
    knowledge = load_knowledge(root).knowledge
    assert counterpart(knowledge, knowledge.edition("only")) is None
    text = render(Decision(knowledge, knowledge.edition("only"), {}, dt.date(2026, 1, 2)))
    assert "against edition" not in text


# --- the export's comparison section ---------------------------------------------------------


def section(text: str) -> str:
    """The comparison section, from its heading to the next H2."""
    start = text.index(SECTION)
    end = text.index("\n## ", start + 1)
    return text[start:end]


def test_export_of_the_newer_edition_compares_with_the_older(knowledge):
    new_levels = {"a": OFF, "b2": LOW, "c1": LOW, "c2": HIGH, "m": LOW, "g": OFF, "n": HIGH, "z": HIGH}
    text = render(Decision(knowledge, knowledge.edition("new"), new_levels, dt.date(2026, 1, 2)))
    structure = markdown_structure(text)
    headings = [h for _, h in structure["headings"]]
    at = headings.index("Edition old against edition new")
    assert headings[at + 1: at + 3] == ["Verdicts that changed", "Criteria added, renamed or retired"]
    assert headings.index("Edition conclusion") < at < headings.index("Criteria")
    part = section(text)
    # Scoreboards as in test_counterpart_and_boards: old pytorch 1, tensorflow 6; new pytorch 6, tensorflow 2.
    assert ("| Framework | Edition old | Edition new |\n| --- | ---: | ---: |\n"
            "| PyTorch | 1 | 6 |\n| TensorFlow | 6 | 2 |\n| Leader | TensorFlow | PyTorch |") in part
    assert ("| Criterion | Edition old | Edition new | What changed |\n| --- | --- | --- | --- |\n"
            "| Title a | PyTorch | TensorFlow | TensorFlow \\| overtook it. |\n"
            "| Title c2 (was Title c) | tie | PyTorch | Half of c went to PyTorch. |\n"
            "| Title m (was Title d) | PyTorch | TensorFlow | - |\n"
            "| Title g | note, not scored | tie | Now scored. |") in part
    assert part.split("### Criteria added, renamed or retired\n\n", 1)[1].strip().splitlines() == [
        "- New: Title n",
        "- New: Title z",
        "- Renamed: Title b is now Title b2",
        "- Split: Title c became Title c1, Title c2",
        "- Merged: Title d, Title f became Title m",
        "- Retired: Title e (Nobody does this any more.)",
        "- Retired: Title h",
    ]
    # The table with the escaped pipe still has four cells in each row.
    flips = next(t for t in structure["tables"] if t[0][-1].strip() == "What changed")
    assert len(flips) == 2 + 4 and all(len(row) == 4 for row in flips)
    # The edition's own scoreboard agrees with its column in the comparison.
    assert "Use **PyTorch**: it leads TensorFlow by 4 points (PyTorch 6, TensorFlow 2, out of" in text
    assert read_record(text)["leader"] == "pytorch"


def test_export_of_the_older_edition_carries_its_priorities_forward(knowledge):
    old_levels = {"a": LOW, "b": HIGH, "c": LOW, "d": HIGH, "e": HIGH, "f": OFF, "g": HIGH, "h": LOW}
    text = render(Decision(knowledge, knowledge.edition("old"), old_levels, dt.date(2026, 1, 2)))
    markdown_structure(text)
    part = section(text)
    # old: pytorch a 1 + d 3 = 4; tensorflow b 3 + e 3 + f 0 + h 1 = 7.
    # new (a low, b2 high, c2 low, m high, n normal): pytorch c2 1 + n 2 = 3; tensorflow a 1 + b2 3 + m 3 = 7.
    assert "| PyTorch | 4 | 3 |\n| TensorFlow | 7 | 7 |\n| Leader | TensorFlow | TensorFlow |" in part
    assert "- Merged: Title d, Title f became Title m" in part


def test_a_tie_shows_as_tie_in_the_leader_row(knowledge):
    # new: pytorch c2 2 + n 3 = 5; tensorflow a 0 + b2 2 + m 3 = 5: a tie.
    # old, carried back: a off, b normal, c normal, d high, e normal, f high, g normal, h normal:
    # pytorch d 3; tensorflow b 2 + e 2 + f 3 + h 2 = 9.
    levels = {"a": OFF, "n": HIGH, "m": HIGH}
    text = render(Decision(knowledge, knowledge.edition("new"), levels, dt.date(2026, 1, 2)))
    assert "| PyTorch | 3 | 5 |\n| TensorFlow | 9 | 5 |\n| Leader | TensorFlow | tie |" in section(text)
    assert "No recommendation yet: the scores are tied" in text
    markdown_structure(text)


def test_no_flip_and_no_change_say_so(tmp_path):
    same = [criterion("a", "pytorch"), criterion("b", "tensorflow")]
    root = write_knowledge(tmp_path / "k", {"old": ({}, same), "new": ({"previous": "old"}, same)})
    knowledge = load_knowledge(root).knowledge
    text = render(Decision(knowledge, knowledge.edition("new"), {}, dt.date(2026, 1, 2)))
    part = section(text)
    assert "### Verdicts that changed\n\nNo verdict changed." in part
    assert part.rstrip().endswith("### Criteria added, renamed or retired\n\nNone.")
    assert "| PyTorch | 2 | 2 |\n| TensorFlow | 2 | 2 |\n| Leader | tie | tie |" in part
    markdown_structure(text)


def test_comparison_can_be_left_out(knowledge):
    decision = Decision(knowledge, knowledge.edition("new"), {}, dt.date(2026, 1, 2), compare=False)
    assert SECTION not in render(decision)


@pytest.mark.parametrize("edition", ["old", "new"])
def test_both_exports_are_lint_clean_in_both_formats(knowledge, edition):
    for fmt in ("markdown", "madr"):
        text = render(Decision(knowledge, knowledge.edition(edition), {}, dt.date(2026, 1, 2), snippets=True), fmt)
        markdown_structure(text)
        assert read_record(text)["edition"] == edition


# --- the shipped knowledge: 2026 against 2017 ------------------------------------------------


def shipped_yaml(edition: str) -> dict[str, dict]:
    """The shipped criteria of one edition read straight from their YAML, independent of the loader."""
    from fwtui.paths import embedded_knowledge

    folder = embedded_knowledge() / "editions" / edition / "criteria"
    items = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))]
    return {item["id"]: item for item in items}


def test_shipped_2026_export_compares_with_2017(cli, shipped):
    old, new = shipped_yaml("2017"), shipped_yaml("2026")
    # Expected flips, straight from the YAML: a 2026 criterion continues its previous_ids (or its own id).
    expected = set()
    for item in new.values():
        for source in item.get("previous_ids") or ([item["id"]] if item["id"] in old else []):
            if old[source]["verdict"] != item["verdict"]:
                shown_as = item["title"] + ("" if source == item["id"] else f" (was {old[source]['title']})")
                expected.add((shown_as, old[source]["verdict"], item["verdict"]))
    assert (new["coverage"]["title"], "tensorflow", "pytorch") in expected, "coverage flips from TensorFlow to PyTorch"
    result = cli("export", "--knowledge", shipped, "--edition", "2026", "-o", "-", "--date", "2026-11-27")
    assert result.status == 0, result.err
    text = result.out
    structure = markdown_structure(text)
    assert (2, "Edition 2017 against edition 2026") in structure["headings"]
    flips = next(t for t in structure["tables"] if t[0][-1].strip() == "What changed")
    names = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "tie": "tie", None: "note, not scored"}
    shown = {tuple(cell.strip() for cell in row[:3]) for row in flips[2:]}
    assert shown == {(inline(title), names[o], names[n]) for title, o, n in expected}  # code names as code spans
    # Every flipped 2026 criterion explains what changed.
    assert all(row[3].strip() not in ("", "-") for row in flips[2:])
    listed = section_2026(text)
    for item in new.values():
        if not item.get("previous_ids") and item["id"] not in old:
            assert f"- New: {inline(item['title'])}" in listed
    continued = {s for item in new.values() for s in (item.get("previous_ids") or [item["id"]])}
    for old_id, item in old.items():
        if old_id not in continued:
            assert any(line.startswith(f"- Retired: {inline(item['title'])}") for line in listed.splitlines())


def section_2026(text: str) -> str:
    start = text.index("## Edition 2017 against edition 2026")
    return text[start: text.index("\n## ", start + 1)]


def test_shipped_2026_scoreboards_side_by_side(shipped):
    knowledge = load_knowledge(shipped).knowledge
    old, new = knowledge.edition("2017"), knowledge.edition("2026")
    old_yaml, new_yaml = shipped_yaml("2017"), shipped_yaml("2026")
    text = render(Decision(knowledge, new, {c.id: NORMAL for c in new.criteria}, dt.date(2026, 11, 27)))
    # All 2026 criteria at normal: each scored verdict earns 2. Carried back to 2017, every continued
    # criterion is normal too, and so is any retired one: each 2017 scored verdict earns 2 as well.
    def totals(items: dict[str, dict]) -> dict[str, int]:
        return {f: 2 * sum(1 for i in items.values() if i["verdict"] == f) for f in ("pytorch", "tensorflow")}

    before, after = totals(old_yaml), totals(new_yaml)
    rows = f"| PyTorch | {before['pytorch']} | {after['pytorch']} |\n| TensorFlow | {before['tensorflow']} | {after['tensorflow']} |"
    assert rows in section_2026(text)
    assert old.id == "2017" and new.previous == "2017"


def test_broken_links_between_editions_name_their_file_and_line(tmp_path):
    root = write_knowledge(tmp_path / "k", {
        "old": ({}, [criterion("a", "pytorch")]),
        "new": ({"previous": "old", "retired": [{"id": "zz", "reason": "Gone."}]},
                [criterion("b", "tie", previous_ids=["a", "nope"])]),
        "other": ({"previous": "missing"}, [criterion("c", "tie")]),
    })
    problems = {p.message: p for p in load_knowledge(root).problems}
    edition_file = root / "editions" / "new" / "edition.yaml"

    def line_of(path, text: str) -> int:
        return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)

    retired = problems["retired criterion 'zz' is not in edition 'old'"]
    assert (retired.path, retired.line) == (str(edition_file), line_of(edition_file, "zz"))
    criterion_file = root / "editions" / "new" / "criteria" / "b.yaml"
    renamed = problems["previous_ids names 'nope', not a criterion of edition 'old'"]
    assert (renamed.path, renamed.line) == (str(criterion_file), line_of(criterion_file, "nope"))
    unknown = problems["previous edition 'missing' is unknown"]
    other_file = root / "editions" / "other" / "edition.yaml"
    assert (unknown.path, unknown.line) == (str(other_file), line_of(other_file, "previous"))


def test_editions_whose_previous_loop_are_each_a_problem(tmp_path, cli):
    """A loop has no first edition: every comparison along it would be against a later one."""
    root = write_knowledge(tmp_path / "k", {
        "one": ({"previous": "two"}, [criterion("a", "pytorch")]),
        "two": ({"previous": "one"}, [criterion("a", "tensorflow")]),
        "self": ({"previous": "self"}, [criterion("b", "tie")]),
    })
    problems = {p.path: p for p in load_knowledge(root).problems}
    for edition, chain in (("one", "one -> two -> one"), ("two", "two -> one -> two"), ("self", "self -> self")):
        path = root / "editions" / edition / "edition.yaml"
        found = problems[str(path)]
        assert found.message == f"previous editions loop back to {edition!r}: {chain}"
        assert found.line == next(n for n, line in enumerate(path.read_text().splitlines(), 1) if "previous" in line)
    checked = cli("check", root)
    assert checked.status == 1 and checked.err.strip() == "fwtui: 3 problems found"
