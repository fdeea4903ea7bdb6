"""What this node offers: the Pythons a user may mean, their frameworks, GPUs, and advice tied to the knowledge.

fwtui usually runs in a venv of its own (pipx, the README's way) while the user's
frameworks live in a conda env or a project venv, so the interpreters looked at are
``--python``, the active ``$VIRTUAL_ENV`` and ``$CONDA_PREFIX``, ``python3`` and
``python`` on PATH, and fwtui's own last. Nothing here imports a framework: each
interpreter runs :mod:`fwtui.pyprobe` (``find_spec`` and package metadata), bounded by
a timeout, so ``fwtui env`` stays fast even with TensorFlow installed. GPUs come from
``nvidia-smi``, bounded by a timeout too.
"""

from __future__ import annotations

import inspect
import json
import os
import platform
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache

from . import pyprobe
from .model import Knowledge
from .proc import ProcessError, run_bounded

WATCHED_MODULES = ("torch", "tensorflow", "jax", "keras")
"""Looked for on every node, in addition to the modules the knowledge's frameworks name."""

ENV_VARS = {
    "CUDA_VISIBLE_DEVICES": "which GPUs CUDA programs may see (unset: all of them)",
    "TF_FORCE_GPU_ALLOW_GROWTH": "TensorFlow memory growth: 'true' takes GPU memory as needed",
}

NVIDIA_SMI = "nvidia-smi"
NVIDIA_SMI_ARGS = ("--query-gpu=name,memory.total,memory.used", "--format=csv,noheader,nounits")
NVIDIA_SMI_TIMEOUT = 5.0

JSON_FORMAT = 1
"""Version of the ``fwtui env --json`` object; bumped when a field changes meaning or goes away."""

PROBE_TIMEOUT = 15.0
"""Seconds another interpreter gets to say what it has (a cold conda env on a network disk is slow)."""

RUNS_FWTUI = "runs fwtui"
"""How fwtui's own interpreter is labelled among those found."""

PIP_NAMES = {"torch": "torch", "tensorflow": "tensorflow", "jax": "jax", "keras": "keras"}
"""The distribution pip installs for each module; a module not here gets no install command."""

CPU_WHEELS = {"torch": "https://download.pytorch.org/whl/cpu"}
"""PyTorch's CPU-only wheel index, as its 'Start Locally' selector gives it for pip on Linux without CUDA."""


@dataclass(frozen=True)
class Module:
    module: str
    installed: bool
    version: str | None = None
    distribution: str | None = None
    location: str | None = None
    framework: str | None = None
    """The knowledge's framework id for this module, when it names one."""
    name: str = ""
    """A display name: the framework's name, else the module's."""


@dataclass(frozen=True)
class Interpreter:
    """A Python the user may mean: where it was found, and what it has."""

    path: str
    """As found (a venv's bin/python, not the interpreter it links to): running it is running that env."""
    found_by: tuple[str, ...]
    """Where it came from: '--python', '$VIRTUAL_ENV', '$CONDA_PREFIX', 'python3 on PATH', ..., 'runs fwtui'."""
    version: str | None = None
    executable: str | None = None
    """``sys.executable`` as the interpreter reports it."""
    prefix: str | None = None
    modules: tuple[Module, ...] = ()
    pip: bool = False
    externally_managed: bool = False
    """PEP 668: pip refuses to install into it (a distribution's system Python outside a venv)."""
    error: str | None = None
    """One line on why it could not be asked (hung, not a Python); nothing else is known then."""

    @property
    def runs_fwtui(self) -> bool:
        return RUNS_FWTUI in self.found_by

    def installed(self, module: str) -> Module | None:
        return next((m for m in self.modules if m.module == module and m.installed), None)


@dataclass(frozen=True)
class InstallHint:
    """A command that installs a missing framework into one interpreter, or why none is offered."""

    name: str
    command: str | None
    note: str = ""


