"""`fwtui verify` and the snippet runner the explorer shares: pass, fail, skip, timeout, cancel.

Frameworks here are stand-ins: a framework's module is pointed at one that exists (``json``)
or one that does not, so nothing needs torch or tensorflow.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import os
import re
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from corehelp import assert_one_line_error, criterion_path, edit_yaml
from factory import make_knowledge
from fwtui.loader import load_knowledge
from fwtui.verify import (
    CANCELLED,
    FAIL,
    PASS,
    SKIP,
    TIMEOUT,
    Options,
    SnippetRun,
    VerifyError,
    error_line,
    probe_modules,
    run_job,
    run_job_async,
    select,
)

SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed, (\d+) skipped$")


def set_modules(root: Path, **modules: str) -> None:
    def change(data):
        for framework in data["frameworks"]:
            if framework["id"] in modules:
                framework["module"] = modules[framework["id"]]

    edit_yaml(root / "manifest.yaml", change)


def set_code(root: Path, n: int, framework: str, code: str, **extra) -> None:
    def change(data):
        data["snippets"][framework][0].update(code=code, **extra)

    edit_yaml(criterion_path(root, n), change)


def summary(out: str) -> tuple[int, int, int]:
    lines = [line for line in out.splitlines() if line.strip()]
    match = SUMMARY.match(lines[-1])
    assert match, f"last line is not the summary: {lines[-1]!r}"
    return tuple(int(g) for g in match.groups())


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purposes.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return True


@pytest.fixture
def kv(tmp_path) -> Path:
    """Two criteria; pytorch's module is ``json`` (present), tensorflow's is missing."""
    root = make_knowledge(tmp_path / "k", criteria=2)
    set_modules(root, pytorch="json", tensorflow="fwtui_no_such_module_xyz")
    return root


def knowledge_of(root: Path):
    result = load_knowledge(root)
    assert result.ok, result.problems
    return result.knowledge


# --- the command --------------------------------------------------------------------------------


def test_passes_and_skips_with_a_line_each(cli, kv):
    result = cli("verify", "--knowledge", kv)
    assert result.status == 0, result.out + result.err
    lines = result.out.splitlines()
    assert re.search(r"^PASS  e1/c00000  pytorch: pytorch way \(\d+\.\d s\)$", result.out, re.M), result.out
    assert re.search(r"^PASS  e1/c00001  pytorch: pytorch way \(\d+\.\d s\)$", result.out, re.M)
    assert "SKIP  e1/c00000  tensorflow: tensorflow way — skipped (fwtui_no_such_module_xyz not installed)" in lines
    assert summary(result.out) == (2, 0, 2)
    assert result.err == ""


def test_failure_reports_the_last_error_line_and_exits_1(cli, kv):
    set_code(kv, 1, "pytorch", "print('about to fail')\nraise ValueError('boom at line two')\n")
    result = cli("verify", "--knowledge", kv)
    assert result.status == 1
    assert re.search(r"^FAIL  e1/c00001  pytorch: pytorch way \(\d+\.\d s\) — ValueError: boom at line two$",
                     result.out, re.M), result.out
    assert summary(result.out) == (1, 1, 2)
    assert "Traceback" not in result.out  # only the last error line, unless -v


def test_verbose_shows_the_end_of_a_failure(cli, kv):
    set_code(kv, 0, "pytorch", "import sys\nsys.exit('custom message')\n")
    result = cli("verify", "--knowledge", kv, "--criterion", "c00000", "-v")
    assert result.status == 1
    assert "— custom message" in result.out
    assert "    | custom message" in result.out


def test_timeout_kills_in_bounded_time_and_counts_as_failed(cli, kv):
    set_code(kv, 0, "pytorch", "import time\ntime.sleep(600)\n")
    started = time.monotonic()
    result = cli("verify", "--knowledge", kv, "--timeout", "1", "--framework", "pytorch")
    took = time.monotonic() - started
    assert took < 120, took  # far below the snippet's own 600 s: it was killed, not waited for
    assert result.status == 1
    assert re.search(r"^TIMEOUT  e1/c00000  pytorch: pytorch way \(1\.\d s\) — killed after 1 s$",
                     result.out, re.M), result.out
    assert "1 timed out (counted as failed)" in result.out
    assert summary(result.out) == (1, 1, 0)


def test_timeout_kills_the_whole_process_group(cli, kv, tmp_path):
    pidfile = tmp_path / "grandchild.pid"
    set_code(kv, 0, "pytorch", (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(pidfile)!r}, 'w').write(str(child.pid))\n"
        "time.sleep(60)\n"
    ))
    started = time.monotonic()
    result = cli("verify", "--knowledge", kv, "--criterion", "c00000", "--framework", "pytorch", "--timeout", "2")
    assert time.monotonic() - started < 50  # the snippet would sleep 60 s
    assert "TIMEOUT" in result.out
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid), "the snippet's own child outlived the timeout"


def test_all_skipped_exits_0_and_says_so(cli, kv):
    set_modules(kv, pytorch="fwtui_also_missing")
    result = cli("verify", "--knowledge", kv)
    assert result.status == 0
    assert "every selected snippet was skipped: nothing ran" in result.out
    assert summary(result.out) == (0, 0, 4)


def test_filters_select_what_runs_and_nothing_else_runs(cli, kv, tmp_path):
    marker = tmp_path / "ran"
    set_code(kv, 1, "pytorch", f"open({str(marker)!r}, 'w').write('x')\n")
    result = cli("verify", "--knowledge", kv, "--edition", "e1", "--criterion", "c00000", "--framework", "pytorch")
    assert result.status == 0
    assert summary(result.out) == (1, 0, 0)
    assert "c00001" not in result.out
    assert not marker.exists()
    cli("verify", "--knowledge", kv, "--criterion", "c00001", "--framework", "pytorch")
    assert marker.exists()


def test_not_runnable_and_non_python_snippets(cli, kv):
    set_code(kv, 0, "pytorch", "raise SystemExit(3)\n", runnable=False)
    set_code(kv, 1, "pytorch", "echo hi\n", language="bash")
    result = cli("verify", "--knowledge", kv, "--framework", "pytorch")
    assert result.status == 0, result.out
    assert "SKIP  e1/c00001  pytorch: pytorch way — skipped (bash code is not run)" in result.out
    assert "1 snippet not marked runnable, not run" in result.out
    assert summary(result.out) == (0, 0, 1)


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["--edition", "e9"], "unknown edition 'e9'; choose one of e1"),
        (["--framework", "mxnet"], "unknown framework 'mxnet'; choose one of pytorch, tensorflow"),
        (["--criterion", "nope"], "unknown criterion 'nope'; choose one of c00000, c00001"),
        (["--edition", "e1", "--criterion", "nope"], "unknown criterion 'nope' in edition e1; choose one of c00000"),
        (["--timeout", "soon"], "--timeout 'soon' must be a number of seconds above 0"),
        (["--timeout", "-1"], "--timeout '-1' must be a number of seconds above 0"),
        (["--python", "/no/such/python"], "--python /no/such/python: no such executable"),
    ],
)
def test_bad_choices_are_one_line_errors(cli, kv, argv, names):
    result = cli("verify", "--knowledge", kv, *argv)
    line = assert_one_line_error(result, 1)
    assert names in line
    assert result.out == ""


def test_an_interpreter_that_is_not_python(cli, kv, tmp_path):
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho 'this is no python' >&2\nexit 3\n")
    fake.chmod(0o755)
    line = assert_one_line_error(cli("verify", "--knowledge", kv, "--python", fake), 1)
    assert "is not a usable Python interpreter: this is no python" in line


def test_python_option_chooses_the_interpreter(cli, kv, tmp_path):
    venv_python = tmp_path / "py"
    venv_python.symlink_to(sys.executable)
    set_code(kv, 0, "pytorch", "import sys; print(sys.executable)\n")
    result = cli("verify", "--knowledge", kv, "--python", venv_python, "--framework", "pytorch")
    assert result.status == 0
    assert f"with {venv_python}," in result.out.splitlines()[0]


def test_no_runnable_snippets(cli, tmp_path):
    root = make_knowledge(tmp_path / "k", criteria=1)

    def change(data):
        for snippets in data["snippets"].values():
            snippets[0]["runnable"] = False

    edit_yaml(criterion_path(root, 0), change)
    result = cli("verify", "--knowledge", root)
    assert result.status == 0
    assert "no runnable snippets selected" in result.out
    assert summary(result.out) == (0, 0, 0)


# --- the versions an edition states (verified_on) ------------------------------------------------

PYYAML = importlib.metadata.version("pyyaml")
"""A package the test interpreter has, at a version the tests read rather than assume."""


def state_versions(root: Path, versions: dict[str, str]) -> None:
    edit_yaml(root / "editions" / "e1" / "edition.yaml", lambda data: data.update(verified_on=versions))


def test_stated_versions_that_differ_fail_the_run_with_a_line_each(cli, kv):
    state_versions(kv, {"pyyaml": "0.0.1", "fwtui-no-such-dist": "1.0"})
    result = cli("verify", "--knowledge", kv, "--framework", "pytorch", "--require-stated-versions")
    assert result.status == 1, result.out + result.err
    lines = result.out.splitlines()
    assert f"version mismatch: edition e1 states pyyaml 0.0.1, this interpreter has pyyaml {PYYAML}" in lines
    assert ("version mismatch: edition e1 states fwtui-no-such-dist 1.0, "
            "this interpreter has no fwtui-no-such-dist installed") in lines
    assert lines[-3] == "--require-stated-versions: 2 stated versions differ from this interpreter's, so this run fails"
    assert summary(result.out) == (2, 0, 0)  # the snippets themselves passed


def test_differing_versions_are_reported_but_do_not_fail_without_the_flag(cli, kv):
    state_versions(kv, {"pyyaml": "0.0.1"})
    result = cli("verify", "--knowledge", kv, "--framework", "pytorch")
    assert result.status == 0, result.out
    assert f"version mismatch: edition e1 states pyyaml 0.0.1, this interpreter has pyyaml {PYYAML}" in result.out


def test_stated_versions_that_match_pass(cli, kv):
    state_versions(kv, {"PyYAML": PYYAML})  # a distribution name matches as pip spells it either way
    result = cli("verify", "--knowledge", kv, "--framework", "pytorch", "--require-stated-versions")
    assert result.status == 0, result.out
    assert result.out.splitlines()[1] == f"edition e1: snippets verified on PyYAML {PYYAML}; this interpreter has the same"
    assert "mismatch" not in result.out


def test_an_edition_that_states_no_versions_fails_only_with_the_flag(cli, kv):
    result = cli("verify", "--knowledge", kv, "--framework", "pytorch")
    assert result.status == 0
    assert "edition e1: the versions its snippets were verified on are not recorded" in result.out.splitlines()
    result = cli("verify", "--knowledge", kv, "--framework", "pytorch", "--require-stated-versions")
    assert result.status == 1
    assert "--require-stated-versions: edition e1 states no verified_on versions, so this run fails" in result.out


def test_versions_are_those_of_the_snippet_interpreter(cli, kv, tmp_path):
    """--python decides: a package only the snippet interpreter has is found there, at its version."""
    site = tmp_path / "site"
    (site / "fwtuifake-9.9.dist-info").mkdir(parents=True)
    (site / "fwtuifake-9.9.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: fwtuifake\nVersion: 9.9\n")
    python = tmp_path / "python"
    python.write_text(f'#!/bin/sh\nPYTHONPATH={site} exec {sys.executable} "$@"\n')
    python.chmod(0o755)
    state_versions(kv, {"fwtuifake": "9.9"})
    result = cli("verify", "--knowledge", kv, "--framework", "pytorch", "--require-stated-versions")
    assert result.status == 1 and "this interpreter has no fwtuifake installed" in result.out
    result = cli("verify", "--knowledge", kv, "--framework", "pytorch", "--require-stated-versions", "--python", python)
    assert result.status == 0, result.out
    assert "edition e1: snippets verified on fwtuifake 9.9; this interpreter has the same" in result.out


# --- the runner the explorer uses ------------------------------------------------------------------


def test_select_and_probe(kv):
    knowledge = knowledge_of(kv)
    jobs = select(knowledge, framework="pytorch")
    assert [(j.edition, j.criterion, j.snippet.framework, j.module) for j in jobs] == [
        ("e1", "c00000", "pytorch", "json"), ("e1", "c00001", "pytorch", "json"),
    ]
    assert probe_modules(["json", "fwtui_no_such_module_xyz", "os.path"]) == {
        "json": True, "fwtui_no_such_module_xyz": False, "os.path": True,
    }
    with pytest.raises(VerifyError, match="choose one of e1"):
        select(knowledge, edition="2017")


def test_snippets_run_on_cpu_unless_gpu_is_asked(kv, tmp_path):
    set_code(kv, 0, "pytorch", "import os; print(repr(os.environ.get('CUDA_VISIBLE_DEVICES')), os.getcwd())\n")
    job = select(knowledge_of(kv), criterion="c00000", framework="pytorch")[0]
    environ = {**os.environ, "CUDA_VISIBLE_DEVICES": "0,1"}
    cpu = run_job(job, Options(environ=environ, timeout=30))
    assert cpu.status == PASS
    printed, cwd = cpu.stdout.split()
    assert printed == "''"
    assert "fwtui-verify-" in cwd and not Path(cwd).exists(), "runs in its own temp dir, removed afterwards"
    gpu = run_job(job, Options(environ=environ, timeout=30, gpu=True))
    assert gpu.stdout.split()[0] == "'0,1'"


def test_run_job_skips_when_told_the_module_is_missing(kv):
    job = select(knowledge_of(kv), criterion="c00000", framework="tensorflow")[0]
    outcome = run_job(job, Options(), available={"fwtui_no_such_module_xyz": False})
    assert (outcome.status, outcome.detail) == (SKIP, "skipped (fwtui_no_such_module_xyz not installed)")


def test_cancel_from_another_thread_streams_output_and_stops_quickly(kv):
    set_code(kv, 0, "pytorch", "print('started', flush=True)\nimport time\ntime.sleep(600)\n")
    job = select(knowledge_of(kv), criterion="c00000", framework="pytorch")[0]
    seen = threading.Event()
    lines = []

    def on_line(stream, line):
        lines.append((stream, line))
        seen.set()

    run = SnippetRun(job, Options(timeout=60), on_line=on_line).start()
    assert seen.wait(10), "output should arrive while the snippet runs"
    started = time.monotonic()
    threading.Timer(0.2, run.cancel).start()
    outcome = run.wait()
    assert time.monotonic() - started < 120  # the snippet would sleep 600 s
    assert outcome.status == CANCELLED
    assert lines[0] == ("stdout", "started\n")


async def test_async_runner_passes_fails_and_is_cancelled(kv):
    knowledge = knowledge_of(kv)
    job = select(knowledge, criterion="c00000", framework="pytorch")[0]
    outcome = await run_job_async(job, Options(timeout=30))
    assert (outcome.status, outcome.stdout) == (PASS, "pytorch 0\n")

    set_code(kv, 0, "pytorch", "import time\ntime.sleep(600)\n")
    slow = select(knowledge_of(kv), criterion="c00000", framework="pytorch")[0]
    task = asyncio.create_task(run_job_async(slow, Options(timeout=60)))
    await asyncio.sleep(0.5)
    started = time.monotonic()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.monotonic() - started < 120  # the snippet would sleep 600 s

    timed = await run_job_async(slow, Options(timeout=0.5))
    assert timed.status == TIMEOUT


def test_fail_outcome_from_the_runner(kv):
    set_code(kv, 0, "pytorch", "import fwtui_missing_thing\n")
    job = select(knowledge_of(kv), criterion="c00000", framework="pytorch")[0]
    outcome = run_job(job, Options(timeout=30))
    assert outcome.status == FAIL
    assert outcome.detail == "ModuleNotFoundError: No module named 'fwtui_missing_thing'"
    assert outcome.returncode == 1


def test_error_line_ignores_noise_after_the_traceback():
    stderr = (
        "2026-01-01 W tensorflow/core: something noisy\n"
        "Traceback (most recent call last):\n"
        '  File "snippet.py", line 3, in <module>\n'
        "    raise RuntimeError('the real problem')\n"
        "RuntimeError: the real problem\n"
        "2026-01-01 I tensorflow/core: shutting down\n"
    )
    assert error_line(stderr) == "RuntimeError: the real problem"
    assert error_line("", "last stdout line\n", 2) == "last stdout line"
    assert error_line("", "", -9) == "killed by signal 9"
    assert error_line("", "", 4) == "exit status 4"


def test_factory_snippets_are_plain_prints(kv):
    """Guard for the assumptions above: generated snippets print and are runnable."""
    data = yaml.safe_load(criterion_path(kv, 0).read_text(encoding="utf-8"))
    assert data["snippets"]["pytorch"][0] == {"title": "pytorch way", "code": "print('pytorch 0')\n", "runnable": True}


def test_require_frameworks_turns_a_missing_framework_into_a_failure(cli, kv):
    result = cli("verify", "--knowledge", kv, "--require-frameworks")
    assert result.status == 1
    assert "--require-frameworks: fwtui_no_such_module_xyz not installed, so this run fails" in result.out
    assert summary(result.out) == (2, 0, 2)
    assert cli("verify", "--knowledge", kv, "--require-frameworks", "--framework", "pytorch").status == 0


def test_sigterm_stops_verify_and_its_snippet_with_status_143(kv, tmp_path):
    """CI cancelling a job sends SIGTERM: the snippet dies with fwtui, which exits 128 + 15."""
    import signal
    import subprocess

    pidfile = tmp_path / "snippet.pid"
    set_code(kv, 0, "pytorch", f"import os, time\nopen({str(pidfile)!r}, 'w').write(str(os.getpid()))\ntime.sleep(60)\n")
    process = subprocess.Popen([sys.executable, "-m", "fwtui.cli", "verify", "--knowledge", str(kv),
                                "--criterion", "c00000", "--framework", "pytorch"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while not (pidfile.exists() and pidfile.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    snippet = int(pidfile.read_text())
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 143, (out, err)
    assert "Traceback" not in err
    deadline = time.monotonic() + 5
    while alive(snippet) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(snippet), "the snippet outlived fwtui verify"
