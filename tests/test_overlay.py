"""Overlays (issue 10): a team's criteria and presets laid over the knowledge, found where the issue says,
validated like the knowledge, and named in every export, dump and diff."""

from __future__ import annotations

import json
import os
import shutil
import re
from pathlib import Path

import pytest
import yaml
from corehelp import REPO, markdown_structure, run_fwtui, yaml_as_json
from factory import criterion_data, make_overlay

from fwtui.export import read_record
from fwtui.loader import load_knowledge
from fwtui.overlay import Found, apply_overlays
from fwtui.scoring import default_priorities, score

EXAMPLE = REPO / "examples" / "team-overlay"
FIXED_DATE = ("--date", "2026-12-02")


def dump(cli, *argv: str) -> dict:
    result = cli("dump", "--json", *argv)
    assert result.status == 0, result.err
    return json.loads(result.out)


def criterion_of(data: dict, criterion_id: str, edition: str = "e1") -> dict | None:
    chosen = next(e for e in data["editions"] if e["id"] == edition)
    return next((c for c in chosen["criteria"] if c["id"] == criterion_id), None)


def titled(root: Path, title: str, criterion_title: str) -> Path:
    """An overlay named ``title`` that replaces c00000 with a criterion titled ``criterion_title``."""
    return make_overlay(root, [criterion_data("c00000", "tensorflow", category="cat-0", title=criterion_title)],
                        title=title)


# -- where overlays come from ----------------------------------------------------------------


def test_later_overlays_win_user_then_project_then_environment_then_option(cli, kdir, tmp_path, monkeypatch):
    user = titled(tmp_path / "xdg-config" / "fwtui" / "overlay", "User's", "From the user")
    titled(tmp_path / "repo" / ".fwtui", "Project's", "From the project")
    env = titled(tmp_path / "env-overlay", "Environment's", "From the environment")
    option = titled(tmp_path / "option-overlay", "Option's", "From the option")
    deep = tmp_path / "repo" / "src" / "pkg"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)

    data = dump(cli, "--knowledge", kdir)  # the user's overlay and the nearest .fwtui/, found two levels up
    assert criterion_of(data, "c00000")["title"] == "From the project"
    assert [(o["title"], o["origin"]) for o in data["overlays"]] == [("User's", "user"), ("Project's", "project")]
    home = Path.home()
    assert data["overlays"][0]["path"] == (f"~/{user.relative_to(home)}" if user.is_relative_to(home) else str(user))
    assert data["overlays"][1]["path"] == os.path.join("..", "..", ".fwtui")

    monkeypatch.setenv("FWTUI_OVERLAY", f"{os.pathsep}{env}{os.pathsep}")  # empty entries name nothing
    assert criterion_of(dump(cli, "--knowledge", kdir), "c00000")["title"] == "From the environment"

    data = dump(cli, "--knowledge", kdir, "--overlay", str(option))
    assert criterion_of(data, "c00000")["title"] == "From the option"
    assert [o["origin"] for o in data["overlays"]] == ["user", "project", "env", "option"]
    # Whichever overlay wins, the replaced criterion still points at the knowledge's own.
    assert criterion_of(data, "c00000")["replaces"] == {"id": "c00000", "title": "Criterion 0", "verdict": "pytorch"}
    assert criterion_of(data, "c00000")["overlay"] == str(option)

    assert criterion_of(dump(cli, "--knowledge", kdir, "--no-overlay"), "c00000")["title"] == "Criterion 0"
    assert dump(cli, "--knowledge", kdir, "--no-overlay")["overlays"] == []


def test_a_directory_named_twice_counts_once_at_its_later_place(cli, kdir, tmp_path, monkeypatch):
    first = titled(tmp_path / "first", "First", "From the first")
    second = titled(tmp_path / "second", "Second", "From the second")
    monkeypatch.setenv("FWTUI_OVERLAY", str(first))
    data = dump(cli, "--knowledge", kdir, "--overlay", str(second), "--overlay", str(first))
    assert [o["title"] for o in data["overlays"]] == ["Second", "First"]
    assert criterion_of(data, "c00000")["title"] == "From the first"


