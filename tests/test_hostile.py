"""Hostile knowledge ends in a clean one-line error, in bounded time, never a traceback."""

from __future__ import annotations

import builtins
import os
import re
import time
from pathlib import Path

import pytest

from corehelp import assert_one_line_error, criterion_path, run_fwtui
from fwtui.loader import MAX_PROBLEMS_PER_FILE, KnowledgeError, load_knowledge
from fwtui.safefile import ReadError, read_regular
from fwtui.yamlsafe import MAX_FILE_BYTES, MAX_NODES

PROBLEM = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+))?: (?P<message>.+)$")


def bad_criterion(root: Path, content: bytes | str, name: str = "c00001.yaml") -> Path:
    path = root / "editions" / "e1" / "criteria" / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def checked_problem(result, path: Path, fragment: str, line: int | None = None) -> str:
    """``fwtui check`` failed cleanly and reported ``fragment`` for ``path``; the rest still loaded."""
    assert result.status == 1, (result.status, result.out, result.err)
    assert "Traceback" not in result.err and "Traceback" not in result.out, result.err
    err_lines = result.err.strip().splitlines()
    assert len(err_lines) == 1 and re.fullmatch(r"fwtui: \d+ problems? found", err_lines[0]), result.err
    hits = [line_ for line_ in result.out.splitlines() if line_.startswith(str(path))]
    assert hits, result.out
    match = PROBLEM.match(hits[0])
    assert match and match["path"] == str(path), hits[0]
    assert fragment in match["message"], hits[0]
    if line is not None:
        assert match["line"] is not None and int(match["line"]) == line, hits[0]
    return hits[0]


