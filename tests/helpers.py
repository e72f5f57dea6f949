"""Constants and small helpers shared by the test modules."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from gswg_graph.namespaces import GSD, PREFIXES

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURE_ROOT = Path(__file__).resolve().parent / "fixtures" / "mini"

# What tests/fixtures/mini contains, counted by hand (see the comments in its data files).
MINI_COUNTS = {"groups": 5, "organisations": 5, "memberships": 4, "mandates": 4}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (hidden temporaries included) with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def break_line(path: Path, line: int, text: str) -> None:
    """Replace line ``line`` (1-based) of ``path`` with ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def summary_counts(output: str) -> dict[str, int]:
    """The ``name  number`` lines that ``gswg build`` prints."""
    return {name: int(value) for name, value in re.findall(r"^\s+(\w+)\s+(\d+)$", output, re.M)}


GUIDE_TEXT = REPO_ROOT / "source" / "gswg-guide-2015.lo.txt"


def iri(local: str) -> URIRef:
    """An individual of the project namespace by its local name (gsd:<local>)."""
    return GSD[local]


def local(term: object) -> str:
    """The local name of a project IRI, for readable comparisons."""
    return str(term).rsplit("/", 1)[-1]


def select(graph: Graph, query: str, **bindings: object) -> list[tuple[Any, ...]]:
    """Run a SELECT with the project prefixes, values bound as RDF terms (never pasted in)."""
    result = graph.query(query, initNs=PREFIXES, initBindings=bindings)  # type: ignore[arg-type]
    return [tuple(row) for row in result]  # type: ignore[arg-type]


def shared_iati_folder() -> Path:
    """The project's shared IATI material (../shared/data/iati next to the checkout).

    $GSWG_SHARED_IATI overrides it; the tests that read it say so when it is absent (it is
    real public data handed to the project, not something an install provides).
    """
    import os

    configured = os.environ.get("GSWG_SHARED_IATI")
    if configured:
        return Path(configured)
    for candidate in (REPO_ROOT.parent / "shared", Path("/work/shared")):
        if (candidate / "data" / "iati").is_dir():
            return candidate / "data" / "iati"
    return REPO_ROOT.parent / "shared" / "data" / "iati"


# The queries of the library about imported IATI data (the others are about the guide alone).
AID_QUERIES = (
    "partner-governance-activities",
    "partners-without-iati-data",
    "pillar-aid",
    "subgroup-aid",
)

# The GSWG partners data/crosswalk.ttl gives no IATI organisation identifier, current or former
# (scripts/build_crosswalk.py found no registry row or other source for them).
GSWG_PARTNERS_WITHOUT_IATI_ID = frozenset(
    {
        "cambodia",
        "india",
        "ingo-network",
        "lao-npa-network",
        "malaysia",
        "myanmar",
        "philippines",
        "singapore",
        "thailand",
        "vietnam",
    }
)
