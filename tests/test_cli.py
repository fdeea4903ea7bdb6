"""The ``fwtui`` command line as users and scripts run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import fwtui
from corehelp import Result, assert_one_line_error, run_fwtui
from factory import make_knowledge

ENTRY_POINT = Path(sys.executable).with_name("fwtui")


def shipped_version_line() -> str:
    from fwtui.loader import load_knowledge
    from fwtui.paths import embedded_knowledge

    content = load_knowledge(embedded_knowledge()).knowledge.content_version
    return f"fwtui {fwtui.__version__}, knowledge content {content}"


def test_version_names_the_shipped_knowledge_content(cli):
    result = cli("--version")
    assert result.status == 0
    assert result.out.strip() == shipped_version_line()


def test_version_names_the_content_of_the_knowledge_given_before_it(cli, kdir, tmp_path):
    assert cli("--knowledge", kdir, "--version").out.strip() == f"fwtui {fwtui.__version__}, knowledge content test.1"
    missing = cli("--knowledge", tmp_path / "nowhere", "--version")
    assert missing.status == 0
    assert missing.out.strip() == f"fwtui {fwtui.__version__}, no usable knowledge ({tmp_path / 'nowhere'}: no such directory)"


def test_version_through_the_entry_point():
    assert ENTRY_POINT.exists(), "the package installs an fwtui command"
    env = {k: v for k, v in os.environ.items() if k != "FWTUI_KNOWLEDGE"}
    proc = subprocess.run([str(ENTRY_POINT), "--version"], capture_output=True, text=True, timeout=30, env=env)
    assert proc.returncode == 0
    assert proc.stdout.strip() == shipped_version_line()


@pytest.mark.parametrize("stdin", [subprocess.DEVNULL, None])
def test_the_explorer_without_a_terminal_says_so_at_once(kdir, stdin):
    """From a script or CI job (no terminal on stdin or on stderr, where Textual draws): one line, not a hang."""
    proc = subprocess.run([sys.executable, "-m", "fwtui.cli", "--knowledge", str(kdir), "--fresh"], stdin=stdin,
                          capture_output=True, text=True, timeout=60)
    line = assert_one_line_error(Result(proc.returncode, proc.stdout, proc.stderr), 2)
    assert "needs a terminal" in line and "fwtui export" in line
    assert proc.stdout == ""


def test_help_lists_every_subcommand(cli):
    result = cli("--help")
    assert result.status == 0
    for command in ("check", "export", "dump"):
        assert command in result.out
    assert "--knowledge" in result.out and "FWTUI_KNOWLEDGE" in result.out


@pytest.mark.parametrize("command", ["check", "export", "dump"])
def test_subcommand_help(cli, command):
    result = cli(command, "--help")
    assert result.status == 0
    assert "--knowledge" in result.out
    assert f"fwtui {command}" in result.out


def test_help_through_a_real_process():
    result = run_fwtui("--help")
    assert result.status == 0
    assert all(command in result.out for command in ("check", "export", "dump"))


def test_unknown_command_is_a_usage_error(cli):
    result = cli("frobnicate")
    assert "invalid choice" in assert_one_line_error(result, 2)


@pytest.mark.parametrize("argv, words", [
    (("--bogus",), "unrecognized arguments: --bogus ('fwtui --help' lists the options)"),
    (("export",), "the following arguments are required: -o/--output ('fwtui export --help' lists the options)"),
    (("export", "-o", "-", "--format", "xx"), "argument --format: invalid choice: 'xx'"),
    (("--knowledge", "", "check"), "argument --knowledge: an empty path"),
    (("export", "-o", ""), "argument -o/--output: an empty path"),
    (("diff", " "), "argument DECISION.md: an empty path"),
])
def test_usage_errors_are_one_line_and_an_empty_path_is_one(cli, argv, words):
    """Not argparse's usage block; and '--knowledge \"$UNSET\"' does not quietly mean the shipped knowledge."""
    assert words in assert_one_line_error(cli(*argv), 2)


