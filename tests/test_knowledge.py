"""The knowledge shipped with fwtui: faithful to the 2017 article, valid, and valid against its JSON Schemas."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from corehelp import ARTICLE_VERDICTS_2017, run_fwtui, yaml_as_json
from factory import make_knowledge
from fwtui.loader import load_knowledge

ARTICLE = "awni.github.io/pytorch-tensorflow"
JUDGED_2017 = {cid: verdict for cid, verdict in ARTICLE_VERDICTS_2017.items() if verdict is not None}
NOTES_2017 = {cid for cid, verdict in ARTICLE_VERDICTS_2017.items() if verdict is None}


@pytest.fixture(scope="module")
def edition_2017():
    from fwtui.paths import embedded_knowledge

    result = load_knowledge(embedded_knowledge())
    assert result.knowledge is not None
    edition = result.knowledge.edition("2017")
    assert edition is not None, [str(p) for p in result.problems]
    assert not [p for p in result.errors if "/editions/2017/" in p.path], [str(p) for p in result.errors]
    return edition


def test_embedded_knowledge_is_the_repository_knowledge(shipped):
    assert (shipped / "manifest.yaml").is_file()
    assert (shipped / "schema" / "criterion.schema.json").is_file()


def declares_provenance(root: Path) -> bool:
    """Whether the knowledge declares schema 1.1 or later, where provenance fields are required, not warned about."""
    declared = yaml.safe_load((root / "manifest.yaml").read_text(encoding="utf-8"))["schema_version"]
    return tuple(int(n) for n in declared.split(".")) >= (1, 1)


def test_shipped_knowledge_checks_clean(cli, shipped):
    result = cli("check")
    assert result.status == 0, result.out + result.err
    *warnings, summary = result.out.splitlines()
    assert summary.startswith(f"ok: {shipped}:")
    if declares_provenance(shipped):
        assert warnings == [], "\n".join(warnings)
    assert all(": warning: " in line for line in warnings), "\n".join(warnings)


def test_shipped_knowledge_from_another_folder(tmp_path):
    result = run_fwtui("check", cwd=str(tmp_path))
    assert result.status == 0, result.out + result.err
    exported = run_fwtui("export", "-o", "-", "--edition", "2017", "--date", "2026-01-01", cwd=str(tmp_path))
    assert exported.status == 0, exported.err
    assert exported.out.startswith("# Framework decision: PyTorch vs TensorFlow\n")


def test_2017_has_the_nine_judged_criteria_with_the_article_verdicts(edition_2017):
    judged = {c.id: c.verdict for c in edition_2017.criteria if not c.is_note}
    assert judged == JUDGED_2017


def test_2017_has_the_three_notes_without_verdict(edition_2017):
    notes = {c.id for c in edition_2017.criteria if c.is_note}
    assert notes == NOTES_2017
    assert all(edition_2017.criterion(n).verdict is None for n in NOTES_2017)
    assert len(edition_2017.criteria) == 12


def test_2017_article_code_fragments_are_in_place(edition_2017):
    graph = edition_2017.criterion("graph-creation-debugging")
    assert any("torch.matmul(W, h) + b" in s.code for s in graph.snippets["pytorch"])
    device = edition_2017.criterion("device-management")
    assert any(".cpu().data.numpy()" in s.code for s in device.snippets["pytorch"])


def test_2017_every_criterion_cites_the_article(edition_2017):
    for criterion in edition_2017.criteria:
        assert any(ARTICLE in s.url for s in criterion.sources), criterion.id
    assert any(ARTICLE in s.url for s in edition_2017.sources)


def test_2017_every_criterion_has_snippets_for_both_frameworks(edition_2017):
    for criterion in edition_2017.criteria:
        assert set(criterion.snippets) == {"pytorch", "tensorflow"}, criterion.id
        for snippets in criterion.snippets.values():
            assert snippets and all(s.code.strip() and s.language for s in snippets)


def test_2017_restores_what_the_translation_dropped(edition_2017):
    assert edition_2017.criterion("coverage").title.lower().startswith("coverage")
    assert "Keras" in edition_2017.criterion("keras").title


def test_2017_presets(edition_2017):
    assert {p.id for p in edition_2017.presets} == {"research", "deployment"}


# --- JSON Schemas ----------------------------------------------------------------------------


def _validators(shipped: Path) -> dict[str, Draft202012Validator]:
    validators = {}
    for name in ("manifest", "edition", "criterion"):
        schema = json.loads((shipped / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        validators[name] = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return validators


def _files(root: Path) -> list[tuple[str, Path]]:
    found = [("manifest", root / "manifest.yaml")]
    for edition in sorted((root / "editions").iterdir()):
        if (edition / "edition.yaml").exists():
            found.append(("edition", edition / "edition.yaml"))
        found += [("criterion", p) for p in sorted((edition / "criteria").glob("*.yaml"))]
    return found


def _errors(validators, root: Path) -> list[str]:
    errors = []
    for kind, path in _files(root):
        data = yaml_as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
        for error in validators[kind].iter_errors(data):
            errors.append(f"{path.relative_to(root)}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    return errors


PROVENANCE_ERRORS = ("'kind' is a required property", "'checked' is a required property",
                     "does not contain items matching")
"""What the schemas (1.1) report on knowledge written for 1.0, where fwtui only warns."""


def test_shipped_yaml_satisfies_the_json_schemas(shipped):
    validators = _validators(shipped)
    files = _files(shipped)
    assert sum(kind == "criterion" for kind, _ in files) >= 12
    errors = _errors(validators, shipped)
    if not declares_provenance(shipped):
        errors = [e for e in errors if not any(p in e for p in PROVENANCE_ERRORS)]
    assert errors == []


def test_every_yaml_file_names_its_schema(shipped):
    for kind, path in _files(shipped):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (shipped / "schema" / f"{kind}.schema.json").resolve(), path


@pytest.mark.parametrize("frameworks", [2, 3])
def test_generated_knowledge_satisfies_the_json_schemas(shipped, tmp_path, frameworks):
    root = make_knowledge(tmp_path / "k", frameworks=frameworks, criteria=5, verdicts=["pytorch", "tie", None],
                          presets=[{"id": "p", "title": "P", "description": "d", "priorities": {"c00000": "high"}}])
    assert _errors(_validators(shipped), root) == []


def test_the_schemas_reject_what_the_loader_rejects(shipped, tmp_path):
    root = make_knowledge(tmp_path / "k", criteria=2)
    path = root / "editions" / "e1" / "criteria" / "c00000.yaml"
    path.write_text(path.read_text().replace("title: Criterion 0", "title: [1, 2]") + "colour: red\n")
    errors = _errors(_validators(shipped), root)
    assert any("title" in e for e in errors) and any("colour" in e for e in errors)
    manifest = root / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("schema_version: '1.1'", "schema_version: '2.0'"))
    assert any("schema_version" in e for e in _errors(_validators(shipped), root))


def test_the_schemas_require_provenance(shipped, tmp_path):
    """Schema 1.1: a source without kind or checked, and a verdict without a first-hand source, fail the schemas."""
    root = make_knowledge(tmp_path / "k", criteria=3, verdicts=["pytorch", "tie", None], provenance=False)
    errors = _errors(_validators(shipped), root)
    for name in ("edition.yaml", "c00000.yaml", "c00001.yaml", "c00002.yaml"):
        assert any(name in e and "'kind' is a required property" in e for e in errors), (name, errors)
        assert any(name in e and "'checked' is a required property" in e for e in errors), (name, errors)
    judged = [e for e in errors if "does not contain items matching" in e]
    assert len(judged) == 2 and "c00002" not in " ".join(judged), judged  # the note needs no first-hand source
    assert all(any(p in e for p in PROVENANCE_ERRORS) for e in errors), errors


def test_the_readme_worked_example_checks_clean(cli, tmp_path):
    """The format's own example follows the format, provenance included."""
    readme = (Path(__file__).resolve().parents[1] / "knowledge" / "README.md").read_text(encoding="utf-8")
    example = readme.split("## A worked example", 1)[1]
    files = re.findall(r"`([^`]+\.yaml)`:\n\n```yaml\n(.*?)```", example, re.S)
    assert [name for name, _ in files] == ["manifest.yaml", "editions/2017/edition.yaml",
                                           "editions/2017/criteria/ramp-up-time.yaml"]
    for name, body in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    result = cli("check", tmp_path)
    assert result.status == 0 and len(result.out.splitlines()) == 1, result.out + result.err
    assert "(schema 1.1)" in result.out
