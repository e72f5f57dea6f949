"""Real SPARQL servers for the tests, on 127.0.0.1 only: Oxigraph serving the release, two bad ones.

``oxigraph_endpoint`` builds the release of the project into a temporary folder, loads its
N-Triples with ``oxigraph load`` into a temporary store, serves it read-only on a free port and
waits until it answers; the server is stopped when the session ends. ``silent_endpoint`` accepts
connections and never answers (a hung server); ``closed_endpoint`` is a port nobody listens on.
conftest.py imports these fixtures.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from gswg_graph.loading import load_project
from gswg_graph.release import build_release
from gswg_graph.resources import ResourceRoot

STARTUP_TIMEOUT = 30.0


@dataclass(frozen=True)
class Endpoint:
    """A running SPARQL endpoint and the release it serves."""

    url: str
    release_dir: Path


def oxigraph_binary() -> str:
    """The ``oxigraph`` server from the dev extra (pip install oxigraph), next to this Python."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        pytest.fail("the oxigraph server is not installed: pip install -e '.[dev]' provides it")
    return found


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


def _start(binary: str, store: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start the server on a free port; retry when another process took the port meanwhile."""
    for _attempt in range(3):
        port = free_port()
        url = f"http://127.0.0.1:{port}/query"
        with log.open("wb") as handle:
            server = subprocess.Popen(
                [
                    binary,
                    "serve-read-only",
                    "--location",
                    str(store),
                    "--bind",
                    f"127.0.0.1:{port}",
                ],
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
def oxigraph_endpoint(
    tmp_path_factory: pytest.TempPathFactory, project: ResourceRoot
) -> Iterator[Endpoint]:
    """The project's release served by Oxigraph at http://127.0.0.1:<free port>/query."""
    binary = oxigraph_binary()
    base = tmp_path_factory.mktemp("oxigraph")
    release_dir = base / "dist"
    build_release(load_project(project), release_dir)
    store = base / "store"
    loaded = subprocess.run(
        [binary, "load", "--location", str(store), "--file", str(release_dir / "gswg.nt")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr
    server, url = _start(binary, store, base / "server.log")
    try:
        yield Endpoint(url, release_dir)
    finally:
        _stop(server)


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A server that accepts connections and reads requests but never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            accepted.append(connection)  # kept open, never answered

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/query"
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in accepted:
            with contextlib.suppress(OSError):
                connection.close()
        listener.close()


@pytest.fixture
def closed_endpoint() -> str:
    """A URL on 127.0.0.1 whose port nobody listens on (connection refused)."""
    return f"http://127.0.0.1:{free_port()}/query"
