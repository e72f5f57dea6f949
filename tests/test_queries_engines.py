"""The same query gives the same rows everywhere: release or source files, Oxigraph or rdflib,
locally or through a real SPARQL endpoint (Oxigraph's server on 127.0.0.1, see sparql_server.py).
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from gswg_graph import run_query
from gswg_graph.cli import gswg
from gswg_graph.errors import RemoteError, UsageError
from gswg_graph.querying import (
    Backend,
    OxigraphBackend,
    QueryLibrary,
    QueryResult,
    RdflibBackend,
    execute,
)
from gswg_graph.remote import RemoteBackend

from .helpers import REPO_ROOT
from .sparql_server import Endpoint

QUERY_NAMES = sorted(path.stem for path in (REPO_ROOT / "queries").glob("*.rq"))
# Every query with its defaults, plus the parameter values the answers tests use.
CASES: list[tuple[str, dict[str, str], str]] = [
    *((name, {}, "en") for name in QUERY_NAMES if name != "find-organisation"),
    ("partners-in-both-subgroups", {"rollup": "true"}, "lo"),
    ("members-of-group", {"group": "LIO SSWG"}, "lo"),
    ("members-of-group", {"group": "GSWG Secretariat"}, "en"),
    ("subgroup-members-not-in-gswg", {"subgroup": "lio-sswg"}, "en"),
    ("mandates", {"keyword": "ຍິງ-ຊາຍ"}, "lo"),
    ("mandates", {"group": "PSI SSWG", "keyword": "capacity"}, "en"),
    ("contacts", {"group": "gsd:gswg-secretariat"}, "lo"),
    ("pillars", {}, "lo"),
    ("find-organisation", {"name": "ເຢຍລະມັນ"}, "lo"),
    ("find-organisation", {"name": "U.N.D.P."}, "en"),
    ("find-organisation", {"name": "ກະຊວງແຮງງານແລະຫວັດດິການສັງຄົມ"}, "en"),
]
CASE_IDS = [
    f"{name}-{'-'.join(params.values()) or 'defaults'}-{lang}" for name, params, lang in CASES
]


def same(a: QueryResult, b: QueryResult) -> None:
    """Same variables, same multiset of rows, same labels for every IRI in them."""
    assert a.variables == b.variables
    assert Counter(a.rows) == Counter(b.rows)
    assert a.labels == b.labels


def run(
    library: QueryLibrary, backend: Backend, case: tuple[str, dict[str, str], str]
) -> QueryResult:
    name, params, lang = case
    return execute(library.load(name), backend, params, lang)


@pytest.fixture(scope="module")
def released(oxigraph_endpoint: Endpoint) -> OxigraphBackend:
    """pyoxigraph on the very release file the server loaded."""
    return OxigraphBackend.from_release(oxigraph_endpoint.release_dir)


@pytest.fixture(scope="module")
def remote(oxigraph_endpoint: Endpoint) -> RemoteBackend:
    return RemoteBackend(oxigraph_endpoint.url, timeout=30)


@pytest.fixture(scope="module")
def rdflib_engine(graph: Graph) -> RdflibBackend:
    return RdflibBackend(graph)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_endpoint_gives_the_local_rows(
    library: QueryLibrary,
    released: OxigraphBackend,
    remote: RemoteBackend,
    case: tuple[str, dict[str, str], str],
) -> None:
    same(run(library, released, case), run(library, remote, case))


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_release_and_source_files_give_the_same_rows(
    library: QueryLibrary,
    released: OxigraphBackend,
    local_engine: OxigraphBackend,
    case: tuple[str, dict[str, str], str],
) -> None:
    same(run(library, released, case), run(library, local_engine, case))


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_rdflib_gives_the_same_rows(
    library: QueryLibrary,
    local_engine: OxigraphBackend,
    rdflib_engine: RdflibBackend,
    name: str,
) -> None:
    """A second SPARQL engine: the queries are portable SPARQL 1.1, not Oxigraph's dialect."""
    case = next(c for c in CASES if c[0] == name)
    same(run(library, local_engine, case), run(library, rdflib_engine, case))


def test_cli_endpoint_output_equals_local_output(
    runner: CliRunner, oxigraph_endpoint: Endpoint
) -> None:
    args = ["query", "partners-in-both-subgroups", "-p", "rollup=true", "-f", "json"]
    here = runner.invoke(gswg, [*args, "--release", str(oxigraph_endpoint.release_dir)])
    there = runner.invoke(gswg, [*args, "--endpoint", oxigraph_endpoint.url])
    assert here.exit_code == 0 and there.exit_code == 0, there.stderr
    assert here.stdout == there.stdout


