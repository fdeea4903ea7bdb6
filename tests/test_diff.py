"""``fwtui diff DECISION.md``: what changed in the knowledge since an exported decision, worked out by hand."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from corehelp import assert_one_line_error
from factory import criterion_data as criterion
from factory import write_editions
from fwtui.loader import load_knowledge
from fwtui.model import TIE
from fwtui.priorities import LEVELS

DATE = "2026-01-02"


def write_knowledge(root: Path, editions: dict[str, tuple[dict, list[dict]]], content: str = "1") -> Path:
    """Shared writer, plus a check that the fixture itself is valid."""
    write_editions(root, editions, content)
    assert load_knowledge(root).ok, [str(p) for p in load_knowledge(root).problems]
    return root


def one_edition(root: Path, criteria: list[dict], content: str) -> Path:
    return write_knowledge(root, {"e": ({}, criteria)}, content)


# Knowledge v1, edition e: a pytorch, b tensorflow, c tensorflow, d pytorch.
V1 = [criterion("a", "pytorch"), criterion("b", "tensorflow"), criterion("c", "tensorflow"), criterion("d", "pytorch")]


@pytest.fixture
def v1(tmp_path) -> Path:
    return one_edition(tmp_path / "v1", V1, "1")


def export(cli, knowledge: Path, target: Path, *argv: str) -> Path:
    result = cli("export", "--knowledge", knowledge, "-o", target, "--date", DATE, *argv)
    assert result.status == 0, result.err
    return target


def diff(cli, decision: Path, knowledge: Path) -> list[str]:
    """What diff says; its exit status must agree with its last line (0 stands, 1 would change, 2 cannot tell)."""
    result = cli("diff", decision, "--knowledge", knowledge)
    assert result.err == ""
    lines = result.out.splitlines()
    expected = {"The recommendation stands.": 0, "The recommendation would change.": 1}.get(lines[-1], 2)
    assert result.status == expected, (result.status, lines[-1])
    return lines


def fingerprint(knowledge: Path, edition: str) -> str:
    return load_knowledge(knowledge).knowledge.fingerprints[edition]


# --- what changed ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "madr"])
def test_flip_addition_and_retirement_change_the_leader(cli, tmp_path, v1, fmt):
    # Then, c high: PyTorch a 2 + d 2 = 4, TensorFlow b 2 + c 3 = 5: TensorFlow.
    decision = export(cli, v1, tmp_path / "decision.md", "--priority", "c=high", "--format", fmt)
    # Now: b flipped to PyTorch, c retired, n added for TensorFlow.
    # c's high priority goes with it; the rest are normal: PyTorch a 2 + b 2 + d 2 = 6, TensorFlow n 2 = 2.
    v2 = one_edition(tmp_path / "v2", [criterion("a", "pytorch"), criterion("b", "pytorch"), criterion("d", "pytorch"),
                                       criterion("n", "tensorflow")], "2")
    assert diff(cli, decision, v2) == [
        f"Decision: edition e, content 1, fingerprint {fingerprint(v1, 'e')}, made {DATE}; leader then: TensorFlow.",
        "Edition e (today's copy of the same edition):",
        "  verdict changed: Title b: TensorFlow -> PyTorch",
        "  added: Title n: TensorFlow, at priority normal",
        "  retired: Title c",
        "  leader under the same priorities: PyTorch (was TensorFlow)",
        "The recommendation would change.",
    ]


def test_changes_that_leave_the_leader_standing(cli, tmp_path, v1):
    decision = export(cli, v1, tmp_path / "decision.md", "--priority", "c=high")
    # Now: a became a tie, n added for PyTorch: PyTorch d 2 + n 2 = 4, TensorFlow b 2 + c 3 = 5.
    v2 = one_edition(tmp_path / "v2", [criterion("a", "tie"), criterion("b", "tensorflow"), criterion("c", "tensorflow"),
                                       criterion("d", "pytorch"), criterion("n", "pytorch")], "2")
    assert diff(cli, decision, v2)[1:] == [
        "Edition e (today's copy of the same edition):",
        "  verdict changed: Title a: PyTorch -> tie",
        "  added: Title n: PyTorch, at priority normal",
        "  leader under the same priorities: TensorFlow (unchanged)",
        "The recommendation stands.",
    ]


def test_a_tie_then_and_a_leader_now(cli, tmp_path, v1):
    decision = export(cli, v1, tmp_path / "decision.md")  # all normal: 4 to 4
    v2 = one_edition(tmp_path / "v2", V1 + [criterion("n", "tensorflow")], "2")  # TensorFlow 6
    lines = diff(cli, decision, v2)
    assert lines[0].endswith("leader then: nobody (a tie).")
    assert lines[-2:] == ["  leader under the same priorities: TensorFlow (was nobody (a tie))",
                          "The recommendation would change."]


def test_priority_off_is_honoured(cli, tmp_path, v1):
    # a and d off: PyTorch 0, TensorFlow b 2 + c 2 = 4. Flipping d to TensorFlow changes no totals' order,
    # and flipping b and c to PyTorch would, but only b flips: PyTorch b 2, TensorFlow c 2: a tie.
    decision = export(cli, v1, tmp_path / "decision.md", "--priority", "a=off", "--priority", "d=0")
    v2 = one_edition(tmp_path / "v2", [criterion("a", "pytorch"), criterion("b", "pytorch"), criterion("c", "tensorflow"),
                                       criterion("d", "tensorflow")], "2")
    lines = diff(cli, decision, v2)
    assert "  verdict changed: Title b: TensorFlow -> PyTorch" in lines
    assert "  verdict changed: Title d: PyTorch -> TensorFlow" in lines
    assert lines[-2:] == ["  leader under the same priorities: nobody (a tie) (was TensorFlow)",
                          "The recommendation would change."]


def test_unchanged_knowledge(cli, tmp_path, v1):
    decision = export(cli, v1, tmp_path / "decision.md", "--priority", "c=high")
    assert diff(cli, decision, v1)[1:] == [
        "Edition e is unchanged since the decision (same fingerprint).",
        "The recommendation stands.",
    ]
    # A byte-identical copy elsewhere has the same fingerprint; another content version (the manifest is
    # part of every edition's fingerprint) does not, though nothing in the edition changed.
    copy = one_edition(tmp_path / "copy", V1, "1")
    assert diff(cli, decision, copy)[1] == "Edition e is unchanged since the decision (same fingerprint)."
    bumped = one_edition(tmp_path / "bumped", V1, "2")
    assert diff(cli, decision, bumped)[1:] == [
        "Edition e (today's copy of the same edition):",
        "  no verdict changed and no criterion was added or retired",
        "  leader under the same priorities: TensorFlow (unchanged)",
        "The recommendation stands.",
    ]


def test_a_reworded_edition_with_the_same_verdicts(cli, tmp_path, v1):
    decision = export(cli, v1, tmp_path / "decision.md")
    v2 = one_edition(tmp_path / "v2", [{**c, "summary": "Reworded."} for c in V1], "2")
    assert diff(cli, decision, v2)[1:] == [
        "Edition e (today's copy of the same edition):",
        "  no verdict changed and no criterion was added or retired",
        "  leader under the same priorities: nobody (a tie) (unchanged)",
        "The recommendation stands.",
    ]


# --- a newer edition revising the recorded one -----------------------------------------------

OLD = [criterion("a", "pytorch"), criterion("b", "tensorflow"), criterion("c", "tie"), criterion("d", "pytorch"),
       criterion("e", "tensorflow")]
# a keeps its id and flips; b renamed b2; c split into c1, c2; m merges d with a (so a is split too);
# n is new; e retired with a reason.
NEW = [criterion("a", "tensorflow", changed="Overtaken."), criterion("b2", "tensorflow", previous_ids=["b"]),
       criterion("c1", "tie", previous_ids=["c"]), criterion("c2", "tie", previous_ids=["c"]),
       criterion("m", "pytorch", previous_ids=["d", "a"]), criterion("n", "pytorch")]
NEW_EDITION = ({"previous": "old", "retired": [{"id": "e", "reason": "Gone."}]}, NEW)


def test_a_newer_edition_is_reported(cli, tmp_path):
    knowledge = write_knowledge(tmp_path / "k", {"old": ({}, OLD), "new": NEW_EDITION})
    # Then, on old, a high and e low: PyTorch a 3 + d 2 = 5, TensorFlow b 2 + e 1 = 3.
    decision = export(cli, knowledge, tmp_path / "old.md", "--edition", "old", "--priority", "a=high",
                      "--priority", "e=low")
    # In new: a high, b2 normal, c1 c2 normal, m max(d normal, a high) = high, n normal:
    # PyTorch m 3 + n 2 = 5, TensorFlow a 3 + b2 2 = 5: a tie.
    assert diff(cli, decision, knowledge)[1:] == [
        "Edition old is unchanged since the decision (same fingerprint).",
        "Edition new:",
        "  verdict changed: Title a: PyTorch -> TensorFlow",
        "  added: Title n: PyTorch, at priority normal",
        "  renamed: Title b -> Title b2",
        "  split: Title a -> Title a, Title m",
        "  split: Title c -> Title c1, Title c2",
        "  merged: Title d, Title a -> Title m",
        "  retired: Title e (Gone.)",
        "  leader under the same priorities: nobody (a tie) (was PyTorch)",
        "The recommendation would change.",
    ]


def test_a_changed_recorded_edition_and_a_newer_one(cli, tmp_path):
    before = write_knowledge(tmp_path / "k1", {"old": ({}, OLD)})
    decision = export(cli, before, tmp_path / "old.md")  # all normal: PyTorch 4, TensorFlow 4
    # Since then old's b became a tie, and edition new appeared.
    old_now = [criterion("b", "tie") if c["id"] == "b" else c for c in OLD]
    after = write_knowledge(tmp_path / "k2", {"old": ({}, old_now), "new": NEW_EDITION}, "2")
    lines = diff(cli, decision, after)
    at = lines.index("Edition old (today's copy of the same edition):")
    # old today, all normal: PyTorch a 2 + d 2 = 4, TensorFlow e 2 = 2.
    assert lines[at + 1: at + 3] == ["  verdict changed: Title b: TensorFlow -> tie",
                                     "  leader under the same priorities: PyTorch (was nobody (a tie))"]
    # new is compared with the recorded table (where b was TensorFlow), all normal:
    # PyTorch m 2 + n 2 = 4, TensorFlow a 2 + b2 2 = 4.
    at = lines.index("Edition new:")
    assert lines[at + 1] == "  verdict changed: Title a: PyTorch -> TensorFlow"
    assert "  verdict changed: Title b2: TensorFlow -> tie" not in lines
    assert lines[-2:] == ["  leader under the same priorities: nobody (a tie) (unchanged)",
                          "The recommendation would change."]


def test_a_decision_on_the_newest_edition_has_nothing_newer(cli, tmp_path):
    knowledge = write_knowledge(tmp_path / "k", {"old": ({}, OLD), "new": NEW_EDITION})
    decision = export(cli, knowledge, tmp_path / "new.md", "--edition", "new")
    assert diff(cli, decision, knowledge)[1:] == [
        "Edition new is unchanged since the decision (same fingerprint).",
        "The recommendation stands.",
    ]


def test_an_edition_that_is_gone_is_not_said_to_stand(cli, tmp_path, v1):
    decision = export(cli, v1, tmp_path / "decision.md")
    other = write_knowledge(tmp_path / "other", {"x": ({}, V1)})
    lines = diff(cli, decision, other)
    assert lines[1] == "Edition e is no longer in this knowledge."
    # Nothing was compared: the tool cannot know whether the recommendation stands, and says so.
    assert lines[2:] == ["No edition here revises edition e, so the decision cannot be checked against this knowledge."]


# --- the record is what diff reads -----------------------------------------------------------


def test_diff_reads_the_record_wherever_the_file_went(cli, tmp_path, v1):
    decision = export(cli, v1, tmp_path / "decision.md", "--priority", "c=high")
    text = decision.read_text(encoding="utf-8")
    # Edited on Windows, with the user's notes added after the record.
    moved = tmp_path / "moved.md"
    moved.write_bytes((text + "\n## Our notes\n\nWe agreed.\n").replace("\n", "\r\n").encode("utf-8"))
    v2 = one_edition(tmp_path / "v2", V1[:3] + [criterion("d", "tensorflow")], "2")
    lines = diff(cli, moved, v2)
    assert "  verdict changed: Title d: PyTorch -> TensorFlow" in lines
    assert lines[-2:] == ["  leader under the same priorities: TensorFlow (unchanged)", "The recommendation stands."]


def test_the_priorities_come_from_the_record_not_the_text(cli, tmp_path, v1):
    decision = export(cli, v1, tmp_path / "decision.md")
    text = decision.read_text(encoding="utf-8")
    body, record = text[: text.rindex("<!-- fwtui-decision ")], text[text.rindex("<!-- fwtui-decision "):]
    data = json.loads(record[len("<!-- fwtui-decision "): record.rindex(" -->")])
    data["priorities"]["a"] = "off"  # PyTorch d 2, TensorFlow b 2 + c 2 = 4
    data["leader"] = "tensorflow"
    decision.write_text(body + "<!-- fwtui-decision " + json.dumps(data) + " -->\n", encoding="utf-8")
    v2 = one_edition(tmp_path / "v2", V1 + [criterion("n", "pytorch")], "2")  # PyTorch d 2 + n 2 = 4: a tie
    assert diff(cli, decision, v2)[-2:] == ["  leader under the same priorities: nobody (a tie) (was TensorFlow)",
                                            "The recommendation would change."]


# --- what is not a decision ------------------------------------------------------------------


def record_line(data: object) -> bytes:
    return b"# A decision\n\n<!-- fwtui-decision " + json.dumps(data).encode() + b" -->\n"


GOOD = {"version": 1, "edition": "e", "priorities": {"a": "normal"}, "criteria": {"a": {"title": "A", "verdict": "pytorch"}}}


NOT_DECISIONS = {
    "notes.md": (b"# Notes\n\nNothing here.\n", "not an fwtui export"),
    "empty.md": (b"", "not an fwtui export"),
    "binary.md": (bytes(range(256)) * 8, None),
    "latin1.md": ("# caf\u00e9\n".encode("latin-1"), None),
    "truncated.md": (b"# x\n\n<!-- fwtui-decision {\"edition\": \"e\", \"priorities\":", "not an fwtui export"),
    "badjson.md": (b"# x\n\n<!-- fwtui-decision {edition: e} -->\n", "not an fwtui export"),
    "list.md": (b"# x\n\n<!-- fwtui-decision [1, 2] -->\n", "not an fwtui export"),
    "noedition.md": (record_line({"priorities": {}, "criteria": {}}), "not an fwtui export"),
    "nopriorities.md": (record_line({"edition": "e", "criteria": {}}), "not an fwtui export"),
    "prioritieslist.md": (record_line({**GOOD, "priorities": ["a"]}), "not an fwtui export"),
    "nocriteria.md": (record_line({"version": 3, "edition": "e", "priorities": {}}), "no criteria"),
    # Values edited by hand: refused in one line, not ignored nor echoed back as Python.
    "noversion.md": (record_line({k: v for k, v in GOOD.items() if k != "version"}), "has no valid version"),
    "newer.md": (record_line({**GOOD, "version": 99}), "version 99, from a newer fwtui"),
    "ultra.md": (record_line({**GOOD, "priorities": {"a": "ultra"}}), "priority 'ultra', not one of off, low"),
    "leadermap.md": (record_line({**GOOD, "leader": {"a": 1}}), "a leader that is not text or null"),
    "overlaynone.md": (record_line({**GOOD, "overlays": [{"x": 1}]}), "overlays that are not each a title"),
    "yesterday.md": (record_line({**GOOD, "date": "yesterday"}), "a date that is not YYYY-MM-DD"),
    "contentnumber.md": (record_line({**GOOD, "content_version": 5}), "a content_version that is not text"),
    "criteriatext.md": (record_line({**GOOD, "criteria": "a, b"}), "no criteria"),
    "criterionlist.md": (record_line({**GOOD, "criteria": {"a": ["pytorch"]}}), "'a'"),
    # JSON that Python's decoder refuses with something other than JSONDecodeError.
    "deep.md": (b"# x\n\n<!-- fwtui-decision {\"edition\": \"e\", \"priorities\": {}, \"x\": "
                + b"[" * 100_000 + b"]" * 100_000 + b"} -->\n", "not an fwtui export"),
    "bignumber.md": (b"# x\n\n<!-- fwtui-decision {\"edition\": \"e\", \"priorities\": {}, \"x\": "
                     + b"9" * 5000 + b"} -->\n", "not an fwtui export"),
}


@pytest.mark.parametrize("name", list(NOT_DECISIONS))
def test_what_is_not_a_decision_is_a_one_line_error(cli, tmp_path, v1, name):
    data, words = NOT_DECISIONS[name]
    (tmp_path / name).write_bytes(data)
    message = assert_one_line_error(cli("diff", tmp_path / name, "--knowledge", v1), 2)
    assert name in message
    if words:
        assert words in message


def test_paths_that_are_not_files(cli, tmp_path, v1):
    assert "no such file" in assert_one_line_error(cli("diff", tmp_path / "missing.md", "--knowledge", v1), 2).lower()
    assert "directory" in assert_one_line_error(cli("diff", tmp_path, "--knowledge", v1), 2)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    assert "pipe.md" in assert_one_line_error(cli("diff", fifo, "--knowledge", v1), 2)


def test_an_export_bigger_than_any_knowledge_file(cli, tmp_path):
    """Decision files have their own cap: fwtui's own export, over 11 MB here, is read back."""
    from factory import make_knowledge
    from fwtui.yamlsafe import MAX_FILE_BYTES

    knowledge = make_knowledge(tmp_path / "big", criteria=6)
    code = "".join(f"x{n} = {n}  # a line of a long, generated snippet\n" for n in range(45_000))
    for path in sorted((knowledge / "editions" / "e1" / "criteria").iterdir()):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["snippets"]["pytorch"][0]["code"] = code
        path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper), encoding="utf-8")  # the C dumper: seconds faster
    decision = export(cli, knowledge, tmp_path / "decision.md", "--snippets")
    assert decision.stat().st_size > 11_000_000 > MAX_FILE_BYTES
    lines = diff(cli, decision, knowledge)
    assert lines[1] == "Edition e1 is unchanged since the decision (same fingerprint)."


