"""Bundle benchmark: start-up to first frame of ``python fwtui.pyz`` against the installed ``fwtui``.

Both run under this interpreter in a real pseudo-terminal at 80x24 with the
shipped knowledge and ``--fresh``, measured as bench_tui.py measures the explorer;
the installed one from its compiled bytecode (written by an untimed first run).

    python benchmarks/bench_bundle.py dist/fwtui.pyz [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from bench_tui import FWTUI_MARKER, environment, measure_app

TARGET = 1.3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the bundle, e.g. dist/fwtui.pyz (tools/make_bundle.py)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    apps = {
        "installed": [sys.executable, "-m", "fwtui.cli", "--fresh"],
        "bundle": [sys.executable, str(args.bundle.resolve()), "--fresh"],
    }
    with tempfile.TemporaryDirectory() as folder:
        env = environment(Path(folder) / "state")
        env.pop("FWTUI_KNOWLEDGE", None)
        for argv in apps.values():  # untimed: writes the installed one's bytecode cache
            measure_app(argv, env, FWTUI_MARKER, moves=1)
        startups: dict[str, list[float]] = {name: [] for name in apps}
        for _ in range(args.runs):  # interleaved, so both see the same machine
            for name, argv in apps.items():
                startups[name].append(measure_app(argv, env, FWTUI_MARKER, moves=1)["startup_s"])
    installed, bundle = (statistics.median(startups[name]) for name in apps)
    ratio = bundle / installed
    print(f"Python {sys.version.split()[0]}, pty 80x24, median of {args.runs} interleaved runs")
    print(f"bundle {args.bundle}: {args.bundle.stat().st_size / 1024 / 1024:.1f} MiB")
    print(f"start-up to first frame: installed {installed * 1000:.0f} ms, bundle {bundle * 1000:.0f} ms, "
          f"ratio {ratio:.2f}x (<= {TARGET}x {'met' if ratio <= TARGET else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
