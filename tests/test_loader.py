"""The loader and ``fwtui check``: valid directories load, every problem is reported as file:line: message."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from corehelp import append_line, criterion_path, edit_yaml
from factory import make_knowledge
from fwtui import loader
from fwtui.loader import KnowledgeError, load_knowledge
from fwtui.model import TIE

PROBLEM = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<message>.+)$")


def problems_of(root: Path) -> list[str]:
    result = load_knowledge(root)
    return [str(p) for p in result.problems]


def find(problems: list[str], path: Path, fragment: str, line: int | None = None) -> str:
    """The one problem about ``path`` containing ``fragment``, checked to be ``file:line: message``."""
    hits = [p for p in problems if fragment in p and p.startswith(str(path))]
    assert hits, f"no problem with {fragment!r} for {path} in {problems}"
    match = PROBLEM.match(hits[0])
    assert match, f"not file:line: message: {hits[0]!r}"
    assert match["path"] == str(path)
    if line is not None:
        assert int(match["line"]) == line, hits[0]
    return hits[0]


# --- valid directories -----------------------------------------------------------------------


@pytest.mark.parametrize("frameworks", [2, 3])
@pytest.mark.parametrize("count", [1, 6, 40])
def test_generated_directories_load(tmp_path, frameworks, count):
    root = make_knowledge(tmp_path / "k", frameworks=frameworks, criteria=count)
    result = load_knowledge(root)
    assert result.problems == []
    assert result.ok
    knowledge = result.knowledge
    assert [f.id for f in knowledge.frameworks] == ["pytorch", "tensorflow", "jax"][:frameworks]
    edition = knowledge.edition()
    assert edition.id == "e1"
    assert len(edition.criteria) == count
    assert [c.id for c in edition.criteria] == [f"c{n:05d}" for n in range(count)]
    for criterion in edition.criteria:
        assert set(criterion.snippets) == {f.id for f in knowledge.frameworks}
        assert criterion.sources and criterion.sources[0].url.startswith("https://")
    assert knowledge.fingerprints["e1"] and len(knowledge.fingerprints["e1"]) == 16


def test_verdicts_and_notes_load(tmp_path):
    root = make_knowledge(tmp_path / "k", criteria=4, verdicts=["pytorch", "tie", None, "tensorflow"])
    edition = load_knowledge(root).knowledge.edition("e1")
    assert [c.verdict for c in edition.criteria] == ["pytorch", TIE, None, "tensorflow"]
    assert [c.is_note for c in edition.criteria] == [False, False, True, False]


def test_fingerprint_follows_content(tmp_path):
    a = make_knowledge(tmp_path / "a", criteria=3)
    b = make_knowledge(tmp_path / "b", criteria=3)
    fa = load_knowledge(a).knowledge.fingerprints["e1"]
    assert fa == load_knowledge(b).knowledge.fingerprints["e1"], "same content, different place: same fingerprint"
    edit_yaml(criterion_path(b, 1), lambda d: d.update(reasoning="Changed."))
    assert load_knowledge(b).knowledge.fingerprints["e1"] != fa


# --- each problem as file:line: message ------------------------------------------------------


def test_missing_field(kdir):
    path = criterion_path(kdir, 2)
    edit_yaml(path, lambda d: d.pop("title"))
    find(problems_of(kdir), path, "missing field 'title'")


def test_a_field_with_nothing_after_its_colon_is_called_empty_at_its_line(kdir):
    path = criterion_path(kdir, 2)
    text = path.read_text().replace("title: Criterion 2", "title: ~")
    path.write_text(text)
    find(problems_of(kdir), path, "field 'title' is empty (null)", text.splitlines().index("title: ~") + 1)


def test_mistyped_field(kdir):
    path = criterion_path(kdir, 1)
    text = path.read_text().replace("title: Criterion 1", "title: [1, 2]")
    path.write_text(text)
    line = text.splitlines().index("title: [1, 2]") + 1
    message = find(problems_of(kdir), path, "field 'title' must be text", line)
    assert "list" in message


def test_unknown_field(kdir):
    path = criterion_path(kdir, 0)
    line = append_line(path, "colour: blue")
    find(problems_of(kdir), path, "unknown field 'colour'", line)


def test_unknown_field_in_manifest(kdir):
    path = kdir / "manifest.yaml"
    line = append_line(path, "extra: 1")
    find(problems_of(kdir), path, "unknown field 'extra'", line)


def test_duplicate_criterion_ids_across_two_files(kdir):
    original = criterion_path(kdir, 3)
    twin = original.with_suffix(".yml")
    shutil.copy(original, twin)
    problems = problems_of(kdir)
    message = find(problems, twin, "duplicate criterion id 'c00003'")
    assert str(original) in message, "the message names the other file"
    result = load_knowledge(kdir)
    assert [c.id for c in result.knowledge.edition().criteria].count("c00003") == 1


def test_unknown_category(kdir):
    path = criterion_path(kdir, 0)
    text = path.read_text().replace("category: cat-0", "category: astrology")
    path.write_text(text)
    line = text.splitlines().index("category: astrology") + 1
    find(problems_of(kdir), path, "unknown category 'astrology'", line)


def test_snippets_for_unknown_framework(kdir):
    path = criterion_path(kdir, 1)
    edit_yaml(path, lambda d: d["snippets"].update(mxnet=[{"title": "t", "code": "x = 1\n", "runnable": False}]))
    line = path.read_text().splitlines().index("  mxnet:") + 1
    find(problems_of(kdir), path, "snippets for unknown framework 'mxnet'", line)


def test_verdict_naming_unknown_framework(kdir):
    path = criterion_path(kdir, 2)
    text = path.read_text()
    text = re.sub(r"^verdict: .*$", "verdict: mxnet", text, flags=re.M)
    path.write_text(text)
    line = text.splitlines().index("verdict: mxnet") + 1
    message = find(problems_of(kdir), path, "verdict 'mxnet' is not a framework", line)
    assert "pytorch" in message and "tensorflow" in message


def test_empty_snippet_code(kdir):
    path = criterion_path(kdir, 4)
    edit_yaml(path, lambda d: d["snippets"]["pytorch"][0].update(code="   \n"))
    find(problems_of(kdir), path, "snippet code is empty")


def test_missing_snippet_for_a_framework(kdir):
    path = criterion_path(kdir, 5)
    edit_yaml(path, lambda d: d["snippets"].pop("tensorflow"))
    find(problems_of(kdir), path, "no snippet for framework 'tensorflow'")


def test_preset_naming_unknown_criterion_and_bad_level(tmp_path):
    root = make_knowledge(
        tmp_path / "k",
        criteria=3,
        presets=[{"id": "p", "title": "P", "priorities": {"nope": "high", "c00001": "extreme", "c00002": "low"}}],
    )
    path = root / "editions" / "e1" / "edition.yaml"
    lines = path.read_text().splitlines()
    problems = problems_of(root)
    find(problems, path, "unknown criterion 'nope'", lines.index("    nope: high") + 1)
    message = find(problems, path, "'extreme' is not one of", lines.index("    c00001: extreme") + 1)
    assert "off, low, normal, high" in message


def test_multiple_problems_are_all_reported(kdir):
    a, b, c = criterion_path(kdir, 0), criterion_path(kdir, 1), criterion_path(kdir, 2)
    append_line(a, "colour: blue")
    edit_yaml(b, lambda d: d.pop("summary"))
    edit_yaml(c, lambda d: d.update(verdict="mxnet", category="astrology"))
    problems = problems_of(kdir)
    find(problems, a, "unknown field 'colour'")
    find(problems, b, "missing field 'summary'")
    find(problems, c, "verdict 'mxnet'")
    find(problems, c, "unknown category 'astrology'")
    assert len(problems) >= 4


def test_check_reports_every_problem_and_exits_1(cli, kdir):
    append_line(criterion_path(kdir, 2), "colour: blue")
    edit_yaml(criterion_path(kdir, 3), lambda d: d.update(verdict="mxnet"))
    result = cli("check", kdir)
    assert result.status == 1
    lines = result.out.splitlines()
    assert len(lines) == 2
    assert all(PROBLEM.match(line) for line in lines), lines
    assert "unknown field 'colour'" in result.out and "verdict 'mxnet'" in result.out
    assert "2 problems" in result.err
    assert "Traceback" not in result.err


def test_check_ok_prints_one_line_and_exits_0(cli, kdir):
    result = cli("check", kdir)
    assert result.status == 0, result.out + result.err
    assert len(result.out.splitlines()) == 1
    assert result.out.startswith("ok: ")
    assert "2 frameworks" in result.out and "6 criteria" in result.out
    assert re.search(r"\b1 editions?\b", result.out)
    assert result.err == ""


def test_check_uses_knowledge_option_and_environment(cli, kdir, monkeypatch):
    assert cli("check", "--knowledge", kdir).status == 0
    assert cli("--knowledge", kdir, "check").status == 0
    monkeypatch.setenv("FWTUI_KNOWLEDGE", str(kdir))
    from fwtui.cli import main

    assert main(["check"]) == 0


# --- schema versions -------------------------------------------------------------------------


def test_newer_major_schema_is_refused_naming_both_versions(tmp_path, cli):
    root = make_knowledge(tmp_path / "k", schema_version="2.0")
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(root)
    assert "2.0" in str(error.value) and "1.1" in str(error.value)
    assert "manifest.yaml" in str(error.value)
    result = cli("check", root)
    assert result.status == 1
    assert "2.0" in result.err and "1.1" in result.err and "Traceback" not in result.err


def test_newer_minor_of_same_major_loads(tmp_path):
    root = make_knowledge(tmp_path / "k", schema_version="1.7")
    assert load_knowledge(root).ok


def test_equal_schema_loads(tmp_path):
    root = make_knowledge(tmp_path / "k", schema_version="1.0")
    result = load_knowledge(root)
    assert result.ok
    assert result.knowledge.schema_version == "1.0"


def test_older_minor_loads(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "SCHEMA_VERSION", (1, 3))
    root = make_knowledge(tmp_path / "k", schema_version="1.0")
    result = load_knowledge(root)
    assert result.ok, result.problems
    root2 = make_knowledge(tmp_path / "k2", schema_version="2.0")
    with pytest.raises(KnowledgeError, match=r"2\.0.*1\.3"):
        load_knowledge(root2)


@pytest.mark.parametrize("version", ["one", "1", "1.0.0", ""])
def test_malformed_schema_version_is_a_clean_error(tmp_path, cli, version):
    root = make_knowledge(tmp_path / "k")
    path = root / "manifest.yaml"
    path.write_text(re.sub(r"^schema_version: .*$", f"schema_version: '{version}'", path.read_text(), flags=re.M))
    result = cli("check", root)
    assert result.status == 1
    assert "schema_version" in result.err
    assert "Traceback" not in result.err


# --- references between files ----------------------------------------------------------------


def test_edition_listed_but_missing(kdir):
    path = kdir / "manifest.yaml"
    path.write_text(path.read_text().replace("- e1", "- e1\n- e9"))
    problems = problems_of(kdir)
    find(problems, path, "edition 'e9'")
    assert load_knowledge(kdir).knowledge.edition("e1") is not None


def test_edition_id_must_match_directory(kdir):
    path = kdir / "editions" / "e1" / "edition.yaml"
    path.write_text(path.read_text().replace("id: e1", "id: e2"))
    find(problems_of(kdir), path, "id must be 'e1'")


def test_criterion_id_must_match_file_name(kdir):
    path = criterion_path(kdir, 0)
    path.write_text(path.read_text().replace("id: c00000", "id: other"))
    find(problems_of(kdir), path, "must match the file name")


def test_bad_source_url(kdir):
    path = criterion_path(kdir, 0)
    path.write_text(path.read_text().replace("url: https://example.org/0", "url: javascript:alert(1)"))
    find(problems_of(kdir), path, "must start with https://")


@pytest.mark.parametrize("value,shown", [("[a, b]", "['a', 'b']"), ("{a: 1}", "{'a': 1}"), ("true", "True"), ("3", "3")])
def test_verdict_of_the_wrong_type(kdir, cli, value, shown):
    path = criterion_path(kdir, 2)
    text = re.sub(r"^verdict: .*$", f"verdict: {value}", path.read_text(), flags=re.M)
    path.write_text(text)
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l.startswith("verdict:"))
    find(problems_of(kdir), path, f"verdict {shown} is not a framework", line)
    result = cli("check", kdir)
    assert result.status == 1 and "Traceback" not in result.err


def test_scalar_alias_is_refused(kdir):
    path = criterion_path(kdir, 2)
    path.write_text(path.read_text().replace("title: Criterion 2", "title: &t Criterion 2\nchanged: *t"))
    assert any("aliases" in str(p) for p in load_knowledge(kdir).problems)


# --- provenance (schema 1.1) -----------------------------------------------------------------


def _add_to_first_source(root: Path, **fields) -> Path:
    path = criterion_path(root)
    edit_yaml(path, lambda data: data["sources"][0].update(fields))
    return path


def test_sources_carry_their_kind_and_the_date_they_were_checked(tmp_path):
    root = make_knowledge(tmp_path / "k")
    _add_to_first_source(root, kind="first-hand", checked=dt.date(2026, 12, 2))
    result = load_knowledge(root)
    assert result.ok, result.problems
    source = result.knowledge.edition("e1").criterion("c00000").sources[0]
    assert (source.kind, source.checked) == ("first-hand", dt.date(2026, 12, 2))


def test_an_unknown_source_kind_is_a_problem_with_its_line(tmp_path):
    root = make_knowledge(tmp_path / "k")
    path = _add_to_first_source(root, kind="hearsay")
    result = load_knowledge(root)
    assert any("kind 'hearsay'" in str(p) and str(p).startswith(f"{path}:") for p in result.problems), result.problems


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_a_source_without_a_check_date_is_a_problem_at_its_line(cli, tmp_path):
    root = make_knowledge(tmp_path / "k")
    path = criterion_path(root, 2)
    edit_yaml(path, lambda data: data["sources"][0].pop("checked"))
    result = cli("check", root)
    assert result.status == 1
    assert result.out.splitlines() == [f"{path}:{_line_of(path, '- title: Example')}: source has no 'checked' date"]
    assert result.err == "fwtui: 1 problem found\n"


def test_a_source_without_kind_or_date_is_one_problem(tmp_path):
    root = make_knowledge(tmp_path / "k")
    path = root / "editions" / "e1" / "edition.yaml"
    edit_yaml(path, lambda data: data["sources"][0].update(kind="", checked=None))
    problems = problems_of(root)
    assert problems == [f"{path}:{_line_of(path, '- title: Example')}: "
                        "source has no 'kind' (first-hand or second-hand) and no 'checked' date"]


@pytest.mark.parametrize("verdict", ["pytorch", "tie"])
def test_a_verdict_without_a_first_hand_source_is_a_problem_at_its_sources(cli, tmp_path, verdict):
    root = make_knowledge(tmp_path / "k")
    path = criterion_path(root, 1)

    def second_hand_only(data):
        data["verdict"] = verdict
        data["sources"][0]["kind"] = "second-hand"
        data["sources"].append({"title": "A blog", "url": "https://blog.example/", "kind": "second-hand",
                                "checked": dt.date(2026, 1, 1)})

    edit_yaml(path, second_hand_only)
    result = cli("check", root)
    assert result.status == 1
    assert result.out.splitlines() == [
        f"{path}:{_line_of(path, 'sources:')}: verdict {verdict!r} has no first-hand source to rest on "
        "(no source has kind: first-hand)"]
    # Still loaded: the verdict is shown and scored, the problem is reported.
    assert load_knowledge(root).knowledge.edition().criterion("c00001").verdict == verdict


def test_a_note_needs_no_first_hand_source(tmp_path):
    root = make_knowledge(tmp_path / "k")

    def second_hand_note(data):
        data["verdict"] = None
        data["sources"][0]["kind"] = "second-hand"

    edit_yaml(criterion_path(root, 1), second_hand_note)
    assert problems_of(root) == []


def test_knowledge_written_for_1_0_loads_with_warnings_and_checks_ok(cli, tmp_path):
    root = make_knowledge(tmp_path / "k", schema_version="1.0", provenance=False, criteria=3,
                          verdicts=["pytorch", "tie", None])
    result = load_knowledge(root)
    assert result.ok and result.errors == []
    # Four sources without kind or date (the edition's and three criteria's), two verdicts without a first-hand source.
    assert len(result.warnings) == 6 and all(p.is_warning for p in result.problems)
    checked = cli("check", root)
    assert checked.status == 0, checked.out + checked.err
    *warnings, summary = checked.out.splitlines()
    assert len(warnings) == 6 and all(PROBLEM.match(line) and ": warning: " in line for line in warnings), warnings
    note = criterion_path(root, 2)
    assert f"{note}:{_line_of(note, '- title: Example')}: warning: source has no 'kind' (first-hand or second-hand) " \
           "and no 'checked' date" in warnings
    judged = criterion_path(root, 0)
    assert f"{judged}:{_line_of(judged, 'sources:')}: warning: verdict 'pytorch' has no first-hand source to rest on " \
           "(no source has kind: first-hand)" in warnings
    assert summary.startswith(f"ok: {root}: content test.1 (schema 1.0)")
    assert summary.endswith("; 6 warnings: schema 1.1 requires what they name, this knowledge is written for 1.0")
    assert checked.err == ""
    # Commands that refuse knowledge with problems act on it.
    assert cli("export", "--knowledge", root, "-o", "-", "--date", "2026-01-02").status == 0
    assert cli("dump", "--json", "--knowledge", root).status == 0


def test_errors_beside_warnings_fail_the_check_and_both_are_counted(cli, tmp_path):
    root = make_knowledge(tmp_path / "k", schema_version="1.0", provenance=False, criteria=2)
    append_line(criterion_path(root, 1), "colour: blue")
    result = cli("check", root)
    assert result.status == 1
    assert result.err == "fwtui: 1 problem and 5 warnings found\n"
    errors = [line for line in result.out.splitlines() if ": warning: " not in line]
    assert len(errors) == 1 and "unknown field 'colour'" in errors[0]


def test_a_newer_minor_requires_provenance(tmp_path):
    root = make_knowledge(tmp_path / "k", schema_version="1.7", provenance=False, criteria=1)
    result = load_knowledge(root)
    assert not result.ok and result.warnings == [] and len(result.errors) == 3
