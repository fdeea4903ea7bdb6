"""Explorer benchmark: fwtui against a bare Textual app, both in a real pseudo-terminal at 80x24.

For each app: time from process start to the first full frame, peak memory
(VmHWM), time from a tree keypress to the first byte of the answer, bytes
written per keypress (in 256 colours, and once more in true colour), and CPU
time (user + system) for the scripted run.
These are reported as ratios against the bare app measured in the same run.

For fwtui also, at scale: the first frame with 5,000 generated criteria, cold
(empty XDG cache) and warm (nothing changed since the last start), against
the shipped knowledge's first frame and against the floor of parsing the same
YAML files with PyYAML's C loader; and, at 20,000 criteria, the time from each
filter keystroke and each priority key to the changed screen.

    python benchmarks/bench_tui.py [--runs 3] [--criteria 5000] [--huge 20000]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyte  # the VT emulator of the test extras: what the user sees, not what was sent

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from factory import make_knowledge  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_core import best_of, parse_floor  # noqa: E402

COLUMNS, LINES = 80, 24
DOWN = b"\x1b[B"
QUIET = 0.25
"""A frame is complete when the app has written nothing for this long."""


@dataclass
class Session:
    """One app running in a pseudo-terminal, with everything it wrote and when."""

    argv: list[str]
    env: dict[str, str]
    started: float = 0.0
    process: subprocess.Popen[bytes] | None = None
    master: int = -1
    output: bytearray = field(default_factory=bytearray)
    terminal: pyte.Screen = field(default_factory=lambda: pyte.Screen(COLUMNS, LINES))
    fed: int = 0

    def __post_init__(self) -> None:
        self.stream = pyte.ByteStream(self.terminal)

    def start(self) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            self.argv, stdin=slave, stdout=slave, stderr=slave, env=self.env, start_new_session=True, close_fds=True
        )
        os.close(slave)
        self.master = master

    def read_until_quiet(self, quiet: float = QUIET, limit: float = 30.0, marker: bytes | None = None) -> tuple[int, float]:
        """Read until the marker has been seen and the app goes quiet; return (bytes read, time of last byte)."""
        count, last, deadline = 0, time.perf_counter(), time.perf_counter() + limit
        seen = marker is None
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                if seen and count:
                    break
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                break
            if not chunk:
                break
            last = time.perf_counter()
            count += len(chunk)
            self.output += chunk
            if not seen and marker in self.output:
                seen = True
        return count, last

    def catch_up(self) -> None:
        """Bring the emulated screen up to date with the output (not while timing: it is slow)."""
        self.stream.feed(bytes(self.output[self.fed :]))
        self.fed = len(self.output)

    def wait_for_change(self, look: Callable[[pyte.Screen], str], before: str, limit: float) -> float | None:
        """Read until what ``look`` sees on the screen differs from ``before``; the time the change arrived.

        The screen is what counts, not a string in the output: fwtui sends only
        the cells that change, so "leads by 9 points" may arrive as a lone "9".
        """
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.01)
            if ready:
                chunk = os.read(self.master, 65536)
                if not chunk:
                    return None
                arrived = time.perf_counter()
                self.output += chunk
                self.catch_up()
                if look(self.terminal) != before:
                    return arrived
        return None

    def send(self, data: bytes) -> float:
        sent = time.perf_counter()
        os.write(self.master, data)
        return sent

    def first_byte_after(self, data: bytes, limit: float = 5.0) -> float | None:
        """Send ``data``; seconds until the first byte of the answer, or None if none came."""
        sent = self.send(data)
        ready, _, _ = select.select([self.master], [], [], limit)
        return time.perf_counter() - sent if ready else None

    def cpu_seconds(self) -> float:
        """User plus system CPU time the app has used so far (its threads included)."""
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_memory_kib(self) -> int:
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.master)


def environment(state: Path) -> dict[str, str]:
    # 256 colours whatever the caller's terminal: COLORTERM=truecolor would change every colour code.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "FWTUI", "COLORTERM"))}
    # Its own cache folder too: the user's ~/.cache would hold highlights from earlier runs, or not.
    env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES), XDG_STATE_HOME=str(state),
               XDG_CACHE_HOME=str(state.parent / "cache"))
    # As installed by pip, both apps run from compiled bytecode; a machine that sets
    # PYTHONDONTWRITEBYTECODE would otherwise compile fwtui from source on every start
    # while Textual's own .pyc files sit in the venv. main() warms the cache first.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(state.parent / "pycache")
    return env


def measure_app(argv: list[str], env: dict[str, str], marker: bytes, moves: int = 10) -> dict[str, float]:
    session = Session(argv, env)
    session.start()
    try:
        _, first_frame = session.read_until_quiet(quiet=0.5, marker=marker)
        startup = first_frame - session.started
        written, first_bytes, ends = [], [], [len(session.output)]
        for _ in range(moves):
            first_byte = session.first_byte_after(DOWN)
            if first_byte is not None:
                first_bytes.append(first_byte)
            count, _ = session.read_until_quiet(quiet=0.15, limit=5)
            written.append(count)
            ends.append(len(session.output))
        figures = {
            "startup_s": startup,
            "peak_kib": session.peak_memory_kib(),
            "first_byte_s": statistics.median(first_bytes) if first_bytes else float("nan"),
            "bytes_per_key": statistics.mean(written),
            "cpu_s": session.cpu_seconds(),
        }
    finally:
        session.stop()
    figures["cells_per_key"] = statistics.mean(cells_changed(bytes(session.output), ends))
    return figures


def cells_changed(output: bytes, ends: list[int]) -> list[int]:
    """For each answer to a key (the output from one end to the next), how many cells of the
    emulated screen it changed: what the bytes had to carry, replayed after the timing."""
    screen = pyte.Screen(COLUMNS, LINES)
    stream = pyte.ByteStream(screen)
    stream.feed(output[: ends[0]])
    counts = []
    for start, end in zip(ends, ends[1:]):
        before = [dict(row) for row in (screen.buffer[y] for y in range(LINES))]
        stream.feed(output[start:end])
        counts.append(sum(screen.buffer[y][x] != before[y].get(x, screen.default_char)
                          for y in range(LINES) for x in range(COLUMNS)))
    return counts


def scoreboard(screen: pyte.Screen) -> str:
    """The scoreboard's bars, totals and outcome as shown: the lines under its title."""
    lines = screen.display
    top = next((y for y, line in enumerate(lines) if "Scoreboard" in line), None)
    return "" if top is None else "\n".join(line[: COLUMNS // 2] for line in lines[top + 1 : top + 4])


def first_frame(argv: list[str], env: dict[str, str], marker: bytes) -> float:
    """Seconds from process start to the last byte of the first full frame."""
    session = Session(argv, env)
    session.start()
    try:
        _, last = session.read_until_quiet(quiet=0.5, limit=120, marker=marker)
        return last - session.started
    finally:
        session.stop()


def tree_column(screen: pyte.Screen) -> str:
    """The criteria tree as shown: the left third of the screen, under the header."""
    return "\n".join(line[: COLUMNS // 3] for line in screen.display[1:-1])


def measure_filter(argv: list[str], env: dict[str, str], marker: bytes, word: str) -> list[float]:
    """Seconds from each letter typed into the filter until the tree shows the narrowed list."""
    session = Session(argv, env)
    session.start()
    try:
        session.read_until_quiet(quiet=0.5, limit=120, marker=marker)
        session.send(b"/")
        session.read_until_quiet(quiet=0.2, limit=10)
        latencies = []
        for letter in word.encode():
            session.catch_up()
            before = tree_column(session.terminal)
            sent = session.send(bytes([letter]))
            arrived = session.wait_for_change(tree_column, before, limit=10)
            session.read_until_quiet(quiet=0.1, limit=10)
            if arrived is not None:
                latencies.append(arrived - sent)
        return latencies
    finally:
        session.stop()


def measure_priority(argv: list[str], env: dict[str, str], marker: bytes, keys: list[bytes]) -> float:
    """Median time from a priority key until the scoreboard's change is on the screen."""
    session = Session(argv, env)
    session.start()
    try:
        session.read_until_quiet(quiet=0.5, limit=120, marker=marker)
        for _ in range(3):  # Land on a criterion, not a category.
            session.send(DOWN)
            session.read_until_quiet(quiet=0.15, limit=5)
        latencies = []
        for key in keys:
            session.catch_up()
            before = scoreboard(session.terminal)
            sent = session.send(key)
            arrived = session.wait_for_change(scoreboard, before, limit=5)
            session.read_until_quiet(quiet=0.1, limit=5)  # let the rest of the frame settle
            if arrived is not None:
                latencies.append(arrived - sent)
        return statistics.median(latencies) if latencies else float("nan")
    finally:
        session.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--criteria", type=int, default=5000)
    parser.add_argument("--huge", type=int, default=20000, help="criteria for the keystroke figures")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        env = environment(Path(folder) / "state")
        bare = [python, str(ROOT / "benchmarks" / "bare_app.py")]
        fwtui = [python, "-m", "fwtui.cli", "--fresh"]
        results: dict[str, list[dict[str, float]]] = {"bare": [], "fwtui": []}
        measure_app(bare, env, b"criterion")  # untimed: writes both apps' bytecode and fwtui's highlights
        measure_app(fwtui, env, FWTUI_MARKER)
        for _ in range(args.runs):  # Interleaved, so both see the same machine.
            results["bare"].append(measure_app(bare, env, b"criterion"))
            results["fwtui"].append(measure_app(fwtui, env, FWTUI_MARKER))
        summary = {
            name: {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            for name, runs in results.items()
        }
        truecolor = dict(env, COLORTERM="truecolor")  # as most desktop terminals announce themselves
        bytes_truecolor = {name: measure_app(argv, truecolor, marker)["bytes_per_key"]
                           for name, argv, marker in (("bare", bare, b"criterion"), ("fwtui", fwtui, FWTUI_MARKER))}
        big = make_knowledge(Path(folder) / "big", criteria=args.criteria)
        huge = make_knowledge(Path(folder) / "huge", criteria=args.huge)
        floor = best_of(3, lambda: parse_floor(big))
        shipped, cold, warm = [], [], []
        for run in range(args.runs):
            cache_env = dict(env, XDG_CACHE_HOME=str(Path(folder) / f"cache-{run}"))
            shipped.append(first_frame(fwtui, cache_env, FWTUI_MARKER))
            cold.append(first_frame(fwtui + ["--knowledge", str(big)], cache_env, FWTUI_MARKER))
            warm.append(first_frame(fwtui + ["--knowledge", str(big)], cache_env, FWTUI_MARKER))
        huge_env = dict(env, XDG_CACHE_HOME=str(Path(folder) / "cache-huge"))
        first_frame(fwtui + ["--knowledge", str(huge)], huge_env, FWTUI_MARKER)  # fills the cache
        keys = [b"+", b"-"] * 5
        latency_shipped = measure_priority(fwtui, env, FWTUI_MARKER, keys)
        latency_huge = measure_priority(fwtui + ["--knowledge", str(huge)], huge_env, FWTUI_MARKER, keys)
        filter_huge = measure_filter(fwtui + ["--knowledge", str(huge)], huge_env, FWTUI_MARKER, "crit 1")
    b, f = summary["bare"], summary["fwtui"]
    print(f"pty {COLUMNS}x{LINES}, TERM=xterm-256color, median of {args.runs} interleaved runs")
    print(f"{'':28}{'bare':>11}{'fwtui':>11}{'ratio':>8}  target        each run's own ratio")
    rows = [
        ("start-up to first frame", f"{b['startup_s'] * 1000:.0f} ms", f"{f['startup_s'] * 1000:.0f} ms", "startup_s", 1.15),
        ("peak memory (VmHWM)", f"{b['peak_kib'] / 1024:.1f} MiB", f"{f['peak_kib'] / 1024:.1f} MiB", "peak_kib", 1.2),
        ("tree key to first byte", f"{b['first_byte_s'] * 1000:.1f} ms", f"{f['first_byte_s'] * 1000:.1f} ms",
         "first_byte_s", 1.2),
        ("CPU for the scripted run", f"{b['cpu_s'] * 1000:.0f} ms", f"{f['cpu_s'] * 1000:.0f} ms", "cpu_s", 1.3),
        ("bytes per tree keypress", f"{b['bytes_per_key']:.0f} B", f"{f['bytes_per_key']:.0f} B", "bytes_per_key", 0.27),
    ]
    for label, bare_text, fwtui_text, key, target in rows:
        ratio = f[key] / b[key]
        # The machine's speed drifts between runs; each pair ran back to back, so its ratio shows the spread.
        paired = sorted(run[key] / base[key] for run, base in zip(results["fwtui"], results["bare"]))
        spread = f"{paired[0]:.2f}-{paired[-1]:.2f}x"
        print(f"{label:<28}{bare_text:>11}{fwtui_text:>11}{ratio:>7.2f}x  <= {target}x {verdict(ratio <= target):<6}  "
              f"{spread}")
    # A move in fwtui brings a whole criterion's code and verdict; in the bare app it changes one digit.
    print(f"{'cells changed per keypress':<28}{b['cells_per_key']:>11.0f}{f['cells_per_key']:>11.0f}"
          f"{f['cells_per_key'] / b['cells_per_key']:>7.2f}x  what the bytes carry, for context")
    print(f"{'bytes per changed cell':<28}{b['bytes_per_key'] / b['cells_per_key']:>11.1f}"
          f"{f['bytes_per_key'] / f['cells_per_key']:>11.1f}"
          f"{(f['bytes_per_key'] / f['cells_per_key']) / (b['bytes_per_key'] / b['cells_per_key']):>7.2f}x")
    ratio = bytes_truecolor["fwtui"] / bytes_truecolor["bare"]
    print(f"{'bytes per key, true colour':<28}{bytes_truecolor['bare']:>9.0f} B{bytes_truecolor['fwtui']:>9.0f} B"
          f"{ratio:>7.2f}x  <= 0.27x {verdict(ratio <= 0.27):<6}  one run (the count does not vary)")
    first_shipped, first_cold, first_warm = (statistics.median(x) for x in (shipped, cold, warm))
    print(f"\nfirst frame, shipped knowledge: {first_shipped * 1000:.0f} ms (median of {args.runs})")
    warm_ratio = first_warm / first_shipped
    print(f"first frame, {args.criteria:,} criteria warm: {first_warm * 1000:.0f} ms = {warm_ratio:.2f}x shipped "
          f"(<= 1.5x {verdict(warm_ratio <= 1.5)})")
    extra = first_cold - first_shipped
    print(f"first frame, {args.criteria:,} criteria cold: {first_cold * 1000:.0f} ms = shipped + {extra * 1000:.0f} ms; "
          f"YAML floor {floor * 1000:.0f} ms, so loading costs {extra / floor:.2f}x the floor "
          f"(<= 1.3x {verdict(extra <= 1.3 * floor)})")
    worst_filter = max(filter_huge) if filter_huge else float("nan")
    print(f"\n{args.huge:,} criteria: filter keystrokes {', '.join(f'{x * 1000:.0f}' for x in filter_huge)} ms "
          f"(each < 50 ms {verdict(worst_filter < 0.05)})")
    print(f"{args.huge:,} criteria: priority key to repainted scoreboard {latency_huge * 1000:.1f} ms median "
          f"(< 50 ms {verdict(latency_huge < 0.05)}); shipped knowledge {latency_shipped * 1000:.1f} ms")
    return 0


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


FWTUI_MARKER = b"Scoreboard"

if __name__ == "__main__":
    sys.exit(main())
