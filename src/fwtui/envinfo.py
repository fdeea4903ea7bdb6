"""What this node offers: Python, installed frameworks, GPUs, and advice tied to the knowledge.

Nothing here imports a framework: modules are found with ``importlib.util.find_spec``
and their versions read from package metadata, so ``fwtui env`` stays fast even
with TensorFlow installed. GPUs come from ``nvidia-smi``, bounded by a timeout.
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

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

    def installed(self, module: str) -> Module | None:
        return next((m for m in self.modules if m.module == module and m.installed), None)

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
    import importlib.metadata as metadata
    import importlib.util

    distributions: Mapping[str, list[str]] | None = None
    found = []
    for module, framework, name in wanted:
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            found.append(Module(module, False, framework=framework, name=name))
            continue
        location = spec.origin if spec.origin not in (None, "built-in", "frozen") else None
        if location is None and spec.submodule_search_locations:
            location = next(iter(spec.submodule_search_locations), None)
        if distributions is None:
            try:
                distributions = metadata.packages_distributions()
            except Exception:  # broken metadata somewhere in site-packages
                distributions = {}
        version = dist = None
        for candidate in distributions.get(module, ()):
            try:
                version, dist = metadata.version(candidate), candidate
                break
            except metadata.PackageNotFoundError:
                continue
        found.append(Module(module, True, version, dist, location, framework, name))
    return tuple(found)


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
    return [m for m in info.modules if m.installed and m.version and m.version.endswith("+cpu")]


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
        lambda i: not any(m.installed for m in i.modules),
        lambda i: f"None of {', '.join(m.module for m in i.modules)} is installed for this Python "
        f"({i.python_executable}); 'fwtui verify' would skip every snippet.",
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
            gpu_timeout: float = NVIDIA_SMI_TIMEOUT) -> EnvInfo:
    environ = os.environ if environ is None else environ
    info = EnvInfo(
        python_version=platform.python_version(),
        python_executable=sys.executable,
        platform=f"{platform.system()} {platform.machine()}".strip(),
        modules=find_modules(watched_modules(knowledge)),
        gpu=query_gpus(gpu_timeout),
        environment={name: environ.get(name) for name in ENV_VARS},
        knowledge={"root": knowledge.root, "content_version": knowledge.content_version} if knowledge else None,
    )
    return replace(info, advice=advise(info, knowledge))


def as_json(info: EnvInfo) -> dict:
    """A stable object for scripts: every key is always present."""
    return {
        "format": JSON_FORMAT,
        "python": {"version": info.python_version, "executable": info.python_executable},
        "platform": info.platform,
        "frameworks": [
            {
                "module": m.module,
                "framework": m.framework,
                "name": m.name or m.module,
                "installed": m.installed,
                "version": m.version,
                "distribution": m.distribution,
                "location": m.location,
            }
            for m in info.modules
        ],
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
    }


def render_text(info: EnvInfo) -> list[str]:
    lines = [f"Python {info.python_version} ({info.python_executable}) on {info.platform}", ""]
    installed = [m for m in info.modules if m.installed]
    lines.append("Frameworks:" if installed else "Frameworks: none of these is installed")
    width = max(len(m.module) for m in info.modules) if info.modules else 0
    for m in info.modules:
        if not m.installed:
            state = "not installed"
        else:
            state = m.version or "installed, version unknown"
            if m.distribution and m.distribution.replace("_", "-").lower() != m.module.lower():
                state += f" (from {m.distribution.replace('_', '-')})"
        label = f"  [{m.name}]" if m.framework and m.name and m.name != m.module else ""
        lines.append(f"  {m.module:<{width}}  {state}{label}")
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


def _mem(mib: int | None) -> str:
    return "? MiB" if mib is None else f"{mib} MiB"
