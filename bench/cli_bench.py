"""How fast the `tracker` command starts and answers, against the code of a baseline commit, in one run.

Run: .venv/bin/python bench/cli_bench.py [--baseline c11a2f7] [--runs 5]

The baseline's files are extracted with `git archive` into a temporary folder (with this checkout's
compiled geo extensions copied beside them) and run by the same interpreter with that folder first on
PYTHONPATH; this checkout runs the same way. Each case runs `--runs` times under `/usr/bin/time -v`,
baseline and current interleaved so that a busy machine slows both alike, and prints the best wall time,
the best CPU time (user + system: what the command itself costs, whatever else runs), the peak memory,
and the ratios baseline / current against the targets (`--help` ≤ 0.3 s, `who-must-arrest` ≤ 0.8 s,
the gazetteer ready ≤ 0.3 s), and the floor: a bare Typer app's `--help` on the machine as busy as it is
now. Then `python -X importtime` lists the modules `tracker --help` spends most
of its import time in, in each tree.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIME = "/usr/bin/time"
ENTRY = "import sys; from tracker.cli import app; sys.exit(app(prog_name='tracker'))"
REPORT = '{"id": "1", "title": "Putin to visit Mongolia", "summary": "Vladimir Putin will visit Ulaanbaatar on 3 September.", "published": "2024-08-30"}\n'  # noqa: E501
CASES: dict[str, tuple[list[str], str, float | None]] = {  # name: (arguments, stdin, target seconds)
    "tracker --help": (["--help"], "", 0.3),
    "who-must-arrest": (["who-must-arrest", "putin", "--on", "2024-09-03", "--json"], "", 0.8),
    "route (by name)": (["route", "Moscow", "Ulaanbaatar", "--json"], "", None),
    "extract (a report naming Putin)": (["extract"], REPORT, None),
}
# The floor: a Typer app of two empty commands printing its --help (what no change to tracker can go under).
FLOOR = "import typer; app = typer.Typer(); app.command('a')(lambda: None); app.command('b')(lambda: None); app()"
GAZETTEER = "from geo.gazetteer import default_gazetteer; default_gazetteer().lookup('Ulaanbaatar')"


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float


def baseline_tree(commit: str, into: Path) -> Path:
    """The baseline commit's files, with this checkout's compiled extensions (the C code is shared)."""
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    for built in (ROOT / "geo").glob("_*.so"):
        shutil.copy(built, into / "geo" / built.name)
    return into


def timed(tree: Path, code: str, args: list[str], stdin: str) -> Run:
    """One run under /usr/bin/time -v, with `tree` first on the import path."""
    env = {**os.environ, "PYTHONPATH": str(tree), "TRACKER_CONFIG": str(tree / "config.yaml")}  # each tree its own
    with tempfile.TemporaryDirectory() as data:
        env["TRACKER_DATA_DIR"] = data
        result = subprocess.run(
            [TIME, "-v", sys.executable, "-c", code, *args], input=stdin, env=env, cwd=tree, capture_output=True,
            text=True,
        )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"{tree}: {' '.join(args) or code} failed:\n{result.stderr[-2000:]}")
    field = dict(re.findall(r"^\s*(.+?): (.+)$", result.stderr, re.M))
    minutes, seconds = field["Elapsed (wall clock) time (h:mm:ss or m:ss)"].rsplit(":", 1)
    wall = float(seconds) + 60 * float(minutes.split(":")[-1])
    cpu = float(field["User time (seconds)"]) + float(field["System time (seconds)"])
    return Run(wall, cpu, int(field["Maximum resident set size (kbytes)"]) / 1024)


def compare(name: str, code: str, args: list[str], stdin: str, target: float | None, trees, runs: int) -> None:
    results: dict[str, list[Run]] = {label: [] for label, _ in trees}
    for _ in range(runs):
        for label, tree in trees:
            results[label].append(timed(tree, code, args, stdin))
    best = {label: (min(r.wall for r in rs), min(r.cpu for r in rs), max(r.rss_mb for r in rs)) for label, rs in
            results.items()}  # fmt: skip
    before, after = best["baseline"], best["current"]
    goal = f"  target ≤ {target:.1f} s: {'met' if after[1] <= target else 'NOT met'} (CPU)" if target else ""
    print(f"{name}")
    for label, (wall, cpu, rss) in best.items():
        print(f"  {label:9} wall {wall:6.2f} s   CPU {cpu:6.2f} s   peak {rss:6.0f} MB")
    print(f"  ratio     wall {before[0] / after[0]:5.1f}x   CPU {before[1] / after[1]:5.1f}x   "
          f"memory {before[2] / after[2]:4.1f}x{goal}")  # fmt: skip


def heaviest_imports(tree: Path, count: int) -> list[str]:
    """The top-level packages `tracker --help` spends most import time in (cumulative, microseconds)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", ENTRY, "--help"], env=env, cwd=tree,
                            capture_output=True, text=True)  # fmt: skip
    rows = re.findall(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", result.stderr)
    top = sorted(((int(us), name) for us, indent, name in rows if len(indent) <= 3), reverse=True)
    return [f"{us / 1000:7.0f} ms  {name}" for us, name in top[:count]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="c11a2f7", help="Commit to compare with (default: c11a2f7).")
    parser.add_argument("--runs", type=int, default=5, help="Runs per case and tree; the best is kept.")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        trees = [("baseline", baseline_tree(options.baseline, Path(folder))), ("current", ROOT)]
        print(f"baseline {options.baseline} against the working tree, best of {options.runs} runs\n")
        for name, (args, stdin, target) in CASES.items():
            compare(name, ENTRY, args, stdin, target, trees, options.runs)
        compare("gazetteer ready (load and one lookup)", GAZETTEER, [], "", 0.3, trees, options.runs)
        floor = [timed(ROOT, FLOOR, ["--help"], "") for _ in range(options.runs)]
        print(
            f"floor: a bare Typer app's --help, wall {min(r.wall for r in floor):.2f} s, CPU "
            f"{min(r.cpu for r in floor):.2f} s (the machine's pace now: compare `tracker --help` with it)"
        )
        for label, tree in trees:
            print(f"\n`tracker --help`, heaviest imports ({label}):")
            print("\n".join(heaviest_imports(tree, 8)))


if __name__ == "__main__":
    main()