def test_a_loop_of_links_given_as_knowledge_is_named_as_such(cli, tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to(loop.name)
    assert assert_one_line_error(cli("check", loop), 1) == f"fwtui: {loop}: too many levels of symbolic links"


def test_commands_do_not_import_textual(kdir, tmp_path):
    code = (
        "import sys\nfrom fwtui.cli import main\n"
        f"assert main(['check', {str(kdir)!r}]) == 0\n"
        f"assert main(['export', '--knowledge', {str(kdir)!r}, '-o', {str(tmp_path / 'x.md')!r}, '--snippets']) == 0\n"
        f"assert main(['dump', '--json', '--knowledge', {str(kdir)!r}]) == 0\n"
        "print('textual' in sys.modules, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "False"


def test_environment_variable_chooses_knowledge(kdir, tmp_path):
    result = run_fwtui("check", env={"FWTUI_KNOWLEDGE": str(kdir)}, cwd=str(tmp_path))
    assert result.status == 0, result.err
    assert result.out.startswith(f"ok: {kdir}:")
    exported = run_fwtui("export", "-o", "-", "--date", "2026-01-01", env={"FWTUI_KNOWLEDGE": str(kdir)})
    assert exported.status == 0 and "content version test.1" in exported.out


def test_knowledge_option_beats_environment(kdir, tmp_path):
    other = make_knowledge(tmp_path / "other", criteria=2)
    result = run_fwtui("--knowledge", other, "check", env={"FWTUI_KNOWLEDGE": str(kdir)})
    assert result.status == 0 and f"ok: {other}:" in result.out
    result = run_fwtui("check", "--knowledge", other, env={"FWTUI_KNOWLEDGE": str(kdir)})
    assert result.status == 0 and f"ok: {other}:" in result.out


def test_check_exit_codes_in_a_real_process(kdir):
    good = run_fwtui("check", kdir)
    assert good.status == 0 and len(good.out.splitlines()) == 1 and good.err == ""
    (kdir / "editions" / "e1" / "criteria" / "c00003.yaml").write_text("id: c00003\ncolour: red\n")
    bad = run_fwtui("check", kdir)
    assert bad.status == 1
    assert "Traceback" not in bad.err
    assert all(line.startswith(str(kdir / "editions" / "e1" / "criteria" / "c00003.yaml") + ":")
               for line in bad.out.splitlines())
    assert len(bad.out.splitlines()) >= 5  # unknown field, and each missing field


def test_export_and_dump_refuse_broken_knowledge(cli, kdir):
    (kdir / "editions" / "e1" / "criteria" / "c00002.yaml").write_text("id: c00002\n")
    for argv in (("export", "--knowledge", kdir, "-o", "-"), ("dump", "--json", "--knowledge", kdir)):
        result = cli(*argv)
        message = assert_one_line_error(result, 2)
        assert "c00002.yaml" in message and "fwtui check" in message
        assert result.out == ""


def test_three_frameworks_are_data(kdir3, tmp_path):
    check = run_fwtui("check", kdir3)
    assert check.status == 0, check.out + check.err
    assert "3 frameworks" in check.out
    target = tmp_path / "three.md"
    export = run_fwtui("export", "--knowledge", kdir3, "-o", target, "--date", "2026-01-01")
    assert export.status == 0, export.err
    text = target.read_text(encoding="utf-8")
    table = text.split("## Scoreboard\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [row.split("|")[1].strip() for row in table[2:]] == ["PyTorch", "TensorFlow", "JAX"]
    dump = run_fwtui("dump", "--json", "--knowledge", kdir3)
    data = json.loads(dump.out)
    assert [f["id"] for f in data["frameworks"]] == ["pytorch", "tensorflow", "jax"]
    assert {s["framework"] for c in data["editions"][0]["criteria"] for s in c["snippets"]} == {"pytorch", "tensorflow", "jax"}
    assert [c["verdict"] for c in data["editions"][0]["criteria"]] == ["pytorch", "tensorflow", "jax", "jax", "tie", None, "pytorch"]


def test_dump_into_a_closed_pipe_is_quiet(tmp_path):
    root = make_knowledge(tmp_path / "big", criteria=300)
    proc = subprocess.run(
        f"{sys.executable} -m fwtui.cli dump --json --knowledge {root} | head -c 100 > /dev/null",
        shell=True, capture_output=True, text=True, timeout=60,
        env={k: v for k, v in os.environ.items() if k != "FWTUI_KNOWLEDGE"},
    )
    assert "Traceback" not in proc.stderr
    assert proc.stderr == ""


def test_explorer_refuses_knowledge_whose_every_edition_is_broken(cli, kdir):
    """The manifest reads, but no edition does: one line and exit 2 before the screen takes over."""
    (kdir / "editions" / "e1" / "edition.yaml").write_text("title: [unclosed\n")
    result = cli("--knowledge", kdir, "--fresh")
    message = assert_one_line_error(result, 2)
    assert "no usable edition" in message and "edition.yaml:" in message
