"""Comparing editions and revisiting an exported decision (`fwtui diff`), with hand-worked expectations."""

from __future__ import annotations

from pathlib import Path

import yaml

from corehelp import assert_one_line_error
from fwtui.compare import back_translate_priorities, compare, old_side, translate_priorities
from fwtui.export import Decision, render
from fwtui.loader import load_knowledge
from fwtui.priorities import HIGH, LOW, NORMAL, OFF
from fwtui.scoring import score

FRAMEWORKS = [
    {"id": "pytorch", "name": "PyTorch", "language": "python", "module": "torch"},
    {"id": "tensorflow", "name": "TensorFlow", "language": "python", "module": "tensorflow"},
]


def criterion(criterion_id: str, verdict: str | None, **extra) -> dict:
    return {
        "id": criterion_id,
        "title": f"Title {criterion_id}",
        "category": "all",
        "summary": f"Summary {criterion_id}.",
        "verdict": verdict,
        "reasoning": f"Reasoning {criterion_id}.",
        "snippets": {f["id"]: [{"title": "t", "code": "print(1)\n", "runnable": False}] for f in FRAMEWORKS},
        "sources": [{"title": "Example", "url": "https://example.org/"}],
        **extra,
    }


def write_knowledge(root: Path, editions: dict[str, tuple[dict, list[dict]]], content: str = "1") -> Path:
    """``editions``: id -> (extra edition fields, criteria), oldest first."""
    root.mkdir(parents=True)
    manifest = {
        "schema_version": "1.0", "content_version": content, "date": "2026-01-01",
        "frameworks": FRAMEWORKS, "categories": [{"id": "all", "title": "All"}], "editions": list(editions),
    }
    (root / "manifest.yaml").write_text(yaml.safe_dump(manifest))
    for edition_id, (extra, criteria) in editions.items():
        folder = root / "editions" / edition_id / "criteria"
        folder.mkdir(parents=True)
        edition = {
            "id": edition_id, "title": f"Edition {edition_id}", "as_of": "2026-01-01", "summary": "S.",
            "conclusion": "C.", "sources": [{"title": "Example", "url": "https://example.org/"}], **extra,
        }
        (folder.parent / "edition.yaml").write_text(yaml.safe_dump(edition).replace("'2026-01-01'", "2026-01-01"))
        for order, item in enumerate(criteria):
            (folder / f"{item['id']}.yaml").write_text(yaml.safe_dump({**item, "order": order}))
    (root / "manifest.yaml").write_text((root / "manifest.yaml").read_text().replace("'2026-01-01'", "2026-01-01"))
    return root


def two_editions(tmp_path: Path) -> Path:
    old = [
        criterion("a", "pytorch"), criterion("b", "tensorflow"), criterion("c", "tie"),
        criterion("d", "pytorch"), criterion("f", "pytorch"), criterion("e", "tensorflow"),
    ]
    new = [
        criterion("a", "tensorflow", changed="TensorFlow caught up and overtook."),
        criterion("b2", "tensorflow", previous_ids=["b"]),
        criterion("c1", "tie", previous_ids=["c"]),
        criterion("c2", "tie", previous_ids=["c"]),
        criterion("m", "pytorch", previous_ids=["d", "f"]),
        criterion("n", "pytorch"),
    ]
    return write_knowledge(tmp_path / "k", {
        "old": ({}, old),
        "new": ({"previous": "old", "retired": [{"id": "e", "reason": "No longer relevant."}]}, new),
    })


def test_comparison_finds_every_kind_of_change(tmp_path):
    knowledge = load_knowledge(two_editions(tmp_path)).knowledge
    older, newer = knowledge.edition("old"), knowledge.edition("new")
    diff = compare(older.id, old_side(older), newer)
    assert [(f.old.id, f.old.verdict, f.new.id, f.new.verdict) for f in diff.flips] == [("a", "pytorch", "a", "tensorflow")]
    assert [c.id for c in diff.added] == ["n"]
    assert [(o.id, n.id) for o, n in diff.renamed] == [("b", "b2")]
    assert {k: [c.id for c in v] for k, v in diff.split.items()} == {"c": ["c1", "c2"]}
    assert [([o.id for o in olds], n.id) for olds, n in diff.merged] == [(["d", "f"], "m")]
    assert [(o.id, reason) for o, reason in diff.retired] == [("e", "No longer relevant.")]
    assert not diff.unchanged


