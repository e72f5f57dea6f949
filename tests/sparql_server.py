"""Real servers for the tests, on 127.0.0.1 only: Oxigraph serving the release, a writable
Oxigraph store, a Wikidata-shaped endpoint, `gswg serve` itself, and bad servers of every kind.

``oxigraph_endpoint`` builds the release of the project into a temporary folder, loads its
N-Triples with ``oxigraph load`` into a temporary store, serves it read-only on a free port and
waits until it answers; the server is stopped when the session ends. ``writable_store`` is
``oxigraph serve`` in memory (Graph Store Protocol at ``/store``); ``wikidata_endpoint`` serves
tests/fixtures/wikidata. ``silent_endpoint`` accepts connections and never answers (a hung
server), ``trickling_endpoint`` answers one byte at a time for ever; ``closed_endpoint`` is a
port nobody listens on; :func:`stub_server` answers every request with one canned response
(401, an HTML page...). :class:`GswgServe` runs the real ``gswg serve`` command in a child
process. conftest.py imports these fixtures.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest

from gswg_graph.errors import GswgError
from gswg_graph.loading import load_project
from gswg_graph.release import build_release
from gswg_graph.resources import ResourceRoot
from gswg_graph.serving import find_oxigraph

from .helpers import REPO_ROOT

STARTUP_TIMEOUT = 30.0


@dataclass(frozen=True)
class Endpoint:
    """A running SPARQL endpoint and the release it serves."""

    url: str
    release_dir: Path


def oxigraph_binary() -> str:
    """The ``oxigraph`` server (a dependency of the project), found as `gswg serve` finds it."""
    try:
        return find_oxigraph()
    except GswgError as exc:
        pytest.fail(f"the oxigraph server is not installed: {exc}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK { }"})
    request = urllib.request.Request(
        f"{url}?{query}", headers={"Accept": "application/sparql-results+json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _start(
    binary: str, store: Path | None, log: Path, mode: str = "serve-read-only"
) -> tuple[subprocess.Popen[bytes], str]:
    """Start the server on a free port; retry when another process took the port meanwhile.

    ``store`` None: an in-memory store (``oxigraph serve`` only).
    """
    for _attempt in range(3):
        port = free_port()
        url = f"http://127.0.0.1:{port}/query"
        location = ["--location", str(store)] if store is not None else []
        with log.open("wb") as handle:
            server = subprocess.Popen(
                [binary, mode, *location, "--bind", f"127.0.0.1:{port}"],
                stdout=handle,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline and server.poll() is None:
            if _answers(url):
                return server, url
            time.sleep(0.1)
        _stop(server)
    pytest.fail(f"the oxigraph server did not start: {log.read_text(errors='replace')[-2000:]}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def built_release(tmp_path_factory: pytest.TempPathFactory, project: ResourceRoot) -> Path:
    """The project's release, built once into a temporary folder (read it, do not change it)."""
    release_dir = tmp_path_factory.mktemp("release") / "dist"
    build_release(load_project(project), release_dir)
    return release_dir


@pytest.fixture(scope="session")
def oxigraph_endpoint(
    tmp_path_factory: pytest.TempPathFactory, built_release: Path
) -> Iterator[Endpoint]:
    """The project's release served by Oxigraph at http://127.0.0.1:<free port>/query."""
    binary = oxigraph_binary()
    base = tmp_path_factory.mktemp("oxigraph")
    store = base / "store"
    load_store(binary, store, built_release / "gswg.nt")
    server, url = _start(binary, store, base / "server.log")
    try:
        yield Endpoint(url, built_release)
    finally:
        _stop(server)