def test_odd_but_readable_records_do_not_crash(cli, tmp_path, v1):
    """Values of the wrong kind inside a well-formed record: reported, never a traceback."""
    data = {"version": 1, "edition": ["e"], "leader": {"x": 1}, "fingerprint": None,
            "priorities": {"a": "extreme", "b": 3, "c": ["high"]},
            "criteria": {"a": {"verdict": ["pytorch"]}, "b": {"title": None, "verdict": 7}}}
    (tmp_path / "odd.md").write_bytes(record_line(data))
    result = cli("diff", tmp_path / "odd.md", "--knowledge", v1)
    assert "Traceback" not in result.err
    assert result.status in (0, 1, 2)
    if result.err:
        assert_one_line_error(result, 2)


def test_unusable_knowledge_is_a_one_line_error(cli, tmp_path, v1):
    decision = export(cli, v1, tmp_path / "decision.md")
    assert_one_line_error(cli("diff", decision, "--knowledge", tmp_path / "nowhere"), 2)


# --- the shipped knowledge: a 2017 decision against the 2026 edition -------------------------


def shipped_yaml(edition: str, name: str = "criteria") -> dict:
    from fwtui.paths import embedded_knowledge

    folder = embedded_knowledge() / "editions" / edition
    if name != "criteria":
        return yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    items = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((folder / "criteria").glob("*.yaml"))]
    return {item["id"]: item for item in items}


