"""Benchmark: is `gswg iati import` flat in memory and fast enough on a large file?

Generates synthetic IATI files (gswg_graph.iati.synthetic) with a small and a large number of
activities, imports each in a fresh Python process, and prints the peak RSS of that process
and the conversion rate. Flat memory means the large import's peak RSS is close to the small
one's although the file is a hundred times bigger.

Not a test (it takes about a minute and measures the machine): run it by hand,

    PYTHONPATH=src python benchmarks/iati_memory.py [--activities 100000] [--out FILE.nt]

Files go to benchmarks/work/ (git-ignored). Without --out the triples go to /dev/null, so the
numbers measure parsing and conversion, not the disk.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"

CHILD = """
import json, resource, sys, time
from pathlib import Path
from gswg_graph.iati import activities, crosswalk
source, out, table = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
started = time.perf_counter()
with open(out, "w", encoding="utf-8") as handle:
    summary = activities.convert([source], handle, crosswalk.load(table))
print(json.dumps({
    "activities": summary.activities,
    "lao": summary.lao_activities,
    "triples": summary.triples,
    "seconds": summary.seconds,
    "wall": time.perf_counter() - started,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def generate(count: int) -> Path:
    from gswg_graph.iati import synthetic

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"synthetic-{count}.xml"
    if not path.exists():
        started = time.perf_counter()
        synthetic.write_file(path, count)
        print(
            f"generated {path} ({path.stat().st_size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - started:.1f} s"
        )
    return path


def measure(source: Path, out: str) -> dict[str, float]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(source), out, str(REPO / "data" / "crosswalk.ttl")],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    data: dict[str, float] = json.loads(result.stdout)
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--out", default=os.devnull, help="where the triples go")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    rows = []
    for count in (args.small, args.activities):
        source = generate(count)
        data = measure(source, args.out if count == args.activities else os.devnull)
        data["mb"] = source.stat().st_size / 1e6
        rows.append(data)
        print(
            f"{int(data['activities']):>7} activities ({data['mb']:.0f} MB XML): "
            f"{int(data['triples']):>10} triples in {data['seconds']:.1f} s = "
            f"{data['triples'] / data['seconds']:,.0f} triples/s; "
            f"peak RSS {data['peak_rss_mb']:.0f} MB"
        )
    small, large = rows
    print(
        f"file {large['mb'] / small['mb']:.0f}x larger, peak RSS "
        f"{large['peak_rss_mb'] / small['peak_rss_mb']:.2f}x "
        f"(+{large['peak_rss_mb'] - small['peak_rss_mb']:.0f} MB)"
    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"benchmark process itself (generation): {own:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
