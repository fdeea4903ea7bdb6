#!/usr/bin/env python3
"""Build dist/fwtui.pyz: fwtui, its knowledge and its pure-Python dependencies in one file.

    python3 tools/make_bundle.py [--output dist/fwtui.pyz]

Needs only this Python (3.10 or newer, with pip) and the package index; replaces
an earlier bundle at the output. The bundle is the wheel pip would install plus
its dependencies, chosen for the oldest supported Python so that it runs on every
supported one, without PyYAML's C extension (PyYAML then parses in pure Python)
and without what fwtui never runs (console scripts, type stubs, install records).
It also holds:

- the knowledge as the loader parsed it (a snapshot, read back by ``fwtui.cache``):
  the loader reads real folders, not the inside of a zip;
- for each CPython 3.10+ found here (PATH, pyenv), the bytecode of what start-up
  imports (see bundle_main.py, its ``__main__``): zipimport would compile every
  module's source at each start.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipapp
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OLDEST_PYTHON = "3.10"
"""The oldest Python the bundle runs on (pyproject's requires-python); dependencies are resolved for it."""
MAX_BYTES = 10_000_000
FIXED_TIME = 315532800  # 1980-01-01, the earliest a zip can store: the same sources give the same file
KEEP_IN_DIST_INFO = ("METADATA", "licenses", "LICENSE", "LICENSE.txt", "LICENSE.md", "COPYING", "AUTHORS")
"""What importlib.metadata needs (METADATA) and what the licences ask to travel with the code."""
EXTENSIONS = (".so", ".pyd")
PURE_PYTHON_FALLBACK = ("yaml",)
"""Packages whose compiled extensions may be dropped: PyYAML parses in pure Python without its own."""
DROP_SUFFIXES = (*EXTENSIONS, ".pyi", ".pyc", ".c", ".h")
DROP_FOLDERS = ("__pycache__", "bin", "tests")


class BuildError(Exception):
    """A step failed; the message says which and why."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=REPO / "dist" / "fwtui.pyz", help="default: dist/fwtui.pyz")
    args = parser.parse_args(argv)
    try:
        size = build(args.output)
    except BuildError as error:
        print(f"make_bundle: {error}", file=sys.stderr)
        return 1
    print(f"wrote {args.output} ({size / 1024 / 1024:.1f} MiB)")
    return 0


def build(output: Path) -> int:
    """Write the bundle to ``output``; its size in bytes."""
    with tempfile.TemporaryDirectory(prefix="fwtui-bundle-") as folder:
        work = Path(folder)
        wheel = build_wheel(work / "wheel")
        tree = work / "tree"
        install(wheel, tree)
        prune(tree)
        snapshot_knowledge(tree)
        shutil.copyfile(REPO / "tools" / "bundle_main.py", tree / "__main__.py")
        sources_only = work / "sources.pyz"
        archive(tree, sources_only)
        precompile(tree, started_modules(sources_only, work))
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        archive(tree, partial)
        os.replace(partial, output)
    size = output.stat().st_size
    if size > MAX_BYTES:
        raise BuildError(f"{output} is {size} bytes, over the {MAX_BYTES} the bundle may weigh")
    return size


def archive(tree: Path, target: Path) -> None:
    for path in tree.rglob("*"):  # fixed times: the same sources give the same file
        os.utime(path, (FIXED_TIME, FIXED_TIME), follow_symlinks=False)
    zipapp.create_archive(tree, target, interpreter="/usr/bin/env python3", compressed=True)


def run(step: str, command: list[str]) -> None:
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode:
        raise BuildError(f"{step} failed ({' '.join(command)}):\n{done.stdout.strip()}")


def build_wheel(folder: Path) -> Path:
    """fwtui's wheel, exactly as pip installs it (the knowledge inside the package)."""
    run("building fwtui's wheel", [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                                   "--wheel-dir", str(folder), str(REPO)])
    wheels = sorted(folder.glob("fwtui-*.whl"))
    if len(wheels) != 1:
        raise BuildError(f"expected one fwtui wheel in {folder}, found {len(wheels)}")
    return wheels[0]


def install(wheel: Path, tree: Path) -> None:
    """The wheel and its dependencies as resolved for the oldest Python, wheels only (nothing compiled here)."""
    run("installing fwtui and its dependencies", [
        sys.executable, "-m", "pip", "install", "--quiet", "--target", str(tree), "--only-binary=:all:",
        "--python-version", OLDEST_PYTHON, "--implementation", "cp", "--no-compile", str(wheel),
    ])


def prune(tree: Path) -> None:
    """Drop compiled extensions (PyYAML falls back to pure Python), stubs, scripts and install records."""
    for path in sorted(tree.rglob("*"), reverse=True):  # children before their folders
        relative = path.relative_to(tree)
        if path.is_dir():
            if path.name in DROP_FOLDERS:
                shutil.rmtree(path)
            continue
        if path.name.endswith(EXTENSIONS) and relative.parts[0] not in PURE_PYTHON_FALLBACK:
            raise BuildError(f"{relative}: a compiled extension, and its package may not work without it")
        in_dist_info = relative.parts[0].endswith(".dist-info")
        if (in_dist_info and relative.parts[1] not in KEEP_IN_DIST_INFO) or path.name.endswith(DROP_SUFFIXES):
            path.unlink()
    for folder in sorted((p for p in tree.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def snapshot_knowledge(tree: Path) -> None:
    """Parse the embedded knowledge with the bundle's own code and store the result beside it.

    Runs in an interpreter that sees only the tree (no site-packages), so the
    snapshot is what the bundle itself loads; knowledge with any problem is
    refused rather than shipped.
    """
    done = subprocess.run([sys.executable, "-S", "-E", "-B", "-c", SNAPSHOT_SCRIPT, str(tree)], capture_output=True,
                          text=True)
    if done.returncode:
        raise BuildError(f"the embedded knowledge does not load clean:\n{done.stderr.strip()}")


SNAPSHOT_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from fwtui.cache import SNAPSHOT, snapshot
package = Path(sys.argv[1], "fwtui")
data, problems = snapshot(package / "knowledge")
print(*problems, sep="\\n", file=sys.stderr)
if problems:
    sys.exit(1)
with open(package / SNAPSHOT, "xb") as stream:  # a fresh tree: nothing to overwrite
    stream.write(data)
"""


def started_modules(bundle: Path, work: Path) -> list[str]:
    """The bundle's modules that the explorer imports up to its first screen, and check, export and dump import.

    Recorded by running the source-only bundle as a user would (the explorer in a
    pseudo-terminal, quit with q), with --fresh: nothing is read or written.
    """
    record = work / "modules.txt"
    recorder = [sys.executable, "-I", "-B", "-c", RECORD_SCRIPT, str(bundle), str(record)]
    run("recording what the explorer imports",
        [sys.executable, str(REPO / ".ci" / "pty_explorer.py"), "--", *recorder, "--fresh"])
    for command in (["check"], ["export", "-o", "-", "--snippets"], ["dump", "--json"]):
        run(f"recording what {command[0]} imports", [*recorder, *command])
    return sorted(set(record.read_text(encoding="utf-8").split()))


RECORD_SCRIPT = """
import atexit, sys
bundle, record = sys.argv[1:3]
sys.path.insert(0, bundle)

def write():
    names = [name for name, module in list(sys.modules.items())
             if (getattr(module, "__file__", None) or "").startswith(bundle + "/")]
    with open(record, "a", encoding="utf-8") as stream:
        stream.write("\\n".join(names) + "\\n")

atexit.register(write)
sys.argv = ["fwtui", *sys.argv[3:]]
from fwtui.cli import main
sys.exit(main())
"""


def precompile(tree: Path, modules: list[str]) -> None:
    """Bytecode of ``modules`` for every CPython 3.10+ found here (see bundle_main.py); a notice for none."""
    (tree / "__bytecode__").mkdir()
    tags = []
    for python in pythons():
        done = subprocess.run([python, "-I", "-c", COMPILE_SCRIPT, str(tree), *modules], capture_output=True,
                              text=True)
        if done.returncode:
            raise BuildError(f"compiling for {python} failed:\n{done.stderr.strip()}")
        tags.append(f"{done.stdout.strip()} ({python})")
    print("bytecode for: " + ", ".join(tags))


COMPILE_SCRIPT = """
import marshal, os, sys
from importlib.util import MAGIC_NUMBER
tree = sys.argv[1]
compiled = {}
for name in sys.argv[2:]:
    base = name.replace(".", "/")
    relative = next(r for r in (base + "/__init__.py", base + ".py") if os.path.isfile(os.path.join(tree, r)))
    with open(os.path.join(tree, relative), "rb") as stream:
        code = compile(stream.read(), relative, "exec", dont_inherit=True)
    compiled[name] = (relative, marshal.dumps(code))
with open(os.path.join(tree, "__bytecode__", sys.implementation.cache_tag + ".marshal"), "xb") as stream:
    stream.write(marshal.dumps((MAGIC_NUMBER, compiled)))
print(sys.implementation.cache_tag)
"""


def pythons() -> list[str]:
    """This Python and every other CPython 3.10 or newer on PATH or under pyenv, one per bytecode version."""
    candidates = [sys.executable, *filter(None, (shutil.which(f"python3.{minor}") for minor in range(10, 20)))]
    candidates += sorted(str(p) for p in Path.home().glob(".pyenv/versions/3.*/bin/python3"))
    found: dict[str, str] = {}
    for python in candidates:
        done = subprocess.run([python, "-I", "-c", "import sys; print(sys.implementation.cache_tag, "
                               "sys.implementation.name == 'cpython' and sys.version_info >= (3, 10))"],
                              capture_output=True, text=True)
        tag, _, fits = done.stdout.strip().partition(" ")
        if done.returncode == 0 and fits == "True":
            found.setdefault(tag, python)
    return list(found.values())


if __name__ == "__main__":
    sys.exit(main())