def load_store(binary: str, store: Path, *files: Path) -> None:
    """Load RDF files into an Oxigraph store folder with ``oxigraph load``."""
    loaded = subprocess.run(
        [binary, "load", "--location", str(store), *(f"--file={f}" for f in files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr


@dataclass(frozen=True)
class Store:
    """A writable Oxigraph server: Graph Store Protocol at ``store``, SPARQL at ``query``."""

    base: str

    @property
    def store(self) -> str:
        return f"{self.base}/store"

    @property
    def query(self) -> str:
        return f"{self.base}/query"


@pytest.fixture(scope="session")
def writable_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """``oxigraph serve`` with an in-memory store; tests write graphs of their own names."""
    base = tmp_path_factory.mktemp("writable")
    server, url = _start(oxigraph_binary(), None, base / "server.log", mode="serve")
    try:
        yield Store(url.removesuffix("/query"))
    finally:
        _stop(server)


WIKIDATA_FIXTURE = REPO_ROOT / "tests" / "fixtures" / "wikidata" / "countries.ttl"


@pytest.fixture(scope="session")
def wikidata_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A read-only SPARQL endpoint holding the Wikidata-shaped fixture (its /query URL)."""
    binary = oxigraph_binary()
    base = tmp_path_factory.mktemp("wikidata")
    load_store(binary, base / "store", WIKIDATA_FIXTURE)
    server, url = _start(binary, base / "store", base / "server.log")
    try:
        yield url
    finally:
        _stop(server)


@dataclass(frozen=True)
class Canned:
    """One response for every request: status, content type, body, extra headers."""

    status: int
    content_type: str = "text/html; charset=utf-8"
    body: bytes = b"<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class Stub:
    """A running stub server: its base URL and the requests it saw (method, path, headers)."""

    url: str
    seen: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)


@contextlib.contextmanager
def stub_server(canned: Canned) -> Iterator[Stub]:
    """An HTTP server on 127.0.0.1 that answers every request with ``canned``."""
    seen: list[tuple[str, str, dict[str, str]]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            seen.append((self.command, self.path, dict(self.headers.items())))
            self.send_response(canned.status)
            self.send_header("Content-Type", canned.content_type)
            self.send_header("Content-Length", str(len(canned.body)))
            for name, value in canned.headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(canned.body)

        do_GET = do_PUT = do_POST = do_DELETE = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Stub(f"http://127.0.0.1:{server.server_address[1]}", seen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def gswg_command(*args: str) -> list[str]:
    """The real `gswg` entry point in a child process (this Python, this checkout)."""
    return [sys.executable, "-c", "from gswg_graph.cli import main; main()", *args]


class GswgServe:
    """`gswg serve` running in a child process, its output read line by line.

    ``start`` waits for the line starting with ``ready`` (the last of the announcement), or the
    end of the process, and returns the lines printed so far; ``wait_for`` waits for a later
    line; ``interrupt`` sends Ctrl-C (SIGINT) and returns the exit code and the rest.
    """

    def __init__(
        self,
        *args: str,
        cwd: Path | None = None,
        ready: str = "stop with Ctrl-C",
        **extra_env: str,
    ) -> None:
        self.ready = ready
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src"), "CI": "1", **extra_env}
        env.pop("GSWG_RESOURCES", None)
        self.process = subprocess.Popen(
            gswg_command("serve", *args),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=cwd,
            env=env,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output: list[str] = []
        self.reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        self.reader.start()

    def _read(self, stream: IO[str] | None) -> None:
        assert stream is not None
        for line in stream:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def start(self, timeout: float = STARTUP_TIMEOUT * 2) -> list[str]:
        if self._next(self.ready, timeout) is None and self.process.poll() is None:
            self.kill()
            pytest.fail("gswg serve did not start:\n" + "\n".join(self.output))
        return self.output

    def wait_for(self, start: str, timeout: float = 120) -> str:
        """The next line printed that starts with ``start`` (the lines before it are kept)."""
        line = self._next(start, timeout)
        if line is None:
            pytest.fail(f"gswg serve printed no line {start!r}...:\n" + "\n".join(self.output))
        return line

    def _next(self, start: str, timeout: float) -> str | None:
        """Read lines into ``output`` up to one starting with ``start``: that line, or None when
        the time is up or the output ended (the process then waited for)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:
                self.process.wait(timeout=10)
                return None
            self.output.append(line)
            if line.startswith(start):
                return line
        return None

    def children(self) -> list[int]:
        """The process ids of the programs gswg serve started (Linux: from /proc)."""
        found: list[int] = []
        for task in Path(f"/proc/{self.process.pid}/task").glob("*"):
            with contextlib.suppress(OSError):
                found += [int(pid) for pid in (task / "children").read_text().split()]
        return found

    @property
    def query_url(self) -> str:
        for line in self.output:
            if line.startswith("serving read-only SPARQL 1.1 at "):
                return line.rsplit(" ", 1)[-1]
        pytest.fail("gswg serve printed no query URL:\n" + "\n".join(self.output))

    def interrupt(self, timeout: float = 30) -> tuple[int, list[str]]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=timeout)
        self.reader.join(timeout=5)
        rest: list[str] = []
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                rest.append(line)
        self.output.extend(rest)
        return code, rest

    def kill(self) -> None:
        """Stop it as a user would (Ctrl-C), and only if that fails, kill it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@contextlib.contextmanager
def gswg_serve(
    *args: str, cwd: Path | None = None, ready: str = "stop with Ctrl-C"
) -> Iterator[GswgServe]:
    """`gswg serve ARGS` started (see GswgServe.start); stopped at the end if still running."""
    run = GswgServe(*args, cwd=cwd, ready=ready)
    try:
        run.start()
        yield run
    finally:
        run.kill()


def run_gswg(
    *args: str, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`gswg ARGS` in a child process (for runs that must end their own process)."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src"), "CI": "1"}
    env.pop("GSWG_RESOURCES", None)
    return subprocess.run(
        gswg_command(*args), capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout
    )


def sparql_update(base: str, update: str) -> int:
    """POST a SPARQL UPDATE to ``base``/update; the HTTP status."""
    data = urllib.parse.urlencode({"update": update}).encode()
    request = urllib.request.Request(f"{base}/update", data=data, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def http_status(url: str, method: str = "GET", body: bytes | None = None, **headers: str) -> int:
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


@contextlib.contextmanager
def raw_endpoint(handle: Callable[[socket.socket], None]) -> Iterator[str]:
    """A TCP server on 127.0.0.1 that hands every connection to ``handle`` (in the accept loop,
    so a handler that must not block starts its own thread); its /query URL while it runs."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            handle(connection)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/query"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A server that accepts connections and reads requests but never answers."""
    accepted: list[socket.socket] = []
    with raw_endpoint(accepted.append) as url:  # kept open, never answered
        yield url
    for connection in accepted:
        with contextlib.suppress(OSError):
            connection.close()


@pytest.fixture
def trickling_endpoint() -> Iterator[str]:
    """A server that answers 200 at once, then sends its JSON one byte every 0.2 s, for ever:
    each read succeeds, so only a deadline on the whole request stops the client."""
    stop = threading.Event()

    def trickle(connection: socket.socket) -> None:
        with contextlib.suppress(OSError), connection:
            connection.recv(65536)
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n"
            )
            while not stop.wait(0.2):
                connection.sendall(b" ")

    def start(connection: socket.socket) -> None:
        threading.Thread(target=trickle, args=(connection,), daemon=True).start()

    with raw_endpoint(start) as url:
        yield url
    stop.set()


@pytest.fixture
def closed_endpoint() -> str:
    """A URL on 127.0.0.1 whose port nobody listens on (connection refused)."""
    return f"http://127.0.0.1:{free_port()}/query"
