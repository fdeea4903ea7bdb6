"""What hostile YAML within the size cap costs ``fwtui check``: time, peak memory, lines printed.

Wall-clock seconds depend on what else the machine runs; CPU seconds (user +
system) much less.

Writes a generated knowledge directory with one criterion file replaced by each
case, runs the real CLI under ``/usr/bin/time -v`` and prints one row per case.

    python benchmarks/bench_hostile_yaml.py [--fwtui .venv/bin/fwtui] [--keep DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from factory import make_knowledge  # noqa: E402


def flow_list_of_integers() -> bytes:
    """About 7.8 MB: one flow list of 3.9 million one-digit integers."""
    return b"id: c00001\nx: [" + b"1," * 3_900_000 + b"1]\n"


def many_keys() -> bytes:
    """About 7.9 MB: 700,000 distinct unknown keys, each a problem of its own."""
    return b"".join(b"k%06d: v\n" % n for n in range(700_000))


def keys_under_the_node_cap() -> bytes:
    """Just under the node cap: every key is parsed, converted and a problem."""
    return b"".join(b"k%06d: v\n" % n for n in range(49_990))


def integers_under_the_node_cap() -> bytes:
    return b"id: c00001\nx: [" + b"1," * 99_900 + b"1]\n"


def one_long_string() -> bytes:
    """One 8 MB value: few nodes, the most text."""
    return b"id: c00001\nsummary: " + b"word " * 1_600_000 + b"\n"


CASES = {
    "flow list of 3.9M integers": flow_list_of_integers,
    "700,000 keys": many_keys,
    "49,990 keys (under node cap)": keys_under_the_node_cap,
    "99,900 ints (under node cap)": integers_under_the_node_cap,
    "one 8 MB string": one_long_string,
}


def measure(fwtui: str, root: Path) -> dict[str, str]:
    done = subprocess.run(["/usr/bin/time", "-v", fwtui, "check", str(root)], capture_output=True, text=True)
    report = done.stderr
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", report)
    hours, minutes, seconds = (float(g or 0) for g in wall.groups()) if wall else (0, 0, 0)
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", report))
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    printed = done.stdout.count("\n") + sum(1 for line in report.splitlines() if line.startswith("fwtui:"))
    return {
        "seconds": f"{hours * 3600 + minutes * 60 + seconds:.2f}",
        "cpu": f"{cpu:.2f}",
        "max RSS MB": f"{int(rss.group(1)) / 1024:.0f}" if rss else "?",
        "lines printed": str(printed),
        "exit": str(done.returncode),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fwtui", default=str(ROOT / ".venv" / "bin" / "fwtui"))
    parser.add_argument("--keep", type=Path, help="write the directories here and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="fwtui-hostile-"))
    try:
        print(f"{'case':<28} {'size MB':>8} {'seconds':>8} {'CPU s':>6} {'max RSS MB':>11} {'lines printed':>14} {'exit':>5}")
        for number, (label, make) in enumerate(CASES.items()):
            root = make_knowledge(base / f"case{number}", criteria=3)
            data = make()
            (root / "editions" / "e1" / "criteria" / "c00001.yaml").write_bytes(data)
            row = measure(args.fwtui, root)
            print(f"{label:<28} {len(data) / 1e6:>8.1f} {row['seconds']:>8} {row['cpu']:>6} {row['max RSS MB']:>11} "
                  f"{row['lines printed']:>14} {row['exit']:>5}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
