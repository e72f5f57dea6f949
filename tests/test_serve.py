"""`gswg serve`: the real command in a child process, serving a real Oxigraph server on 127.0.0.1.

Every query of the library gives over HTTP the rows it gives locally on the same data; the
endpoint is read-only; a busy port, Ctrl-C, stores and time limits behave as documented.
"""

from __future__ import annotations

import re
import signal
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from gswg_graph.errors import RemoteError
from gswg_graph.iati import synthetic
from gswg_graph.querying import Backend, QueryLibrary, execute, local_backend
from gswg_graph.remote import RemoteBackend
from gswg_graph.serving import (
    CUT_OFF,
    OVERDUE,
    ServerProcess,
    Supervisor,
    answers,
    stopped_message,
)

from .helpers import REPO_ROOT
from .sparql_server import (
    Canned,
    GswgServe,
    free_port,
    gswg_serve,
    http_status,
    run_gswg,
    sparql_update,
    stub_server,
)

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "iati"
FIXTURE_FILES = sorted(FIXTURES.glob("lao_dportal_*.xml"))
WITH = [arg for path in FIXTURE_FILES for arg in ("--with", str(path))]
QUERY_NAMES = sorted(path.stem for path in (REPO_ROOT / "queries").glob("*.rq"))
# Values for the queries that need one.
PARAMS = {"find-organisation": {"name": "UNDP"}}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GswgServe]:
    """`gswg serve --with` the four IATI fixtures, on a free port, with a 2 s query limit."""
    cwd = tmp_path_factory.mktemp("serve")
    with gswg_serve("--port", str(free_port()), "--timeout", "2", *WITH, cwd=cwd) as run:
        yield run


@pytest.fixture(scope="module")
def here() -> Backend:
    """The same data, locally: the source files and the IATI fixtures in pyoxigraph."""
    return local_backend(with_files=FIXTURE_FILES)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_every_query_gives_the_local_rows_over_http(
    served: GswgServe, here: Backend, library: QueryLibrary, name: str
) -> None:
    spec = library.load(name)
    params = PARAMS.get(name, {})
    local = execute(spec, here, params)
    remote = execute(spec, RemoteBackend(served.query_url, timeout=30), params)
    assert remote.variables == local.variables
    assert Counter(remote.rows) == Counter(local.rows)
    assert remote.labels == local.labels


def test_it_prints_the_query_url_and_a_curl_example(served: GswgServe) -> None:
    text = "\n".join(served.output)
    assert re.search(
        r"^serving read-only SPARQL 1\.1 at http://127\.0\.0\.1:\d+/query$", text, re.M
    )
    assert f"curl -s {served.query_url} " in text
    assert f"gswg query chairs --endpoint {served.query_url}" in text


def test_the_printed_curl_query_works(served: GswgServe) -> None:
    line = next(line for line in served.output if line.lstrip().startswith("curl "))
    query = re.search(r"--data-urlencode 'query=(.*)'$", line)
    assert query is not None
    data = urllib.parse.urlencode({"query": query.group(1)}).encode()
    request = urllib.request.Request(served.query_url, data=data, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=10) as response:
        rows = response.read().decode().splitlines()
    assert rows[0] == "body,members"
    assert len(rows) > 5


def test_it_has_a_query_page(served: GswgServe) -> None:
    page = served.query_url.removesuffix("query")
    with urllib.request.urlopen(page, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/html")
        html = response.read().decode()
    assert "yasgui" in html.lower()
    # Everything the page loads comes through gswg's front too.
    assets = re.findall(r'(?:href|src)="\.?/([^"]+)"', html)
    assert {"yasgui.min.js", "yasgui.min.css", "logo.svg"} <= set(assets)
    for asset in assets:
        with urllib.request.urlopen(page + asset, timeout=10) as response:
            assert response.status == 200
            assert response.read()


def test_the_query_page_endpoint_answers(served: GswgServe) -> None:
    """The page sends its queries to /sparql (Oxigraph's other name for /query)."""
    sparql = served.query_url.removesuffix("query") + "sparql"
    assert RemoteBackend(sparql, timeout=10).select(COUNT) == RemoteBackend(
        served.query_url, timeout=10
    ).select(COUNT)


def test_it_refuses_sparql_update(served: GswgServe) -> None:
    remote = RemoteBackend(served.query_url, timeout=10)
    before = remote.select(COUNT)
    base = served.query_url.removesuffix("/query")
    status = sparql_update(base, "INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    assert status in (403, 405)
    assert remote.select(COUNT) == before


def test_it_refuses_graph_store_writes(served: GswgServe) -> None:
    base = served.query_url.removesuffix("/query")
    body = b"<urn:x> <urn:y> <urn:z> .\n"
    status = http_status(
        f"{base}/store?default", "PUT", body, **{"Content-Type": "application/n-triples"}
    )
    assert status in (403, 405)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("POST", "/update", 403),
        ("GET", "/update?update=CLEAR%20ALL", 403),
        ("GET", "/store?default", 403),
        ("DELETE", "/store?default", 403),
        ("DELETE", "/query", 405),
        ("PUT", "/query", 405),
        ("POST", "/", 405),
        ("GET", "/no-such-page", 404),
    ],
)
def test_the_front_serves_queries_and_the_page_only(
    served: GswgServe, method: str, path: str, status: int
) -> None:
    base = served.query_url.removesuffix("/query")
    body = b"update=CLEAR%20ALL" if method in ("POST", "PUT") else None
    assert http_status(base + path, method, body) == status
    assert RemoteBackend(served.query_url, timeout=10).select(COUNT).rows[0][0] is not None


