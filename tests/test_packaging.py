"""The wheel carries the ontology, data, shapes and queries, and works from them alone.

Built offline with the hatchling in the test environment (``--no-build-isolation --no-index``)
from a staged copy of the project, so nothing is written into the source tree.  With the real
data present in the checkout, the wheel of the checkout is checked too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import MINI_COUNTS, REPO_ROOT, summary_counts

pytestmark = pytest.mark.packaging

RESOURCE_DIRS = ("ontology", "data", "shapes", "queries")
SOURCES = {"checkout": REPO_ROOT}


@dataclass(frozen=True)
class BuiltWheel:
    path: Path
    resources_from: Path


def stage_project(dest: Path, resources_from: Path) -> Path:
    """Copy what the wheel is built from: pyproject, hook, README, src, and the resource dirs."""
    dest.mkdir(parents=True)
    for name in ("pyproject.toml", "hatch_build.py", "README.md"):
        shutil.copy2(REPO_ROOT / name, dest / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO_ROOT / "src", dest / "src", ignore=ignore)
    for name in RESOURCE_DIRS:
        if (resources_from / name).is_dir():
            shutil.copytree(resources_from / name, dest / name, ignore=ignore)
    return dest


def pip_wheel(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("hatchling", reason="hatchling comes with the [dev] extra")
    return subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", "-w", str(out), str(project)],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip


@pytest.fixture(scope="module", params=sorted(SOURCES))
def wheel(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> BuiltWheel:
    resources_from = SOURCES[request.param]
    base = tmp_path_factory.mktemp(f"wheel-{request.param}")
    project = stage_project(base / "project", resources_from)
    done = pip_wheel(project, base / "wheelhouse")
    assert done.returncode == 0, done.stdout + done.stderr
    (path,) = (base / "wheelhouse").glob("gswg_graph-*.whl")
    return BuiltWheel(path, resources_from)


def test_wheel_contains_every_resource_file(wheel: BuiltWheel) -> None:
    expected = {
        f"gswg_graph/_resources/{path.relative_to(wheel.resources_from).as_posix()}"
        for name in RESOURCE_DIRS
        for path in (wheel.resources_from / name).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    for name in RESOURCE_DIRS:
        assert any(member.startswith(f"gswg_graph/_resources/{name}/") for member in expected)
    assert "gswg_graph/_resources/ontology/gswg.ttl" in expected
    members = set(zipfile.ZipFile(wheel.path).namelist())
    assert expected <= members, f"missing from the wheel: {sorted(expected - members)}"


def test_wheel_declares_the_console_script(wheel: BuiltWheel) -> None:
    with zipfile.ZipFile(wheel.path) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        text = archive.read(entry_points).decode("utf-8")
    assert "gswg = gswg_graph.cli:main" in text


def test_unpacked_wheel_builds_from_its_packaged_resources(
    wheel: BuiltWheel, tmp_path: Path
) -> None:
    """Outside any checkout and without GSWG_RESOURCES, the package must find _resources."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel.path).extractall(site)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GSWG_")}
    env["PYTHONPATH"] = str(site)
    script = (
        "import sys, gswg_graph\n"
        "assert gswg_graph.__file__.startswith(sys.argv[1]), gswg_graph.__file__\n"
        "from gswg_graph.cli import main\n"
        "main(['build', '--out-dir', sys.argv[2]])\n"
    )
    out = tmp_path / "dist"
    done = subprocess.run(
        [sys.executable, "-c", script, str(site), str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (out / "gswg.owl").is_file()
    counts = summary_counts(done.stdout)
    # From the guide: the Round Table Process, 10 sector working groups, 2 sub-groups and the
    # Secretariat; 74 organisations in Annex 2 plus 7 the text names (the Government, PMO, PACSA,
    # DPC, DIC, the steering committee, Switzerland); 152 Annex 2 memberships plus 29 chairs,
    # co-chairs, key organisations, Secretariat members and supporters; 62 functions, terms of
    # reference and lettered sub-items.
    assert {name: counts[name] for name in MINI_COUNTS} == {
        "groups": 14,
        "organisations": 81,
        "memberships": 181,
        "mandates": 62,
    }


def test_wheel_build_refuses_a_project_without_resources(tmp_path: Path) -> None:
    project = stage_project(tmp_path / "project", tmp_path / "no-resources")
    done = pip_wheel(project, tmp_path / "wheelhouse")
    assert done.returncode != 0
    assert "cannot build the gswg-graph wheel" in done.stdout + done.stderr


def test_unpacked_wheel_answers_queries_before_any_build(wheel: BuiltWheel, tmp_path: Path) -> None:
    """A fresh install: no dist/, no checkout; `gswg query` reads the packaged ontology and data."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel.path).extractall(site)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GSWG_")}
    env["PYTHONPATH"] = str(site)
    script = (
        "import sys, gswg_graph\n"
        "assert gswg_graph.__file__.startswith(sys.argv[1]), gswg_graph.__file__\n"
        "from gswg_graph.cli import main\n"
        "main(['query', 'partners-in-both-subgroups', '--param', 'rollup=true', '-f', 'csv'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(site)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "dist").exists()
    assert len(done.stdout.splitlines()) == 1 + 10  # header and the ten partners
