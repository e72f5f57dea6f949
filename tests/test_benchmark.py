"""benchmarks/run.py refuses sizes that do not fit the machine, saying what they would need.

Only the refusal is tested (it happens before anything is generated or measured); the benchmark
itself measures the machine and is run by hand.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gswg_graph import safexml
from gswg_graph.iati import synthetic
from gswg_graph.stores import DiskStore, gather

from .helpers import REPO_ROOT

SCRIPT = REPO_ROOT / "benchmarks" / "run.py"


def test_sizes_too_big_for_the_machine_are_refused_with_the_estimate(tmp_path: Path) -> None:
    work, out = tmp_path / "work", tmp_path / "results"
    sizes = ["--sizes", "1000", "500000000"]
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *sizes, "--work", str(work), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "500,000,000 activities do not fit in memory" in done.stderr
    assert "million triples x" in done.stderr and "GB can be used" in done.stderr
    assert "1,000 activities" not in done.stderr  # the size that fits is not refused
    assert "triples, " in done.stderr and "per generated activity" in done.stderr
    assert not out.exists() and not any(work.glob("*.xml"))


LOOKUPS = REPO_ROOT / "benchmarks" / "store_lookups.py"


def test_the_lookup_floor_needs_a_store(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(LOOKUPS), "--store", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert f"no pyoxigraph store in {tmp_path / 'none' / 'oxigraph'}" in done.stderr
    assert "benchmarks/run.py" in done.stderr


def _governance_in_lao(path: Path) -> tuple[int, int]:
    """Activities in Lao PDR with a DAC 151 sector, and their transactions, read from the XML."""
    activities = transactions = 0
    for activity in safexml.parse(path).getroot().iter("iati-activity"):
        in_lao = any(c.get("code") == "LA" for c in activity.iter("recipient-country"))
        governance = any(
            (s.get("vocabulary", "1") == "1" and len(code) == 5 and code.startswith("151"))
            or (s.get("vocabulary") == "2" and code == "151")
            for s in activity.iter("sector")
            for code in [s.get("code", "")]
        )
        if in_lao and governance:
            activities += 1
            transactions += sum(1 for _ in activity.iter("transaction"))
    return activities, transactions


def test_the_lookup_floor_counts_the_governance_transactions(tmp_path: Path) -> None:
    """What the script measures is what the aid queries read: the governance activities in Lao
    PDR and their transactions, counted here from the generated XML itself."""
    source = synthetic.write_file(tmp_path / "synthetic.xml", 300)
    activities, transactions = _governance_in_lao(source)
    assert activities > 5 and transactions > activities, "too few to count"
    DiskStore(tmp_path / "store").ensure(gather(resources=REPO_ROOT, with_files=[source]))
    done = subprocess.run(
        [sys.executable, str(LOOKUPS), "--store", str(tmp_path / "store"), "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = {
        line[:32].strip(): int(line.split()[-1].replace(",", ""))
        for line in done.stdout.splitlines()
        if line[:32].strip()
        in ("governance activities", "+ their transactions", "+ one value each")
    }
    assert rows == {
        "governance activities": activities,
        "+ their transactions": transactions,
        "+ one value each": transactions,
    }
    assert f"{transactions:,} transactions:" in done.stdout and "µs" in done.stdout