def test_it_listens_on_127_0_0_1_only(served: GswgServe) -> None:
    assert urllib.parse.urlsplit(served.query_url).hostname == "127.0.0.1"


@pytest.fixture(scope="module")
def served_large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GswgServe]:
    """`gswg serve` with a 2 s limit on 120,000 triples: enough that Oxigraph's own limit, checked
    only between results, never stops SLOW (a COUNT has one result, at the very end)."""
    folder = tmp_path_factory.mktemp("serve-large")
    big = synthetic.write_file(folder / "synthetic.xml", 1000)
    with gswg_serve(
        "--port", str(free_port()), "--timeout", "2", "--with", str(big), cwd=folder
    ) as run:
        yield run


def test_a_query_longer_than_the_timeout_is_stopped(served_large: GswgServe) -> None:
    """gswg's front stops what Oxigraph does not: it restarts the server and answers 503.

    The client waits far longer than the limit (no wall clock is asserted): what shows that the
    query was stopped is gswg's message, the line gswg serve prints, and the next query, which
    a server still busy with the cross join would answer only when it is done.
    """
    with pytest.raises(RemoteError, match="endpoint's own time limit"):
        RemoteBackend(served_large.query_url, timeout=300).select(SLOW)
    line = served_large.wait_for("stopped 1 query")
    assert line == "stopped 1 query running longer than 2 s by restarting the Oxigraph server"
    count = RemoteBackend(served_large.query_url, timeout=60).select(COUNT).rows[0][0]
    assert count is not None and int(count.value) > 100_000


def test_a_stopped_query_gets_503_and_a_reason(served_large: GswgServe) -> None:
    data = urllib.parse.urlencode({"query": SLOW}).encode()
    request = urllib.request.Request(served_large.query_url, data=data)
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=300)
    assert caught.value.code == 503
    said = caught.value.read().decode()
    assert said.startswith("gswg serve stopped the query: it ran longer than the time limit of 2 s")
    assert "--timeout" in said
    served_large.wait_for("stopped 1 query")
    assert answers(served_large.query_url, timeout=60)


def test_quiet_prints_only_the_query_url(tmp_path: Path) -> None:
    ready = "serving read-only SPARQL 1.1 at "
    with gswg_serve(
        "--port",
        str(free_port()),
        "--quiet",
        "--with",
        str(FIXTURE_FILES[0]),
        cwd=tmp_path,
        ready=ready,
    ) as run:
        assert len(run.output) == 1 and run.output[0].startswith(ready)
        assert answers(run.query_url)
        code, rest = run.interrupt()
    assert code == 0
    assert rest == []


# ---- starting and stopping ----


def test_ctrl_c_stops_it_cleanly(tmp_path: Path) -> None:
    run = GswgServe("--port", str(free_port()), cwd=tmp_path)
    try:
        run.start()
        url = run.query_url
        temporary = re.search(r"a temporary store \((\S+), removed on exit\)", run.output[0])
        assert temporary is not None and Path(temporary.group(1)).is_dir()
        code, rest = run.interrupt()
    finally:
        run.kill()
    assert code == 0
    assert rest[-1] == "stopped the server"
    assert not Path(temporary.group(1)).exists()
    with pytest.raises(RemoteError):
        RemoteBackend(url, timeout=2).select(COUNT)


