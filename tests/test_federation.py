"""Federation: a query reaches another SPARQL endpoint with SERVICE. The tests' "Wikidata" is a
second local Oxigraph server holding tests/fixtures/wikidata/countries.ttl, put in place of
https://query.wikidata.org/sparql with --service; every engine, and `gswg serve`, can do it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gswg_graph.cli import gswg
from gswg_graph.errors import RemoteError, UsageError
from gswg_graph.querying import execute, local_backend, read_spec, service_failure
from gswg_graph.remote import RemoteBackend

from .helpers import REPO_ROOT, local
from .sparql_server import Canned, GswgServe, free_port, gswg_serve, stub_server

EXAMPLE = REPO_ROOT / "examples" / "federation" / "partner-countries-wikidata.rq"
WIKIDATA = "https://query.wikidata.org/sparql"
# tests/fixtures/wikidata/countries.ttl holds items for AU DE FR JP KH KR (GSWG partner
# countries: data/crosswalk.ttl gives them these gsi:iso3166Alpha2 codes) and for LA and CH,
# which are in the crosswalk but not GSWG partners (the Lao government; Switzerland, whose SDC
# is the member).
EXPECTED = {
    ("australia", "AU", "Q408", "Australia"),
    ("germany", "DE", "Q183", "Germany"),
    ("france", "FR", "Q142", "France"),
    ("japan", "JP", "Q17", "Japan"),
    ("cambodia", "KH", "Q424", "Cambodia"),
    ("korea", "KR", "Q884", "South Korea"),
}


def rows_of(records: list[dict[str, Any]]) -> set[tuple[str, str, str, str]]:
    return {
        (local(r["partner"]), r["code"], local(r["item"]), r["wikidata_label"]) for r in records
    }


def federated(endpoint: str, engine: str = "oxigraph", lang: str = "en") -> list[dict[str, Any]]:
    spec = read_spec(EXAMPLE).with_services({WIKIDATA: endpoint})
    return execute(spec, local_backend(engine=engine), {}, lang).records()


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_local_engines_federate(wikidata_endpoint: str, engine: str) -> None:
    assert rows_of(federated(wikidata_endpoint, engine)) == EXPECTED


def test_lao_labels_fall_back_to_english(wikidata_endpoint: str) -> None:
    """The fixture has no Lao labels: the English one is shown, the partner's Lao name stays."""
    rows = federated(wikidata_endpoint, lang="lo")
    assert rows_of(rows) == EXPECTED
    japan = next(r for r in rows if r["code"] == "JP")
    assert japan["partner_label"] == "ຢີ່ປຸ່ນ"


def test_cli_service_option(runner: CliRunner, wikidata_endpoint: str) -> None:
    result = runner.invoke(
        gswg,
        ["query", str(EXAMPLE), "--service", f"{WIKIDATA}={wikidata_endpoint}", "-f", "csv"],
    )
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1 + len(EXPECTED)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GswgServe]:
    with gswg_serve("--port", str(free_port()), cwd=tmp_path_factory.mktemp("fed")) as run:
        yield run


def test_served_endpoint_federates(served: GswgServe, wikidata_endpoint: str) -> None:
    spec = read_spec(EXAMPLE).with_services({WIKIDATA: wikidata_endpoint})
    rows = execute(spec, RemoteBackend(served.query_url, timeout=30)).records()
    assert rows_of(rows) == EXPECTED


def test_service_redirect_changes_only_the_service_clause(tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text(
        f"# uses <{WIKIDATA}>\n"
        f'SELECT ?x WHERE {{ BIND("<{WIKIDATA}>" AS ?x) SERVICE SILENT <{WIKIDATA}> {{ }} }}\n',
        encoding="utf-8",
    )
    text = read_spec(query).with_services({WIKIDATA: "http://127.0.0.1:9/query"}).text
    assert text.count(WIKIDATA) == 2  # the comment and the string are left alone
    assert "SERVICE SILENT <http://127.0.0.1:9/query>" in text


def test_service_not_in_the_query(runner: CliRunner) -> None:
    result = runner.invoke(
        gswg, ["query", "chairs", "--service", "https://example.org/sparql=http://127.0.0.1:9/q"]
    )
    assert result.exit_code == 2
    assert "has no SERVICE <https://example.org/sparql>" in result.stderr


@pytest.mark.parametrize("value", ["no-equals-sign", f"{WIKIDATA}=ftp://x/q"])
def test_service_option_needs_iri_equals_url(runner: CliRunner, value: str) -> None:
    result = runner.invoke(gswg, ["query", str(EXAMPLE), "--service", value])
    assert result.exit_code == 2
    assert "--service takes IRI=URL" in result.stderr


def test_service_target_must_be_http() -> None:
    with pytest.raises(UsageError, match="not an http"):
        read_spec(EXAMPLE).with_services({WIKIDATA: "file:///etc/passwd"})


# ---- an endpoint that cannot be reached: exit 2 naming it, with what to do ----

UNREACHABLE: dict[str, Callable[[], str]] = {
    # A port of 127.0.0.1 nobody listens on (connection refused).
    "closed-port": lambda: f"http://127.0.0.1:{free_port()}/sparql",
    # The .invalid TLD never resolves (RFC 2606): the lookup fails without any network.
    "unknown-host": lambda: "http://wikidata.invalid/sparql",
}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("target", UNREACHABLE)
def test_an_unreachable_service_is_a_remote_error(
    runner: CliRunner, engine: str, target: str
) -> None:
    url = UNREACHABLE[target]()
    result = runner.invoke(
        gswg, ["query", str(EXAMPLE), "--service", f"{WIKIDATA}={url}", "--engine", engine]
    )
    assert result.exit_code == 2, result.output
    error, hint, *rest = result.stderr.splitlines()
    assert error.startswith(f"gswg: error: cannot query the SERVICE endpoint <{url}>: ")
    assert "--service" in hint and "network" in hint
    assert rest == []  # no traceback, and no complaint of pyoxigraph's about threads


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_service_that_answers_html_is_a_remote_error(engine: str) -> None:
    with stub_server(Canned(200)) as stub:
        spec = read_spec(EXAMPLE).with_services({WIKIDATA: f"{stub.url}/sparql"})
        with pytest.raises(RemoteError, match=r"SERVICE endpoint <http://127\.0\.0\.1:\d+/sparql>"):
            execute(spec, local_backend(engine=engine), {})


def test_without_service_an_engine_error_is_not_called_a_service_error() -> None:
    assert service_failure("SELECT * WHERE { ?s ?p ?o }", OSError("disk full")) is None
