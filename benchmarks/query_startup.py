"""Benchmark: how long does `gswg query` take from a cold process, compared with importing rdflib?

Runs, alternately so that both see the same machine load, ``gswg query NAME`` (default
partners-in-both-subgroups) and ``python -c "import rdflib"`` in fresh processes, and prints the
median wall time of each and their ratio (the target is under 3).  The query reads ./dist when
built, so run it from a folder with a built release to measure that path, or from an empty one
to measure the fallback to the source files.

Not a test (it measures the machine): run it by hand,

    python benchmarks/query_startup.py [--runs 5] [--query NAME] [--param NAME=VALUE ...]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def wall_time(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="partners-in-both-subgroups")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    gswg = shutil.which("gswg") or str(Path(sys.executable).with_name("gswg"))
    query = [gswg, "query", args.query, *(f"--param={p}" for p in args.param)]
    baseline = [sys.executable, "-c", "import rdflib"]
    wall_time(query)  # warm the file cache and the .pyc files once, unmeasured
    wall_time(baseline)
    timings: dict[str, list[float]] = {"query": [], "rdflib": []}
    for _ in range(args.runs):
        timings["query"].append(wall_time(query))
        timings["rdflib"].append(wall_time(baseline))
    medians = {name: statistics.median(values) for name, values in timings.items()}
    print(f"gswg query {args.query}: median {medians['query']:.3f} s of {args.runs}")
    print(f'python -c "import rdflib": median {medians["rdflib"]:.3f} s of {args.runs}')
    print(f"ratio: {medians['query'] / medians['rdflib']:.2f} (target < 3)")


if __name__ == "__main__":
    main()
