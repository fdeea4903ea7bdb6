"""``fwtui dump --json``: the resolved knowledge for scripts."""

from __future__ import annotations

import json

from corehelp import assert_one_line_error, criterion_path, edit_yaml, run_fwtui
from factory import make_knowledge
from fwtui.loader import load_knowledge


def dump(cli, *argv) -> dict:
    result = cli("dump", "--json", *argv)
    assert result.status == 0, result.err
    assert result.err == ""
    return json.loads(result.out)


def test_dump_is_valid_json_with_the_whole_knowledge(cli, kdir):
    edit_yaml(criterion_path(kdir, 4), lambda d: d.update(verdict="tie"))
    edit_yaml(criterion_path(kdir, 5), lambda d: d.update(verdict=None))
    edit_yaml(criterion_path(kdir, 1), lambda d: d["snippets"]["tensorflow"].append(
        {"title": "Shell", "code": "pip install tensorflow\n", "language": "bash", "runnable": False}))
    data = dump(cli, "--knowledge", kdir)
    assert data["schema_version"] == "1.1"
    assert data["content_version"] == "test.1"
    assert data["date"] == "2026-01-02"
    assert [f["id"] for f in data["frameworks"]] == ["pytorch", "tensorflow"]
    assert data["frameworks"][0] == {"id": "pytorch", "name": "PyTorch", "language": "python", "module": "torch"}
    assert [c["id"] for c in data["categories"]] == ["cat-0", "cat-1", "cat-2", "cat-3"]
    [edition] = data["editions"]
    assert edition["id"] == "e1" and edition["as_of"] == "2026-01-01"
    assert edition["fingerprint"] == load_knowledge(kdir).knowledge.fingerprints["e1"]
    assert edition["presets"] == [{"id": "p1", "title": "Preset one", "description": "Test preset.",
                                   "priorities": {"c00000": "high", "c00001": "off"}, "overlay": None}]
    criteria = edition["criteria"]
    assert [c["id"] for c in criteria] == [f"c{n:05d}" for n in range(6)]
    assert [c["verdict"] for c in criteria] == ["pytorch", "tensorflow", "pytorch", "tensorflow", "tie", None]
    first = criteria[0]
    assert first["title"] == "Criterion 0" and first["category"] == "cat-0"
    assert first["reasoning"].startswith("Reasoning for criterion 0.")
    assert first["sources"] == [
        {"title": "Example", "url": "https://example.org/0", "kind": "first-hand", "checked": "2026-01-01"}]
    assert edition["sources"][0]["kind"] == "first-hand" and edition["sources"][0]["checked"] == "2026-01-01"
    assert edition["verified_on"] == {}
    assert first["snippets"] == [
        {"framework": "pytorch", "title": "pytorch way", "language": "python", "runnable": True, "code": "print('pytorch 0')\n"},
        {"framework": "tensorflow", "title": "tensorflow way", "language": "python", "runnable": True,
         "code": "print('tensorflow 0')\n"},
    ]
    shell = criteria[1]["snippets"][-1]
    assert (shell["framework"], shell["language"], shell["runnable"]) == ("tensorflow", "bash", False)
    for criterion in criteria:
        for snippet in criterion["snippets"]:
            assert {"framework", "language", "runnable"} <= set(snippet)
            assert isinstance(snippet["runnable"], bool)


def test_dump_one_edition(cli, kdir):
    data = dump(cli, "--knowledge", kdir, "--edition", "e1")
    assert [e["id"] for e in data["editions"]] == ["e1"]


def test_dump_unknown_edition(cli, kdir):
    result = cli("dump", "--json", "--knowledge", kdir, "--edition", "nope")
    message = assert_one_line_error(result, 1)
    assert "nope" in message and "e1" in message
    assert result.out == ""


def test_dump_needs_json(cli, kdir):
    result = cli("dump", "--knowledge", kdir)
    assert result.status == 2 and "--json" in result.err


def test_dump_in_a_real_process_is_deterministic(kdir3):
    first = run_fwtui("dump", "--json", "--knowledge", kdir3)
    second = run_fwtui("dump", "--json", "--knowledge", kdir3)
    assert first.status == 0 and first.out == second.out
    data = json.loads(first.out)
    assert len(data["editions"][0]["criteria"]) == 7
    assert data["editions"][0]["criteria"][5]["verdict"] is None


def test_dump_keeps_unicode_and_escapes_controls(cli, kdir):
    edit_yaml(criterion_path(kdir, 0), lambda d: d.update(title="Débogage \u2014 \x1b[31mrouge"))
    result = cli("dump", "--json", "--knowledge", kdir)
    assert "\x1b" not in result.out
    data = json.loads(result.out)
    assert data["editions"][0]["criteria"][0]["title"] == "Débogage \u2014 \x1b[31mrouge"


def test_dump_shipped_2017(cli, shipped):
    result = cli("dump", "--json", "--knowledge", shipped, "--edition", "2017")
    assert result.status == 0, result.err
    data = json.loads(result.out)
    [edition] = data["editions"]
    verdicts = {c["id"]: c["verdict"] for c in edition["criteria"]}
    assert verdicts["graph-creation-debugging"] == "pytorch"
    assert verdicts["keras"] is None
    assert all(s["language"] and s["framework"] in {"pytorch", "tensorflow"}
               for c in edition["criteria"] for s in c["snippets"])


def test_dump_carries_verified_on_in_order(cli, kdir):
    edit_yaml(kdir / "editions" / "e1" / "edition.yaml",
              lambda d: d.update(verified_on={"torch": "2.13.0+cpu", "tensorflow-cpu": "2.21.0", "keras": "3.15.1"}))
    result = cli("dump", "--json", "--knowledge", kdir)
    assert '"verified_on": {\n        "torch": "2.13.0+cpu",\n        "tensorflow-cpu": "2.21.0",\n        "keras": "3.15.1"\n' \
        in result.out, result.out


def test_dump_of_knowledge_written_for_1_0_has_null_provenance(cli, tmp_path):
    root = make_knowledge(tmp_path / "k", schema_version="1.0", provenance=False)
    data = dump(cli, "--knowledge", root)
    sources = [s for c in data["editions"][0]["criteria"] for s in c["sources"]] + data["editions"][0]["sources"]
    assert sources and all(s["kind"] is None and s["checked"] is None for s in sources)