@pytest.mark.parametrize("preset", [None, "research", "deployment"])
def test_a_shipped_2017_decision_against_2026(cli, tmp_path, shipped, preset):
    old, new = shipped_yaml("2017"), shipped_yaml("2026")
    presets = {p["id"]: p["priorities"] for p in shipped_yaml("2017", "edition.yaml").get("presets", [])}
    decision = tmp_path / "2017.md"
    export(cli, shipped, decision, "--edition", "2017", *(["--preset", preset] if preset else []))
    lines = diff(cli, decision, shipped)

    def name(verdict):
        return {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "tie": "tie", None: "note"}[verdict]

    def sources(item):
        return item.get("previous_ids") or ([item["id"]] if item["id"] in old else [])

    assert "Edition 2017 is unchanged since the decision (same fingerprint)." in lines
    section = lines[lines.index("Edition 2026:") + 1:]
    def was(item, source):
        return "" if source == item["id"] else f" (was {old[source]['title']})"

    flips = [f"  verdict changed: {item['title']}{was(item, s)}: {name(old[s]['verdict'])} -> {name(item['verdict'])}"
             for item in new.values() for s in sources(item) if old[s]["verdict"] != item["verdict"]]
    assert sorted(line for line in section if line.startswith("  verdict changed: ")) == sorted(flips)
    assert f"  verdict changed: {new['coverage']['title']}: TensorFlow -> PyTorch" in section
    added = [f"  added: {item['title']}: {name(item['verdict'])}" + (", at priority normal" if item["verdict"] else "")
             for item in new.values() if not sources(item)]
    assert sorted(line for line in section if line.startswith("  added: ")) == sorted(added)
    continued = {s for item in new.values() for s in sources(item)}
    assert sorted(line.split(" (")[0] for line in section if line.startswith("  retired: ")) == sorted(
        f"  retired: {item['title']}" for i, item in old.items() if i not in continued)

    # The leader under the same priorities, from the YAML: a 2026 criterion takes the highest level
    # among the 2017 criteria it continues, a new one normal; each scored verdict earns its level.
    levels = {i: LEVELS.index((presets.get(preset) or {}).get(i, "normal")) for i in old}

    def leader(items, level_of):
        totals = {"pytorch": 0, "tensorflow": 0}
        for item in items.values():
            if item["verdict"] in totals:
                totals[item["verdict"]] += level_of(item)
        return None if totals["pytorch"] == totals["tensorflow"] else max(totals, key=totals.get)

    then = leader(old, lambda item: levels[item["id"]])
    now = leader(new, lambda item: max((levels[s] for s in sources(item)), default=LEVELS.index("normal")))
    shown = {None: "nobody (a tie)", "pytorch": "PyTorch", "tensorflow": "TensorFlow"}
    assert lines[0].endswith(f"leader then: {shown[then]}.")
    tail = " (unchanged)" if now == then else f" (was {shown[then]})"
    assert section[-2:] == [f"  leader under the same priorities: {shown[now]}{tail}",
                            "The recommendation stands." if now == then else "The recommendation would change."]


