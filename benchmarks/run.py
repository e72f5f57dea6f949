"""Benchmark gswg-graph at aid-data scale, side by side, in one run.

Generates IATI-shaped activity files (``gswg_graph.iati.synthetic``: several participating
organisations, sectors with percentages, 5-20 transactions each, a tenth in Lao PDR, about a
third with a 151xx sector) of each ``--sizes`` (default 1,000, 10,000 and 100,000 activities),
then measures, each a median of ``--runs`` (default 3):

* cold start: ``gswg query partners-in-both-subgroups`` (on a prebuilt release in ./dist)
  against ``python -c "import rdflib"``, alternately, in fresh processes;
* ``gswg build`` and ``gswg validate`` of the project's graph, in fresh processes;
* ``gswg iati import`` of each file: activities/s, triples/s and the peak memory;
* every query of queries/*.rq on the graph alone and on the graph plus the imported activities
  of each ``--query-sizes`` (default: the sizes of 10,000 and more), on rdflib's in-memory graph,
  on pyoxigraph in memory and on the on-disk pyoxigraph store (``--store``), each engine in a
  worker process of its own (load time, peak memory), each query run in a forked copy of that
  worker so that a run longer than its time limit is killed and reported as ``timeout``.

Writes ``benchmarks/results/latest.md`` (tables), ``latest.json`` (every number, the machine,
the versions) and ``latest.png`` (a plot, when matplotlib is installed: ``pip install -e
'.[bench]'``).  Sizes whose data would not fit the machine's memory or disk are refused (exit 2)
with the estimate; rdflib is skipped, with its estimate, at sizes where its graph would not fit.

    python benchmarks/run.py [--sizes 1000 10000 100000] [--runs 3] [--rdflib-timeout 120]

Not a test: it measures the machine (the default run takes about half an hour on two cores).
Generated files, imports and stores go to benchmarks/work/ (git-ignored) and are reused.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import platform
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
RESULTS = HERE / "results"
STARTUP_QUERY = "partners-in-both-subgroups"
AID_QUERIES = (
    "partner-governance-activities",
    "partners-without-iati-data",
    "pillar-aid",
    "subgroup-aid",
)
# Parameters for the queries that need one (the others run with their defaults).
QUERY_PARAMS = {"find-organisation": {"name": "UNDP"}}
ENGINES = ("rdflib", "oxigraph", "store")
ENGINE_LABELS = {
    "rdflib": "rdflib (memory)",
    "oxigraph": "pyoxigraph (memory)",
    "store": "pyoxigraph store (disk)",
}
# Memory per loaded triple, used for the estimates until this run has measured its own (the
# issue's anchors: rdflib holds 1M triples in about 1.2 GB, pyoxigraph in about 400 MB).
DEFAULT_BYTES_PER_TRIPLE = {"rdflib": 1200.0, "oxigraph": 400.0, "store": 100.0}
# What the benchmark may use of the memory /proc/meminfo calls available.
MEMORY_SHARE = 0.8
MB = 1024 * 1024


# ---------------------------------------------------------------------------------------------
# Measuring processes
# ---------------------------------------------------------------------------------------------


@dataclass
class Measured:
    """One finished process: wall and CPU seconds, peak memory, exit code and its output."""

    wall: float
    cpu: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str


# Runs the command in a child of its own and reports that child's wall time and rusage.  The
# launcher is a small `python -S` process: a process started straight from this one would
# inherit this one's memory high-water mark (Linux keeps it across fork and exec), so every
# peak below this process's size would read as this process's size.
LAUNCHER = r"""
import json, os, signal, sys, time
report, timeout, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(command[0], command)
    finally:
        os._exit(127)
deadline = time.monotonic() + timeout if timeout > 0 else None
killed = False
while True:
    done, status, usage = os.wait4(pid, os.WNOHANG if deadline else 0)
    if done:
        break
    if time.monotonic() > deadline:
        os.kill(pid, signal.SIGKILL)
        killed = True
        _, status, usage = os.wait4(pid, 0)
        break
    time.sleep(0.02)
wall = time.perf_counter() - started
with open(report, "w") as handle:
    json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
               "peak_mb": usage.ru_maxrss / 1024, "killed": killed,
               "returncode": os.waitstatus_to_exitcode(status)}, handle)