@dataclass(frozen=True)
class Gpu:
    index: int
    name: str
    memory_total_mib: int | None
    memory_used_mib: int | None


@dataclass(frozen=True)
class GpuReport:
    nvidia_smi: str | None
    """Path of nvidia-smi, or None when it is not on PATH."""
    gpus: tuple[Gpu, ...] = ()
    error: str | None = None
    """One line on why nvidia-smi gave nothing usable (failed, timed out)."""


@dataclass(frozen=True)
class Citation:
    criterion: str
    edition: str
    title: str


@dataclass(frozen=True)
class Advice:
    id: str
    message: str
    citation: Citation | None = None


@dataclass(frozen=True)
class EnvInfo:
    python_version: str
    python_executable: str
    platform: str
    modules: tuple[Module, ...]
    gpu: GpuReport
    environment: dict[str, str | None]
    advice: tuple[Advice, ...] = ()
    knowledge: dict[str, str] | None = field(default=None)
    interpreters: tuple[Interpreter, ...] = ()
    """Every Python found, fwtui's own last; ``modules`` above are its own."""

    @property
    def all_modules(self) -> list[Module]:
        """The modules of every interpreter found (fwtui's own alone when none was looked for)."""
        return [m for i in self.interpreters for m in i.modules] or list(self.modules)

    def installed(self, module: str) -> Module | None:
        """The module in the first interpreter that has it."""
        return next((m for m in self.all_modules if m.module == module and m.installed), None)

    @property
    def visible_gpus(self) -> int:
        return visible_gpu_count(len(self.gpu.gpus), self.environment.get("CUDA_VISIBLE_DEVICES"))


# --- finding modules without importing them ----------------------------------------------------


def watched_modules(knowledge: Knowledge | None) -> list[tuple[str, str | None, str]]:
    """``(module, framework id, display name)``: the knowledge's frameworks first, then the watched list."""
    seen: dict[str, tuple[str, str | None, str]] = {}
    for framework in knowledge.frameworks if knowledge else ():
        top = framework.module.split(".")[0]
        seen.setdefault(top, (top, framework.id, framework.name))
    for module in WATCHED_MODULES:
        seen.setdefault(module, (module, None, module))
    return list(seen.values())


def find_modules(wanted: Iterable[tuple[str, str | None, str]]) -> tuple[Module, ...]:
    """The ``wanted`` modules as fwtui's own interpreter has them."""
    wanted = list(wanted)
    return _modules(pyprobe.find([module for module, _, _ in wanted]), wanted)


def _modules(found: Sequence[Mapping], wanted: Sequence[tuple[str, str | None, str]]) -> tuple[Module, ...]:
    """pyprobe's answer as Modules, labelled with the knowledge's framework ids and names."""
    modules = []
    for entry, (module, framework, name) in zip(found, wanted):
        def text(key: str) -> str | None:
            value = entry.get(key)
            return value if isinstance(value, str) else None

        modules.append(Module(module, entry.get("installed") is True, text("version"), text("distribution"),
                              text("location"), framework, name))
    return tuple(modules)


# --- the interpreters a user may mean -----------------------------------------------------------


class ProbeError(Exception):
    """An interpreter could not be asked what it has; the message is one line and names it."""


def ask_python(python: str, script: str, args: Sequence[str], *, env: Mapping[str, str] | None = None,
               timeout: float = PROBE_TIMEOUT) -> object:
    """Run ``python -c script args...`` in an empty temporary folder; its last line of output, as JSON.

    The empty folder keeps a module of the user's current directory from being found instead.
    """
    with tempfile.TemporaryDirectory(prefix="fwtui-probe-") as cwd:
        try:
            done = run_bounded([python, "-c", script, *args], timeout, env=env, cwd=cwd)
        except ProcessError as error:
            raise ProbeError(str(error)) from None
    if done.timed_out:
        raise ProbeError(f"{python} did not answer within {timeout:g} s")
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        why = _last_line(done.stderr) or _last_line(done.stdout) or f"exit status {done.returncode}"
        raise ProbeError(f"{python} is not a usable Python interpreter: {why}") from None