# --- exit statuses scripts gate on -----------------------------------------------------------


def test_exit_status_says_whether_the_recommendation_stands(tmp_path, v1):
    """As a CI job runs it: a real process, 0 stands, 1 would change, 2 error."""
    from corehelp import run_fwtui

    decision = tmp_path / "decision.md"
    made = run_fwtui("export", "--knowledge", v1, "-o", decision, "--date", DATE, "--priority", "c=high")
    assert made.status == 0, made.err
    stands = run_fwtui("diff", decision, "--knowledge", v1)
    assert (stands.status, stands.out.splitlines()[-1]) == (0, "The recommendation stands.")
    v2 = one_edition(tmp_path / "v2", V1 + [criterion("n", "pytorch"), criterion("o", "pytorch")], "2")
    changed = run_fwtui("diff", decision, "--knowledge", v2)
    assert (changed.status, changed.out.splitlines()[-1]) == (1, "The recommendation would change.")
    other = write_knowledge(tmp_path / "other", {"x": ({}, V1)})
    unknown = run_fwtui("diff", decision, "--knowledge", other)
    assert unknown.status == 2 and "cannot be checked" in unknown.out
    for argv in (("diff", tmp_path / "missing.md", "--knowledge", v1),
                 ("diff", decision, "--knowledge", tmp_path / "nowhere")):
        assert_one_line_error(run_fwtui(*argv), 2)
    assert run_fwtui("diff").status == 2, "a usage error is an error too"


