"""Core benchmark: load, re-score and export, on the shipped knowledge and on 5,000 generated criteria.

Load time is reported as a ratio against the floor of reading and parsing the
same YAML files with PyYAML's C loader, measured in the same run.

    python benchmarks/bench_core.py [--criteria 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from factory import make_knowledge  # noqa: E402

from fwtui.export import Decision, render  # noqa: E402
from fwtui.loader import load_knowledge  # noqa: E402
from fwtui.paths import embedded_knowledge  # noqa: E402
from fwtui.scoring import default_priorities, score  # noqa: E402


def best_of(repeat: int, action) -> float:
    """Fastest of ``repeat`` runs, in seconds: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def parse_floor(root: Path) -> None:
    for path in sorted(root.rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def measure(label: str, root: Path, repeat: int) -> dict[str, float]:
    floor = best_of(repeat, lambda: parse_floor(root))
    load = best_of(repeat, lambda: load_knowledge(root))
    result = load_knowledge(root)
    assert result.knowledge is not None and not result.problems, result.problems[:3]
    knowledge = result.knowledge
    edition = knowledge.edition()
    frameworks = tuple(f.id for f in knowledge.frameworks)
    priorities = default_priorities(edition)
    board = score(edition, frameworks, priorities)
    target = edition.criteria[len(edition.criteria) // 2].id

    changes = []
    for n in range(200):
        start = time.perf_counter()
        changed = board.with_priority(target, n % 4)
        # What the explorer shows after a change: totals, leader, margin, cheapest tipping change.
        _ = (changed.leader, changed.margin, changed.cheapest_tipping)
        changes.append(time.perf_counter() - start)
    rescore = statistics.median(changes)

    decision = Decision(knowledge, edition, priorities, dt.date(2026, 11, 26), None, True)
    export = best_of(repeat, lambda: render(decision))
    figures = {
        "criteria": len(edition.criteria),
        "files": sum(1 for _ in root.rglob("*.yaml")),
        "floor_s": floor,
        "load_s": load,
        "load_ratio": load / floor,
        "rescore_ms": rescore * 1000,
        "export_s": export,
    }
    print(
        f"{label:<22} criteria={figures['criteria']:>5} files={figures['files']:>5} "
        f"load={load * 1000:8.1f} ms floor={floor * 1000:8.1f} ms ratio={figures['load_ratio']:.2f}x "
        f"rescore={figures['rescore_ms']:.3f} ms export={export * 1000:7.1f} ms"
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--criteria", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, PyYAML {yaml.__version__} (C loader: {yaml.__with_libyaml__})")
    measure("shipped knowledge", embedded_knowledge(), args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        root = make_knowledge(Path(folder) / "k", criteria=args.criteria)
        big = measure(f"generated ({args.criteria})", root, args.repeat)
    targets = [
        ("load <= 1.5x floor", big["load_ratio"] <= 1.5),
        ("re-score <= 1 ms", big["rescore_ms"] <= 1.0),
        ("export <= 1 s", big["export_s"] <= 1.0),
    ]
    print("targets at 5,000 criteria: " + ", ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in targets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