@cache
def _probe_script() -> str:
    return inspect.getsource(pyprobe)


def probe_python(python: str, wanted: Sequence[tuple[str, str | None, str]], *, found_by: tuple[str, ...] = (),
                 env: Mapping[str, str] | None = None, timeout: float = PROBE_TIMEOUT) -> Interpreter:
    """What another interpreter has, asked by running :mod:`fwtui.pyprobe` in it; ProbeError if it cannot say."""
    answer = ask_python(python, _probe_script(), [module for module, _, _ in wanted], env=env, timeout=timeout)
    if not isinstance(answer, dict) or not isinstance(answer.get("modules"), list):
        raise ProbeError(f"{python} is not a usable Python interpreter: unexpected answer")
    return _interpreter(python, found_by, answer, wanted)


def _interpreter(path: str, found_by: tuple[str, ...], answer: Mapping,
                 wanted: Sequence[tuple[str, str | None, str]], modules: tuple[Module, ...] | None = None) -> Interpreter:
    def text(key: str) -> str | None:
        value = answer.get(key)
        return value if isinstance(value, str) else None

    found = [entry if isinstance(entry, dict) else {} for entry in answer.get("modules", [])]
    return Interpreter(path, found_by, text("version"), text("executable"), text("prefix"),
                       _modules(found, wanted) if modules is None else modules,
                       answer.get("pip") is True, answer.get("externally_managed") is True)


def _identity(path: str) -> tuple[str, str]:
    """Two paths name the same interpreter when their folders and their targets are the same.

    Not the target alone: a venv's bin/python links to the system's Python, yet is another environment.
    """
    return os.path.realpath(os.path.dirname(os.path.abspath(path))), os.path.realpath(path)