# --- alias bombs and recursion ---------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
j: &j [*i,*i,*i,*i,*i,*i,*i,*i,*i]
k: &k [*j,*j,*j,*j,*j,*j,*j,*j,*j]
"""


def test_billion_laughs_is_refused_quickly(kdir):
    path = bad_criterion(kdir, BILLION_LAUGHS)
    started = time.monotonic()
    result = run_fwtui("check", kdir, timeout=30)
    assert time.monotonic() - started < 20
    message = checked_problem(result, path, "aliases are not allowed")
    assert re.match(rf"{re.escape(str(path))}:[12]: ", message)


def test_billion_laughs_in_manifest(kdir):
    (kdir / "manifest.yaml").write_text(BILLION_LAUGHS)
    result = run_fwtui("check", kdir, timeout=30)
    message = assert_one_line_error(result, 1)
    assert "manifest.yaml" in message and "aliases" in message


def test_recursive_alias(kdir):
    path = bad_criterion(kdir, "id: c00001\nloop: &a [1, *a]\n")
    checked_problem(run_fwtui("check", kdir, timeout=30), path, "aliases are not allowed", line=2)
    recursive_map = bad_criterion(kdir, "id: c00002\nloop: &m {self: *m}\n", "c00002.yaml")
    problems = [str(p) for p in load_knowledge(kdir).problems]
    assert any(p.startswith(f"{recursive_map}:2: ") and "aliases" in p for p in problems), problems


def test_merge_key_is_refused(kdir):
    path = bad_criterion(kdir, "base: {title: x}\nother:\n  <<: {title: y}\n  id: z\n")
    problems = [str(p) for p in load_knowledge(kdir).problems]
    assert any(p.startswith(f"{path}:3: ") and "merge" in p for p in problems), problems


def test_deeply_nested_flow_collections(kdir):
    depth = 100_000
    path = bad_criterion(kdir, "id: c00001\nx: " + "[" * depth + "]" * depth + "\n")
    nested_maps = bad_criterion(kdir, "x: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n", "c00002.yaml")
    started = time.monotonic()
    result = run_fwtui("check", kdir, timeout=30)
    assert time.monotonic() - started < 20
    checked_problem(result, path, "")
    checked_problem(result, nested_maps, "")


def test_deep_block_nesting_in_process(kdir):
    """Nesting that the parser accepts still cannot blow the stack of the converter."""
    text = "".join("  " * n + f"k{n}:\n" for n in range(900)) + "  " * 900 + "v\n"
    bad_criterion(kdir, text)
    result = load_knowledge(kdir)
    assert result.knowledge is not None
    assert any(str(p).startswith(str(criterion_path(kdir, 1))) for p in result.problems)


# --- hostile YAML within the size cap --------------------------------------------------------


def _file_lines(result, path: Path) -> list[str]:
    return [line for line in result.out.splitlines() if line.startswith(str(path))]


def test_too_many_nodes_are_refused_with_one_problem(kdir):
    path = bad_criterion(kdir, b"id: c00001\nx: [" + b"1," * 150_000 + b"1]\n")
    result = run_fwtui("check", kdir, timeout=60)
    checked_problem(result, path, f"more than {MAX_NODES:,} YAML nodes", line=2)
    assert len(_file_lines(result, path)) == 1


@pytest.mark.parametrize("content", [
    pytest.param(b"id: c00001\nx: [" + b"1," * 3_900_000 + b"1]\n", id="flow-list-of-3.9M-integers"),
    pytest.param(b"".join(b"k%06d: v\n" % n for n in range(700_000)), id="700k-keys"),
])
def test_the_hostile_cases_of_issue_12_are_refused_in_a_few_lines(kdir, content):
    """Time and memory are measured by benchmarks/bench_hostile_yaml.py; here, what the user reads."""
    assert len(content) <= MAX_FILE_BYTES
    path = bad_criterion(kdir, content)
    result = run_fwtui("check", kdir, timeout=120)
    checked_problem(result, path, "YAML nodes")
    assert len(_file_lines(result, path)) == 1
    assert len(result.out.splitlines()) <= 2, "and the preset that names the refused criterion"


def test_a_line_break_in_a_file_name_stays_on_the_problems_one_line(kdir, tmp_path):
    path = criterion_path(kdir, 1)
    odd = path.with_name("odd\nname.yaml")
    path.rename(odd)
    result = run_fwtui("check", kdir, timeout=60)
    shown = str(odd).replace("\n", "\\n")
    assert [line for line in result.out.splitlines() if "odd" in line] == [
        f"{shown}:1: id 'c00001' must match the file name 'odd\\nname.yaml'"], result.out
    export = run_fwtui("export", "--knowledge", kdir, "-o", "-", timeout=60)
    assert shown in assert_one_line_error(export, 2)
    nowhere = tmp_path / "no\nfolder" / "decision.md"
    written = run_fwtui("export", "-o", nowhere, timeout=60)
    assert assert_one_line_error(written, 1) == (f"fwtui: {str(nowhere).replace(chr(10), chr(92) + 'n')}: "
                                                 "cannot write: no such file or directory")


def test_problems_per_file_are_capped_with_a_count_of_the_rest(kdir):
    path = bad_criterion(kdir, "".join(f"k{n:05d}: v\n" for n in range(5_000)))
    result = run_fwtui("check", kdir, timeout=60)
    lines = _file_lines(result, path)
    assert len(lines) == MAX_PROBLEMS_PER_FILE + 1, len(lines)
    more = re.fullmatch(rf"{re.escape(str(path))}: … and ([\d,]+) more problems in this file", lines[-1])
    assert more and int(more.group(1).replace(",", "")) >= 5_000 - MAX_PROBLEMS_PER_FILE, lines[-1]
    others = criterion_path(kdir, 2)
    assert not _file_lines(result, others), "other files are unaffected"
    # The totals count the problems the last line stands for, not that line as one.
    listed = sum(1 for line in result.out.splitlines() if " … and " not in line)
    total = listed + int(more.group(1).replace(",", ""))
    assert result.err.strip() == f"fwtui: {total:,} problems found", result.err
    export = run_fwtui("export", "--knowledge", kdir, "-o", "-", timeout=60)
    assert f"(and {total - 1:,} more; run 'fwtui check')" in export.err, export.err


# --- size, bytes and encodings ---------------------------------------------------------------


def test_hundred_megabyte_file_is_refused_fast(kdir):
    path = criterion_path(kdir, 1)
    with open(path, "r+b") as handle:  # sparse: costs no disk, same size to fstat
        handle.truncate(100 * 1024 * 1024)
    started = time.monotonic()
    result = run_fwtui("check", kdir, timeout=30)
    assert time.monotonic() - started < 10
    checked_problem(result, path, "limit")


def test_hundred_megabyte_real_manifest_is_refused_fast(kdir):
    path = kdir / "manifest.yaml"
    block = b"# padding padding padding padding padding padding padding padding\n" * 16384  # ~1 MiB
    with open(path, "ab") as handle:
        for _ in range(100):
            handle.write(block)
    assert path.stat().st_size > 100 * 1024 * 1024
    started = time.monotonic()
    result = run_fwtui("check", kdir, timeout=30)
    assert time.monotonic() - started < 10
    message = assert_one_line_error(result, 1)
    assert "manifest.yaml" in message and f"{MAX_FILE_BYTES:,}" in message


def test_just_over_the_limit_in_process(kdir):
    path = criterion_path(kdir, 2)
    with open(path, "r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    problems = [str(p) for p in load_knowledge(kdir).problems]
    assert any(p.startswith(f"{path}: ") and "limit" in p for p in problems), problems


def test_a_file_longer_than_its_size_said_is_read_whole_or_refused(tmp_path, monkeypatch):
    """A file that grows between fstat and read (a log, a copy in progress): read to its end, within the limit."""
    path = tmp_path / "growing.yaml"
    path.write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    def understated(descriptor):
        fields = list(real_fstat(descriptor))
        fields[6] = 10  # st_size, as it was a moment before
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", understated)
    assert read_regular(path, 10_000, "knowledge files") == b"x" * 5000
    with pytest.raises(ReadError, match="over the 4,000-byte limit for knowledge files"):
        read_regular(path, 4_000, "knowledge files")


def test_a_date_that_does_not_exist_names_its_line(kdir):
    path = criterion_path(kdir, 1)
    path.write_text(path.read_text(encoding="utf-8") + "as_of: 2026-02-30\n", encoding="utf-8")
    line = path.read_text(encoding="utf-8").count("\n")
    checked_problem(run_fwtui("check", kdir, timeout=30), path, "bad value '2026-02-30'", line=line)


def test_binary_garbage(kdir):
    garbage = bytes(range(256)) * 64 + os.urandom(4096)
    path = bad_criterion(kdir, garbage)
    checked_problem(run_fwtui("check", kdir, timeout=30), path, "")


def test_control_characters_that_are_valid_utf8(kdir):
    path = bad_criterion(kdir, b"id: c00001\ntitle: \x00\x01\x02 nul\n")
    checked_problem(run_fwtui("check", kdir, timeout=30), path, "character 0x00", line=2)


def test_terminal_escape_in_yaml_reports_the_line(kdir):
    path = bad_criterion(kdir, b"id: c00001\ntitle: ok\nsummary: \x1b[31mred\n")
    checked_problem(run_fwtui("check", kdir, timeout=30), path, "character 0x1b", line=3)


def _criterion_text(kdir, n: int = 1) -> list[str]:
    return criterion_path(kdir, n).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200f", "\u061c", "\u200b", "\u200d", "\u2060", "\ufeff"])
def test_direction_and_invisible_characters_are_refused_in_titles(kdir, character):
    """Escaped in a quoted title: the decoded text would read differently from what it is."""
    lines = _criterion_text(kdir)
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("title: "))
    lines[number - 1] = f'title: "Safe \\u{ord(character):04x}txt.exe"'
    path = bad_criterion(kdir, "\n".join(lines) + "\n")
    checked_problem(run_fwtui("check", kdir, timeout=30), path, f"U+{ord(character):04X}", line=number)


def test_raw_direction_override_in_code_reports_its_own_line(kdir):
    lines = _criterion_text(kdir)
    number = next(n for n, line in enumerate(lines, 1) if "code: " in line)
    indent = lines[number - 1][: lines[number - 1].index("code: ")]
    lines[number - 1:number] = [f"{indent}code: |", f"{indent}  access = 'user'", f"{indent}  if access != 'user\u202e \u2066# admin\u2069 \u2066': pass"]
    path = bad_criterion(kdir, "\n".join(lines) + "\n")
    checked_problem(run_fwtui("check", kdir, timeout=30), path, "U+202E RIGHT-TO-LEFT OVERRIDE", line=number + 2)


def test_zero_width_character_in_a_comment_is_refused(kdir):
    lines = _criterion_text(kdir) + ["# looks empty: \u200b"]
    path = bad_criterion(kdir, "\n".join(lines) + "\n")
    checked_problem(run_fwtui("check", kdir, timeout=30), path, "U+200B", line=len(lines))


def test_byte_order_mark_at_the_start_is_fine(kdir, cli):
    path = criterion_path(kdir, 1)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = cli("check", kdir)
    assert result.status == 0, result.out


def test_non_utf8_text_reports_the_line(kdir):
    text = criterion_path(kdir, 1).read_text(encoding="utf-8").replace("title: Criterion 1", "title: Caf\u00e9")
    path = bad_criterion(kdir, text.encode("latin-1"))
    line = text.splitlines().index("title: Caf\u00e9") + 1
    checked_problem(run_fwtui("check", kdir, timeout=30), path, "not UTF-8", line=line)


def test_invalid_yaml_reports_the_line(kdir, cli):
    path = bad_criterion(kdir, "id: c00001\ntitle: [unclosed\nsummary: x\n")
    result = cli("check", kdir)
    checked_problem(result, path, "invalid YAML")


def test_duplicate_keys_are_refused(kdir, cli):
    path = bad_criterion(kdir, "id: c00001\ntitle: a\ntitle: b\n")
    checked_problem(cli("check", kdir), path, "duplicate key 'title'", line=3)


# --- files that are not files ----------------------------------------------------------------


def test_symlink_loop(kdir, cli):
    loop = kdir / "editions" / "e1" / "criteria" / "loop.yaml"
    loop.symlink_to(loop.name)
    a = kdir / "editions" / "e1" / "criteria" / "a.yaml"
    b = kdir / "editions" / "e1" / "criteria" / "b.yaml"
    a.symlink_to(b.name)
    b.symlink_to(a.name)
    result = run_fwtui("check", kdir, timeout=30)
    checked_problem(result, loop, "symbolic links")
    checked_problem(result, a, "symbolic links")
    assert cli("check", kdir).status == 1


def test_symlink_loop_as_criteria_directory(kdir):
    criteria = kdir / "editions" / "e1" / "criteria"
    for path in criteria.iterdir():
        path.unlink()
    criteria.rmdir()
    criteria.symlink_to("criteria")
    result = run_fwtui("check", kdir, timeout=30)
    checked_problem(result, criteria, "")


def test_symlink_loop_as_knowledge_directory(tmp_path):
    root = tmp_path / "loop"
    root.symlink_to("loop")
    result = run_fwtui("check", root, timeout=30)
    assert_one_line_error(result, 1)


def _outside_copy(kdir: Path, tmp_path: Path, name: str) -> Path:
    """A valid criterion file outside the knowledge directory."""
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    copy = outside / name
    copy.write_bytes(criterion_path(kdir, 1).read_bytes())
    return copy


def test_edition_id_cannot_climb_out_of_the_directory(kdir, tmp_path):
    import shutil

    import yaml

    climbing = "../../../elsewhere"
    target = kdir / "editions" / climbing
    shutil.copytree(kdir / "editions" / "e1", target)
    edition = target / "edition.yaml"
    edition.write_text(edition.read_text().replace("id: e1", f"id: '{climbing}'"))
    manifest = kdir / "manifest.yaml"
    data = yaml.safe_load(manifest.read_text())
    data["editions"].append(climbing)
    manifest.write_text(yaml.safe_dump(data, sort_keys=False))
    line = next(n for n, text in enumerate(manifest.read_text().splitlines(), 1) if "elsewhere" in text)
    result = run_fwtui("check", kdir, timeout=30)
    checked_problem(result, manifest, f"edition id {climbing!r} must be", line=line)
    assert "elsewhere/edition.yaml" not in result.out, "nothing outside was opened"


def test_symlinks_that_leave_the_directory_are_reported_not_followed(kdir, tmp_path):
    criteria = kdir / "editions" / "e1" / "criteria"
    link = criteria / "c00001.yaml"
    outside = _outside_copy(kdir, tmp_path, "c00001.yaml")
    link.unlink()
    link.symlink_to(outside)
    result = run_fwtui("check", kdir, timeout=30)
    checked_problem(result, link, "outside the knowledge directory")


def test_a_criteria_folder_outside_the_directory_is_reported(kdir, tmp_path):
    import shutil

    criteria = kdir / "editions" / "e1" / "criteria"
    shutil.move(criteria, tmp_path / "moved")
    criteria.symlink_to(tmp_path / "moved")
    checked_problem(run_fwtui("check", kdir, timeout=30), criteria, "outside the knowledge directory")


def test_symlinks_that_stay_inside_are_followed(kdir, tmp_path, cli):
    edition = kdir / "editions" / "e1" / "edition.yaml"
    shared = kdir / "shared"
    shared.mkdir()
    edition.rename(shared / "e1.yaml")
    edition.symlink_to("../../shared/e1.yaml")
    linked_root = tmp_path / "linked"
    linked_root.symlink_to(kdir)
    assert cli("check", linked_root).status == 0


def test_fifo_in_place_of_a_file_does_not_hang(kdir):
    fifo = kdir / "editions" / "e1" / "criteria" / "pipe.yaml"
    os.mkfifo(fifo)
    result = run_fwtui("check", kdir, timeout=30)
    checked_problem(result, fifo, "not a regular file")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(kdir):
    path = criterion_path(kdir, 1)
    path.chmod(0)
    try:
        checked_problem(run_fwtui("check", kdir, timeout=30), path, "permission denied")
    finally:
        path.chmod(0o644)


def _deny(monkeypatch, target: Path) -> None:
    """Make ``target`` unreadable to this process, whichever way the loader opens it."""
    denied = os.fspath(target)
    real_os_open, real_open = os.open, builtins.open

    def os_open(path, *args, **kwargs):
        if os.fspath(path) == denied:
            raise PermissionError(13, "Permission denied", denied)
        return real_os_open(path, *args, **kwargs)

    def open_(file, *args, **kwargs):
        if not isinstance(file, int) and os.fspath(file) == denied:
            raise PermissionError(13, "Permission denied", denied)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", open_)


def test_unreadable_criterion_simulated(kdir, cli, monkeypatch):
    path = criterion_path(kdir, 1)
    _deny(monkeypatch, path)
    result = cli("check", kdir)
    line = checked_problem(result, path, "permission denied")
    assert line == f"{path}: permission denied"


def test_unreadable_manifest_simulated(kdir, cli, monkeypatch):
    _deny(monkeypatch, kdir / "manifest.yaml")
    result = cli("check", kdir)
    message = assert_one_line_error(result, 1)
    assert "manifest.yaml" in message and "permission denied" in message
    assert cli("export", "--knowledge", kdir, "-o", "-").status == 2


def test_directory_in_place_of_criterion_file(kdir, cli):
    path = kdir / "editions" / "e1" / "criteria" / "x.yaml"
    path.mkdir()
    checked_problem(cli("check", kdir), path, "is a directory")
    assert load_knowledge(kdir).knowledge.edition("e1") is not None


def test_directory_in_place_of_edition_file(kdir, cli):
    path = kdir / "editions" / "e1" / "edition.yaml"
    path.unlink()
    path.mkdir()
    result = cli("check", kdir)
    assert result.status == 1 and "Traceback" not in result.err
    assert f"{path}: is a directory" in result.out


def test_directory_in_place_of_manifest(kdir, cli):
    path = kdir / "manifest.yaml"
    path.unlink()
    path.mkdir()
    message = assert_one_line_error(cli("check", kdir), 1)
    assert "manifest.yaml" in message and "directory" in message


# --- tags and shapes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object:fwtui.model.Source {{title: x, url: y}}",
        "!!python/name:os.system",
        "!custom thing",
        "!!binary aGVsbG8=",
        "!!set {{a, b}}",
    ],
)
def test_unusual_tags_are_refused_not_constructed(kdir, tmp_path, value):
    marker = tmp_path / "pwned"
    text = criterion_path(kdir, 1).read_text().replace("title: Criterion 1", "title: " + value.format(marker=marker))
    path = bad_criterion(kdir, text)
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l.startswith("title: "))
    result = run_fwtui("check", kdir, timeout=30)
    checked_problem(result, path, "unsupported tag", line=line)
    assert not marker.exists()


def test_missing_knowledge_directory(tmp_path, cli):
    missing = tmp_path / "nowhere"
    message = assert_one_line_error(cli("check", missing), 1)
    assert str(missing) in message
    assert_one_line_error(cli("export", "--knowledge", missing, "-o", "-"), 2)
    assert_one_line_error(cli("dump", "--json", "--knowledge", missing), 2)
    result = run_fwtui("check", missing)
    assert_one_line_error(result, 1)


def test_knowledge_path_is_a_file(tmp_path, cli):
    file = tmp_path / "file.yaml"
    file.write_text("a: 1\n")
    message = assert_one_line_error(cli("check", file), 1)
    assert "not a directory" in message


def test_missing_manifest(tmp_path, cli):
    (tmp_path / "empty").mkdir()
    message = assert_one_line_error(cli("check", tmp_path / "empty"), 1)
    assert "manifest.yaml" in message


@pytest.mark.parametrize("text,kind", [("- a\n- b\n", "list"), ("", "nothing"), ("just text\n", "text"), ("42\n", "number")])
def test_manifest_that_is_not_a_mapping(kdir, cli, text, kind):
    (kdir / "manifest.yaml").write_text(text)
    message = assert_one_line_error(cli("check", kdir), 1)
    assert "manifest.yaml" in message and "mapping" in message and kind in message
    with pytest.raises(KnowledgeError):
        load_knowledge(kdir)


def test_criterion_that_is_a_list(kdir, cli):
    path = bad_criterion(kdir, "- id: c00001\n- title: x\n")
    checked_problem(cli("check", kdir), path, "expected a mapping at the top, found a list", line=1)


@pytest.mark.parametrize(
    "frameworks",
    ["frameworks: nope", "frameworks: []", "frameworks:\n- just-a-string", "frameworks:\n- {id: tie, name: T, language: python, module: t}"],
)
def test_manifest_without_usable_frameworks(kdir, cli, frameworks):
    path = kdir / "manifest.yaml"
    text = path.read_text()
    start = text.index("frameworks:")
    end = text.index("categories:")
    path.write_text(text[:start] + frameworks + "\n" + text[end:])
    result = cli("check", kdir)
    assert result.status == 1
    assert "Traceback" not in result.err
    assert_one_line_error(cli("export", "--knowledge", kdir, "-o", "-"), 2)


def test_hostile_knowledge_refused_by_export_and_dump(kdir, cli):
    bad_criterion(kdir, BILLION_LAUGHS)
    for argv in (("export", "--knowledge", kdir, "-o", "-"), ("dump", "--json", "--knowledge", kdir)):
        result = cli(*argv)
        message = assert_one_line_error(result, 2)
        assert "aliases" in message
        assert result.out == ""


def _paths(data, prefix=()):
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return
    for key, value in items:
        yield prefix + (key,)
        yield from _paths(value, prefix + (key,))


def test_any_field_of_any_type_never_crashes(tmp_path):
    """Every field of every kind of file, replaced by a value of the wrong shape: problems, never an exception."""
    import datetime as dt
    import json
    import shutil

    import yaml

    from factory import make_knowledge
    from fwtui.dump import knowledge_as_json
    from fwtui.export import Decision, render
    from fwtui.scoring import default_priorities

    base = make_knowledge(tmp_path / "base", criteria=2,
                          presets=[{"id": "p", "title": "P", "description": "d", "priorities": {"c00000": "high"}}])
    relative = [Path("manifest.yaml"), Path("editions/e1/edition.yaml"), Path("editions/e1/criteria/c00000.yaml")]
    cases = 0
    for rel in relative:
        original = yaml.safe_load((base / rel).read_text())
        for where in list(_paths(original)):
            for value in ([1], {"a": 1}, True, None, ""):
                root = tmp_path / f"case{cases}"
                shutil.copytree(base, root)
                data = yaml.safe_load((root / rel).read_text())
                parent = data
                for key in where[:-1]:
                    parent = parent[key]
                parent[where[-1]] = value
                (root / rel).write_text(yaml.safe_dump(data))
                try:
                    result = load_knowledge(root)
                except KnowledgeError:
                    continue
                finally:
                    cases += 1
                knowledge = result.knowledge
                if knowledge is None:
                    assert result.problems
                    continue
                for edition in knowledge.editions:
                    decision = Decision(knowledge, edition, default_priorities(edition), dt.date(2026, 1, 1), None, True)
                    render(decision)
                    render(decision, "madr")
                json.dumps(knowledge_as_json(knowledge, knowledge.editions))
                shutil.rmtree(root)
    assert cases > 200