def test_a_missing_overlay_named_on_the_command_line_is_a_problem_and_a_missing_user_one_is_nothing(cli, kdir,
                                                                                                    tmp_path):
    result = cli("check", "--knowledge", kdir, "--overlay", tmp_path / "absent")
    assert result.status == 1
    assert result.out.splitlines() == [f"{tmp_path / 'absent'}: overlay directory not found"]
    assert "1 problem found, with 1 overlay" in result.err
    assert not (tmp_path / "xdg-config" / "fwtui" / "overlay").exists()
    assert cli("check", "--knowledge", kdir).status == 0


def test_subcommands_take_the_overlay_options_and_refuse_both_at_once(cli, kdir, tmp_path):
    overlay = titled(tmp_path / "o", "Team", "Team's own")
    for command in (["check"], ["dump", "--json"], ["export", "-o", "-"], ["verify", "--criterion", "none"]):
        result = cli(*command, "--knowledge", kdir, "--overlay", overlay, "--no-overlay")
        assert result.status == 2 and "not allowed with argument" in result.err, command
    # On the main parser, before the subcommand, as --knowledge is.
    assert "Team's own" in cli("--knowledge", kdir, "--overlay", overlay, "export", "-o", "-").out


# -- the example overlay ---------------------------------------------------------------------


def test_the_example_overlay_adds_replaces_and_changes_the_totals(shipped):
    base = load_knowledge(shipped).knowledge
    overlaid, problems = apply_overlays(base, [Found(EXAMPLE / ".fwtui", ".fwtui", "project")])
    assert problems == []
    before, after = base.edition("2026"), overlaid.edition("2026")
    replaced = after.criterion("keras-multi-backend")
    assert replaced.overlay == ".fwtui" and replaced.replaces is before.criterion("keras-multi-backend")
    assert (replaced.replaces.verdict, replaced.verdict) == ("tie", "tensorflow")
    added = {c.id for c in after.criteria} - {c.id for c in before.criteria}
    assert added == {"team-serving-stack", "team-on-call"}
    assert all(after.criterion(i).replaces is None and after.criterion(i).overlay for i in added)
    assert overlaid.categories[-1].id == "team" and after.criteria[-1].id == "team-on-call"
    frameworks = ("pytorch", "tensorflow")
    old = score(before, frameworks, default_priorities(before)).totals
    new = score(after, frameworks, default_priorities(after)).totals
    # At normal (2 points): the tie that became TensorFlow's, the serving stack (TensorFlow), on-call (PyTorch).
    assert new == {"pytorch": old["pytorch"] + 2, "tensorflow": old["tensorflow"] + 4}
    preset = after.preset("our-platform")
    assert preset is not None and preset.priorities["team-on-call"] == 3
    assert base.edition("2017") is overlaid.edition("2017")  # untouched editions are shared, not copied


def test_a_replaced_criterion_alone_moves_the_totals(kdir, tmp_path):
    base = load_knowledge(kdir).knowledge
    overlaid, _ = apply_overlays(base, [Found(titled(tmp_path / "o", "Team", "Ours"), "o", "option")])
    frameworks = ("pytorch", "tensorflow")
    before = score(base.edition(), frameworks, default_priorities(base.edition()))
    after = score(overlaid.edition(), frameworks, default_priorities(overlaid.edition()))
    assert len(overlaid.edition().criteria) == len(base.edition().criteria)
    assert after.totals == {"pytorch": before.totals["pytorch"] - 2, "tensorflow": before.totals["tensorflow"] + 2}