"""


def measure(
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    stdin: str | None = None,
    check: bool = True,
    timeout: float | None = None,
) -> Measured:
    """Run ``command`` (killed after ``timeout`` s); its wall and CPU time and peak memory."""
    with (
        _tempfile("out") as out_path,
        _tempfile("err") as err_path,
        _tempfile("report") as report,
        open(out_path, "w+b") as out,
        open(err_path, "w+b") as err,
    ):
        done = subprocess.run(
            [sys.executable, "-S", "-c", LAUNCHER, str(report), str(timeout or 0), *command],
            cwd=cwd,
            input=(stdin or "").encode(),
            stdout=out,
            stderr=err,
            check=False,
        )
        out.seek(0)
        err.seek(0)
        try:
            numbers = json.loads(report.read_text())
        except (OSError, ValueError):
            raise RuntimeError(f"the launcher failed ({done.returncode}) for {command}") from None
        result = Measured(
            wall=numbers["wall"],
            cpu=numbers["cpu"],
            peak_mb=numbers["peak_mb"],
            returncode=-9 if numbers["killed"] else numbers["returncode"],
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )
    if check and result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited {result.returncode}:\n{result.stderr[-2000:]}"
        )
    return result


@contextlib.contextmanager
def _tempfile(name: str) -> Iterator[Path]:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f".{name}-{os.getpid()}"
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def summary(values: Sequence[float]) -> dict[str, Any]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": list(values),
    }


def gswg_command() -> list[str]:
    found = Path(sys.executable).with_name("gswg")
    return [str(found)] if found.is_file() else [shutil.which("gswg") or "gswg"]


# ---------------------------------------------------------------------------------------------
# The machine
# ---------------------------------------------------------------------------------------------


def meminfo() -> dict[str, int]:
    """/proc/meminfo in bytes (empty where there is none)."""
    values: dict[str, int] = {}
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            name, _, rest = line.partition(":")
            parts = rest.split()
            if parts and parts[0].isdigit():
                values[name] = int(parts[0]) * 1024
    return values


def available_memory() -> int:
    info = meminfo()
    return info.get("MemAvailable", info.get("MemFree", 0))


def machine() -> dict[str, Any]:
    import pyoxigraph
    import pyshacl
    import rdflib

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    info = meminfo()
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gb": round(info.get("MemTotal", 0) / 1e9, 1),
        "available_gb": round(info.get("MemAvailable", 0) / 1e9, 1),
        "load_average": os.getloadavg(),
        "rdflib": rdflib.__version__,
        "pyoxigraph": pyoxigraph.__version__,
        "pyshacl": pyshacl.__version__,
    }


# ---------------------------------------------------------------------------------------------
# Data: generated files, their size, what they need
# ---------------------------------------------------------------------------------------------


def synthetic_file(count: int) -> Path:
    from gswg_graph.iati import synthetic

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"synthetic-{count}.xml"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".xml.part")
        synthetic.write_file(partial, count)
        partial.rename(path)
        say(
            f"generated {path.name} ({path.stat().st_size / 1e6:.0f} MB) "
            f"in {time.perf_counter() - started:.1f} s"
        )
    return path


@dataclass(frozen=True)
class Shape:
    """What one generated activity amounts to (measured on a sample)."""

    triples: float
    xml_bytes: float
    nt_bytes: float


def measure_shape(sample: int = 300) -> Shape:
    """Triples and bytes per activity, from converting a small generated file."""
    import io
    import tempfile

    from gswg_graph.iati import activities, crosswalk, synthetic

    xml = io.StringIO()
    synthetic.write_activities(xml, sample)
    out = io.StringIO()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sample.xml"
        path.write_text(xml.getvalue(), encoding="utf-8")
        result = activities.convert([path], out, crosswalk.load(REPO / "data" / "crosswalk.ttl"))
    return Shape(
        triples=result.triples / sample,
        xml_bytes=len(xml.getvalue().encode()) / sample,
        nt_bytes=len(out.getvalue().encode()) / sample,
    )


def bytes_per_triple() -> dict[str, float]:
    """Measured by the previous run (latest.json) where there is one, else the defaults."""
    values = dict(DEFAULT_BYTES_PER_TRIPLE)
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        previous = json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))
        for engine, value in previous["bytes_per_triple"].items():
            if engine in values and value:
                values[engine] = float(value)
    return values


def estimate(count: int, shape: Shape, per_triple: dict[str, float], engine: str) -> int:
    """Bytes of memory ``engine`` needs for the graph plus ``count`` activities."""
    return int((count * shape.triples + 10_000) * per_triple[engine])


def check_fits(
    sizes: Sequence[int], query_sizes: Sequence[int], shape: Shape, per_triple: dict[str, float]
) -> list[str]:
    """Why sizes cannot be run here (memory for pyoxigraph in memory, disk for the files)."""
    problems = []
    memory = available_memory() * MEMORY_SHARE
    disk = shutil.disk_usage(WORK if WORK.exists() else HERE).free
    for count in sizes:
        need_disk = count * (shape.xml_bytes + shape.nt_bytes)
        if count in query_sizes:
            need_memory = estimate(count, shape, per_triple, "oxigraph")
            need_disk += count * shape.triples * per_triple["store"] * 2  # store + its reload
            if need_memory > memory:
                problems.append(
                    f"{count:,} activities do not fit in memory: about "
                    f"{count * shape.triples / 1e6:,.1f} million triples x "
                    f"{per_triple['oxigraph']:.0f} bytes per triple in pyoxigraph's memory = "
                    f"{need_memory / 1e9:.1f} GB, and {memory / 1e9:.1f} GB can be used "
                    f"({MEMORY_SHARE:.0%} of the {available_memory() / 1e9:.1f} GB available)"
                )
        if need_disk > disk:
            problems.append(
                f"{count:,} activities do not fit on the disk: about {need_disk / 1e9:.1f} GB "
                f"of files (XML, N-Triples, store) and {disk / 1e9:.1f} GB are free in {WORK}"
            )
    return problems


# ---------------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------------


def bench_startup(runs: int, release_parent: Path) -> dict[str, Any]:
    """gswg query NAME (on ./dist, prebuilt) against python -c "import rdflib", alternately."""
    query = [*gswg_command(), "query", STARTUP_QUERY]
    baseline = [sys.executable, "-c", "import rdflib"]
    measure(query, cwd=release_parent)  # warm the file cache and the .pyc files, unmeasured
    measure(baseline)
    times: dict[str, list[Measured]] = {"query": [], "rdflib": []}
    for _ in range(runs):
        times["query"].append(measure(query, cwd=release_parent))
        times["rdflib"].append(measure(baseline))
    result = {
        name: {
            "wall": summary([m.wall for m in values]),
            "cpu": summary([m.cpu for m in values]),
            "peak_mb": max(m.peak_mb for m in values),
        }
        for name, values in times.items()
    }
    result["ratio"] = result["query"]["wall"]["median"] / result["rdflib"]["wall"]["median"]
    say(
        f"startup: gswg query {result['query']['wall']['median']:.3f} s, import rdflib "
        f"{result['rdflib']['wall']['median']:.3f} s, ratio {result['ratio']:.2f}"
    )
    return result


def bench_commands(runs: int, release_dir: Path) -> dict[str, Any]:
    """gswg build (into release_dir, which the later sections use) and gswg validate."""
    commands = {
        "build": [*gswg_command(), "build", "--quiet", "--out-dir", str(release_dir)],
        "validate": [*gswg_command(), "validate", "--quiet"],
    }
    results: dict[str, Any] = {}
    for name, command in commands.items():
        measure(command)  # warm-up, unmeasured
        done = [measure(command) for _ in range(runs)]
        results[name] = {
            "command": " ".join(["gswg", *command[1:]]),
            "wall": summary([m.wall for m in done]),
            "cpu": summary([m.cpu for m in done]),
            "peak_mb": max(m.peak_mb for m in done),
        }
        say(f"gswg {name}: {results[name]['wall']['median']:.2f} s")
    return results


_SUMMARY = re.compile(r"(?P<activities>\d+) activities, .*?(?P<triples>\d+) triples")


def bench_import(runs: int, count: int, source: Path, out: Path) -> dict[str, Any]:
    """gswg iati import FILE -o OUT: activities/s, triples/s, peak memory."""
    command = [*gswg_command(), "iati", "import", str(source), "-o", str(out)]
    done = []
    numbers: dict[str, int] = {}
    for _ in range(runs):
        result = measure(command)
        found = _SUMMARY.search(result.stdout + result.stderr)
        if found is None:
            raise RuntimeError(f"no summary in the output of {' '.join(command)}")
        numbers = {key: int(value) for key, value in found.groupdict().items()}
        done.append(result)
    wall = statistics.median(m.wall for m in done)
    record = {
        "activities": numbers["activities"],
        "triples": numbers["triples"],
        "xml_mb": source.stat().st_size / 1e6,
        "nt_mb": out.stat().st_size / 1e6,
        "wall": summary([m.wall for m in done]),
        "cpu": summary([m.cpu for m in done]),
        "activities_per_s": numbers["activities"] / wall,
        "triples_per_s": numbers["triples"] / wall,
        "peak_mb": max(m.peak_mb for m in done),
    }
    say(
        f"import {count:,}: {record['triples']:,} triples in {wall:.1f} s = "
        f"{record['triples_per_s']:,.0f} triples/s, peak {record['peak_mb']:.0f} MB"
    )
    return record


def bench_queries(
    engine: str,
    dataset: str,
    release_dir: Path,
    with_files: Sequence[Path],
    queries: Sequence[str],
    runs: int,
    timeout: float,
    load_timeout: float,
) -> dict[str, Any]:
    """Every query on one engine and dataset, in a worker process (see worker())."""
    spec = {
        "engine": engine,
        "release": str(release_dir),
        "with": [str(p) for p in with_files],
        "store": str(WORK / "stores" / dataset),
        "queries": list(queries),
        "params": QUERY_PARAMS,
        "runs": runs,
        "timeout": timeout,
    }
    budget = load_timeout + len(queries) * runs * (timeout + 5)
    result = measure(
        [sys.executable, str(Path(__file__).resolve()), "--worker"],
        stdin=json.dumps(spec),
        check=False,
        timeout=budget,
    )
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    loaded = next((e for e in events if e.get("event") == "loaded"), None)
    record: dict[str, Any] = {"peak_mb": result.peak_mb, "queries": {}}
    if loaded is None:
        record["status"] = "failed" if result.returncode > 0 else "load timeout"
        record["error"] = result.stderr[-1000:]
        say(f"{engine} on {dataset}: {record['status']}")
        return record
    record.update(status="ok", load_s=loaded["seconds"], triples=loaded["triples"])
    for event in events:
        if "query" in event:
            record["queries"][event["query"]] = event
    if result.returncode != 0:
        record["status"] = "worker failed"
        record["error"] = result.stderr[-1000:]
    slow = {
        name: (q["median"] if q["status"] == "ok" else q["status"])
        for name, q in record["queries"].items()
        if q["status"] != "ok" or q["median"] > 1
    }
    say(
        f"{engine} on {dataset}: {record['triples']:,} triples loaded in {record['load_s']:.1f} s, "
        f"peak {record['peak_mb']:.0f} MB; over 1 s: {slow or 'none'}"
    )
    return record


# ---------------------------------------------------------------------------------------------
# The worker: one engine, one dataset, every query
# ---------------------------------------------------------------------------------------------


def worker() -> int:
    """Load the data as told on stdin, then run each query in forked copies of this process.

    Prints one JSON line when loaded and one per query.  A fork shares the loaded graph (copy on
    write), so each run starts from the same state, and a run over its time limit is killed
    rather than left running beside the next one (neither engine can cancel a query).
    """
    spec = json.loads(sys.stdin.read())
    sys.path.insert(0, str(REPO / "src"))
    from gswg_graph.querying import QueryLibrary, execute
    from gswg_graph.resources import locate
    from gswg_graph.stores import DiskStore, gather, oxigraph_memory, rdflib_graph

    started = time.perf_counter()
    sources = gather(release=Path(spec["release"]), with_files=spec["with"])
    backend: Any
    if spec["engine"] == "rdflib":
        backend = rdflib_graph(sources)
        triples = len(backend.graph)
    elif spec["engine"] == "oxigraph":
        backend = oxigraph_memory(sources)
        triples = len(backend.store)
    else:
        disk = DiskStore(spec["store"])
        state = disk.ensure(sources)
        backend = disk.open()
        triples = state.triples
    seconds = time.perf_counter() - started
    if spec["engine"] == "store" and not disk.loaded_now:
        seconds = float(state.manifest["loaded_in_seconds"])  # type: ignore[index]
    emit({"event": "loaded", "seconds": seconds, "triples": triples})
    library = QueryLibrary(locate(None))
    for name in spec["queries"]:
        query = library.load(name)
        params = spec["params"].get(name, {})
        times: list[float] = []
        status, rows, digest, error = "ok", None, None, None
        for _ in range(spec["runs"]):
            outcome = in_fork(
                lambda q=query, p=params: _run(execute, q, backend, p), spec["timeout"]
            )
            if outcome["status"] != "ok":
                status, error = outcome["status"], outcome.get("error")
                break
            times.append(outcome["seconds"])
            rows, digest = outcome["rows"], outcome["digest"]
        emit(
            {
                "query": name,
                "status": status,
                "median": statistics.median(times) if times and status == "ok" else None,
                "runs": times,
                "rows": rows,
                "digest": digest,
                "error": error,
            }
        )
    return 0


def _run(execute: Any, query: Any, backend: Any, params: dict[str, str]) -> dict[str, Any]:
    started = time.perf_counter()
    result = execute(query, backend, params)
    seconds = time.perf_counter() - started
    # What the engines must agree on: the rows (as a multiset) and the labels.
    canonical = json.dumps(
        [sorted(repr(row) for row in result.rows), sorted(result.labels.items())]
    )
    return {
        "status": "ok",
        "seconds": seconds,
        "rows": len(result.rows),
        "digest": hashlib.sha256(canonical.encode()).hexdigest()[:16],
    }


def in_fork(function: Any, timeout: float) -> dict[str, Any]:
    """``function()`` (a JSON-able dict) in a forked child, killed after ``timeout`` seconds."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        try:
            outcome = function()
        except BaseException as exc:
            outcome = {"status": "error", "error": f"{type(exc).__name__}: {exc}"[:500]}
        os.write(write, json.dumps(outcome).encode())
        os._exit(0)
    os.close(write)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([read], [], [], max(left, 0))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                return {"status": "timeout"}
            chunk = os.read(read, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read)
        os.waitpid(pid, 0)
    if not chunks:
        return {"status": "error", "error": "the child died without an answer"}
    outcome: dict[str, Any] = json.loads(b"".join(chunks))
    return outcome


