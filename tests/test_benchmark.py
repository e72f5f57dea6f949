"""benchmarks/run.py refuses sizes that do not fit the machine, saying what they would need.

Only the refusal is tested (it happens before anything is generated or measured); the benchmark
itself measures the machine and is run by hand.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
