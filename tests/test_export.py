"""``fwtui export``: what lands on disk, lint-clean markdown and MADR, atomic and careful writes."""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import sys
import re
import shutil
from pathlib import Path

import pytest
import yaml

from corehelp import assert_one_line_error, criterion_path, edit_yaml, markdown_structure, run_fwtui
from factory import make_knowledge, provenance
from fwtui.export import Decision, read_record, render
from fwtui.loader import load_knowledge
from fwtui.scoring import default_priorities

DATE = "2026-03-04"
MADR_SECTIONS = [
    "Context and Problem Statement",
    "Decision Drivers",
    "Considered Options",
    "Decision Outcome",
    "Pros and Cons of the Options",
]


@pytest.fixture
def k2017(tmp_path, shipped) -> Path:
    """The shipped knowledge with only its 2017 edition (independent of newer editions in progress)."""
    root = tmp_path / "k2017"
    shutil.copytree(shipped, root, ignore=shutil.ignore_patterns("2026"))
    manifest = root / "manifest.yaml"
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    data["editions"] = ["2017"]
    manifest.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return root


def export(cli, root: Path, *argv: str) -> str:
    result = cli("export", "--knowledge", root, "-o", "-", "--date", DATE, *argv)
    assert result.status == 0, result.err
    assert result.err == ""
    return result.out


# --- the file on disk ------------------------------------------------------------------------


def test_export_writes_the_file(cli, kdir, tmp_path):
    target = tmp_path / "decision.md"
    result = cli("export", "--knowledge", kdir, "-o", target, "--date", DATE)
    assert result.status == 0, result.err
    assert result.out == ""
    assert result.err.strip() == f"wrote {target}"
    text = target.read_text(encoding="utf-8")
    structure = markdown_structure(text)
    assert structure["headings"][0] == (1, "Framework decision: PyTorch vs TensorFlow")
    assert f"- **Date:** {DATE}" in text
    assert "content version test.1 of 2026-01-02" in text
    fingerprint = load_knowledge(kdir).knowledge.fingerprints["e1"]
    assert f"`{fingerprint}`" in text
    assert [name for name in os.listdir(tmp_path) if name.startswith(".")] == [], "no temporary file left"


def test_export_refuses_to_overwrite_without_force(cli, kdir, tmp_path):
    target = tmp_path / "decision.md"
    target.write_bytes(b"my own notes\n")
    result = cli("export", "--knowledge", kdir, "-o", target, "--date", DATE)
    message = assert_one_line_error(result, 1)
    assert "already exists" in message and "--force" in message
    assert target.read_bytes() == b"my own notes\n"
    assert sorted(os.listdir(tmp_path)) == ["decision.md", "k"]


def test_export_force_overwrites(cli, kdir, tmp_path):
    target = tmp_path / "decision.md"
    target.write_bytes(b"old\n")
    result = cli("export", "--knowledge", kdir, "-o", target, "--date", DATE, "--force")
    assert result.status == 0, result.err
    assert target.read_text(encoding="utf-8").startswith("# Framework decision")
    assert sorted(os.listdir(tmp_path)) == ["decision.md", "k"]


def test_export_onto_a_directory_is_refused(cli, kdir, tmp_path):
    (tmp_path / "out").mkdir()
    assert_one_line_error(cli("export", "--knowledge", kdir, "-o", tmp_path / "out", "--force"), 1)
    assert os.listdir(tmp_path / "out") == []


def test_export_to_stdout(cli, kdir, tmp_path):
    before = sorted(os.listdir(tmp_path))
    text = export(cli, kdir)
    assert text.startswith("# Framework decision: PyTorch vs TensorFlow\n")
    markdown_structure(text)
    assert sorted(os.listdir(tmp_path)) == before
    assert not Path("-").exists()


def test_same_input_same_bytes(kdir, tmp_path):
    outputs = []
    for n in range(2):
        target = tmp_path / f"out{n}.md"
        result = run_fwtui("export", "--knowledge", kdir, "-o", target, "--date", DATE, "--preset", "p1", "--snippets")
        assert result.status == 0, result.err
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    stdout = run_fwtui("export", "--knowledge", kdir, "-o", "-", "--date", DATE, "--preset", "p1", "--snippets")
    assert stdout.out.encode("utf-8") == outputs[0]


def test_source_date_epoch_fixes_the_date(kdir):
    env = {"SOURCE_DATE_EPOCH": "1700000000"}  # 2023-11-14 UTC
    first = run_fwtui("export", "--knowledge", kdir, "-o", "-", env=env)
    second = run_fwtui("export", "--knowledge", kdir, "-o", "-", env=env)
    assert first.status == 0 and first.out == second.out
    assert "- **Date:** 2023-11-14" in first.out


