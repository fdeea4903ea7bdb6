"""The Pythons a user means: the active venv and conda env, PATH, --python and fwtui's own.

Each environment here is real (a hand-made venv around this Python, see fakepython), with fake
framework packages whose versions only that environment has; asking it never imports them.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from fakepython import make_env

from fwtui import envinfo
from fwtui.envinfo import RUNS_FWTUI, Interpreter, Module, candidates, collect, find_interpreters, install_hints
from fwtui.verify import Options, probe_modules


@pytest.fixture
def conda(tmp_path) -> Path:
    return make_env(tmp_path / "conda-env", {"torch": "9.9.9", "keras": "7.7.7"}, marker=tmp_path / "imported")


def by_path(interpreters) -> dict[str, Interpreter]:
    return {i.path: i for i in interpreters}


def test_the_active_envs_come_first_and_fwtuis_own_last(tmp_path, conda, empty_path):
    venv = make_env(tmp_path / "project-venv", {"tensorflow": "8.8.8"})
    environ = {"VIRTUAL_ENV": str(venv.parent.parent), "CONDA_PREFIX": str(conda.parent.parent),
               "PATH": str(venv.parent)}  # an activated venv puts its bin/ first on PATH
    found = candidates(environ=environ)
    assert found == [(str(venv), ("$VIRTUAL_ENV", "python on PATH")), (str(conda), ("$CONDA_PREFIX",)),
                     (sys.executable, (RUNS_FWTUI,))]
    chosen = tmp_path / "chosen" / "bin" / "python3"
    make_env(tmp_path / "chosen", {})
    (chosen.parent / "python").rename(chosen)
    assert candidates(str(chosen), environ)[0] == (str(chosen), ("--python",))


def test_a_venv_linking_to_a_python_is_not_that_python(tmp_path, empty_path):
    """A venv's bin/python links to the base interpreter, yet is another environment: never merged with it."""
    env = make_env(tmp_path / "env", {})
    base = os.path.realpath(env)
    found = [path for path, _ in candidates(base, {"VIRTUAL_ENV": str(env.parent.parent)})]
    assert found[:2] == [base, str(env)]
    # The same file under another name in the same folder is the same interpreter.
    (env.parent / "python3").symlink_to("python")
    found = candidates(None, {"PATH": str(env.parent), "VIRTUAL_ENV": str(env.parent.parent)})
    assert found[0] == (str(env), ("$VIRTUAL_ENV", "python3 on PATH", "python on PATH"))


def test_each_interpreter_says_what_it_has_without_importing_it(tmp_path, conda, empty_path):
    wanted = envinfo.watched_modules(None)
    interpreters = find_interpreters(wanted, environ={"CONDA_PREFIX": str(conda.parent.parent)})
    assert [i.path for i in interpreters] == [str(conda), sys.executable]
    env = interpreters[0]
    assert env.error is None and env.found_by == ("$CONDA_PREFIX",)
    assert env.prefix == str(conda.parent.parent) and env.version == sys.version.split()[0]
    assert {m.module: m.version for m in env.modules if m.installed} == {"torch": "9.9.9", "keras": "7.7.7"}
    assert env.installed("torch").distribution == "torch"
    assert not (tmp_path / "imported").exists(), "asking an interpreter must not import its frameworks"
    assert interpreters[-1].runs_fwtui and interpreters[-1].installed("torch") is None


def test_a_shim_or_a_link_elsewhere_is_listed_once(tmp_path, conda, empty_path):
    """~/.local/bin/python3 -> the env's python: another folder, but the same interpreter once asked."""
    elsewhere = tmp_path / "local-bin"
    elsewhere.mkdir()
    (elsewhere / "python3").write_text(f"#!/bin/sh\nexec {conda} \"$@\"\n")
    (elsewhere / "python3").chmod(0o755)
    interpreters = find_interpreters(envinfo.watched_modules(None),
                                     environ={"CONDA_PREFIX": str(conda.parent.parent), "PATH": str(elsewhere)})
    assert [(i.path, i.found_by) for i in interpreters] == [
        (str(conda), ("$CONDA_PREFIX", "python3 on PATH")), (sys.executable, (RUNS_FWTUI,))]


def test_a_hanging_or_broken_interpreter_is_one_line_and_bounded(tmp_path, empty_path):
    hangs = tmp_path / "hangs"
    hangs.write_text(f"#!/bin/sh\nexec {shutil.which('sleep', path='/usr/bin:/bin')} 30\n")
    hangs.chmod(0o755)
    broken = tmp_path / "broken" / "bin" / "python"
    broken.parent.mkdir(parents=True)
    broken.write_text("#!/bin/sh\necho 'this is no python' >&2\nexit 3\n")
    broken.chmod(0o755)
    started = time.monotonic()
    interpreters = by_path(find_interpreters(envinfo.watched_modules(None), str(hangs),
                                             {"VIRTUAL_ENV": str(broken.parent.parent)}, timeout=5))
    assert time.monotonic() - started < 25  # it would hang 30 s
    assert interpreters[str(hangs)].error == f"{hangs} did not answer within 5 s"
    assert interpreters[str(broken)].error == f"{broken} is not a usable Python interpreter: this is no python"
    assert interpreters[sys.executable].error is None