def emit(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 0.1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def _query_cell(record: dict[str, Any] | None, name: str) -> str:
    if record is None:
        return "-"
    if record.get("status") != "ok" and not record.get("queries"):
        return record.get("status", "-")
    query = record["queries"].get(name)
    if query is None:
        return "-"
    if query["status"] != "ok":
        return str(query["status"])
    return _seconds(query["median"])


def _ratio(slow: dict[str, Any] | None, fast: dict[str, Any] | None, name: str) -> str:
    try:
        a = slow["queries"][name]  # type: ignore[index]
        b = fast["queries"][name]  # type: ignore[index]
    except (KeyError, TypeError):
        return "-"
    if a["status"] == "timeout" and b["status"] == "ok":
        return f"> {a.get('timeout', 0) / b['median']:.0f}x" if a.get("timeout") else "-"
    if a["status"] != "ok" or b["status"] != "ok" or not b["median"]:
        return "-"
    return f"{a['median'] / b['median']:.0f}x"


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        "# gswg-graph benchmark",
        "",
        f"`{results['command']}` on {m['date']} (commit {m['commit']}): {m['cpus']} CPUs, "
        f"{m['memory_gb']} GB, load average {m['load_average'][0]:.1f} at the start; Python "
        f"{m['python']}, rdflib {m['rdflib']}, pyoxigraph {m['pyoxigraph']}, pyshacl "
        f"{m['pyshacl']}. Medians of {results['runs']} runs; the whole run took "
        f"{results['duration_s'] / 60:.0f} min. CPU is user + system time of the process.",
        "",
        "| what | median wall | CPU | peak memory | target |",
        "| --- | --- | --- | --- | --- |",
    ]
    startup = results.get("startup")
    if startup:
        for key, what in (
            ("query", f"`gswg query {STARTUP_QUERY}` (cold, prebuilt release)"),
            ("rdflib", '`python -c "import rdflib"`'),
        ):
            target = f"ratio {startup['ratio']:.2f} (< 3)" if key == "query" else ""
            lines.append(_process_row(what, startup[key], target))
    for name, row in results.get("commands", {}).items():
        target = "< 2 s" if name == "validate" else ""
        lines.append(_process_row(f"`gswg {name}` (cold)", row, target))
    imports = results.get("imports", {})
    if imports:
        lines += [
            "",
            "`gswg iati import FILE -o FILE.nt` (target: at least 100,000 triples/s, peak "
            "memory flat, under 500 MB for 100,000 activities):",
            "",
            "| activities | XML | triples | median | activities/s | triples/s | peak memory |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for count, row in imports.items():
            lines.append(
                f"| {int(count):,} | {row['xml_mb']:.0f} MB | {row['triples']:,} | "
                f"{_seconds(row['wall']['median'])} | {row['activities_per_s']:,.0f} | "
                f"{row['triples_per_s']:,.0f} | {row['peak_mb']:.0f} MB |"
            )
    datasets = results.get("datasets", {})
    if datasets:
        lines += [
            "",
            "Loading (once per engine and dataset, in a worker process; the store's load "
            "includes compaction):",
            "",
            "| data | triples | " + " | ".join(ENGINE_LABELS[e] for e in ENGINES) + " |",
            "| --- | --- | " + " | ".join("---" for _ in ENGINES) + " |",
        ]
        for dataset, engines in datasets.items():
            triples = next((e["triples"] for e in engines.values() if e and e.get("triples")), None)
            cells = []
            for engine in ENGINES:
                record = engines.get(engine)
                if not record:
                    cells.append("-")
                elif record.get("status") != "ok" and "load_s" not in record:
                    cells.append(record.get("status", "-"))
                else:
                    cells.append(f"{_seconds(record['load_s'])}, {record['peak_mb']:.0f} MB")
            shown = f"{triples:,}" if triples else "-"
            lines.append(f"| {dataset} | {shown} | " + " | ".join(cells) + " |")
        names = sorted(
            {q for e in datasets.values() for r in e.values() if r for q in r.get("queries", {})}
        )
        header = ["query"]
        for dataset in datasets:
            header += [f"{dataset}: rdflib", "pyoxigraph memory", "pyoxigraph store", "ratio"]
        lines += [
            "",
            "Queries: median time of `execute()` (the query, its labels, the rows as Python "
            "values) on rdflib's graph, on pyoxigraph in memory and on the on-disk pyoxigraph "
            "store; the ratio is rdflib's time over the store's; `timeout` is a run killed at "
            "the time limit; ≠ marks answers that differ from the store's; aid queries are in "
            "bold (target: under 1 s on the store with 100,000 activities).",
            "",
            "| " + " | ".join(header) + " |",
            "| " + " | ".join("---" for _ in header) + " |",
        ]
        for name in names:
            cells = [f"**{name}**" if name in AID_QUERIES else name]
            for engines in datasets.values():
                store = engines.get("store")
                compared = []
                for engine in ("rdflib", "oxigraph"):
                    cell = _query_cell(engines.get(engine), name)
                    compared.append(
                        cell + (" ≠" if _differs(engines.get(engine), store, name) else "")
                    )
                rows = (store or {}).get("queries", {}).get(name, {}).get("rows")
                store_cell = _query_cell(store, name)
                if rows is not None:
                    store_cell += f" ({rows:,} rows)"
                cells += [*compared, store_cell, _ratio(engines.get("rdflib"), store, name)]
            lines.append("| " + " | ".join(cells) + " |")
    skipped = results.get("skipped", [])
    if skipped:
        lines += ["", *(f"- {text}" for text in skipped)]
    return "\n".join(lines) + "\n"


def _process_row(what: str, row: dict[str, Any], target: str) -> str:
    return (
        f"| {what} | {_seconds(row['wall']['median'])} | {_seconds(row['cpu']['median'])} | "
        f"{row['peak_mb']:.0f} MB | {target} |"
    )


def _differs(a: dict[str, Any] | None, b: dict[str, Any] | None, name: str) -> bool:
    try:
        one, other = a["queries"][name], b["queries"][name]  # type: ignore[index]
    except (KeyError, TypeError):
        return False
    return bool(one.get("digest") and other.get("digest") and one["digest"] != other["digest"])


def plot(results: dict[str, Any], path: Path) -> bool:
    """Query times per engine and dataset, and import throughput; False without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    datasets = results.get("datasets", {})
    names = sorted(
        {q for e in datasets.values() for r in e.values() if r for q in r.get("queries", {})}
    )
    figure, axes = plt.subplots(
        1, max(len(datasets), 1) + 1, figsize=(5 * (len(datasets) + 1), 6), squeeze=False
    )
    for axis, (dataset, engines) in zip(axes[0], datasets.items(), strict=False):
        width = 0.27
        for offset, engine in enumerate(ENGINES):
            record = engines.get(engine) or {}
            values = []
            for name in names:
                query = record.get("queries", {}).get(name, {})
                if query.get("status") == "ok":
                    values.append(query["median"])
                elif query.get("status") == "timeout":
                    values.append(results["timeout"])
                else:
                    values.append(0)
            axis.barh(
                [i + (offset - 1) * width for i in range(len(names))],
                values,
                height=width,
                label=ENGINE_LABELS[engine],
            )
        axis.set_xscale("log")
        axis.set_yticks(range(len(names)))
        axis.set_yticklabels(names if axis is axes[0][0] else [""] * len(names), fontsize=8)
        axis.set_title(dataset, fontsize=10)
        axis.set_xlabel("seconds (log; timeouts drawn at the limit)")
        axis.axvline(1.0, color="grey", linewidth=0.8, linestyle=":")
    axes[0][0].legend(fontsize=8, loc="lower right")
    imports = results.get("imports", {})
    axis = axes[0][-1]
    if imports:
        counts = [int(c) for c in imports]
        axis.plot(
            counts,
            [imports[str(c)]["triples_per_s"] for c in counts],
            "o-",
            label="import triples/s",
        )
        axis.axhline(100_000, color="grey", linewidth=0.8, linestyle=":")
        axis.set_xscale("log")
        axis.set_xlabel("activities")
        axis.set_ylabel("triples per second")
        twin = axis.twinx()
        twin.plot(
            counts,
            [imports[str(c)]["peak_mb"] for c in counts],
            "s--",
            color="tab:red",
            label="import peak MB",
        )
        twin.set_ylabel("peak memory (MB)")
        twin.set_ylim(bottom=0)
        axis.set_title("gswg iati import", fontsize=10)
    figure.suptitle(f"gswg-graph benchmark {results['machine']['date']}", fontsize=11)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return True


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1_000, 10_000, 100_000],
        metavar="N",
        help="activities per generated file (default: %(default)s)",
    )
    parser.add_argument(
        "--query-sizes",
        type=int,
        nargs="*",
        default=None,
        metavar="N",
        help="sizes whose imports are queried (default: those of 10,000 and more)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="time limit of one query run on pyoxigraph, seconds",
    )
    parser.add_argument(
        "--rdflib-timeout",
        type=float,
        default=120.0,
        help="time limit of one query run on rdflib, seconds",
    )
    parser.add_argument(
        "--load-timeout",
        type=float,
        default=900.0,
        help="time limit for loading one dataset into one engine, seconds",
    )
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=("startup", "commands", "import", "queries"),
        help="sections to leave out",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the results")
    parser.add_argument(
        "--work", type=Path, default=WORK, help="folder for generated files and stores"
    )
    parser.add_argument("--name", default="latest", help="file name of the results")
    parser.add_argument(
        "--render",
        action="store_true",
        help="only write the table and the plot again from the JSON of an earlier run",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1 or any(n < 1 for n in args.sizes):
        parser.error("--runs and --sizes take positive numbers")
    if args.query_sizes is None:
        args.query_sizes = [n for n in args.sizes if n >= 10_000]
    missing = [n for n in args.query_sizes if n not in args.sizes]
    if missing:
        parser.error(f"--query-sizes {missing} must be among --sizes")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    global WORK
    args = parse_args(argv)
    WORK = args.work.resolve()
    if args.worker:
        return worker()
    if args.render:
        results = json.loads((args.out / f"{args.name}.json").read_text(encoding="utf-8"))
        return write_results(results, args.out, args.name)
    sys.path.insert(0, str(REPO / "src"))
    started = time.perf_counter()
    shape = measure_shape()
    per_triple = bytes_per_triple()
    problems = check_fits(args.sizes, args.query_sizes, shape, per_triple)
    if problems:
        for problem in problems:
            print(f"benchmark: refused: {problem}", file=sys.stderr)
        print(
            f"benchmark: estimates from {shape.triples:.0f} triples, "
            f"{shape.xml_bytes / 1000:.1f} kB of XML and {shape.nt_bytes / 1000:.1f} kB of "
            "N-Triples per generated activity; choose smaller --sizes",
            file=sys.stderr,
        )
        return 2
    results: dict[str, Any] = {
        "command": "python benchmarks/run.py "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
        "runs": args.runs,
        "timeout": args.rdflib_timeout,
        "shape": shape.__dict__,
        "skipped": [],
    }
    results["command"] = results["command"].strip()
    release_parent = WORK / "release"
    release_dir = release_parent / "dist"
    release_parent.mkdir(parents=True, exist_ok=True)
    if "commands" not in args.skip or not (release_dir / "gswg.nt").is_file():
        results["commands"] = bench_commands(args.runs, release_dir)
    if "startup" not in args.skip:
        results["startup"] = bench_startup(max(args.runs, 5), release_parent)
    imported: dict[int, Path] = {}
    results["imports"] = {}
    for count in args.sizes:
        source = synthetic_file(count)
        out = WORK / f"iati-{count}.nt"
        if "import" not in args.skip or not out.is_file():
            results["imports"][str(count)] = bench_import(args.runs, count, source, out)
        imported[count] = out
    if "queries" not in args.skip:
        queries = sorted(p.stem for p in (REPO / "queries").glob("*.rq"))
        datasets: dict[str, Any] = {}
        measured_per_triple: dict[str, list[float]] = {}
        for count in [0, *args.query_sizes]:
            dataset = "graph" if count == 0 else f"graph + {count // 1000}k"
            with_files = [imported[count]] if count else []
            datasets[dataset] = {}
            for engine in args.engines:
                need = estimate(count, shape, per_triple, engine)
                if engine == "rdflib" and need > available_memory() * MEMORY_SHARE:
                    text = (
                        f"rdflib on {dataset}: not run, its graph would need about "
                        f"{need / 1e9:.0f} GB ({count * shape.triples / 1e6:.1f} million triples "
                        f"x {per_triple['rdflib']:.0f} bytes), {available_memory() / 1e9:.0f} GB "
                        "are available"
                    )
                    results["skipped"].append(text)
                    datasets[dataset][engine] = {"status": "too big", "queries": {}}
                    say(text)
                    continue
                timeout = args.rdflib_timeout if engine == "rdflib" else args.timeout
                record = bench_queries(
                    engine,
                    dataset.replace(" ", "").replace("+", "-"),
                    release_dir,
                    with_files,
                    queries,
                    args.runs,
                    timeout,
                    args.load_timeout,
                )
                for query in record["queries"].values():
                    if query["status"] == "timeout":
                        query["timeout"] = timeout
                datasets[dataset][engine] = record
                if count and record.get("triples") and engine != "store":
                    measured_per_triple.setdefault(engine, []).append(
                        record["peak_mb"] * MB / record["triples"]
                    )
        results["datasets"] = datasets
        results["bytes_per_triple"] = {
            engine: max(values) for engine, values in measured_per_triple.items()
        }
    results["duration_s"] = time.perf_counter() - started
    results["machine"]["load_average_end"] = os.getloadavg()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.name}.json").write_text(json.dumps(results, indent=2) + "\n")
    return write_results(results, args.out, args.name)


def write_results(results: dict[str, Any], out: Path, name: str) -> int:
    """The Markdown table and the plot of ``results`` (the JSON is written by the caller)."""
    (out / f"{name}.md").write_text(markdown(results))
    if plot(results, out / f"{name}.png"):
        say(f"wrote {out / name}.md, .json and .png")
    else:
        say(f"wrote {out / name}.md and .json (no plot: pip install -e '.[bench]')")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