def candidates(python: str | None = None, environ: Mapping[str, str] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """``(path, found_by)`` of each Python the user may mean, in the order they are offered, each once.

    ``--python`` first, then the active venv and conda env, ``python3`` and ``python`` on PATH,
    and fwtui's own last. Nothing is run: this is cheap enough to call before every snippet run.
    """
    environ = os.environ if environ is None else environ
    found: dict[tuple[str, str], tuple[str, list[str]]] = {}

    def add(path: str | None, how: str) -> None:
        if not path or not os.path.isfile(path) or not os.access(path, os.X_OK):
            return
        key = _identity(path)
        if key in found:
            found[key][1].append(how)
        else:
            found[key] = (path, [how])

    add(python, "--python")
    for variable in ("VIRTUAL_ENV", "CONDA_PREFIX"):
        if environ.get(variable):
            add(os.path.join(environ[variable], "bin", "python"), f"${variable}")
    for name in ("python3", "python"):
        add(shutil.which(name, path=environ.get("PATH", "")), f"{name} on PATH")
    add(sys.executable, RUNS_FWTUI)
    return [(path, tuple(how)) for path, how in found.values()]


def default_python(python: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The interpreter snippets run with until the user picks one: the first found."""
    found = candidates(python, environ)
    return found[0][0] if found else sys.executable


def find_interpreters(wanted: Sequence[tuple[str, str | None, str]], python: str | None = None,
                      environ: Mapping[str, str] | None = None, timeout: float = PROBE_TIMEOUT) -> tuple[Interpreter, ...]:
    """Every candidate, asked in parallel (fwtui's own in this process), merged where they turn out the same."""
    own = _identity(sys.executable)

    def look(path: str, found_by: tuple[str, ...]) -> Interpreter:
        if _identity(path) == own:
            return _interpreter(path, found_by, pyprobe.describe([]), wanted, find_modules(wanted))
        try:
            return probe_python(path, wanted, found_by=found_by, timeout=timeout)
        except ProbeError as error:
            return Interpreter(path, found_by, error=str(error))

    found = candidates(python, environ)
    with ThreadPoolExecutor(max_workers=max(len(found), 1), thread_name_prefix="fwtui-probe") as pool:
        looked = list(pool.map(lambda candidate: look(*candidate), found))
    # A pyenv shim, or a link in ~/.local/bin, is the interpreter it starts: same place, same modules.
    merged: dict[object, Interpreter] = {}
    for interpreter in looked:
        key = interpreter.path if interpreter.error else (
            os.path.realpath(interpreter.executable or interpreter.path), interpreter.prefix, interpreter.modules)
        if key in merged:
            first = merged[key]
            merged[key] = replace(first, found_by=first.found_by + tuple(
                how for how in interpreter.found_by if how not in first.found_by))
        else:
            merged[key] = interpreter
    return tuple(merged.values())


def install_hints(interpreter: Interpreter, *, cpu_only: bool = False) -> list[InstallHint]:
    """How to install each of the knowledge's frameworks this interpreter lacks.

    ``cpu_only`` (no GPU on this node) adds PyTorch's CPU-only wheels, which leave out the
    CUDA libraries the default Linux wheel brings.
    """
    if interpreter.error:
        return []
    hints = []
    python = shlex.quote(interpreter.path)
    for module in interpreter.modules:
        if module.installed or module.framework is None:
            continue
        name = module.name or module.module
        pip_name = PIP_NAMES.get(module.module)
        if pip_name is None:
            hints.append(InstallHint(name, None, f"fwtui does not know which package provides {module.module}"))
        elif interpreter.externally_managed:
            hints.append(InstallHint(name, None, "pip will not install into this Python: the system manages it "
                                                 "(PEP 668); make a venv (python3 -m venv DIR) and pick its Python"))
        elif not interpreter.pip:
            hints.append(InstallHint(name, None, "pip is not installed in this Python"))
        else:
            hints.append(InstallHint(name, f"{python} -m pip install {pip_name}"))
            if cpu_only and module.module in CPU_WHEELS:
                hints.append(InstallHint(name, f"{python} -m pip install {pip_name} --index-url "
                                               f"{CPU_WHEELS[module.module]}",
                                         "no GPU here: the CPU-only build, far smaller than the default CUDA one"))
    return hints


# --- GPUs ---------------------------------------------------------------------------------------


def query_gpus(timeout: float = NVIDIA_SMI_TIMEOUT) -> GpuReport:
    path = shutil.which(NVIDIA_SMI)
    if path is None:
        return GpuReport(None)
    try:
        done = run_bounded([path, *NVIDIA_SMI_ARGS], timeout)
    except ProcessError as error:
        return GpuReport(path, error=str(error))
    if done.timed_out:
        return GpuReport(path, error=f"nvidia-smi did not answer within {timeout:g} s")
    if done.returncode != 0:
        last = _last_line(done.stderr) or _last_line(done.stdout) or f"exit status {done.returncode}"
        return GpuReport(path, error=f"nvidia-smi failed: {last}")
    gpus = []
    for line in done.stdout.splitlines():
        cells = [cell.strip() for cell in line.split(",")]
        if not line.strip():
            continue
        if len(cells) < 3:
            return GpuReport(path, tuple(gpus), error=f"unexpected nvidia-smi output: {line.strip()[:80]}")
        name = ",".join(cells[:-2])
        gpus.append(Gpu(len(gpus), name, _mib(cells[-2]), _mib(cells[-1])))
    return GpuReport(path, tuple(gpus))


def _mib(cell: str) -> int | None:
    try:
        return int(float(cell))
    except ValueError:  # "[N/A]", "[Not Supported]"
        return None


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def visible_gpu_count(present: int, cuda_visible_devices: str | None) -> int:
    """How many of ``present`` GPUs CUDA programs will see under ``CUDA_VISIBLE_DEVICES``.

    As CUDA reads it: a comma-separated list of indices or UUIDs, cut at the first
    entry that names no device; unset means all of them, empty or ``-1`` none.
    """
    if cuda_visible_devices is None:
        return present
    seen: set[str] = set()
    for entry in cuda_visible_devices.split(","):
        entry = entry.strip()
        if entry.isdigit() and int(entry) < present:
            key = str(int(entry))
        elif entry.upper().startswith(("GPU-", "MIG-")):
            key = entry
        else:
            break
        if key in seen:
            break
        seen.add(key)
    return min(len(seen), present)


# --- advice ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One piece of advice: when it applies, what it says, and the criterion that backs it."""

    id: str
    applies: Callable[[EnvInfo], bool]
    message: Callable[[EnvInfo], str]
    criterion: str | None = None


def _growth_enabled(info: EnvInfo) -> bool:
    # TensorFlow compares the value with exactly "true" or "false" and ignores anything else.
    return info.environment.get("TF_FORCE_GPU_ALLOW_GROWTH") == "true"


def _growth_unparsable(info: EnvInfo) -> bool:
    return info.environment.get("TF_FORCE_GPU_ALLOW_GROWTH") not in (None, "true", "false")


def _cpu_builds(info: EnvInfo) -> list[Module]:
    builds = {(m.module, m.version): m for m in info.all_modules
              if m.installed and m.version and m.version.endswith("+cpu")}
    return list(builds.values())


def _no_frameworks(info: EnvInfo) -> str:
    names = ", ".join(m.module for m in info.modules)
    if len(info.interpreters) > 1:
        return f"None of {names} is installed in any of the {len(info.interpreters)} Pythons found; " \
            "every snippet would be skipped."
    return f"None of {names} is installed for this Python ({info.python_executable}); " \
        "'fwtui verify' would skip every snippet."


def _gpu_phrase(n: int) -> str:
    return {1: "the one GPU", 2: "both GPUs"}.get(n, f"all {n} GPUs")


RULES: tuple[Rule, ...] = (
    Rule(
        "tensorflow-memory-growth",
        lambda i: i.installed("tensorflow") is not None and i.visible_gpus > 0 and not _growth_enabled(i),
        lambda i: f"TensorFlow maps nearly all the memory of every visible GPU ({i.visible_gpus} here) as soon as "
        "it starts; set TF_FORCE_GPU_ALLOW_GROWTH=true (or call tf.config.experimental.set_memory_growth) "
        "so it takes memory as it needs it, and CUDA_VISIBLE_DEVICES to the GPUs a job should use.",
        "device-management",
    ),
    Rule(
        "tensorflow-memory-growth-unparsable",
        lambda i: i.installed("tensorflow") is not None and _growth_unparsable(i),
        lambda i: f"TF_FORCE_GPU_ALLOW_GROWTH={i.environment.get('TF_FORCE_GPU_ALLOW_GROWTH')!r} is ignored: "
        "TensorFlow only accepts exactly 'true' or 'false'.",
        "device-management",
    ),
    Rule(
        "all-gpus-visible",
        lambda i: len(i.gpu.gpus) > 1 and i.environment.get("CUDA_VISIBLE_DEVICES") is None,
        lambda i: f"CUDA_VISIBLE_DEVICES is not set, so {_gpu_phrase(len(i.gpu.gpus))} are visible to every job "
        "started here; set it to the GPUs each job should use.",
        "device-management",
    ),
    Rule(
        "gpus-hidden",
        lambda i: len(i.gpu.gpus) > 0 and i.visible_gpus == 0,
        lambda i: f"CUDA_VISIBLE_DEVICES={i.environment.get('CUDA_VISIBLE_DEVICES')!r} hides "
        f"{_gpu_phrase(len(i.gpu.gpus))} from the frameworks: they will run on the CPU.",
        "device-management",
    ),
    Rule(
        "cpu-only-build",
        lambda i: i.visible_gpus > 0 and bool(_cpu_builds(i)),
        lambda i: "; ".join(f"{m.module} {m.version} is a CPU-only build" for m in _cpu_builds(i))
        + ": it will not use the GPUs on this node.",
        "device-management",
    ),
    Rule(
        "no-gpu",
        lambda i: not i.gpu.gpus and i.gpu.error is None,
        lambda i: "No NVIDIA GPU on this node"
        + (" (nvidia-smi is not on PATH)" if i.gpu.nvidia_smi is None else " (nvidia-smi lists none)")
        + ": everything runs on the CPU.",
    ),
    Rule(
        "no-frameworks",
        lambda i: not any(m.installed for m in i.all_modules),
        _no_frameworks,
    ),
)


def cite(knowledge: Knowledge | None, criterion_id: str) -> Citation | None:
    """The criterion in the newest edition that has it, or that continues it under another id."""
    for edition in reversed(knowledge.editions if knowledge else ()):
        found = edition.criterion(criterion_id) or next(
            (c for c in edition.criteria if criterion_id in c.previous_ids), None
        )
        if found is not None:
            return Citation(found.id, edition.id, found.title)
    return None


def advise(info: EnvInfo, knowledge: Knowledge | None, rules: Iterable[Rule] = RULES) -> tuple[Advice, ...]:
    advice = []
    for rule in rules:
        if rule.applies(info):
            citation = cite(knowledge, rule.criterion) if rule.criterion else None
            advice.append(Advice(rule.id, rule.message(info), citation))
    return tuple(advice)


# --- the whole report -------------------------------------------------------------------------------


def collect(knowledge: Knowledge | None = None, *, environ: Mapping[str, str] | None = None,
            gpu_timeout: float = NVIDIA_SMI_TIMEOUT, python: str | None = None) -> EnvInfo:
    """The whole report; ``environ`` (default: this process's) is where the active envs and PATH are read."""
    environ = os.environ if environ is None else environ
    interpreters = find_interpreters(watched_modules(knowledge), python, environ)
    own = next(i for i in interpreters if i.runs_fwtui)
    info = EnvInfo(
        python_version=platform.python_version(),
        python_executable=sys.executable,
        platform=f"{platform.system()} {platform.machine()}".strip(),
        modules=own.modules,
        gpu=query_gpus(gpu_timeout),
        environment={name: environ.get(name) for name in ENV_VARS},
        knowledge={"root": knowledge.root, "content_version": knowledge.content_version} if knowledge else None,
        interpreters=interpreters,
    )
    return replace(info, advice=advise(info, knowledge))


def cpu_only(info: EnvInfo) -> bool:
    """No GPU found, as the 'no-gpu' advice reads it (a failing nvidia-smi says nothing either way)."""
    return not info.gpu.gpus and info.gpu.error is None


def as_json(info: EnvInfo) -> dict:
    """A stable object for scripts: every key is always present."""
    return {
        "format": JSON_FORMAT,
        "python": {"version": info.python_version, "executable": info.python_executable},
        "platform": info.platform,
        "frameworks": _modules_json(info.modules),
        "gpus": {
            "nvidia_smi": info.gpu.nvidia_smi,
            "error": info.gpu.error,
            "count": len(info.gpu.gpus),
            "visible": info.visible_gpus,
            "devices": [
                {"index": g.index, "name": g.name, "memory_total_mib": g.memory_total_mib,
                 "memory_used_mib": g.memory_used_mib}
                for g in info.gpu.gpus
            ],
        },
        "environment": dict(info.environment),
        "advice": [
            {
                "id": a.id,
                "message": a.message,
                "criterion": None if a.citation is None else {
                    "id": a.citation.criterion, "edition": a.citation.edition, "title": a.citation.title,
                },
            }
            for a in info.advice
        ],
        "knowledge": info.knowledge,
        "interpreters": [
            {
                "path": i.path,
                "found_by": list(i.found_by),
                "runs_fwtui": i.runs_fwtui,
                "version": i.version,
                "executable": i.executable,
                "prefix": i.prefix,
                "pip": i.pip,
                "externally_managed": i.externally_managed,
                "error": i.error,
                "frameworks": _modules_json(i.modules),
            }
            for i in info.interpreters
        ],
    }


def _modules_json(modules: Iterable[Module]) -> list[dict]:
    return [
        {
            "module": m.module,
            "framework": m.framework,
            "name": m.name or m.module,
            "installed": m.installed,
            "version": m.version,
            "distribution": m.distribution,
            "location": m.location,
        }
        for m in modules
    ]


def interpreter_label(interpreter: Interpreter) -> str:
    """Its path, version and where it was found, on one line."""
    version = f"Python {interpreter.version}; " if interpreter.version else ""
    return f"{interpreter.path} ({version}{', '.join(interpreter.found_by)})"


def module_state(m: Module) -> str:
    if not m.installed:
        return "not installed"
    state = m.version or "installed, version unknown"
    if m.distribution and m.distribution.replace("_", "-").lower() != m.module.lower():
        state += f" (from {m.distribution.replace('_', '-')})"
    return state


def render_text(info: EnvInfo, *, frameworks: bool = True) -> list[str]:
    """The report as ``fwtui env`` prints it; ``frameworks=False`` leaves out each interpreter's frameworks."""
    lines = [f"Python {info.python_version} ({info.python_executable}) on {info.platform}", ""]
    if frameworks:
        several = len(info.interpreters) > 1
        for interpreter in info.interpreters if several else [None]:
            lines.extend(_framework_lines(interpreter.modules if interpreter else info.modules,
                                          f" in {interpreter_label(interpreter)}" if interpreter else ""))
            if interpreter and interpreter.error:
                lines.append(f"  {interpreter.error}")
        lines.append("")
    gpu = info.gpu
    if gpu.gpus:
        lines.append(f"GPUs: {len(gpu.gpus)} (nvidia-smi)")
        for g in gpu.gpus:
            lines.append(f"  {g.index}  {g.name}  {_mem(g.memory_used_mib)} used of {_mem(g.memory_total_mib)}")
    elif gpu.nvidia_smi is None:
        lines.append("GPUs: none found (nvidia-smi is not on PATH)")
    elif gpu.error is None:
        lines.append("GPUs: none (nvidia-smi lists no GPU)")
    if gpu.error is not None:
        lines.append(("  " if gpu.gpus else "GPUs: unknown, ") + gpu.error)
    lines.append("")
    lines.append("Environment:")
    width = max(len(name) for name in info.environment)
    for name, value in info.environment.items():
        shown = "not set" if value is None else repr(value)
        lines.append(f"  {name:<{width}}  {shown}  ({ENV_VARS.get(name, '')})")
    if info.advice:
        lines.append("")
        lines.append("Advice:")
        for a in info.advice:
            where = f" [see '{a.citation.title}' ({a.citation.criterion}), edition {a.citation.edition}]" \
                if a.citation else ""
            lines.append(f"  - {a.message}{where}")
    return lines


def _framework_lines(modules: Sequence[Module], where: str) -> list[str]:
    if not modules:
        return [f"Frameworks{where}:"]
    installed = [m for m in modules if m.installed]
    lines = [f"Frameworks{where}:" if installed else f"Frameworks{where}: none of these is installed"]
    width = max(len(m.module) for m in modules)
    for m in modules:
        label = f"  [{m.name}]" if m.framework and m.name and m.name != m.module else ""
        lines.append(f"  {m.module:<{width}}  {module_state(m)}{label}")
    return lines


def _mem(mib: int | None) -> str:
    return "? MiB" if mib is None else f"{mib} MiB"
