"""Real interpreters of their own, made in milliseconds, for the tests of finding and using them.

A venv is, to Python, a ``bin/python`` next to a ``pyvenv.cfg`` naming the base installation
(PEP 405): :func:`make_env` writes exactly that around a link to the Python running the tests,
and puts fake framework packages, with versions in their metadata, in its site-packages.
Running its ``bin/python`` is running another environment: its own ``sys.prefix``, its own packages.
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path


def make_env(root: Path, packages: dict[str, str], *, marker: Path | None = None) -> Path:
    """An environment at ``root`` whose site-packages holds ``{module: version}``; returns its bin/python.

    Each fake package has its ``__version__``; with ``marker``, importing it creates that file,
    so a test can tell whether anything imported it.
    """
    base = Path(sys._base_executable if hasattr(sys, "_base_executable") else sys.executable).resolve()
    bindir = root / "bin"
    bindir.mkdir(parents=True)
    python = bindir / "python"
    python.symlink_to(base)
    version = sysconfig.get_python_version()
    (root / "pyvenv.cfg").write_text(
        f"home = {base.parent}\ninclude-system-site-packages = false\nversion = {sys.version.split()[0]}\n",
        encoding="utf-8",
    )
    site = root / "lib" / f"python{version}" / "site-packages"
    site.mkdir(parents=True)
    for module, module_version in packages.items():
        package = site / module
        package.mkdir()
        touch = f"open({str(marker)!r}, 'w').close()\n" if marker else ""
        (package / "__init__.py").write_text(f"{touch}__version__ = {module_version!r}\n", encoding="utf-8")
        info = site / f"{module}-{module_version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: {module_version}\n",
                                       encoding="utf-8")
        (info / "top_level.txt").write_text(f"{module}\n", encoding="utf-8")
    return python
