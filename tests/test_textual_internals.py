"""Every private Textual name fwtui relies on still exists, with the parameters fwtui passes.

If this fails after a Textual upgrade, adapt ``fwtui/widgets/textual_internals.py``:
it is the only module that uses them.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from fwtui.widgets.textual_internals import PRIVATE_NAMES

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "fwtui"
SEAM = PACKAGE / "widgets" / "textual_internals.py"


@pytest.mark.parametrize("owner, name, parameters", PRIVATE_NAMES, ids=[f"{o.__name__}.{n}" for o, n, _ in PRIVATE_NAMES])
def test_the_private_name_is_still_there(owner, name, parameters):
    if parameters is None:
        # An attribute: set on instances (App._driver) or set on the class (Tree._line_cache).
        source = inspect.getsource(owner)
        assert name in owner.__dict__ or f"self.{name}" in source, f"{owner.__name__}.{name} is gone"
    else:
        found = list(inspect.signature(getattr(owner, name)).parameters)
        assert found == list(parameters), f"{owner.__name__}.{name}{found} changed"


def test_no_other_module_uses_textual_privates():
    """A private attribute of a Textual object is read only in the seam (fwtui's own privates are fine)."""
    names = {name for _, name, _ in PRIVATE_NAMES}
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path == SEAM:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in names:
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: .{node.attr}")
            if isinstance(node, ast.FunctionDef) and node.name in names:
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: def {node.name}")
    assert not offenders, "use fwtui.widgets.textual_internals instead:\n" + "\n".join(offenders)