def test_port_in_use_is_exit_2(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        done = run_gswg("serve", "--port", str(port), cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "--port" in done.stderr  # the hint
    assert list(tmp_path.iterdir()) == []


def test_unknown_host_is_exit_2(tmp_path: Path) -> None:
    done = run_gswg("serve", "--host", "no-such-host.invalid", cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert "unknown host" in done.stderr


def test_a_kept_store_is_reused(tmp_path: Path) -> None:
    store = tmp_path / "store"
    loaded = run_gswg("query", "chairs", "--store", str(store), "--with", str(FIXTURE_FILES[0]))
    assert loaded.returncode == 0, loaded.stderr
    with gswg_serve("--port", str(free_port()), "--store", str(store), cwd=tmp_path) as run:
        assert run.output[0].startswith(f"using the store {store}:")
        assert (store / "gswg-serve.pid").is_file()
        rows = RemoteBackend(run.query_url, timeout=10).select(
            "ASK { ?a <http://purl.org/dc/terms/identifier> 'XM-DAC-41114-OUTPUT-00098059' }"
        )
        code, _ = run.interrupt()
    assert rows.rows[0][0] is not None and rows.rows[0][0].value == "true"
    assert code == 0
    assert store.is_dir() and not (store / "gswg-serve.pid").exists()


def test_a_served_store_is_not_reloaded(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with gswg_serve("--port", str(free_port()), "--store", str(store), cwd=tmp_path):
        other = run_gswg(
            "query", "chairs", "--store", str(store), "--with", str(FIXTURE_FILES[0]), cwd=tmp_path
        )
    assert other.returncode == 2
    assert "is serving it" in other.stderr


def test_a_served_store_can_be_queried_directly_meanwhile(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with gswg_serve("--port", str(free_port()), "--store", str(store), cwd=tmp_path):
        direct = run_gswg("query", "chairs", "--store", str(store), "-f", "csv", cwd=tmp_path)
    assert direct.returncode == 0, direct.stderr
    assert len(direct.stdout.splitlines()) == 12  # the header and the 11 chairs


def test_sigterm_stops_it_cleanly(tmp_path: Path) -> None:
    run = GswgServe("--port", str(free_port()), cwd=tmp_path)
    try:
        run.start()
        run.process.send_signal(signal.SIGTERM)
        code = run.process.wait(timeout=30)
    finally:
        run.kill()
    assert code == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_no_server_outlives_a_killed_gswg(tmp_path: Path) -> None:
    # The killed gswg cannot remove its temporary store: let it be made in tmp_path.
    run = GswgServe("--port", str(free_port()), cwd=tmp_path, TMPDIR=str(tmp_path))
    try:
        run.start()
        url = run.query_url
        servers = run.children()
        assert len(servers) == 1  # Oxigraph, behind gswg's own front
        run.process.kill()  # SIGKILL: gswg gets no chance to stop the server itself
        run.process.wait(timeout=10)
    finally:
        run.kill()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(servers[0]):
        time.sleep(0.2)
    assert not _alive(servers[0])
    assert not answers(url)


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie waiting for its parent to collect it does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


# ---- the supervisor and the messages, without a server ----


class FakeServer(ServerProcess):
    """Stands in for an Oxigraph process: a port, and whether it runs."""

    def __init__(self, port: int) -> None:
        super().__init__("oxigraph", Path("store"), port, 2, Path("log"))
        self.up = True

    def running(self) -> bool:
        return self.up

    def stop(self) -> None:
        self.up = False

    def log_tail(self, lines: int = 3) -> str:
        return "killed by the kernel"


@pytest.fixture
def supervised() -> tuple[Supervisor, list[FakeServer], list[str]]:
    launched: list[FakeServer] = []
    said: list[str] = []

    def launch() -> ServerProcess:
        launched.append(FakeServer(1000 + len(launched)))
        return launched[-1]

    supervisor = Supervisor(launch, timeout=2, grace=3, echo=said.append)
    supervisor.start()
    return supervisor, launched, said


def test_a_restart_stops_the_overdue_query_and_cuts_off_the_others(
    supervised: tuple[Supervisor, list[FakeServer], list[str]],
) -> None:
    supervisor, launched, said = supervised
    overdue, other = supervisor.begin(), supervisor.begin()
    overdue.deadline = 0.0  # as if it had started long ago
    supervisor.check()
    assert (overdue.stopped, other.stopped) == (OVERDUE, CUT_OFF)
    assert [server.up for server in launched] == [False, True]
    assert said == [
        "stopped 1 query running longer than 2 s by restarting the Oxigraph server "
        "(1 other query cut off)"
    ]
    after = supervisor.begin()
    assert (after.generation, after.port) == (1, launched[1].port)
    supervisor.check()  # nothing overdue on the new process: nothing happens
    assert len(launched) == 2 and after.stopped is None


def test_a_server_that_stopped_by_itself_is_started_again(
    supervised: tuple[Supervisor, list[FakeServer], list[str]],
) -> None:
    supervisor, launched, said = supervised
    running = supervisor.begin()
    launched[0].up = False
    supervisor.check()
    assert running.stopped == CUT_OFF
    assert len(launched) == 2 and launched[1].up
    assert said[0].startswith("the Oxigraph server stopped by itself")
    assert "killed by the kernel" in said[0]


STOPPED_RESULTS = b'{"head":{"vars":["n"]},"results":{"bindings":[\n'
# How the front tells a client its query was stopped: (status, body, what gswg query then says).
TOLD = {
    "overdue-503": (503, stopped_message(OVERDUE, 2).encode(), r"endpoint's own time limit"),
    "overdue-in-results": (
        200,
        STOPPED_RESULTS + f"\n{stopped_message(OVERDUE, 2)}\n".encode(),
        r"stopped the query: it ran longer than the endpoint's own time limit",
    ),
    "cut-off-503": (
        503,
        stopped_message(CUT_OFF, 2).encode(),
        r"answered HTTP 503 .*: gswg serve cut this query off.*Send this query again",
    ),
}


@pytest.mark.parametrize("case", TOLD)
def test_a_client_is_told_why_its_query_was_stopped(case: str) -> None:
    status, body, expected = TOLD[case]
    canned = Canned(status, "text/plain; charset=utf-8", body)
    with stub_server(canned) as stub, pytest.raises(RemoteError, match=expected) as caught:
        RemoteBackend(f"{stub.url}/query", timeout=10).select(COUNT)
    assert caught.value.hint