def test_run_query_through_an_endpoint(oxigraph_endpoint: Endpoint) -> None:
    there = run_query("find-organisation", name="ຢີ່ປຸ່ນ", endpoint=oxigraph_endpoint.url)
    here = run_query("find-organisation", name="ຢີ່ປຸ່ນ", release=oxigraph_endpoint.release_dir)
    assert there == here and there[0]["organisation"] == "https://w3id.org/gswg/id/japan"


def test_hostile_parameter_through_an_endpoint(
    library: QueryLibrary, remote: RemoteBackend
) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = remote.select(count).rows
    result = execute(library.load("find-organisation"), remote, {"name": 'x" } ; DROP ALL ; #'})
    assert result.rows == ()
    assert remote.select(count).rows == before


# ---- endpoints that fail ----


def test_unreachable_endpoint(runner: CliRunner, closed_endpoint: str) -> None:
    started = time.monotonic()
    result = runner.invoke(gswg, ["query", "chairs", "--endpoint", closed_endpoint])
    assert result.exit_code == 2
    assert f"cannot reach the SPARQL endpoint {closed_endpoint}: connection refused" in (
        result.stderr
    )
    assert "hint:" in result.stderr
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("server", ["silent_endpoint", "trickling_endpoint"])
def test_slow_endpoint_is_stopped_at_the_timeout(
    runner: CliRunner, request: pytest.FixtureRequest, server: str
) -> None:
    url = request.getfixturevalue(server)
    result = runner.invoke(gswg, ["query", "chairs", "--endpoint", url, "--timeout", "1"])
    assert result.exit_code == 2
    assert result.stderr.count("error:") == 1
    assert f"the SPARQL endpoint {url} did not answer within 1 s" in result.stderr
    assert "--timeout" in result.stderr


def test_syntax_error_is_located_in_the_file_before_an_endpoint_sees_it(
    runner: CliRunner, tmp_path: Path, closed_endpoint: str
) -> None:
    query = tmp_path / "bad.rq"
    query.write_text("SELECT ?s\nWHERE {\n  ?s ?p\n}\n", encoding="utf-8")
    result = runner.invoke(gswg, ["query", str(query), "--endpoint", closed_endpoint])
    assert result.exit_code == 2
    assert f"{query}:3:3: SPARQL syntax error" in result.stderr
    assert "connection refused" not in result.stderr


def test_wrong_path_on_a_real_server(runner: CliRunner, oxigraph_endpoint: Endpoint) -> None:
    wrong = oxigraph_endpoint.url.replace("/query", "/nothing-here")
    result = runner.invoke(gswg, ["query", "chairs", "--endpoint", wrong])
    assert result.exit_code == 2
    assert f"no SPARQL endpoint at {wrong}" in result.stderr


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/query", "127.0.0.1:7878", "http://"])
def test_endpoint_must_be_an_http_url(runner: CliRunner, url: str) -> None:
    result = runner.invoke(gswg, ["query", "chairs", "--endpoint", url])
    assert result.exit_code == 2
    assert "not an http(s) endpoint URL" in result.stderr


def test_parameters_are_checked_before_any_request(runner: CliRunner, closed_endpoint: str) -> None:
    result = runner.invoke(gswg, ["query", "find-organisation", "--endpoint", closed_endpoint])
    assert result.exit_code == 2
    assert "missing parameter 'name'" in result.stderr
    assert "connection refused" not in result.stderr


def test_remote_errors_are_typed(closed_endpoint: str) -> None:
    with pytest.raises(RemoteError):
        RemoteBackend(closed_endpoint, timeout=2).select("ASK { }")
    with pytest.raises(UsageError):
        RemoteBackend(closed_endpoint, timeout=0)


def test_endpoint_ask(remote: RemoteBackend, released: OxigraphBackend) -> None:
    query = "ASK { <https://w3id.org/gswg/id/gswg> ?p ?o }"
    assert remote.select(query) == released.select(query)


def test_release_dir_fixture_is_a_real_release(oxigraph_endpoint: Endpoint) -> None:
    assert (Path(oxigraph_endpoint.release_dir) / "manifest.json").is_file()
