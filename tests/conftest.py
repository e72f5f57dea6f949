"""Shared fixtures: the project graph, a copy of the mini resources, a CLI runner, a clean env."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from gswg_graph import progress
from gswg_graph.loading import load_project
from gswg_graph.querying import OxigraphBackend, QueryLibrary
from gswg_graph.resources import ResourceRoot

from .helpers import FIXTURE_ROOT, GUIDE_TEXT, REPO_ROOT
from .sparql_server import (
    built_release,
    closed_endpoint,
    oxigraph_endpoint,
    silent_endpoint,
    trickling_endpoint,
    wikidata_endpoint,
    writable_store,
)

__all__ = [
    "built_release",
    "closed_endpoint",
    "oxigraph_endpoint",
    "silent_endpoint",
    "trickling_endpoint",
    "wikidata_endpoint",
    "writable_store",
]


@pytest.fixture(scope="session", autouse=True)
def _away_from_the_checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Session and module fixtures run before _isolated: outside the checkout too, so that a
    dist/ built there by hand never answers in place of the files under test."""
    with contextlib.chdir(tmp_path_factory.mktemp("cwd")):
        yield


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the caller's GSWG_* settings; relative paths (dist/), caches go to tmp_path.

    CI and TERM=dumb switch progress bars off (gswg_graph.progress); tests of the bars set them
    themselves, so the suite behaves the same in CI and on a terminal.
    """
    for name in ("GSWG_RESOURCES", "GSWG_TRACEBACK", "GSWG_VALIDATION_WORKERS", "CI"):
        monkeypatch.delenv(name, raising=False)
    # Automatic on-disk stores (large --with files) go to the test's folder, never ~/.cache.
    monkeypatch.setenv("GSWG_CACHE_DIR", str(tmp_path / "gswg-cache"))
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands take stderr for a terminal (CliRunner's is a pipe): bars unless --quiet."""

    def on_a_terminal(stream: object = None, *, quiet: bool = False) -> bool:
        return not quiet

    monkeypatch.setattr(progress, "wanted", on_a_terminal)


@pytest.fixture
def mini(tmp_path: Path) -> ResourceRoot:
    """A private copy of tests/fixtures/mini that a test may break without affecting others."""
    target = tmp_path / "resources"
    shutil.copytree(FIXTURE_ROOT, target)
    return ResourceRoot(target)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def project() -> ResourceRoot:
    """The checkout's own ontology, data, shapes and queries."""
    return ResourceRoot(REPO_ROOT)


@pytest.fixture(scope="session")
def graph(project: ResourceRoot) -> Graph:
    """The project graph, loaded once through the library's loader."""
    return load_project(project)


@pytest.fixture(scope="session")
def guide_text() -> str:
    return GUIDE_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def library(project: ResourceRoot) -> QueryLibrary:
    """The named queries of the checkout (queries/*.rq)."""
    return QueryLibrary(project)


@pytest.fixture(scope="session")
def local_engine(project: ResourceRoot) -> OxigraphBackend:
    """The engine `gswg query` uses before any build: pyoxigraph on the ontology and data files."""
    return OxigraphBackend.from_resources(project)