def test_env_lists_every_interpreter_in_text_and_json(cli, tmp_path, conda, empty_path, monkeypatch):
    monkeypatch.setenv("CONDA_PREFIX", str(conda.parent.parent))
    result = cli("env", "--knowledge", tmp_path / "nowhere")
    assert result.status == 0, result.err
    lines = result.out.splitlines()
    heading = f"Frameworks in {conda} (Python {sys.version.split()[0]}; $CONDA_PREFIX):"
    at = lines.index(heading)
    assert lines[at + 1].split() == ["torch", "9.9.9"]
    assert lines.index(f"Frameworks in {sys.executable} (Python {sys.version.split()[0]}; runs fwtui): "
                       "none of these is installed") > at
    data = json.loads(cli("env", "--json", "--knowledge", tmp_path / "nowhere").out)
    assert data["format"] == 1
    first = data["interpreters"][0]
    assert (first["path"], first["found_by"], first["runs_fwtui"]) == (str(conda), ["$CONDA_PREFIX"], False)
    assert {f["module"]: f["version"] for f in first["frameworks"]}["torch"] == "9.9.9"
    assert [f["installed"] for f in data["frameworks"]] == [False] * 4, "fwtui's own Python, as before"


def test_env_python_option_adds_one_and_a_bad_one_is_one_line(cli, tmp_path, conda, empty_path):
    data = json.loads(cli("env", "--json", "--python", conda, "--knowledge", tmp_path / "nowhere").out)
    assert data["interpreters"][0]["found_by"] == ["--python"]
    result = cli("env", "--python", tmp_path / "no-such-python")
    assert result.status == 1 and result.out == ""
    assert result.err == f"fwtui: --python {tmp_path / 'no-such-python'}: no such executable\n"


def test_the_tensorflow_advice_counts_every_interpreter(tmp_path, empty_path, monkeypatch):
    """TensorFlow only in the user's env still earns the memory-growth advice."""
    env = make_env(tmp_path / "tf-env", {"tensorflow": "2.21.0"})
    smi = tmp_path / "smi"
    smi.mkdir()
    (smi / "nvidia-smi").write_text("#!/bin/sh\necho 'NVIDIA H100, 81559, 0'\n")
    (smi / "nvidia-smi").chmod(0o755)
    monkeypatch.setenv("PATH", str(smi))
    info = collect(None, environ={"VIRTUAL_ENV": str(env.parent.parent)})
    assert info.installed("tensorflow") is not None and info.modules[1].installed is False
    assert "tensorflow-memory-growth" in [a.id for a in info.advice]


def test_verify_asks_the_interpreter_it_runs_with(tmp_path, conda):
    assert probe_modules(["torch", "tensorflow", "json"], Options(python=str(conda))) == {
        "torch": True, "tensorflow": False, "json": True}
    assert not (tmp_path / "imported").exists()


def test_install_hints_say_what_pip_can_and_cannot_do():
    modules = (Module("torch", False, framework="pytorch", name="PyTorch"),
               Module("tensorflow", True, "2.21.0", framework="tensorflow", name="TensorFlow"),
               Module("jax", False, name="jax"))  # watched, but not one the knowledge compares
    env = Interpreter("/envs/my env/bin/python", ("$CONDA_PREFIX",), "3.11.7", modules=modules, pip=True)
    assert [(h.name, h.command) for h in install_hints(env)] == [
        ("PyTorch", "'/envs/my env/bin/python' -m pip install torch")]
    cpu = install_hints(env, cpu_only=True)
    assert [h.command for h in cpu] == [
        "'/envs/my env/bin/python' -m pip install torch",
        "'/envs/my env/bin/python' -m pip install torch --index-url https://download.pytorch.org/whl/cpu"]
    assert "CPU-only" in cpu[1].note
    system = Interpreter("/usr/bin/python3", ("python3 on PATH",), modules=modules, pip=True, externally_managed=True)
    [hint] = install_hints(system)
    assert hint.command is None and "PEP 668" in hint.note and "venv" in hint.note
    no_pip = Interpreter("/x/python", (), modules=modules, pip=False)
    assert [h.note for h in install_hints(no_pip)] == ["pip is not installed in this Python"]
    assert install_hints(Interpreter("/x/python", (), error="did not answer")) == []