def test_check_in_the_example_folder_names_the_overlay_and_no_overlay_gives_the_shipped_result(tmp_path):
    result = run_fwtui("check", cwd=str(EXAMPLE), env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert result.status == 0, result.out + result.err
    assert result.out.strip().endswith("34 criteria, with 1 overlay Vision platform team (.fwtui)")

    shipped = run_fwtui("export", "-o", "-", *FIXED_DATE, cwd=str(tmp_path), env={"XDG_CONFIG_HOME": str(tmp_path)})
    without = run_fwtui("export", "-o", "-", "--no-overlay", *FIXED_DATE, cwd=str(EXAMPLE),
                        env={"XDG_CONFIG_HOME": str(tmp_path)})
    with_it = run_fwtui("export", "-o", "-", *FIXED_DATE, cwd=str(EXAMPLE), env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert without.status == shipped.status == with_it.status == 0
    assert without.out == shipped.out
    assert with_it.out != shipped.out


def test_the_example_overlay_validates_against_the_json_schemas():
    from jsonschema import Draft202012Validator

    def validator(name: str) -> Draft202012Validator:
        schema = json.loads((REPO / "knowledge" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)

    schemas = {"overlay.yaml": validator("overlay"), "presets.yaml": validator("presets")}
    criterion = validator("criterion")
    files = sorted((EXAMPLE / ".fwtui").rglob("*.yaml"))
    assert [p.name for p in files].count("overlay.yaml") == 1 and len(files) == 5
    for path in files:
        data = yaml_as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [e.message for e in schemas.get(path.name, criterion).iter_errors(data)]
        assert errors == [], f"{path}: {errors}"
        first = path.read_text(encoding="utf-8").splitlines()[0]  # editors find the schema from this line
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (REPO / "knowledge" / "schema" / (
            "criterion.schema.json" if path.name not in schemas else path.name.replace(".yaml", ".schema.json"))), path
    overlay = yaml_as_json(yaml.safe_load((EXAMPLE / ".fwtui" / "overlay.yaml").read_text(encoding="utf-8")))
    assert list(schemas["overlay.yaml"].iter_errors({**overlay, "frameworks": []}))
    assert list(schemas["overlay.yaml"].iter_errors({**overlay, "schema_version": "2.0"}))


# -- what a broken overlay does --------------------------------------------------------------


@pytest.fixture
def broken(tmp_path) -> Path:
    """An overlay with one good criterion and one of each mistake the issue names."""
    root = make_overlay(
        tmp_path / "broken",
        [criterion_data("good-one", "tensorflow", category="cat-1"),
         criterion_data("bad-category", "pytorch", category="nope")],
        presets=[{"id": "ours", "title": "Ours", "priorities": {"good-one": "high", "missing": "low"}}],
    )
    (root / "editions" / "e9" / "criteria").mkdir(parents=True)
    return root


def test_a_broken_overlay_gives_one_file_line_problem_each_and_the_rest_applies(cli, kdir, broken):
    result = cli("check", "--knowledge", kdir, "--overlay", broken)
    assert result.status == 1
    criteria = broken / "editions" / "e1" / "criteria"
    assert result.out.splitlines() == [
        f"{broken / 'editions' / 'e9'}: edition 'e9' does not exist in the knowledge (e1)",
        f"{criteria / 'bad-category.yaml'}:3: unknown category 'nope'",
        f"{broken / 'editions' / 'e1' / 'presets.yaml'}:6: preset 'ours' names unknown criterion 'missing'",
    ]
    assert f"3 problems found, with 1 overlay {broken}" in result.err

    loaded = load_knowledge(kdir).knowledge
    overlaid, problems = apply_overlays(loaded, [Found(broken, str(broken), "option")])
    edition = overlaid.edition()
    assert len(problems) == 3
    assert edition.criterion("good-one").overlay == str(broken) and edition.criterion("bad-category") is None
    assert edition.preset("ours").priorities == {"good-one": 3}
    assert {c.id for c in loaded.edition().criteria} < {c.id for c in edition.criteria}


def test_a_command_that_refuses_a_broken_overlay_names_the_way_past_it(cli, kdir, broken):
    """export, dump and diff do not act on half the knowledge; the one line says how to go on without it."""
    result = cli("export", "-o", "-", "--knowledge", kdir, "--overlay", broken)
    assert result.status == 2 and result.out == ""
    assert result.err.startswith(f"fwtui: {broken / 'editions' / 'e9'}: edition 'e9' does not exist")
    assert result.err.rstrip().endswith("; --no-overlay uses the knowledge without the overlays")
    assert len(result.err.splitlines()) == 1
    assert cli("export", "-o", "-", "--knowledge", kdir, "--overlay", broken, "--no-overlay").status == 2  # exclusive
    assert cli("export", "-o", "-", "--knowledge", kdir, "--no-overlay").status == 0
    broken_base = cli("export", "-o", "-", "--knowledge", broken)  # not knowledge at all: no overlay hint
    assert "--no-overlay" not in broken_base.err


@pytest.mark.parametrize(("version", "message"), [
    ("2.0", "overlay schema 2.0 is newer than this fwtui reads (1.1); upgrade fwtui"),
    ("0.9", "overlay schema 0.9 is older than this fwtui reads (1.1)"),
    ("one", "schema_version 'one' is not MAJOR.MINOR"),
])
def test_an_overlay_of_another_schema_major_is_one_problem_and_skipped(cli, kdir, tmp_path, version, message):
    overlay = make_overlay(tmp_path / "o", [criterion_data("team", "tensorflow", category="cat-0")],
                           schema_version=version)
    result = cli("check", "--knowledge", kdir, "--overlay", overlay)
    assert result.out.splitlines() == [f"{overlay / 'overlay.yaml'}:1: {message}"]
    loaded = load_knowledge(kdir).knowledge
    overlaid, _ = apply_overlays(loaded, [Found(overlay, "o", "option")])
    assert overlaid == loaded


def test_an_overlay_may_not_change_frameworks_editions_or_categories(cli, kdir, tmp_path):
    overlay = make_overlay(tmp_path / "o", frameworks=[{"id": "jax"}], editions=["e2"],
                           categories=[{"id": "cat-0", "title": "Renamed"}, {"id": "ours", "title": "Ours"}])
    (overlay / "editions" / "e1" / "edition.yaml").write_text("id: e1\n")
    lines = cli("check", "--knowledge", kdir, "--overlay", overlay).out.splitlines()
    assert lines == [
        f"{overlay / 'overlay.yaml'}:3: an overlay cannot change the frameworks",
        f"{overlay / 'overlay.yaml'}:5: an overlay cannot add or remove editions; it extends one under "
        "editions/<edition id>/",
        f"{overlay / 'overlay.yaml'}:7: category 'cat-0' already exists; an overlay can only add categories",
        f"{overlay / 'editions' / 'e1' / 'edition.yaml'}: an overlay cannot change an edition itself, "
        "only add criteria/ and presets.yaml",
    ]
    overlaid, _ = apply_overlays(load_knowledge(kdir).knowledge, [Found(overlay, "o", "option")])
    assert [(c.id, c.title) for c in overlaid.categories][-2:] == [("cat-3", "Category 3"), ("ours", "Ours")]


def test_an_overlay_file_leading_outside_it_is_not_followed(cli, kdir, tmp_path):
    overlay = make_overlay(tmp_path / "o")
    (overlay / "editions" / "e1" / "criteria" / "linked.yaml").symlink_to(kdir / "editions" / "e1" / "criteria" /
                                                                         "c00000.yaml")
    out = cli("check", "--knowledge", kdir, "--overlay", overlay).out
    assert "linked.yaml: leads outside the overlay directory" in out


# -- export, dump and diff -------------------------------------------------------------------


def test_export_names_the_overlay_and_labels_its_criteria(cli, monkeypatch):
    monkeypatch.chdir(EXAMPLE)
    result = cli("export", "-o", "-", "--preset", "our-platform", *FIXED_DATE)
    assert result.status == 0, result.err
    text = result.out
    markdown_structure(text)
    record = read_record(text)
    assert [(o["title"], o["path"], o["origin"]) for o in record["overlays"]] == [
        ("Vision platform team", ".fwtui", "project")]
    fingerprint = record["overlays"][0]["fingerprint"]
    assert f"- **Overlay:** «Vision platform team» from `.fwtui`, fingerprint `{fingerprint}`" in text
    assert ("| Our Keras 2 models (overlay «Vision platform team»; replaces the shipped criterion) "
            "| `keras-multi-backend` | high | TensorFlow | 0 | 3 |") in text
    assert ("| Our serving stack runs TF Serving (added by overlay «Vision platform team») "
            "| `team-serving-stack` | high | TensorFlow | 0 | 3 |") in text
    assert ("- **Origin:** overlay «Vision platform team»; replaces the shipped criterion "
            "«Keras 3 and backend choice», whose verdict was tie") in text
    assert text.count("- **Origin:** added by overlay «Vision platform team»") == 2
    assert record["criteria"]["keras-multi-backend"] == {
        "title": "Our Keras 2 models", "verdict": "tensorflow", "overlay": ".fwtui", "replaces": True}
    assert record["criteria"]["team-on-call"]["replaces"] is False
    assert "overlay" not in record["criteria"]["serving"]

    madr = cli("export", "-o", "-", "--format", "madr", *FIXED_DATE).out
    markdown_structure(madr)
    assert f"Overlay «Vision platform team» (`.fwtui`, fingerprint `{fingerprint}`) adds or replaces criteria." in madr


def test_dump_carries_the_overlays_and_each_criterions_mark(cli, monkeypatch):
    monkeypatch.chdir(EXAMPLE)
    data = dump(cli, "--edition", "2026")
    assert [o["title"] for o in data["overlays"]] == ["Vision platform team"]
    assert data["overlays"][0]["description"].startswith("What our team weighs")
    assert data["categories"][-1] == {"id": "team", "title": "Our team"}
    assert criterion_of(data, "keras-multi-backend", "2026")["replaces"]["verdict"] == "tie"
    assert criterion_of(data, "team-on-call", "2026")["replaces"] is None
    assert criterion_of(data, "team-on-call", "2026")["overlay"] == ".fwtui"
    assert criterion_of(data, "serving", "2026")["overlay"] is None


def test_diff_says_when_the_overlay_is_missing_changed_or_new(cli, kdir, tmp_path):
    overlay = make_overlay(tmp_path / "o", [criterion_data("team-fact", "tensorflow", category="cat-3")],
                           title="Team")
    decision = tmp_path / "decision.md"
    assert cli("export", "--knowledge", kdir, "--overlay", overlay, "-o", decision, *FIXED_DATE).status == 0

    same = cli("diff", "--knowledge", kdir, "--overlay", overlay, decision)
    assert same.status == 0
    assert "Edition e1 is unchanged since the decision (same fingerprint)." in same.out
    assert "Overlay" not in same.out

    missing = cli("diff", "--knowledge", kdir, decision)
    assert missing.status == 1  # without the team's criterion, TensorFlow's lead becomes a tie
    assert "The recommendation would change." in missing.out
    assert f"Overlay «Team» ({overlay}) was in effect for the decision and is not now: its criteria are missing here." \
        in missing.out
    assert f"  not in effect: Title team-fact (from overlay {overlay})" in missing.out

    (overlay / "editions" / "e1" / "criteria" / "team-fact.yaml").write_text(
        (overlay / "editions" / "e1" / "criteria" / "team-fact.yaml").read_text().replace(
            "verdict: tensorflow", "verdict: pytorch"))
    changed = cli("diff", "--knowledge", kdir, "--overlay", overlay, decision)
    fingerprint = read_record(decision.read_text())["overlays"][0]["fingerprint"]
    assert f"Overlay «Team» has changed since the decision (fingerprint {fingerprint}, now " in changed.out
    assert "  verdict changed: Title team-fact: TensorFlow -> PyTorch" in changed.out

    plain = tmp_path / "plain.md"
    assert cli("export", "--knowledge", kdir, "-o", plain, *FIXED_DATE).status == 0
    new = cli("diff", "--knowledge", kdir, "--overlay", overlay, plain)
    assert f"Overlay «Team» ({overlay}) is in effect now but was not for the decision." in new.out
    assert f"  added: Title team-fact: PyTorch, at priority normal (from overlay {overlay})" in new.out


def test_the_knowledge_readme_worked_overlay_checks_clean_and_does_what_it_says(cli, tmp_path, monkeypatch):
    readme = (REPO / "knowledge" / "README.md").read_text(encoding="utf-8")
    section = readme.split("### A worked overlay", 1)[1].split("\n## ", 1)[0]
    files = re.findall(r"`([^`]+\.yaml)`:\n\n```yaml\n(.*?)```", section, re.S)
    assert [name for name, _ in files] == ["overlay.yaml", "editions/2026/criteria/team-on-call.yaml",
                                           "editions/2026/presets.yaml"]
    for name, body in files:
        (tmp_path / "repo" / ".fwtui" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "repo" / ".fwtui" / name).write_text(body, encoding="utf-8")
    (tmp_path / "repo" / "src").mkdir()
    monkeypatch.chdir(tmp_path / "repo" / "src")
    result = cli("check")
    assert result.status == 0 and len(result.out.splitlines()) == 1, result.out + result.err
    assert result.out.rstrip().endswith(", with 1 overlay Vision platform team (../.fwtui)")
    data = dump(cli, "--edition", "2026")
    assert criterion_of(data, "team-on-call", "2026")["category"] == "team"
    assert next(p for p in data["editions"][0]["presets"] if p["id"] == "on-call-first")["priorities"] == {
        "team-on-call": "high", "serving": "high"}


def test_a_folder_that_is_not_an_overlay_says_what_is_missing(cli, kdir, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "a-file").write_text("")
    result = cli("check", "--knowledge", kdir, "--overlay", tmp_path / "empty", "--overlay", tmp_path / "a-file")
    assert result.out.splitlines() == [
        f"{tmp_path / 'empty' / 'overlay.yaml'}: not found: an overlay needs one, with its schema_version and title",
        f"{tmp_path / 'a-file'}: an overlay must be a directory",
    ]
    assert result.status == 1


def test_a_removed_working_directory_means_no_project_overlay_not_a_crash(cli, kdir, tmp_path, monkeypatch):
    overlay = titled(tmp_path / "o", "Team", "Team's own")
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    data = dump(cli, "--knowledge", kdir, "--overlay", overlay)
    assert [o["origin"] for o in data["overlays"]] == ["option"]
    assert criterion_of(data, "c00000")["title"] == "Team's own"


@pytest.mark.parametrize("broken, problem", [
    ("editions", "editions: cannot list editions: Not a directory"),
    ("editions/e1", "editions/e1: not a folder: an overlay's edition is a folder holding criteria/ and presets.yaml"),
    ("editions/e1/criteria", "editions/e1/criteria: cannot list criteria: Not a directory"),
    ("editions/e1/criteria loop", "editions/e1/criteria: cannot list criteria: Too many levels of symbolic links"),
])
def test_a_file_or_a_loop_where_an_overlay_folder_belongs_is_a_problem_not_nothing(cli, kdir, tmp_path, broken,
                                                                                     problem):
    """Its criteria would otherwise vanish from the decision with an 'ok' from check."""
    overlay = make_overlay(tmp_path / "o", [criterion_data("team", "tensorflow", category="cat-0")])
    place = overlay / broken.split()[0]
    shutil.rmtree(place)
    if broken.endswith("loop"):
        place.symlink_to(place.name)
    else:
        place.write_text("not a folder\n", encoding="utf-8")
    result = cli("check", "--knowledge", kdir, "--overlay", overlay)
    assert result.status == 1
    assert f"{overlay}/{problem}" in result.out.splitlines(), result.out
    assert cli("export", "--knowledge", kdir, "--overlay", overlay, "-o", "-").status == 2


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a folder away")
def test_a_project_overlay_someone_else_owns_is_not_used_until_named(cli, kdir, tmp_path, monkeypatch):
    """As git refuses a repository another user owns: a .fwtui/ in /tmp or a shared folder is not picked up unasked."""
    overlay = titled(tmp_path / "shared" / ".fwtui", "Planted", "Planted title")
    for path in (overlay, *overlay.rglob("*")):
        os.chown(path, 12345, 12345)
    work = tmp_path / "shared" / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    warning = (f"{os.path.join('..', '.fwtui')}: warning: not used: owned by another user (uid 12345); "
               f"--overlay {os.path.join('..', '.fwtui')} uses it if you trust it")

    result = cli("check", "--knowledge", kdir)
    assert result.status == 0 and warning in result.out.splitlines(), result.out + result.err
    assert result.out.splitlines()[-1].endswith("; 1 overlay not used (above)"), "not called a schema warning"
    data = dump(cli, "--knowledge", kdir)
    assert data["overlays"] == [] and criterion_of(data, "c00000")["title"] == "Criterion 0"

    named = dump(cli, "--knowledge", kdir, "--overlay", os.path.join("..", ".fwtui"))
    assert criterion_of(named, "c00000")["title"] == "Planted title"


def test_overlay_presets_add_and_replace_and_previous_ids_are_checked(cli, tmp_path):
    from factory import write_editions

    root = write_editions(tmp_path / "k", {
        "old": ({"presets": [{"id": "shipped", "title": "Shipped", "priorities": {"a": "high"}}]},
                [criterion_data("a", "pytorch")]),
        "new": ({"previous": "old", "presets": [{"id": "shipped", "title": "Shipped", "priorities": {"b": "high"}}]},
                [criterion_data("b", "pytorch", previous_ids=["a"])]),
    })
    overlay = make_overlay(
        tmp_path / "o",
        [criterion_data("ours", "tensorflow", previous_ids=["a"]), criterion_data("stray", "tie", previous_ids=["zz"])],
        edition="new",
        presets=[{"id": "shipped", "title": "Ours instead", "priorities": {"ours": "high"}},
                 {"id": "extra", "title": "Extra", "priorities": {"b": "low"}}],
    )
    result = cli("check", "--knowledge", root, "--overlay", overlay)
    stray = overlay / "editions" / "new" / "criteria" / "stray.yaml"
    line = stray.read_text().splitlines().index("- zz") + 1
    assert result.out.splitlines() == [f"{stray}:{line}: previous_ids names 'zz', not a criterion of edition 'old'"]
    (overlay / "editions" / "new" / "criteria" / "stray.yaml").unlink()
    data = dump(cli, "--knowledge", root, "--overlay", overlay, "--edition", "new")
    presets = {p["id"]: (p["title"], p["priorities"], p["overlay"]) for p in data["editions"][0]["presets"]}
    assert presets == {"shipped": ("Ours instead", {"ours": "high"}, str(overlay)),
                       "extra": ("Extra", {"b": "low"}, str(overlay))}
    base = dump(cli, "--knowledge", root, "--no-overlay", "--edition", "new")
    assert [(p["id"], p["overlay"]) for p in base["editions"][0]["presets"]] == [("shipped", None)]
    text = cli("export", "--knowledge", root, "--overlay", overlay, "--edition", "new", "--preset", "extra",
               "-o", "-", *FIXED_DATE).out
    assert "- **Preset:** Extra, from overlay «Team overlay»\n" in text
    assert criterion_of(data, "ours", "new")["previous_ids"] == ["a"]


def test_an_overlay_written_for_schema_1_0_gets_provenance_warnings_not_errors(cli, kdir, tmp_path):
    bare = criterion_data("team", "tensorflow", category="cat-0", sources=[{"title": "Ours", "url": "https://x.org/"}])
    overlay = make_overlay(tmp_path / "o", [bare], schema_version="1.0")
    result = cli("check", "--knowledge", kdir, "--overlay", overlay)
    assert result.status == 0, result.out + result.err
    assert all(": warning: " in line for line in result.out.splitlines()[:-1])
    assert "source has no 'kind' (first-hand or second-hand) and no 'checked' date" in result.out
    assert result.out.splitlines()[-1].endswith(f"with 1 overlay Team overlay ({overlay}); 2 warnings: schema 1.1 "
                                                "requires what they name, an overlay is written for an older minor")


def test_an_overlay_criterion_titled_like_a_shipped_one_keeps_the_export_headings_unique(cli, kdir, tmp_path):
    overlay = make_overlay(tmp_path / "o", [criterion_data("team-copy", "tensorflow", category="cat-0",
                                                           title="Criterion 0")])
    text = cli("export", "--knowledge", kdir, "--overlay", overlay, "-o", "-", *FIXED_DATE).out
    headings = markdown_structure(text)["headings"]
    assert (3, "Criterion 0 (`c00000`)") in headings and (3, "Criterion 0 (`team-copy`)") in headings
    assert (3, "Criterion 1") in headings