def test_priorities_carry_across_both_ways(tmp_path):
    knowledge = load_knowledge(two_editions(tmp_path)).knowledge
    older, newer = knowledge.edition("old"), knowledge.edition("new")
    diff = compare(older.id, old_side(older), newer)
    old_levels = {"a": HIGH, "b": LOW, "c": OFF, "d": LOW, "f": HIGH, "e": NORMAL}
    # A continued criterion takes the highest level of those it continues; a new one starts at normal.
    assert translate_priorities(diff, old_levels) == {"a": HIGH, "b2": LOW, "c1": OFF, "c2": OFF, "m": HIGH, "n": NORMAL}
    new_levels = {"a": OFF, "b2": HIGH, "c1": LOW, "c2": HIGH, "m": NORMAL, "n": HIGH}
    back = back_translate_priorities(diff, new_levels, [c.id for c in older.criteria])
    # e is retired: nothing carries back to it, so it stays normal.
    assert back == {"a": OFF, "b": HIGH, "c": HIGH, "d": NORMAL, "f": NORMAL, "e": NORMAL}


def test_export_of_the_newer_edition_shows_both_scoreboards(tmp_path):
    import datetime as dt

    knowledge = load_knowledge(two_editions(tmp_path)).knowledge
    newer = knowledge.edition("new")
    priorities = {"a": OFF, "b2": HIGH, "c1": LOW, "c2": HIGH, "m": NORMAL, "n": HIGH}
    text = render(Decision(knowledge, newer, priorities, dt.date(2026, 1, 2)))
    # New: PyTorch m 2 + n 3 = 5, TensorFlow a 0 + b2 3 = 3.
    # Carried back to old: a off, b high, c high (tie), d normal, f normal, e normal:
    # PyTorch a 0 + d 2 + f 2 = 4, TensorFlow b 3 + e 2 = 5.
    assert "## Edition old against edition new" in text
    assert "| PyTorch | 4 | 5 |" in text
    assert "| TensorFlow | 5 | 3 |" in text
    assert "| Leader | TensorFlow | PyTorch |" in text
    assert "| Title a | PyTorch | TensorFlow | TensorFlow caught up and overtook. |" in text
    for line in ("- New: Title n", "- Renamed: Title b is now Title b2", "- Split: Title c became Title c1, Title c2",
                 "- Merged: Title d, Title f became Title m", "- Retired: Title e (No longer relevant.)"):
        assert line in text
    assert score(newer, ("pytorch", "tensorflow"), priorities).totals == {"pytorch": 5, "tensorflow": 3}


def one_edition(root: Path, criteria: list[dict], content: str) -> Path:
    return write_knowledge(root, {"e": ({}, criteria)}, content)


def test_diff_reports_flips_additions_retirements_and_a_changed_leader(tmp_path, cli):
    v1 = one_edition(tmp_path / "v1", [criterion("a", "pytorch"), criterion("b", "tensorflow"),
                                       criterion("c", "tensorflow")], "1")
    decision = tmp_path / "decision.md"
    assert cli("export", "--knowledge", v1, "-o", decision, "--date", "2026-01-02").status == 0
    # Later: b flipped to PyTorch, c retired, d added for PyTorch.
    v2 = one_edition(tmp_path / "v2", [criterion("a", "pytorch"), criterion("b", "pytorch"),
                                       criterion("d", "pytorch")], "2")
    result = cli("diff", decision, "--knowledge", v2)
    assert result.status == 0, result.err
    lines = result.out.splitlines()
    assert "leader then: TensorFlow." in lines[0] and "content 1" in lines[0]
    assert "  verdict changed: Title b: TensorFlow -> PyTorch" in lines
    assert "  added: Title d" in lines
    assert "  retired: Title c" in lines
    assert "  leader under the same priorities: PyTorch (was TensorFlow)" in lines
    assert lines[-1] == "The recommendation would change."


