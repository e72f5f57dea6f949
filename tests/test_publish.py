"""`gswg publish`: the release into a real writable Oxigraph store over the Graph Store Protocol,
and every way a store can fail, each exit 2 with the release left as it was.
"""

from __future__ import annotations

import base64
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from gswg_graph.cli import gswg
from gswg_graph.publishing import ENV_PASSWORD, ENV_USER, count_triples, graph_url
from gswg_graph.querying import OxigraphBackend, QueryLibrary, execute
from gswg_graph.remote import RemoteBackend

from .helpers import REPO_ROOT, snapshot
from .sparql_server import Canned, Store, Stub, stub_server

QUERY_NAMES = sorted(path.stem for path in (REPO_ROOT / "queries").glob("*.rq"))
PARAMS = {"find-organisation": {"name": "UNDP"}}


def new_graph() -> str:
    """A graph name of this test's own, so tests sharing the store never meet."""
    return f"https://w3id.org/gswg/test/{uuid.uuid4()}"


def publish(
    runner: CliRunner, release: Path, store: str, *args: str, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    result = runner.invoke(
        gswg, ["publish", "--release", str(release), "--store", store, *args], env=env
    )
    return result.exit_code, result.stdout, result.stderr


def count_in(store: Store, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    term = RemoteBackend(store.query, timeout=10).select(query).rows[0][0]
    assert term is not None
    return int(term.value)


@pytest.fixture(scope="module")
def release_triples(built_release: Path) -> int:
    return count_triples(built_release / "gswg.nt")


# ---- publishing to a real store ----


def test_publish_puts_the_release_in_the_graph(
    runner: CliRunner, built_release: Path, writable_store: Store, release_triples: int
) -> None:
    graph = new_graph()
    code, out, err = publish(runner, built_release, writable_store.store, "--graph", graph)
    assert code == 0, err
    assert count_in(writable_store, graph) == release_triples
    assert f"graph <{graph}>" in out
    assert f"triples in graph  {release_triples:>8}  (read back from the store)" in out


def test_publishing_twice_leaves_one_copy(
    runner: CliRunner, built_release: Path, writable_store: Store, release_triples: int
) -> None:
    graph = new_graph()
    for _ in range(2):
        code, _, err = publish(runner, built_release, writable_store.store, "--graph", graph)
        assert code == 0, err
    assert count_in(writable_store, graph) == release_triples


def test_publishing_replaces_what_the_graph_held(
    runner: CliRunner,
    built_release: Path,
    writable_store: Store,
    release_triples: int,
    tmp_path: Path,
) -> None:
    graph = new_graph()
    stale = tmp_path / "old" / "gswg.nt"
    stale.parent.mkdir()
    stale.write_text("<urn:old> <urn:p> <urn:o> .\n", encoding="utf-8")
    assert publish(runner, stale.parent, writable_store.store, "--graph", graph)[0] == 0
    assert publish(runner, built_release, writable_store.store, "--graph", graph)[0] == 0
    ask = f"ASK {{ GRAPH <{graph}> {{ <urn:old> ?p ?o }} }}"
    answer = RemoteBackend(writable_store.query, timeout=10).select(ask).rows[0][0]
    assert answer is not None and answer.value == "false"
    assert count_in(writable_store, graph) == release_triples


def test_publishing_leaves_other_graphs_alone(
    runner: CliRunner, built_release: Path, writable_store: Store, release_triples: int
) -> None:
    first, second = new_graph(), new_graph()
    assert publish(runner, built_release, writable_store.store, "--graph", first)[0] == 0
    assert publish(runner, built_release, writable_store.store, "--graph", second)[0] == 0
    assert count_in(writable_store, first) == count_in(writable_store, second) == release_triples


def test_the_count_can_be_checked_on_the_query_endpoint(
    runner: CliRunner, built_release: Path, writable_store: Store
) -> None:
    graph = new_graph()
    code, out, err = publish(
        runner,
        built_release,
        writable_store.store,
        "--graph",
        graph,
        "--query-endpoint",
        writable_store.query,
    )
    assert code == 0, err
    assert f"(counted on {writable_store.query})" in out


@pytest.fixture(scope="module")
def published(built_release: Path, writable_store: Store) -> Iterator[str]:
    graph = new_graph()
    code, _, err = publish(CliRunner(), built_release, writable_store.store, "--graph", graph)
    assert code == 0, err
    yield graph


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_every_query_over_http_gives_the_local_rows(
    writable_store: Store,
    published: str,
    built_release: Path,
    library: QueryLibrary,
    name: str,
) -> None:
    """`gswg query --endpoint URL --graph IRI` on the published graph, against the release."""
    spec = library.load(name)
    params = PARAMS.get(name, {})
    local = execute(spec, OxigraphBackend.from_release(built_release), params)
    remote = execute(
        spec, RemoteBackend(writable_store.query, timeout=30, default_graph=published), params
    )
    assert remote.variables == local.variables
    assert Counter(remote.rows) == Counter(local.rows)
    assert remote.labels == local.labels


def test_cli_query_of_the_published_graph(
    runner: CliRunner, writable_store: Store, published: str, built_release: Path
) -> None:
    args = ["query", "member-counts", "-f", "csv"]
    there = runner.invoke(gswg, [*args, "--endpoint", writable_store.query, "--graph", published])
    here = runner.invoke(gswg, [*args, "--release", str(built_release)])
    assert there.exit_code == 0, there.stderr
    assert there.stdout == here.stdout


# ---- stores that fail: exit 2, what happened, what to check; the release untouched ----


@pytest.fixture
def release_copy(built_release: Path, tmp_path: Path) -> Path:
    """A private copy of the release, to compare byte for byte after a failure."""
    copy = tmp_path / "dist"
    copy.mkdir()
    for path in built_release.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    return copy


def failed(runner: CliRunner, release: Path, store: str, *args: str, **env: str) -> str:
    before = snapshot(release)
    code, out, err = publish(runner, release, store, *args, env=env or None)
    assert code == 2, out + err
    assert out == ""
    assert err.startswith("gswg: error: ") and "\n  hint: " in err
    assert snapshot(release) == before
    return err


def test_store_unreachable(runner: CliRunner, release_copy: Path, closed_endpoint: str) -> None:
    store = closed_endpoint.replace("/query", "/store")
    err = failed(runner, release_copy, store)
    assert f"cannot reach the store {store}: connection refused" in err


def test_store_that_does_not_answer(
    runner: CliRunner, release_copy: Path, silent_endpoint: str
) -> None:
    store = silent_endpoint.replace("/query", "/store")
    err = failed(runner, release_copy, store, "--timeout", "1")
    assert f"the store {store} did not answer within 1 s" in err


@pytest.fixture
def login_required() -> Iterator[Stub]:
    with stub_server(
        Canned(401, "text/plain", b"Unauthorized", (("WWW-Authenticate", 'Basic realm="x"'),))
    ) as stub:
        yield stub


def test_store_asks_for_a_login(
    runner: CliRunner, release_copy: Path, login_required: Stub
) -> None:
    err = failed(runner, release_copy, f"{login_required.url}/store")
    assert "asks for a login (HTTP 401" in err
    assert ENV_USER in err and ENV_PASSWORD in err


def test_authentication_refused(
    runner: CliRunner, release_copy: Path, login_required: Stub
) -> None:
    err = failed(
        runner,
        release_copy,
        f"{login_required.url}/store",
        **{ENV_USER: "editor", ENV_PASSWORD: "wrong"},
    )
    assert "refused the credentials (HTTP 401" in err


def test_credentials_come_from_the_environment_as_basic_auth(
    runner: CliRunner, release_copy: Path, login_required: Stub
) -> None:
    failed(
        runner,
        release_copy,
        f"{login_required.url}/store",
        **{ENV_USER: "editor", ENV_PASSWORD: "s3cret"},
    )
    method, _path, headers = login_required.seen[0]
    assert method == "PUT"
    expected = base64.b64encode(b"editor:s3cret").decode()
    assert headers["Authorization"] == f"Basic {expected}"


def test_credentials_are_never_options(runner: CliRunner) -> None:
    result = runner.invoke(gswg, ["publish", "--help"])
    assert "--password" not in result.stdout and "--user" not in result.stdout
    assert ENV_USER in result.stdout and ENV_PASSWORD in result.stdout


@pytest.mark.parametrize(
    ("canned", "message"),
    [
        (Canned(404), "does not speak the SPARQL 1.1 Graph Store Protocol: PUT answered HTTP 404"),
        (Canned(405), "does not speak the SPARQL 1.1 Graph Store Protocol: PUT answered HTTP 405"),
        # A web site that answers every request with a page: the PUT "succeeds", the read-back
        # shows it is not a graph store.
        (Canned(200), "answered the GET of the graph with text/html, not RDF"),
        (Canned(403, "text/plain", b"The server is read-only"), "refused to PUT the graph"),
        (Canned(500, "text/plain", b"disk full"), "failed to PUT the graph: HTTP 500"),
    ],
    ids=["404-page", "405", "html-site", "read-only", "server-error"],
)
def test_store_that_does_not_speak_the_protocol(
    runner: CliRunner, release_copy: Path, canned: Canned, message: str
) -> None:
    with stub_server(canned) as stub:
        err = failed(runner, release_copy, f"{stub.url}/store")
    assert message in err


def test_count_mismatch_is_reported(runner: CliRunner, release_copy: Path) -> None:
    """A store that accepts the PUT but holds something else afterwards."""
    body = b"<urn:a> <urn:b> <urn:c> .\n"
    with stub_server(Canned(200, "application/n-triples", body)) as stub:
        err = failed(runner, release_copy, f"{stub.url}/store")
    assert "holds 1 triples, not the" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--store", "ftp://127.0.0.1/store"], "not an http(s) store URL"),
        (["--store", "http://127.0.0.1:9/store", "--graph", "not an iri"], "is not an IRI"),
        (["--store", "http://127.0.0.1:9/store", "--graph", "relative"], "absolute IRI"),
    ],
)
def test_bad_options(runner: CliRunner, release_copy: Path, args: list[str], message: str) -> None:
    result = runner.invoke(gswg, ["publish", "--release", str(release_copy), *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_no_release_to_publish(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(gswg, ["publish", "--store", "http://127.0.0.1:9/store"])
    assert result.exit_code == 2
    assert "no release in dist" in result.stderr
    assert "gswg build" in result.stderr


def test_half_the_credentials_is_a_usage_error(runner: CliRunner, release_copy: Path) -> None:
    result = runner.invoke(
        gswg,
        ["publish", "--release", str(release_copy), "--store", "http://127.0.0.1:9/store"],
        env={ENV_USER: "editor", ENV_PASSWORD: None},
    )
    assert result.exit_code == 2
    assert f"${ENV_PASSWORD} is not set" in result.stderr


@pytest.mark.parametrize(
    ("store", "url"),
    [
        ("http://h:7878/store", "http://h:7878/store?graph=https%3A%2F%2Fw3id.org%2Fg"),
        ("http://h/ds/data?x=1", "http://h/ds/data?x=1&graph=https%3A%2F%2Fw3id.org%2Fg"),
    ],
)
def test_graph_url(store: str, url: str) -> None:
    assert graph_url(store, "https://w3id.org/g") == url