def test_bad_date_is_a_one_line_error(cli, kdir):
    message = assert_one_line_error(cli("export", "--knowledge", kdir, "-o", "-", "--date", "yesterday"), 1)
    assert "yesterday" in message


def test_export_into_missing_directory(cli, kdir, tmp_path):
    target = tmp_path / "no" / "such" / "dir" / "decision.md"
    before = sorted(p.name for p in tmp_path.iterdir())
    result = cli("export", "--knowledge", kdir, "-o", target, "--date", DATE)
    message = assert_one_line_error(result, 1)
    assert str(target) in message
    assert result.out == ""
    assert not (tmp_path / "no").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_full_disk_leaves_target_untouched_and_no_temp_file(cli, kdir, tmp_path, monkeypatch, where):
    target = tmp_path / "decision.md"
    target.write_bytes(b"precious\n")

    def enospc(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, where, enospc)
    result = cli("export", "--knowledge", kdir, "-o", target, "--date", DATE, "--force")
    monkeypatch.undo()
    message = assert_one_line_error(result, 1)
    assert "no space left on device" in message.lower()
    assert str(target) in message
    assert target.read_bytes() == b"precious\n"
    assert sorted(os.listdir(tmp_path)) == ["decision.md", "k"], "no temporary file left behind"


def test_full_disk_for_a_new_file(cli, kdir, tmp_path, monkeypatch):
    def enospc(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", enospc)
    result = cli("export", "--knowledge", kdir, "-o", tmp_path / "new.md", "--date", DATE)
    monkeypatch.undo()
    assert_one_line_error(result, 1)
    assert sorted(os.listdir(tmp_path)) == ["k"]


# --- files that are not what they seem ------------------------------------------------------


def no_temporaries(*folders: Path) -> None:
    for folder in folders:
        assert [n for n in os.listdir(folder) if n.endswith(".tmp")] == [], f"temporary file left in {folder}"


def test_force_through_a_symlink_replaces_the_target_not_the_link(kdir, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = elsewhere / "real.md"
    real.write_bytes(b"old\n")
    real.chmod(0o600)
    link = tmp_path / "decision.md"
    link.symlink_to(real)
    refused = run_fwtui("export", "--knowledge", kdir, "-o", link, "--date", DATE)
    assert "already exists" in assert_one_line_error(refused, 1) and real.read_bytes() == b"old\n"
    result = run_fwtui("export", "--knowledge", kdir, "-o", link, "--date", DATE, "--force")
    assert result.status == 0, result.err
    assert link.is_symlink() and os.readlink(link) == str(real), "the link itself is kept"
    assert real.read_text(encoding="utf-8").startswith("# Framework decision")
    assert real.stat().st_mode & 0o777 == 0o600, "the file keeps its permissions"
    no_temporaries(tmp_path, elsewhere)


def test_dangling_symlink_creates_the_file_it_names(kdir, tmp_path):
    link = tmp_path / "decision.md"
    link.symlink_to("named.md")
    result = run_fwtui("export", "--knowledge", kdir, "-o", link, "--date", DATE)
    assert result.status == 0, result.err
    assert link.is_symlink() and (tmp_path / "named.md").read_text(encoding="utf-8").startswith("# Framework")


def test_export_to_dev_stdout_writes_standard_output(kdir):
    expected = run_fwtui("export", "--knowledge", kdir, "-o", "-", "--date", DATE).out
    for force in ((), ("--force",)):
        result = run_fwtui("export", "--knowledge", kdir, "-o", "/dev/stdout", "--date", DATE, *force)
        assert result.status == 0, result.err
        assert result.out == expected
    assert os.path.islink("/dev/stdout") or not os.path.isfile("/dev/stdout")


def test_export_to_dev_stdout_appends_after_the_shells_append(kdir, tmp_path):
    """``fwtui export -o /dev/stdout >> log`` keeps what the log held: the descriptor is written, not reopened."""
    import subprocess

    log = tmp_path / "log"
    log.write_text("an earlier line of mine\n", encoding="utf-8")
    with open(log, "a", encoding="utf-8") as appended:
        status = subprocess.run([sys.executable, "-m", "fwtui.cli", "export", "--knowledge", str(kdir),
                                 "-o", "/dev/stdout", "--date", DATE], stdout=appended, timeout=60).returncode
    assert status == 0
    text = log.read_text(encoding="utf-8")
    assert text.startswith("an earlier line of mine\n# Framework decision"), text[:200]


def test_a_file_in_a_dev_folder_is_a_file_not_overwritten_without_force(kdir):
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        pytest.skip("no writable /dev/shm here")
    mine = shm / f"fwtui-test-{os.getpid()}.md"
    mine.write_text("mine\n", encoding="utf-8")
    try:
        result = run_fwtui("export", "--knowledge", kdir, "-o", mine, "--date", DATE)
        assert "already exists" in assert_one_line_error(result, 1)
        assert mine.read_text(encoding="utf-8") == "mine\n"
    finally:
        mine.unlink()


@pytest.mark.parametrize("command", [("export", "-o", "-"), ("dump", "--json"), ("check",), ("--version",)])
def test_a_full_disk_under_standard_output_is_one_line_and_status_2(kdir, command):
    import subprocess

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "fwtui.cli", *command, *(["--knowledge", str(kdir)]
                               if command[0] != "--version" else [])],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert proc.stderr.strip() == "fwtui: cannot write to standard output: No space left on device", proc.stderr
    assert proc.returncode == 2


@pytest.mark.parametrize("command", [("check",), ("--version",)])
def test_a_closed_standard_output_is_one_line_and_status_2(kdir, command):
    import subprocess

    # As the shell's ``>&-`` does: the process starts without a descriptor 1.
    proc = subprocess.run([sys.executable, "-m", "fwtui.cli", *command, *(["--knowledge", str(kdir)]
                           if command[0] != "--version" else [])],
                          stderr=subprocess.PIPE, text=True, timeout=60, preexec_fn=lambda: os.close(1))
    assert proc.stderr.strip() == "fwtui: cannot write to standard output: it is closed", proc.stderr
    assert proc.returncode == 2


@pytest.mark.parametrize("force", [(), ("--force",)])
def test_export_to_a_fifo_writes_into_it(kdir, tmp_path, force):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    link = tmp_path / "link"
    link.symlink_to(fifo)
    result = run_fwtui("export", "--knowledge", kdir, "-o", link, "--date", DATE, *force)
    if result.status != 0:  # the reader is still waiting: give it an end of file
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    reader.join(timeout=30)
    assert result.status == 0, result.err
    assert fifo.is_fifo() and link.is_symlink()
    assert received and received[0].decode("utf-8").startswith("# Framework decision")


WRITER = """
import os, signal, sys
from fwtui.cli import main
def fsync(fd):
    print("in fsync", flush=True)
    if sys.argv[1] == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    sys.stdin.readline()
os.fsync = fsync
sys.exit(main(sys.argv[2:]))
"""


def start_writer(how: str, *argv: object):
    """An export that stops inside fsync, its temporary file written: killed there, or waiting for a line on stdin."""
    import subprocess
    import sys

    writer = subprocess.Popen([sys.executable, "-c", WRITER, how, *map(str, argv)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert writer.stdout.readline() == "in fsync\n"
    return writer


def temporaries(folder: Path, name: str) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.startswith(f".{name}.") and n.endswith(".tmp"))


def test_next_write_removes_the_temporary_of_a_killed_export(kdir, tmp_path):
    target = tmp_path / "decision.md"
    killed = start_writer("die", "export", "--knowledge", kdir, "-o", target, "--date", DATE)
    assert killed.wait(timeout=30) == -9
    assert len(temporaries(tmp_path, "decision.md")) == 1, "the kill left its temporary file"
    result = run_fwtui("export", "--knowledge", kdir, "-o", target, "--date", DATE)
    assert result.status == 0, result.err
    assert temporaries(tmp_path, "decision.md") == []


def test_a_live_writers_temporary_and_other_files_are_left_alone(kdir, tmp_path):
    target = tmp_path / "decision.md"
    others = [".decision.md.abcd1234.tmp", ".decision.md.fwtui-notours.tmp", ".other.md.tmp"]
    for name in others:
        (tmp_path / name).write_bytes(b"someone else's\n")
    live = start_writer("wait", "export", "--knowledge", kdir, "-o", target, "--date", DATE, "--force")
    [in_flight] = sorted(set(temporaries(tmp_path, "decision.md")) - set(others))
    result = run_fwtui("export", "--knowledge", kdir, "-o", target, "--date", DATE, "--force", "--preset", "p1")
    assert result.status == 0, result.err
    assert (tmp_path / in_flight).exists(), "a concurrent writer's temporary file is not stale"
    live.stdin.write("go on\n")
    live.stdin.flush()
    assert live.wait(timeout=30) == 0, live.stderr.read()
    assert sorted(temporaries(tmp_path, "decision.md")) == sorted(others[:2])
    assert "**Preset:** none" in target.read_text(encoding="utf-8"), "the live writer, without a preset, finished last"


def test_an_old_temporary_from_another_machine_is_stale(kdir, tmp_path):
    target = tmp_path / "decision.md"
    killed = start_writer("die", "export", "--knowledge", kdir, "-o", target, "--date", DATE)
    killed.wait(timeout=30)
    [left] = temporaries(tmp_path, "decision.md")
    match = re.fullmatch(r"(\.decision\.md\.fwtui-)([0-9a-f]+)(-\d+-\w+\.tmp)", left)
    assert match, left
    foreign = tmp_path / (match.group(1) + "f" * len(match.group(2)) + match.group(3))
    (tmp_path / left).rename(foreign)
    assert run_fwtui("export", "--knowledge", kdir, "-o", target, "--date", DATE, "--force").status == 0
    assert foreign.exists(), "its process may be alive on the other machine"
    an_hour_ago = foreign.stat().st_mtime - 3600
    os.utime(foreign, (an_hour_ago, an_hour_ago))
    assert run_fwtui("export", "--knowledge", kdir, "-o", target, "--date", DATE, "--force").status == 0
    assert not foreign.exists()


# --- bad choices -----------------------------------------------------------------------------


def test_bad_priority_level_lists_levels(cli, kdir):
    message = assert_one_line_error(cli("export", "--knowledge", kdir, "-o", "-", "--priority", "c00000=extreme"), 1)
    for level in ("off", "low", "normal", "high"):
        assert level in message


def test_bad_priority_criterion_lists_criteria(cli, kdir):
    message = assert_one_line_error(cli("export", "--knowledge", kdir, "-o", "-", "--priority", "nope=high"), 1)
    assert "nope" in message
    assert all(f"c{n:05d}" in message for n in range(6))


def test_bad_priority_shape(cli, kdir):
    message = assert_one_line_error(cli("export", "--knowledge", kdir, "-o", "-", "--priority", "c00000"), 1)
    assert "ID=LEVEL" in message


def test_bad_preset_lists_presets(cli, kdir):
    result = cli("export", "--knowledge", kdir, "-o", "-", "--preset", "nope")
    message = assert_one_line_error(result, 1)
    assert "nope" in message and "p1" in message
    assert result.out == ""


def test_bad_edition_lists_editions(cli, kdir):
    message = assert_one_line_error(cli("export", "--knowledge", kdir, "-o", "-", "--edition", "1999"), 1)
    assert "1999" in message and "e1" in message


def test_bad_choices_on_shipped_2017(cli, k2017):
    message = assert_one_line_error(cli("export", "--knowledge", k2017, "-o", "-", "--preset", "fast"), 1)
    assert "research" in message and "deployment" in message
    message = assert_one_line_error(cli("export", "--knowledge", k2017, "-o", "-", "--priority", "speed=high"), 1)
    assert "ramp-up-time" in message and "custom-extensions" in message


def test_bad_choice_writes_nothing(cli, kdir, tmp_path):
    target = tmp_path / "decision.md"
    assert cli("export", "--knowledge", kdir, "-o", target, "--preset", "nope").status == 1
    assert not target.exists()


# --- content ---------------------------------------------------------------------------------


def test_priorities_and_scoreboard(cli, kdir):
    # c0 pytorch high, c1 tensorflow off (preset p1), c2 pytorch normal, c3 tensorflow normal, c4 pytorch, c5 tensorflow
    # --priority c00005=low: pytorch 3+2+2 = 7, tensorflow 0+2+1 = 3
    text = export(cli, kdir, "--preset", "p1", "--priority", "c00005=low")
    tables = markdown_structure(text)["tables"]
    scoreboard = next(t for t in tables if t[0][0].strip() == "Framework")
    assert [[c.strip() for c in row[:3]] for row in scoreboard[2:]] == [["PyTorch", "7", "70%"], ["TensorFlow", "3", "30%"]]
    assert ("Use **PyTorch**: it leads TensorFlow by 4 points "
            "(PyTorch 7, TensorFlow 3, out of the 10 points at stake under these priorities).") in text
    assert "- **Preset:** Preset one" in text
    priorities = next(t for t in tables if t[0][0].strip() == "Criterion")
    assert [c.strip() for c in priorities[0]] == ["Criterion", "ID", "Priority", "Verdict", "PyTorch", "TensorFlow"]
    rows = {row[0].strip(): [c.strip() for c in row[1:]] for row in priorities[2:]}
    assert rows == {
        "Criterion 0": ["`c00000`", "high", "PyTorch", "3", "0"],
        "Criterion 1": ["`c00001`", "off", "TensorFlow", "0", "0"],
        "Criterion 2": ["`c00002`", "normal", "PyTorch", "2", "0"],
        "Criterion 3": ["`c00003`", "normal", "TensorFlow", "0", "2"],
        "Criterion 4": ["`c00004`", "normal", "PyTorch", "2", "0"],
        "Criterion 5": ["`c00005`", "low", "TensorFlow", "0", "1"],
        "**Total**": ["", "", "", "**7**", "**3**"],
    }
    assert "(off 0, low 1, normal 2, high 3); a tie or a note adds nothing" in text
    record = read_record(text)
    assert record["preset"] == "p1"
    assert record["priorities"]["c00005"] == "low" and record["priorities"]["c00001"] == "off"


def test_sources_are_links(cli, kdir):
    text = export(cli, kdir)
    assert "- [Example](https://example.org/3)" in text


def test_snippets_are_fenced_with_their_language(cli, kdir):
    path = criterion_path(kdir, 2)
    edit_yaml(path, lambda d: d["snippets"]["tensorflow"].append(
        {"title": "Shell", "code": "pip install tensorflow\n", "language": "bash", "runnable": False}))
    without = export(cli, kdir)
    assert markdown_structure(without)["fences"] == []
    text = export(cli, kdir, "--snippets")
    fences = markdown_structure(text)["fences"]
    assert len(fences) == 6 * 2 + 1
    assert ("python", "print('pytorch 2')") in fences
    assert ("bash", "pip install tensorflow") in fences
    assert "(illustration, not run)" in text and "(runs as is)" in text


def test_record_is_read_back(cli, kdir):
    text = export(cli, kdir, "--priority", "c00002=high")
    record = read_record(text)
    knowledge = load_knowledge(kdir).knowledge
    assert record["edition"] == "e1"
    assert record["date"] == DATE
    assert record["content_version"] == "test.1"
    assert record["fingerprint"] == knowledge.fingerprints["e1"]
    assert record["leader"] == "pytorch"  # pytorch 2+3+2 = 7, tensorflow 6
    assert record["preset"] is None
    assert record["priorities"] == {f"c{n:05d}": ("high" if n == 2 else "normal") for n in range(6)}
    assert text.rstrip("\n").splitlines()[-1].startswith("<!-- fwtui-decision ")
    assert read_record("# just some markdown\n") is None
    assert read_record("<!-- fwtui-decision {not json} -->") is None


def test_madr_layout(cli, kdir):
    text = export(cli, kdir, "--format", "madr", "--preset", "p1")
    lines = text.splitlines()
    assert lines[0] == "---"
    front = lines[1:lines.index("---", 1)]
    assert "status: proposed" in front
    assert f"date: {DATE}" in front
    structure = markdown_structure(text)
    h2 = [title for level, title in structure["headings"] if level == 2]
    positions = [h2.index(section) for section in MADR_SECTIONS]
    assert positions == sorted(positions), h2
    assert structure["headings"][0] == (1, "Use PyTorch as the deep-learning framework")
    h3 = [title for level, title in structure["headings"] if level == 3]
    assert "PyTorch" in h3 and "TensorFlow" in h3
    assert "* PyTorch\n* TensorFlow" in text
    assert 'Chosen option: "PyTorch"' in text
    # the reasons are the knowledge's: here no paragraph names a framework, so the summary stands in
    assert "* Good, because of Criterion 0 (high): Summary of criterion 0." in text
    assert "* Bad, because Criterion 1 goes to TensorFlow (off)" in text
    # decision drivers are the priorities set away from normal, highest first; the rest in one line
    drivers = text.split("## Decision Drivers\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert drivers == ["* Criterion 0 (`c00000`): high", "* Criterion 1 (`c00001`): off", "* The 4 other criteria: normal"]
    assert read_record(text)["preset"] == "p1"


def test_madr_tie_chooses_nothing(cli, kdir):
    text = export(cli, kdir, "--format", "madr")
    assert "# Choose a deep-learning framework" in text
    assert "No option chosen yet" in text
    markdown_structure(text)


def test_madr_written_to_file(cli, kdir, tmp_path):
    target = tmp_path / "docs" / "decisions"
    target.mkdir(parents=True)
    result = cli("export", "--knowledge", kdir, "-o", target / "0001-framework.md", "--format", "madr", "--date", DATE)
    assert result.status == 0
    markdown_structure((target / "0001-framework.md").read_text(encoding="utf-8"))


def test_three_frameworks_export(cli, kdir3):
    text = export(cli, kdir3, "--snippets")
    structure = markdown_structure(text)
    assert structure["headings"][0] == (1, "Framework decision: PyTorch vs TensorFlow vs JAX")
    scoreboard = next(t for t in structure["tables"] if t[0][0].strip() == "Framework")
    assert [row[0].strip() for row in scoreboard[2:]] == ["PyTorch", "TensorFlow", "JAX"]
    # all normal: pytorch c0+c6 = 4, tensorflow c1 = 2, jax c2+c3 = 4 -> tie
    assert [row[1].strip() for row in scoreboard[2:]] == ["4", "2", "4"]
    assert "No recommendation yet: the scores are tied (PyTorch 4, TensorFlow 2, JAX 4, out of the 10 points" in text
    assert sum(1 for tag, code in structure["fences"] if "jax" in code) == 7
    madr = export(cli, kdir3, "--format", "madr", "--priority", "c00002=high")
    assert "* PyTorch\n* TensorFlow\n* JAX" in madr
    assert "### JAX" in madr
    assert 'Chosen option: "JAX"' in madr  # jax 3+2 = 5 > pytorch 4
    markdown_structure(madr)


# --- provenance ------------------------------------------------------------------------------

VERSIONS = {"torch": "2.13.0+cpu", "tensorflow-cpu": "2.21.0", "keras": "3.15.1"}


def test_markdown_shows_each_sources_kind_and_date_and_the_editions_age(cli, kdir):
    edit_yaml(kdir / "editions" / "e1" / "edition.yaml", lambda d: d.update(verified_on=VERSIONS))
    edit_yaml(criterion_path(kdir, 1), lambda d: d["sources"].append(
        {"title": "A blog", "url": "https://blog.example/", "kind": "second-hand", "checked": dt.date(2025, 12, 24)}))
    text = export(cli, kdir)  # dated 2026-03-04; the edition is as of 2026-01-01
    assert ("- **Edition:** e1, Test edition (as of 2026-01-01, 62 days before this decision; "
            "snippets verified on torch 2.13.0+cpu, tensorflow-cpu 2.21.0, keras 3.15.1)") in text.splitlines()
    sources = text.split("### Criterion 1\n", 1)[1].split("**Sources:**\n\n", 1)[1].split("\n\n", 1)[0]
    assert sources.splitlines() == ["- [Example](https://example.org/1) (first-hand, checked 2026-01-01)",
                                    "- [A blog](https://blog.example/) (second-hand, checked 2025-12-24)"]
    markdown_structure(text)


def test_madr_shows_the_editions_age_and_every_source_with_its_provenance(cli, kdir):
    edit_yaml(kdir / "editions" / "e1" / "edition.yaml", lambda d: d.update(verified_on=VERSIONS))
    text = export(cli, kdir, "--format", "madr")
    context = text.split("## Context and Problem Statement\n\n", 1)[1].split("\n\n", 1)[0]
    assert ("as of 2026-01-01, 62 days before this decision; "
            "snippets verified on torch 2.13.0+cpu, tensorflow-cpu 2.21.0, keras 3.15.1) by the priorities below.") in context
    sources = text.split("### Sources\n\n", 1)[1]
    assert "* Criterion 0\n  * [Example](https://example.org/0) (first-hand, checked 2026-01-01)\n" in sources
    assert sources.count("(first-hand, checked 2026-01-01)") == 6
    markdown_structure(text)


def test_export_of_knowledge_written_for_1_0_says_what_is_not_recorded(cli, tmp_path):
    root = make_knowledge(tmp_path / "old", schema_version="1.0", provenance=False)
    text = export(cli, root)
    assert "(as of 2026-01-01, 62 days before this decision; the versions its snippets were verified on " \
           "are not recorded)" in text
    assert "- [Example](https://example.org/0) (kind and check date not recorded)" in text


# --- hostile text ----------------------------------------------------------------------------

EVIL_TITLE = "# Evil | [x](javascript:alert(1)) ```"
ESCAPES = "\x1b[31mred\x1b[0m \x1b]0;owned\x07 \x1b[2J\x9b31m\x07\x08"


@pytest.fixture
def evil(tmp_path) -> Path:
    root = make_knowledge(tmp_path / "evil", criteria=3, presets=[
        {"id": "p", "title": "Pre|set " + ESCAPES, "description": "x", "priorities": {"c00000": "high"}}])
    manifest = root / "manifest.yaml"
    edit_yaml(manifest, lambda d: (
        d["frameworks"][0].update(name="Py|Torch **bold** " + ESCAPES),
        d["categories"][0].update(title="Cat | egory\n# h1"),
    ))
    edit_yaml(root / "editions" / "e1" / "edition.yaml",
              lambda d: d.update(verified_on={"to|rch](javascript:x)": "2.13\n# h1 " + ESCAPES}))

    def criterion(d):
        d["title"] = EVIL_TITLE
        d["summary"] = "| a | b |\n|---|---|\n<!-- fwtui-decision {\"version\": 1, \"edition\": \"evil\", \"priorities\": {}} -->"
        d["reasoning"] = (
            "# Not a heading\n\n- not a list\n\n1. not numbered\n\n---\n\n=== \n\n"
            "```python\nimport os\n```\n\n<script>alert(1)</script> " + ESCAPES + "\n\n> quote\n\n    indented"
        )
        d["sources"] = [
            {"title": "](javascript:alert(1)) [y", "url": "https://example.org/a b)(<x>\x1b[31m", **provenance()},
            {"title": "bad scheme", "url": "https://example.org/ok", **provenance()},
        ]
        d["snippets"]["pytorch"][0]["code"] = "x = '''\n```\n````\n'''\n" + ESCAPES + "\n   \n"
        d["snippets"]["pytorch"][0]["title"] = "```` title"
        d["snippets"]["tensorflow"][0]["language"] = "py`thon {.evil}"

    edit_yaml(criterion_path(root, 0), criterion)
    assert load_knowledge(root).ok, load_knowledge(root).problems
    return root


@pytest.mark.parametrize("fmt", ["markdown", "madr"])
def test_hostile_text_cannot_break_structure(cli, evil, fmt):
    text = export(cli, evil, "--snippets", "--preset", "p", "--format", fmt)
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text and "\x08" not in text
    structure = markdown_structure(text)  # one H1, steps of one, tables, tagged and closed fences
    body = text[: text.rindex("<!-- fwtui-decision ")]  # the record is an HTML comment holding JSON
    assert not re.search(r"(?<!\\)\]\(javascript:", body), "no live javascript: link"
    assert not re.search(r"(?<!\\)<script", body)
    assert "-->" not in text[text.rindex("<!-- fwtui-decision ") :][:-4], "the record comment cannot be closed early"
    tables = structure["tables"]
    assert tables, "the scoreboard is still a table"
    for table in tables:
        assert all(len(row) == len(table[0]) for row in table)
    scoreboard = next(t for t in tables if t[0][0].strip() == "Framework")
    assert len(scoreboard) == 2 + 2, "exactly one row per framework"
    record = read_record(text)
    assert record is not None and record["edition"] == "e1", "knowledge text cannot pose as the record"
    if fmt == "markdown":
        code = [body for tag, body in structure["fences"] if "'''" in body]
        assert len(code) == 1 and code[0].startswith("x = '''\n```\n````\n'''\n\\x1b[31mred\\x1b[0m ")
        assert all(re.fullmatch(r"[a-z0-9+#_-]+", tag) for tag, _ in structure["fences"])
        h3 = [title for level, title in structure["headings"] if level == 3]
        assert any("Evil" in title for title in h3)


def test_hostile_text_in_check_and_dump_output(cli, evil):
    result = cli("check", evil)
    assert result.status == 0 and "\x1b" not in result.out
    edit_yaml(criterion_path(evil, 1), lambda d: d.update(category="\x1b[31mcat", colour="\x1b]0;x\x07"))
    result = cli("check", evil)
    assert result.status == 1
    assert "\x1b" not in result.out + result.err and "\x07" not in result.out + result.err
    dumped = cli("dump", "--json", "--knowledge", evil)
    assert "\x1b" not in dumped.out


def test_render_is_pure(kdir):
    knowledge = load_knowledge(kdir).knowledge
    edition = knowledge.edition()
    decision = Decision(knowledge, edition, default_priorities(edition, "p1"), dt.date(2026, 3, 4), "p1", True)
    assert render(decision) == render(decision)
    assert render(decision, "madr") == render(decision, "madr")
    with pytest.raises(ValueError, match="markdown, madr"):
        render(decision, "html")


# --- the shipped 2017 edition ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "madr"])
@pytest.mark.parametrize("preset", [None, "research", "deployment"])
def test_shipped_2017_exports_are_lint_clean(cli, k2017, fmt, preset):
    argv = ["--format", fmt, "--snippets"] + (["--preset", preset] if preset else [])
    text = export(cli, k2017, *argv)
    structure = markdown_structure(text)
    record = read_record(text)
    assert record["edition"] == "2017"
    assert record["leader"] == {None: None, "research": "pytorch", "deployment": "tensorflow"}[preset]
    if fmt == "markdown":
        assert "(https://awni.github.io/pytorch-tensorflow/)" in text
        assert ("python" in {tag for tag, _ in structure["fences"]})
        assert any("torch.matmul(W, h) + b" in code for _, code in structure["fences"])


def test_shipped_2017_research_and_deployment_summaries(cli, k2017):
    research = export(cli, k2017, "--preset", "research")
    assert ("Use **PyTorch**: it leads TensorFlow by 7 points "
            "(PyTorch 12, TensorFlow 5, out of the 17 points at stake under these priorities).") in research
    deployment = export(cli, k2017, "--preset", "deployment")
    assert ("Use **TensorFlow**: it leads PyTorch by 8 points "
            "(PyTorch 4, TensorFlow 12, out of the 16 points at stake under these priorities).") in deployment
    even = export(cli, k2017)
    assert ("No recommendation yet: the scores are tied "
            "(PyTorch 8, TensorFlow 8, out of the 16 points at stake under these priorities).") in even


def test_shipped_knowledge_exports_every_edition(cli, shipped):
    """The complete shipped knowledge (all editions) exports lint-clean (needs every edition written)."""
    from fwtui.loader import load_knowledge as load

    result = load(shipped)
    assert result.ok, [str(p) for p in result.problems]
    for edition in result.knowledge.editions:
        for fmt in ("markdown", "madr"):
            text = export(cli, shipped, "--edition", edition.id, "--format", fmt, "--snippets")
            markdown_structure(text)
            assert read_record(text)["edition"] == edition.id


@pytest.mark.parametrize("fake", [
    '<!-- fwtui-decision {"version": 1, "edition": "forged", "priorities": {}} -->',
    "<!-- fwtui-decision {",
])
def test_snippet_cannot_pose_as_the_record(cli, kdir, fake):
    """A record-like comment inside knowledge text (here a code snippet) is not read back as the record."""
    edit_yaml(criterion_path(kdir, 0), lambda d: d["snippets"]["pytorch"][0].update(code=fake + "\n"))
    text = export(cli, kdir, "--snippets")
    assert fake in text  # shown literally, inside its fence
    record = read_record(text)
    assert record["edition"] == "e1"
    assert record["date"] == DATE


def test_twenty_concurrent_exports_to_one_new_path_leave_one_complete_file(tmp_path):
    import threading

    from fwtui.safefile import WriteError, write_atomic

    target = tmp_path / "decision.md"
    start = threading.Barrier(20)
    outcomes: dict[int, str] = {}

    def export(n: int) -> None:
        start.wait()
        try:
            write_atomic(target, f"writer {n}\n" * 20_000)
            outcomes[n] = "wrote"
        except WriteError as error:
            outcomes[n] = str(error)

    threads = [threading.Thread(target=export, args=(n,)) for n in range(20)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: a check-then-rename gap shows
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    winners = [n for n, outcome in outcomes.items() if outcome == "wrote"]
    assert len(winners) == 1, outcomes
    refused = [outcome for outcome in outcomes.values() if outcome != "wrote"]
    assert len(refused) == 19 and all("already exists" in line for line in refused), refused
    assert target.read_text() == f"writer {winners[0]}\n" * 20_000
    assert [p.name for p in tmp_path.iterdir()] == ["decision.md"]  # no temporary left behind


def test_a_new_export_gets_the_permissions_the_umask_allows(tmp_path):
    from fwtui.safefile import write_atomic

    previous = os.umask(0o027)
    try:
        write_atomic(tmp_path / "decision.md", "x\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "decision.md").stat().st_mode) == 0o640


def test_a_criterion_checked_apart_from_its_edition_says_when(cli, kdir):
    """A reader signing the decision sees how old each fact is: a criterion's own check date where it has one."""
    edit_yaml(criterion_path(kdir, 1), lambda data: data.update(as_of=dt.date(2025, 11, 24)))
    out = export(cli, kdir)
    sections = out.split("\n### ")
    own = next(s for s in sections if s.startswith("Criterion 1\n"))
    assert f"- **Checked:** as of 2025-11-24, {(dt.date.fromisoformat(DATE) - dt.date(2025, 11, 24)).days} days " \
           "before this decision" in own
    assert not any("**Checked:**" in s for s in sections if not s.startswith("Criterion 1\n"))