def test_diff_says_when_the_recommendation_stands(tmp_path, cli):
    v1 = one_edition(tmp_path / "v1", [criterion("a", "pytorch"), criterion("b", "tensorflow"),
                                       criterion("c", "tensorflow")], "1")
    decision = tmp_path / "decision.md"
    cli("export", "--knowledge", v1, "-o", decision, "--format", "madr", "--priority", "a=off")
    v2 = one_edition(tmp_path / "v2", [criterion("a", "pytorch"), criterion("b", "tensorflow"),
                                       criterion("c", "tensorflow"), criterion("d", "tensorflow")], "2")
    result = cli("diff", decision, "--knowledge", v2)
    assert "  added: Title d" in result.out.splitlines()
    assert "  leader under the same priorities: TensorFlow (unchanged)" in result.out.splitlines()
    assert result.out.splitlines()[-1] == "The recommendation stands."


def test_diff_against_unchanged_knowledge(tmp_path, cli):
    v1 = one_edition(tmp_path / "v1", [criterion("a", "pytorch")], "1")
    decision = tmp_path / "decision.md"
    cli("export", "--knowledge", v1, "-o", decision)
    result = cli("diff", decision, "--knowledge", v1)
    assert "Edition e is unchanged since the decision (same fingerprint)." in result.out
    assert result.out.splitlines()[-1] == "The recommendation stands."


def test_diff_follows_a_newer_edition_that_revises_the_recorded_one(tmp_path, cli):
    knowledge = two_editions(tmp_path)
    decision = tmp_path / "old.md"
    cli("export", "--knowledge", knowledge, "--edition", "old", "-o", decision)
    result = cli("diff", decision, "--knowledge", knowledge)
    lines = result.out.splitlines()
    assert "Edition old is unchanged since the decision (same fingerprint)." in lines
    assert "Edition new:" in lines
    assert "  verdict changed: Title a: PyTorch -> TensorFlow" in lines
    assert "  split: Title c -> Title c1, Title c2" in lines
    assert "  retired: Title e (No longer relevant.)" in lines


def test_diff_refuses_what_is_not_an_export(tmp_path, cli, kdir):
    cases = {
        "notes.md": b"# Just notes\n\nNothing to see.\n",
        "binary.md": bytes(range(256)) * 4,
        "broken.md": b"# x\n\n<!-- fwtui-decision {\"edition\": -->\n",
        "partial.md": b"# x\n\n<!-- fwtui-decision {\"edition\": \"e1\", \"priorities\": {}} -->\n",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        message = assert_one_line_error(cli("diff", tmp_path / name, "--knowledge", kdir), 1)
        assert name in message
    assert "no such file" in assert_one_line_error(cli("diff", tmp_path / "missing.md", "--knowledge", kdir), 1)
    assert "directory" in assert_one_line_error(cli("diff", tmp_path, "--knowledge", kdir), 1)


def test_diff_of_a_shipped_2017_decision_reports_the_2026_flips(tmp_path, cli):
    from fwtui.paths import embedded_knowledge

    knowledge = load_knowledge(embedded_knowledge()).knowledge
    old, new = knowledge.edition("2017"), knowledge.edition("2026")
    decision = tmp_path / "2017.md"
    cli("export", "--edition", "2017", "-o", decision)
    lines = cli("diff", decision).out.splitlines()
    expected = compare("2017", old_side(old), new)
    assert expected.flips, "the 2026 edition flips at least one 2017 verdict"
    for flip in expected.flips:
        assert any(line.startswith(f"  verdict changed: {flip.new.title}") for line in lines), flip.new.title
    coverage = new.criterion("coverage")
    assert old.criterion("coverage").verdict == "tensorflow" and coverage.verdict == "pytorch"
