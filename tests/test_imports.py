"""Imports run one way: core, then widgets, then screens and the palette, then the app, then the CLI.

Every import is read from the source, at module level and inside functions alike, so a
lazy import cannot hide a cycle or a layer violation.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "fwtui"

UI_MODULES = {"fwtui.app", "fwtui.cli", "fwtui.commands", "fwtui.driver"}
LAYERS = ["core", "widgets", "screens", "app", "cli"]
"""Lowest first: a module may import its own layer and the layers below, never above."""


def layer_of(module: str) -> str:
    if module.startswith("fwtui.widgets"):
        return "widgets"
    if module.startswith("fwtui.screens") or module == "fwtui.commands":
        return "screens"
    if module in ("fwtui.app", "fwtui.driver"):
        return "app"
    if module == "fwtui.cli":
        return "cli"
    return "core"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module this file imports, anywhere in it, with relative imports resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = ".".join(base[: len(base) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.add(target)
            # ``from . import x`` / ``from .screens import main`` may name submodules.
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in imports_of(path) if m in modules and m != name} for name, path in modules.items()}


def test_the_walk_sees_lazy_imports():
    # A guard on the guard: the CLI imports the app only inside a function.
    assert "fwtui.app" in graph()["fwtui.cli"]


def test_no_module_imports_itself_through_others():
    edges = graph()
    cycles = []
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(edges[module]):
            if state.get(target) == "open":  # ``target`` is on the path that led here: a cycle
                path = trail + [module]
                cycles.append(" -> ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [module])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize("module", sorted(graph()))
def test_imports_stay_in_their_layer_or_below(module):
    rank = LAYERS.index(layer_of(module))
    above = sorted(m for m in graph()[module] if LAYERS.index(layer_of(m)) > rank)
    assert not above, f"{module} ({layer_of(module)}) imports a higher layer: {above}"


@pytest.mark.parametrize("module", sorted(m for m in graph() if layer_of(m) == "core"))
def test_core_modules_import_no_textual(module):
    path = next(p for p in PACKAGE.rglob("*.py") if module_name(p) == module)
    textual = sorted(m for m in imports_of(path) if m == "textual" or m.startswith("textual."))
    assert not textual, f"{module} is core and imports {textual}"


def test_every_third_party_import_is_a_declared_dependency():
    """fwtui declares what it imports (issue 11) instead of leaning on what Textual happens to pull in."""
    import re
    import sys
    from importlib.metadata import distributions, requires

    def normal(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    declared = {normal(re.match(r"[A-Za-z0-9_.-]+", r).group()) for r in requires("fwtui") or [] if "extra ==" not in r}
    top_level = {m.partition(".")[0] for path in PACKAGE.rglob("*.py") for m in imports_of(path)}
    third_party = sorted(m for m in top_level if m and m not in sys.stdlib_module_names and m not in ("fwtui", "__future__"))
    assert {"textual", "yaml", "platformdirs"} <= set(third_party), third_party  # the walk sees them
    # Which distribution installs each top-level module, from its file list: Python 3.10's
    # packages_distributions() reads only top_level.txt, which hatchling-built wheels lack.
    providers: dict[str, set[str]] = {}
    for dist in distributions():
        for file in dist.files or ():
            if file.suffix == ".py":
                providers.setdefault(file.parts[0] if len(file.parts) > 1 else file.stem, set()).add(normal(dist.metadata["Name"]))
    undeclared = {m: sorted(providers.get(m, ())) for m in third_party if not providers.get(m, set()) & declared}
    assert not undeclared, f"imported but not in [project] dependencies: {undeclared}"
