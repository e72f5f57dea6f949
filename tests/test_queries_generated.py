"""Every library query gives the same answers on every engine over generated aid data.

The guide's graph plus a small synthetic IATI file (gswg_graph.iati.synthetic, the generator the
benchmarks use: several participating organisations, sectors with percentages, 5-20
transactions per activity, a tenth in Lao PDR) is loaded into rdflib, pyoxigraph in memory and
the on-disk pyoxigraph store; each query must give the same variables, the same rows (as a
multiset) and the same labels on all three.  Correctness only: nothing here is timed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from gswg_graph.iati import synthetic
from gswg_graph.querying import Backend, QueryLibrary, QueryResult, execute
from gswg_graph.stores import DiskStore, gather, oxigraph_memory, rdflib_graph

from .helpers import AID_QUERIES, REPO_ROOT

QUERY_FILES = sorted((REPO_ROOT / "queries").glob("*.rq"))
EXPECTED_QUERIES = 18  # the library: 14 about the guide, 4 about aid data
PARAMS = {"find-organisation": {"name": "UNDP"}}
ACTIVITIES = 300


def test_every_query_file_is_checked() -> None:
    """A query added to (or lost from) queries/ must change this count, and so be seen here."""
    assert len(QUERY_FILES) == EXPECTED_QUERIES
    assert {path.stem for path in QUERY_FILES} >= set(AID_QUERIES)


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Backend]:
    folder = tmp_path_factory.mktemp("generated")
    source = synthetic.write_file(folder / "synthetic.xml", ACTIVITIES)
    sources = gather(resources=REPO_ROOT, with_files=[source])
    disk = DiskStore(folder / "store")
    disk.ensure(sources)
    return {
        "rdflib": rdflib_graph(sources),
        "oxigraph": oxigraph_memory(sources),
        "store": disk.open(),
    }


def _run(backend: Backend, library: QueryLibrary, name: str) -> QueryResult:
    return execute(library.load(name), backend, PARAMS.get(name, {}))


@pytest.mark.parametrize("path", QUERY_FILES, ids=[path.stem for path in QUERY_FILES])
def test_engines_agree_on_generated_data(
    engines: dict[str, Backend], library: QueryLibrary, path: Path
) -> None:
    results = {engine: _run(backend, library, path.stem) for engine, backend in engines.items()}
    reference = results.pop("rdflib")
    assert reference.rows, f"{path.stem} has no rows on the generated data: nothing compared"
    for engine, result in results.items():
        assert result.variables == reference.variables, engine
        assert Counter(result.rows) == Counter(reference.rows), engine
        assert result.labels == reference.labels, engine


def test_aid_queries_see_the_generated_activities(
    engines: dict[str, Backend], library: QueryLibrary
) -> None:
    """The aid queries find governance activities in Lao PDR among the generated ones."""
    rows = _run(engines["store"], library, "partner-governance-activities").records()
    identifiers = {row["identifier"] for row in rows}
    assert identifiers and all("-SYN-" in identifier for identifier in identifiers)
    assert len(identifiers) < synthetic.expected_lao(ACTIVITIES)
    totals = _run(engines["store"], library, "subgroup-aid").records()
    assert {row["subgroup_label"] for row in totals} == {
        "Public Service Improvement Sub-Sector Working Group",
        "Legal and Institutional Oversight Sub-Sector Working Group",
    }
