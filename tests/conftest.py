"""Shared fixtures: the project graph is loaded once per session through the library's loader."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from gswg_graph.loading import load_project
from gswg_graph.namespaces import GSD
from gswg_graph.resources import ResourceRoot, locate

REPO_ROOT = Path(__file__).resolve().parents[1]
GUIDE_TEXT = REPO_ROOT / "source" / "gswg-guide-2015.lo.txt"


@pytest.fixture(scope="session")
def resources() -> ResourceRoot:
    return locate()


@pytest.fixture(scope="session")
def graph(resources: ResourceRoot) -> Graph:
    return load_project(resources)


@pytest.fixture(scope="session")
def guide_text() -> str:
    return GUIDE_TEXT.read_text(encoding="utf-8")


def iri(local: str) -> URIRef:
    return GSD[local]


def select(graph: Graph, query: str, **bindings: object) -> list[tuple[object, ...]]:
    """Run a SELECT with the project prefixes, values bound as RDF terms (never pasted in)."""
    from gswg_graph.namespaces import PREFIXES

    result = graph.query(query, initNs=PREFIXES, initBindings=bindings)  # type: ignore[arg-type]
    return [tuple(row) for row in result]  # type: ignore[arg-type]
