"""The one-file bundle (tools/make_bundle.py): built once, then run as a user on an offline node runs it.

The build needs the package index (pip resolves the dependencies); .ci/bundle-check
also runs it without network, under the oldest and newest Python, with a HOME
that is read-only even to root.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from corehelp import REPO, run_fwtui

MAX_BYTES = 10_000_000


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("dist") / "fwtui.pyz"
    done = subprocess.run([sys.executable, str(REPO / "tools" / "make_bundle.py"), "--output", str(output)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return output


@pytest.fixture
def node(tmp_path):
    """An empty folder to run in, and a read-only HOME with no XDG_* variables pointing elsewhere."""
    home, folder = tmp_path / "home", tmp_path / "folder"
    home.mkdir()
    folder.mkdir()
    home.chmod(0o555)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "FWTUI_"))}
    env["HOME"] = str(home)
    yield env, folder
    home.chmod(0o755)


def run_bundle(bundle: Path, node, *argv: str) -> subprocess.CompletedProcess[str]:
    env, folder = node
    return subprocess.run([sys.executable, str(bundle), *argv], capture_output=True, text=True, timeout=120,
                          env=env, cwd=folder)


def everything_under(*folders: Path) -> list[str]:
    return sorted(str(path) for folder in folders for path in folder.rglob("*"))


def test_the_bundle_is_small_and_carries_no_compiled_extension(bundle):
    assert bundle.stat().st_size <= MAX_BYTES
    names = zipfile.ZipFile(bundle).namelist()
    assert not [name for name in names if name.endswith((".so", ".pyd"))]
    assert "fwtui/knowledge/manifest.yaml" in names and "fwtui/knowledge.snapshot" in names


def test_version_check_and_export_from_an_empty_folder_with_a_read_only_home(bundle, node, tmp_path):
    version = run_bundle(bundle, node, "--version")
    installed = run_fwtui("--version")
    assert version.returncode == 0 and version.stdout == installed.out
    assert "knowledge content" in version.stdout
    check = run_bundle(bundle, node, "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith(f"ok: {bundle}/fwtui/knowledge: content ")
    exported = run_bundle(bundle, node, "export", "-o", "-", "--date", "2026-12-01", "--snippets")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("# Framework decision")
    assert exported.stdout == run_fwtui("export", "-o", "-", "--date", "2026-12-01", "--snippets").out
    assert everything_under(tmp_path / "home", tmp_path / "folder") == []


def test_dump_is_the_installed_program_s(bundle, node):
    dumped = run_bundle(bundle, node, "dump", "--json")
    assert dumped.returncode == 0, dumped.stderr
    assert json.loads(dumped.stdout) == json.loads(run_fwtui("dump", "--json").out)


def test_knowledge_of_your_own_is_read_from_its_folder(bundle, node, kdir):
    check = run_bundle(bundle, node, "check", str(kdir))
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith(f"ok: {kdir}: content test.1")


def test_start_up_imports_the_bytecode_built_for_this_python(bundle, node):
    script = (
        "import runpy, sys\n"
        "sys.argv = [sys.argv[1], 'check']\n"
        "try:\n"
        "    runpy.run_path(sys.argv[0], run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    print(done.code, type(sys.modules['fwtui.cli'].__loader__).__name__)\n"
    )
    env, folder = node
    done = subprocess.run([sys.executable, "-c", script, str(bundle)], capture_output=True, text=True,
                          timeout=120, env=env, cwd=folder)
    assert done.stdout.splitlines()[-1] == "0 BundleImporter", done.stderr


def test_a_bundle_whose_snapshot_is_damaged_says_so_in_one_line(bundle, node, tmp_path):
    damaged = tmp_path / "damaged.pyz"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename == "fwtui/knowledge.snapshot" else data)
    for argv, status in ((["check"], 1), (["export", "-o", "-"], 2), ([], 2)):
        done = run_bundle(damaged, node, *argv)
        assert (done.returncode, done.stdout) == (status, "")
        assert done.stderr == (f"fwtui: {damaged}/fwtui/knowledge: the bundle's knowledge snapshot is missing or "
                               "unreadable; build it again\n")
