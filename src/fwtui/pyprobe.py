"""What a Python interpreter has, found without importing a single framework.

fwtui uses this file two ways: imported, for the interpreter fwtui runs on
(:func:`fwtui.envinfo.find_modules`), and as a script that another interpreter
(a conda env, a project venv) runs with ``python -c SOURCE MODULE...``, printing
one JSON object (:func:`fwtui.envinfo.probe_python`). So it uses the standard
library only, imports nothing of fwtui, and keeps to syntax Python 3.6 reads;
versions need ``importlib.metadata`` (3.8+) and are left unknown before that.
"""

import importlib.util
import json
import os
import sys


def _spec(module):
    try:
        return importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None


try:
    from importlib import metadata
except ImportError:  # before Python 3.8
    metadata = None


def _distributions():
    """Top-level module name -> the distributions that provide it ({} when unknowable)."""
    if metadata is None:
        return {}
    try:
        if hasattr(metadata, "packages_distributions"):
            return metadata.packages_distributions()
        found = {}  # Python 3.8 and 3.9: read top_level.txt, as packages_distributions does
        for dist in metadata.distributions():
            for name in (dist.read_text("top_level.txt") or "").split():
                found.setdefault(name, []).append(dist.metadata["Name"])
        return found
    except Exception:  # broken metadata somewhere in site-packages
        return {}


def find(modules):
    """For each top-level module name: is it there, from which distribution, which version, where."""
    distributions = None
    found = []
    for module in modules:
        entry = {"module": module, "installed": False, "version": None, "distribution": None, "location": None}
        found.append(entry)
        spec = _spec(module)
        if spec is None:
            continue
        entry["installed"] = True
        location = spec.origin if spec.origin not in (None, "built-in", "frozen") else None
        if location is None and spec.submodule_search_locations:
            location = next(iter(spec.submodule_search_locations), None)
        entry["location"] = location
        if distributions is None:
            distributions = _distributions()
        for candidate in distributions.get(module, ()):
            try:
                entry["version"], entry["distribution"] = metadata.version(candidate), candidate
                break
            except metadata.PackageNotFoundError:
                continue
    return found


def describe(modules):
    """The interpreter itself (version, prefix, can pip install into it) and the modules asked about."""
    import platform
    import sysconfig

    in_venv = sys.prefix != getattr(sys, "base_prefix", sys.prefix)
    # PEP 668: pip refuses to install outside a venv when the distribution placed this marker.
    marker = os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
    return {
        "version": platform.python_version(),
        "executable": sys.executable,
        "prefix": sys.prefix,
        "pip": _spec("pip") is not None,
        "externally_managed": not in_venv and os.path.isfile(marker),
        "modules": find(modules),
    }


if __name__ == "__main__":
    print(json.dumps(describe(sys.argv[1:])))