def test_diff_help_documents_the_exit_statuses(cli):
    text = " ".join(cli("diff", "--help").out.split())
    assert "0 the recommendation stands; 1 it would change; 2 error" in text


# --- a real decision, exported from knowledge 2026.11.0 before the 2026.12.0 bump --------------

REAL_DECISION = Path(__file__).parent / "data" / "decision-2026.11.0.md"
"""`fwtui export -o ... --date 2026-11-26 --preset production-serving` on the shipped knowledge 2026.11.0."""


def real_record() -> dict:
    from fwtui.export import read_record

    record = read_record(REAL_DECISION.read_text(encoding="utf-8"))
    assert record["content_version"] == "2026.11.0" and record["edition"] == "2026"
    return record


def test_a_real_2026_11_0_decision_names_the_flips_and_the_new_criteria(cli, tmp_path):
    record = real_record()
    # A later content version derived from the decision's own record: two verdicts flip, three criteria are new.
    flipped = {"export-on-device": "pytorch", "serving": TIE}
    criteria = [criterion(cid, flipped.get(cid, item["verdict"]), title=item["title"])
                for cid, item in record["criteria"].items()]
    criteria += [criterion("framework-health", "pytorch", title="Framework health and governance"),
                 criterion("llm-stack", "tensorflow", title="The LLM stack"),
                 criterion("jax", None, title="JAX, the third option")]
    later = write_knowledge(tmp_path / "k", {"2026": ({}, criteria)}, content="2026.12.0")
    # Then (production-serving): PyTorch coverage 1 + custom-extensions 1 + distributed-training 1 + ecosystem 2
    # + graph-creation-debugging 1 + ramp-up-time 1 = 7, TensorFlow export-on-device 1 + serving 3 = 4.
    # Now: export-on-device (low) to PyTorch, serving (high) a tie, the new ones at normal:
    # PyTorch 7 + 1 + 2 = 10, TensorFlow 4 - 1 - 3 + 2 = 2.
    assert diff(cli, REAL_DECISION, later) == [
        f"Decision: edition 2026, content 2026.11.0, fingerprint {record['fingerprint']}, made 2026-11-26; "
        "leader then: PyTorch.",
        "Edition 2026 (today's copy of the same edition):",
        "  verdict changed: Export to mobile and edge devices: TensorFlow -> PyTorch",
        "  verdict changed: Model serving: TensorFlow -> tie",
        "  added: Framework health and governance: PyTorch, at priority normal",
        "  added: The LLM stack: TensorFlow, at priority normal",
        "  added: JAX, the third option: note",
        "  leader under the same priorities: PyTorch (unchanged)",
        "The recommendation stands.",
    ]


def test_a_real_2026_11_0_decision_against_the_shipped_knowledge(cli, shipped):
    """Whatever the shipped 2026 edition now says, diff names each flip and each criterion the decision lacks."""
    record = real_record()
    lines = diff(cli, REAL_DECISION, shipped)
    if fingerprint(shipped, "2026") == record["fingerprint"]:
        assert "Edition 2026 is unchanged since the decision (same fingerprint)." in lines
        return
    section = lines[lines.index("Edition 2026 (today's copy of the same edition):") + 1:]
    now = shipped_yaml("2026")

    def name(verdict):
        return {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "tie": "tie", None: "note"}[verdict]

    then = record["criteria"]
    flips = sorted(f"  verdict changed: {item['title']}: {name(then[cid]['verdict'])} -> {name(item['verdict'])}"
                   for cid, item in now.items() if cid in then and then[cid]["verdict"] != item["verdict"])
    assert sorted(line for line in section if line.startswith("  verdict changed: ")) == flips
    new = sorted(f"  added: {item['title']}: {name(item['verdict'])}"
                 + (", at priority normal" if item["verdict"] else "") for cid, item in now.items() if cid not in then)
    assert sorted(line for line in section if line.startswith("  added: ")) == new
