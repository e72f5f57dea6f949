"""``gswg serve``: the graph (and any aid data) behind a real, read-only SPARQL 1.1 server.

The server is Oxigraph's own (``oxigraph serve-read-only``, the binary of the ``oxigraph``
package on PyPI), run on an on-disk store that :mod:`gswg_graph.stores` loads: a temporary one
that is removed on exit, or ``--store DIR``, kept and reused.  It answers SPARQL 1.1 queries at
``/query`` and shows a query page (YASGUI) at ``/``; it refuses updates (``/update``) and Graph
Store writes (``/store``) with HTTP 403.  Queries longer than ``--timeout`` are cancelled by the
server itself.

Nothing here is imported by ``gswg query``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from .errors import RemoteError, UsageError
from .stores import DiskStore, gather

ENV_BINARY = "GSWG_OXIGRAPH"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
STARTUP_TIMEOUT = 60.0
EXAMPLE_QUERY = (
    "PREFIX org: <http://www.w3.org/ns/org#> "
    "SELECT ?body (COUNT(?m) AS ?members) WHERE { ?m org:organization ?body } GROUP BY ?body"
)


# ---------------------------------------------------------------------------------------------
# The binary
# ---------------------------------------------------------------------------------------------


def find_oxigraph() -> str:
    """The ``oxigraph`` server program: $GSWG_OXIGRAPH, else the one the ``oxigraph`` package
    installed beside this Python (its scripts folder), else the first on PATH."""
    if explicit := os.environ.get(ENV_BINARY):
        if not (Path(explicit).is_file() and os.access(explicit, os.X_OK)):
            raise UsageError(
                f"${ENV_BINARY} names {explicit}, which is not an executable file",
                hint=f"unset {ENV_BINARY} to use the server of the oxigraph package",
            )
        return explicit
    names = ("oxigraph.exe", "oxigraph") if os.name == "nt" else ("oxigraph",)
    folders = [sysconfig.get_path("scripts"), str(Path(sys.executable).parent)]
    for folder in folders:
        for name in names:
            candidate = Path(folder) / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    found = shutil.which("oxigraph")
    if found is None:
        raise UsageError(
            "the Oxigraph server is not installed: no `oxigraph` program beside this Python "
            "or on PATH",
            hint="pip install oxigraph (a dependency of gswg-graph: reinstall it), or set "
            f"{ENV_BINARY}=/path/to/oxigraph",
        )
    return found


def binary_version(binary: str) -> tuple[int, ...] | None:
    """``oxigraph --version`` as numbers, e.g. (0, 5, 13); None when it cannot be told."""
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)\.(\d+)\.(\d+)", done.stdout)
    return tuple(int(part) for part in match.groups()) if match else None


def check_compatible(binary: str) -> None:
    """The server must read the database pyoxigraph writes: same minor version (0.5.x)."""
    import pyoxigraph

    server = binary_version(binary)
    library = re.match(r"(\d+)\.(\d+)", getattr(pyoxigraph, "__version__", ""))
    if server is None or library is None:
        return
    if server[:2] != (int(library[1]), int(library[2])):
        shown = ".".join(map(str, server))
        raise UsageError(
            f"the Oxigraph server {binary} is version {shown} but pyoxigraph is "
            f"{pyoxigraph.__version__}; their store formats may differ",
            hint="install matching versions: pip install 'oxigraph==X.Y.*' 'pyoxigraph==X.Y.*'",
        )


# ---------------------------------------------------------------------------------------------
# The port
# ---------------------------------------------------------------------------------------------


def url_host(host: str) -> str:
    """The host as it goes in a URL (IPv6 addresses in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def check_port(host: str, port: int) -> None:
    """Fail now, with a clear message, if the server could not listen on host:port."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise UsageError(
            f"cannot listen on {host!r}: unknown host",
            hint="--host takes an address of this machine, e.g. 127.0.0.1 (the default)",
        ) from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # As the server does (Rust sets SO_REUSEADDR), so a port in TIME_WAIT is no obstacle.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise _port_error(host, port, exc.errno) from None


def _port_error(host: str, port: int, code: int | None) -> UsageError:
    if code == errno.EADDRINUSE:
        return UsageError(
            f"port {port} on {host} is already in use",
            hint=f"choose another port with --port, or stop the program that uses it "
            f"(`ss -ltnp 'sport = :{port}'` shows which)",
        )
    if code == errno.EACCES:
        return UsageError(
            f"not allowed to listen on port {port} of {host}",
            hint="ports below 1024 need administrator rights: choose --port 1024 or higher",
        )
    if code == errno.EADDRNOTAVAIL:
        return UsageError(
            f"cannot listen on {host}: it is not an address of this machine",
            hint="use 127.0.0.1 (this machine only, the default) or an address of this machine",
        )
    return UsageError(f"cannot listen on {host}:{port} ({os.strerror(code or 0)})")


# ---------------------------------------------------------------------------------------------
# The server process
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Urls:
    base: str

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    @property
    def page(self) -> str:
        return f"{self.base}/"


def answers(url: str, timeout: float = 2.0) -> bool:
    """True when a SPARQL endpoint at ``url`` answers ``ASK {}``."""
    query = urllib.parse.urlencode({"query": "ASK { }"})
    request = urllib.request.Request(
        f"{url}?{query}", headers={"Accept": "application/sparql-results+json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


class ServerProcess:
    """``oxigraph serve-read-only`` on a store folder, its output kept in a log file."""

    def __init__(
        self, binary: str, database: Path, host: str, port: int, timeout: float, log: Path
    ) -> None:
        self.command = [
            binary,
            "serve-read-only",
            "--location",
            str(database),
            "--bind",
            f"{url_host(host)}:{port}",
            "--timeout-s",
            str(max(1, round(timeout))),
        ]
        self.host, self.port, self.log = host, port, log
        # A server on every interface (0.0.0.0, ::) is reached locally through 127.0.0.1.
        shown = DEFAULT_HOST if host in ("0.0.0.0", "::") else host
        self.urls = Urls(f"http://{url_host(shown)}:{port}")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, startup_timeout: float = STARTUP_TIMEOUT) -> None:
        with self.log.open("wb") as handle:
            self.process = subprocess.Popen(
                self.command,
                stdin=subprocess.DEVNULL,
                stdout=handle,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )
        deadline = time.monotonic() + startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise self._died()
            if answers(self.urls.query):
                return
            time.sleep(0.1)
        self.stop()
        raise RemoteError(
            f"the Oxigraph server did not answer within {startup_timeout:g} s",
            hint=f"its output: {self.log_tail() or '(none)'}",
        )

    def log_tail(self, lines: int = 3) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:])

    def _died(self) -> UsageError | RemoteError:
        tail = self.log_tail()
        if "address already in use" in tail.lower() or "os error 98" in tail.lower():
            return _port_error(self.host, self.port, errno.EADDRINUSE)
        code = self.process.returncode if self.process is not None else None
        return RemoteError(
            f"the Oxigraph server stopped (exit code {code}): {tail or 'no output'}",
            hint="check the store folder and the options; the server's words are above",
        )

    def wait(self) -> int:
        assert self.process is not None
        return self.process.wait()

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _die_with_parent() -> None:
    """In the server's process, before it starts (Linux): get SIGTERM when gswg dies.

    So that a gswg killed without a chance to clean up (SIGKILL, a crash) leaves no server
    running on the port.
    """
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


class _Stop(Exception):
    """SIGTERM or SIGHUP, turned into an exception so that the store is cleaned up as for Ctrl-C."""


@contextlib.contextmanager
def _signals_as_exceptions() -> Iterator[None]:
    """Ctrl-C (SIGINT) raises KeyboardInterrupt, SIGTERM and SIGHUP raise _Stop, meanwhile.

    SIGINT is set explicitly: a program started in the background by a script inherits it
    ignored, and `kill -INT` must still stop the server.
    """

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise _Stop

    wanted: dict[int, Any] = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: stop}
    if hasattr(signal, "SIGHUP"):
        wanted[signal.SIGHUP] = stop
    previous: dict[int, Any] = {}
    try:
        for number, handler in wanted.items():
            previous[number] = signal.signal(number, handler)
    except ValueError:  # not the main thread: leave signals alone
        pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


# ---------------------------------------------------------------------------------------------
# gswg serve
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServeOptions:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT
    release: Path | None = None
    resources: Path | None = None
    store: Path | None = None
    with_files: Sequence[Path] = ()


Echo = Callable[[str], None]


def _describe_load(disk: DiskStore, temporary: bool, echo: Echo) -> None:
    state = disk.state()
    manifest = state.manifest or {}
    where = (
        f"a temporary store ({disk.folder}, removed on exit)"
        if temporary
        else f"the store {disk.folder}"
    )
    if disk.loaded_now:
        echo(
            f"loaded {state.triples:,} triples ({manifest.get('description', '')}) into {where} "
            f"in {disk.load_seconds:.2f} s"
        )
    else:
        echo(
            f"using {where}: {state.triples:,} triples ({manifest.get('description', '')}), "
            "loaded before"
        )


def serve(options: ServeOptions, echo: Echo) -> int:
    """Load, serve until Ctrl-C (or SIGTERM), clean up; returns the exit code (0)."""
    if not 0 < options.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {options.port}")
    binary = find_oxigraph()
    check_compatible(binary)
    check_port(options.host, options.port)
    sources = (
        gather(options.release, options.resources, options.with_files)
        if options.store is None
        or options.release is not None
        or options.resources is not None
        or options.with_files
        else None
    )
    temporary = options.store is None
    folder = (
        Path(tempfile.mkdtemp(prefix="gswg-serve-")) if temporary else Path(options.store or ".")
    )
    workdir = Path(tempfile.mkdtemp(prefix="gswg-serve-log-"))
    disk = DiskStore(folder)
    server: ServerProcess | None = None
    try:
        with _signals_as_exceptions():
            try:
                if temporary:
                    assert sources is not None
                    disk.load(sources)
                else:
                    disk.ensure(sources, default=gather(None, options.resources, ()))
            except (KeyboardInterrupt, _Stop):
                echo("interrupted while loading; nothing is served")
                return 130
            _describe_load(disk, temporary, echo)
            with disk.serving():
                server = ServerProcess(
                    binary, disk.database, options.host, options.port, options.timeout,
                    workdir / "oxigraph.log",
                )  # fmt: skip
                try:
                    server.start()
                    _announce(server, options, echo)
                    code = server.wait()
                except (KeyboardInterrupt, _Stop):
                    server.stop()
                    echo("stopped the server")
                    return 0
                if code in (-signal.SIGINT, -signal.SIGTERM, 130, 143):
                    # Ctrl-C reaches the whole process group; the server may have ended first.
                    echo("stopped the server")
                    return 0
                raise RemoteError(
                    f"the Oxigraph server stopped by itself (exit code {code}): "
                    f"{server.log_tail() or 'no output'}",
                    hint="its output is above; start gswg serve again",
                )
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)


def _announce(server: ServerProcess, options: ServeOptions, echo: Echo) -> None:
    urls = server.urls
    lines = [
        f"serving read-only SPARQL 1.1 at {urls.query}",
        f"  query page: {urls.page}",
        f"  queries longer than {options.timeout:g} s are cancelled; updates are refused",
    ]
    if options.host not in ("127.0.0.1", "localhost", "::1"):
        lines.append(
            f"  listening on {options.host}: other machines can query it (and make it fetch "
            "URLs through SERVICE)"
        )
    quoted = EXAMPLE_QUERY.replace("'", "'\\''")
    lines += [
        "try:",
        f"  curl -s {urls.query} -H 'Accept: text/csv' --data-urlencode 'query={quoted}'",
        f"  gswg query chairs --endpoint {urls.query}",
        "stop with Ctrl-C",
    ]
    for line in lines:
        echo(line)
