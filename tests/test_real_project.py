"""The real ontology, data and shapes of this checkout: every file parses, and the build works.

A missing or empty folder fails the suite: the guard below names the folders that must hold files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gswg_graph.cli import gswg
from gswg_graph.loading import parse_file
from gswg_graph.resources import ResourceRoot

from .helpers import MINI_COUNTS, REPO_ROOT, summary_counts

REAL = ResourceRoot(REPO_ROOT)
REAL_FILES = [
    *sorted(REAL.ontology_dir.glob("*.ttl")),
    *REAL.data_files(),
    *REAL.shape_files(),
]


@pytest.mark.parametrize("folder", ["ontology", "data"])
def test_real_folder_is_not_empty(folder: str) -> None:
    pattern = "*.rq" if folder == "queries" else "*.ttl"
    assert sorted((REPO_ROOT / folder).glob(pattern)), f"{folder}/ has no {pattern} files"


@pytest.mark.parametrize(
    "path", REAL_FILES, ids=[p.relative_to(REPO_ROOT).as_posix() for p in REAL_FILES]
)
def test_real_file_parses(path: Path) -> None:
    assert len(parse_file(path)) > 0


def test_real_build_counts_something_of_each_kind(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        gswg, ["build", "--resources", str(REPO_ROOT), "--out-dir", str(tmp_path / "dist")]
    )
    assert result.exit_code == 0, result.output
    counts = summary_counts(result.stdout)
    assert all(counts[name] > 0 for name in MINI_COUNTS), counts
