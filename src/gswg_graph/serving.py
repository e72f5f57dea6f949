"""``gswg serve``: the graph (and any aid data) behind a real, read-only SPARQL 1.1 server.

The SPARQL server is Oxigraph's own (``oxigraph serve-read-only``, the binary of the
``oxigraph`` package on PyPI), run on an on-disk store that :mod:`gswg_graph.stores` loads: a
temporary one that is removed on exit, or ``--store DIR``, kept and reused.

A front of gswg's own, Oxigraph behind it
-----------------------------------------
Oxigraph checks its ``--timeout-s`` only between two results of a query.  A query that works a
long time before its first result (a ``COUNT`` over a cross join of a large store) is never
stopped by it: it ran for more than twelve minutes at full CPU after a 2 s limit, long after its
client had gone.  One query cannot be cancelled inside a running Oxigraph server; ending the
process is the only way to stop it.  So the public address belongs to a small HTTP server of
gswg's own (:class:`Front`, the standard library's threading HTTP server), and Oxigraph listens
on a private port of 127.0.0.1 behind it (:class:`ServerProcess`):

* The front forwards only what a read-only endpoint serves: GET and POST of ``/query`` (and of
  ``/sparql``, the same endpoint under the name the query page uses) and the query page (``/``,
  YASGUI, and its script, style sheet and logo), streaming Oxigraph's answers back.  Updates
  (``/update``) and the Graph Store (``/store``) are refused with 403, other paths with 404,
  other methods with 405: read-only does not rest on Oxigraph's mode alone.
* Oxigraph's own limit (the same ``--timeout``) still ends the queries that stream results, with
  its own message at the end of the results.
* :class:`Supervisor` knows when each forwarded request started.  One still running 3 s and a
  tenth of the limit after the limit (:func:`grace_for`) is a query that Oxigraph did not stop:
  the supervisor ends the Oxigraph process and starts a new one on the same read-only store (a
  fraction of a second: the store is opened, not loaded), and the front answers that request
  with HTTP 503 and a message saying that it ran longer than the limit and was stopped (or, if
  results were already under way, ends them with that message, as Oxigraph does).  Queries
  running on the same process at that moment are cut off too, with a 503 saying to send them
  again.

Why not a watchdog beside an Oxigraph that owns the public port (one that restarts it when a
core stays busy, or when a connection stays open past the limit): it sees a busy process, not
which request is overdue, so it can neither tell one runaway query from many short ones nor
answer the client with what happened; a proxy knows the age of every request exactly, and
Oxigraph's private port is never exposed.  The cost is one local hop per request.

Oxigraph runs in a process group of its own, so a Ctrl-C on the terminal reaches gswg only,
which stops the server itself; on Linux it also gets SIGTERM when gswg dies (see
:func:`_die_with_parent`).  Processes are started by the main thread only, because that signal
follows the *thread* that started the process.

Nothing here is imported by ``gswg query``.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import http.server
import os
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from .errors import RemoteError, UsageError
from .progress import SILENT, Feedback
from .stores import DiskStore, gather

ENV_BINARY = "GSWG_OXIGRAPH"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
STARTUP_TIMEOUT = 60.0
# A request still running this long after --timeout is stopped by restarting Oxigraph: time for
# Oxigraph's own limit, which it notices a second or two late, to end a streaming query first.
GRACE = 3.0
GRACE_FRACTION = 0.1  # ... plus a tenth of the limit


def grace_for(timeout: float) -> float:
    """Seconds after ``timeout`` before the supervisor stops a request still running."""
    return GRACE + GRACE_FRACTION * timeout


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


def listen_address(host: str, port: int) -> tuple[socket.AddressFamily, Any]:
    """The address family and socket address to listen on host:port, or a UsageError."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise UsageError(
            f"cannot listen on {host!r}: unknown host",
            hint="--host takes an address of this machine, e.g. 127.0.0.1 (the default)",
        ) from None
    family, _kind, _proto, _name, address = infos[0]
    return family, address


def check_port(host: str, port: int) -> None:
    """Fail now (before loading), with a clear message, if gswg could not listen on host:port."""
    family, address = listen_address(host, port)
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As the front does, so a port in TIME_WAIT is no obstacle.
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
# The Oxigraph process, on a private port
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


def public_urls(host: str, port: int) -> Urls:
    """The URLs to give people: a server on every interface is reached here through 127.0.0.1."""
    shown = DEFAULT_HOST if host in ("0.0.0.0", "::") else host
    return Urls(f"http://{url_host(shown)}:{port}")


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


def _free_local_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((DEFAULT_HOST, 0))
        port: int = probe.getsockname()[1]
        return port


class ServerProcess:
    """``oxigraph serve-read-only`` on a store folder, on 127.0.0.1, its output in a log file."""

    def __init__(self, binary: str, database: Path, port: int, timeout: float, log: Path) -> None:
        self.command = [
            binary,
            "serve-read-only",
            "--location",
            str(database),
            "--bind",
            f"{DEFAULT_HOST}:{port}",
            "--timeout-s",
            str(max(1, round(timeout))),
        ]
        self.port, self.log = port, log
        self.urls = Urls(f"http://{DEFAULT_HOST}:{port}")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, startup_timeout: float = STARTUP_TIMEOUT) -> None:
        with self.log.open("ab") as handle:
            self.process = subprocess.Popen(
                self.command,
                stdin=subprocess.DEVNULL,
                stdout=handle,
                stderr=subprocess.STDOUT,
                # Not in the terminal's process group: Ctrl-C is gswg's to handle (see above).
                process_group=0,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )
        deadline = time.monotonic() + startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise self._died()
            if answers(self.urls.query):
                return
            time.sleep(0.05)
        self.stop()
        raise RemoteError(
            f"the Oxigraph server did not answer within {startup_timeout:g} s",
            hint=f"its output: {self.log_tail() or '(none)'}",
        )

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def returncode(self) -> int | None:
        return self.process.returncode if self.process is not None else None

    def log_tail(self, lines: int = 3) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:])

    def port_taken(self) -> bool:
        """Whether the server stopped because its port was taken meanwhile."""
        tail = self.log_tail().lower()
        return "address already in use" in tail or "os error 98" in tail

    def _died(self) -> RemoteError:
        return RemoteError(
            f"the Oxigraph server stopped (exit code {self.returncode}): "
            f"{self.log_tail() or 'no output'}",
            hint="check the store folder and the options; the server's words are above",
        )

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
    running.  The signal comes when the *thread* that started the process ends, so only the
    main thread starts servers.
    """
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


# ---------------------------------------------------------------------------------------------
# The supervisor: which requests run on which process, and restarts
# ---------------------------------------------------------------------------------------------

OVERDUE = "overdue"
CUT_OFF = "cut off"


@dataclass(eq=False)
class Forwarded:
    """One request forwarded to Oxigraph: on which process (generation), until when."""

    generation: int
    port: int
    deadline: float
    stopped: str | None = None  # OVERDUE or CUT_OFF once the supervisor has stopped it


class Unavailable(Exception):
    """No Oxigraph process to forward to (it is being restarted and not up yet)."""


@dataclass
class Supervisor:
    """The Oxigraph process behind the front, the requests running on it, and its restarts.

    Handler threads call :meth:`begin` and :meth:`end` around each forwarded request; the main
    thread runs :meth:`watch`, which restarts Oxigraph when a request outlives ``timeout`` +
    ``grace`` (or when the process stopped by itself).
    """

    launch: Callable[[], ServerProcess]
    timeout: float
    grace: float
    echo: Callable[[str], None] = print
    generation: int = 0
    restarts: int = 0
    _process: ServerProcess | None = None
    _running: list[Forwarded] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def start(self) -> None:
        """Start the first process (main thread)."""
        process = self.launch()
        with self._cond:
            self._process = process
            self._cond.notify_all()

    def begin(self, wait: float = STARTUP_TIMEOUT) -> Forwarded:
        """Register a request on the current process (waiting while it restarts)."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._process is not None, timeout=wait):
                raise Unavailable
            assert self._process is not None
            request = Forwarded(
                self.generation,
                self._process.port,
                time.monotonic() + self.timeout + self.grace,
            )
            self._running.append(request)
            return request

    def end(self, request: Forwarded) -> None:
        with self._cond, contextlib.suppress(ValueError):
            self._running.remove(request)

    def watch(self, interval: float = 0.1) -> None:
        """Check the running requests and the process until interrupted (main thread)."""
        while True:
            self.check()
            time.sleep(interval)

    def check(self) -> None:
        """Restart Oxigraph if a request on it is overdue, or if it stopped by itself."""
        now = time.monotonic()
        with self._cond:
            process = self._process
            overdue = [
                r
                for r in self._running
                if r.stopped is None and r.generation == self.generation and now >= r.deadline
            ]
            for request in overdue:
                request.stopped = OVERDUE
        if process is None:
            return
        if overdue:
            cut = self._restart()
            self.echo(
                f"stopped {_count(len(overdue), 'query', 'queries')} running longer than "
                f"{self.timeout:g} s by restarting the Oxigraph server"
                + (f" ({_count(cut, 'other query', 'other queries')} cut off)" if cut else "")
            )
        elif not process.running():
            code, tail = process.returncode, process.log_tail()
            self._restart()
            self.echo(
                f"the Oxigraph server stopped by itself (exit code {code}: "
                f"{tail or 'no output'}); started it again"
            )

    def _restart(self) -> int:
        """Stop the process and start a new one; returns how many innocent requests were cut."""
        with self._cond:
            old, self._process = self._process, None
            cut = 0
            for request in self._running:
                if request.generation == self.generation and request.stopped is None:
                    request.stopped = CUT_OFF
                    cut += 1
        if old is not None:
            old.stop()
        new = self.launch()
        with self._cond:
            self._process = new
            self.generation += 1
            self.restarts += 1
            self._cond.notify_all()
        return cut

    def stop(self) -> None:
        with self._cond:
            process, self._process = self._process, None
        if process is not None:
            process.stop()


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


# ---------------------------------------------------------------------------------------------
# The front: the public, read-only HTTP server
# ---------------------------------------------------------------------------------------------

QUERY_PATHS = frozenset({"/query", "/sparql"})
PAGE_PATHS = frozenset({"/", "/yasgui.min.js", "/yasgui.min.css", "/logo.svg"})
REFUSED_PREFIXES = ("/update", "/store")
MAX_QUERY_BYTES = 16 * 1024 * 1024
CHUNK = 64 * 1024
# Headers of one connection, not of the message (RFC 9110, 7.6.1), and those the front sets.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "server",
        "date",
    }
)


def stopped_message(why: str, timeout: float) -> str:
    """What the client of a request stopped by the supervisor is told."""
    if why == OVERDUE:
        return (
            f"gswg serve stopped the query: it ran longer than the time limit of {timeout:g} s "
            "(the Oxigraph server was restarted to stop it). Narrow the query, or ask for a "
            "longer limit with gswg serve --timeout SECONDS."
        )
    # Not the words of a time limit (cancelled, timeout...): this query did nothing wrong.
    return (
        "gswg serve cut this query off: the Oxigraph server was restarted to stop another query, "
        "which had run for too long. Send this query again."
    )


class Front(http.server.ThreadingHTTPServer):
    """The public address: forwards queries and the query page to Oxigraph, refuses the rest."""

    daemon_threads = True
    allow_reuse_address = True  # as Oxigraph does: a port in TIME_WAIT is no obstacle

    def __init__(self, host: str, port: int, supervisor: Supervisor) -> None:
        family, address = listen_address(host, port)
        self.address_family = family
        self.supervisor = supervisor
        try:
            super().__init__(address, _FrontHandler)
        except OSError as exc:
            raise _port_error(host, port, exc.errno) from None

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up (socket.getfqdn), which can wait for
        # DNS; the name is not needed.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]


class _FrontHandler(http.server.BaseHTTPRequestHandler):
    server: Front
    server_version, sys_version = "gswg-serve", ""  # (no Python version in the Server header)
    # Seconds a client may take to send its request; a silent one holds only its own thread.
    timeout = 60

    def do_GET(self) -> None:
        self._route()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is for gswg's own lines

    def _route(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path.startswith(REFUSED_PREFIXES):
            self._plain(
                403,
                "this SPARQL endpoint is read-only: updates and the Graph Store are refused; "
                "send queries to /query",
            )
        elif self.command not in ("GET", "POST") or (
            self.command == "POST" and path not in QUERY_PATHS
        ):
            self._plain(405, f"{self.command} is not served here: GET or POST /query")
        elif path in QUERY_PATHS or path in PAGE_PATHS:
            self._forward()
        else:
            self._plain(404, f"nothing at {path}: the SPARQL endpoint is /query, the page is /")

    def _plain(self, status: int, message: str) -> None:
        body = (message + "\n").encode("utf-8")
        with contextlib.suppress(OSError):
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            if status == 405:
                self.send_header("Allow", "GET, POST")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    def _read_body(self) -> bytes | None:
        """The request body (None when it was refused, with the answer already sent)."""
        if self.command != "POST":
            return b""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self._plain(411, "send the query with a Content-Length")
            return None
        try:
            size = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            size = -1
        if not 0 <= size <= MAX_QUERY_BYTES:
            self._plain(413, f"a query of at most {MAX_QUERY_BYTES} bytes, please")
            return None
        return self.rfile.read(size)

    def _forward(self) -> None:
        body = self._read_body()
        if body is None:
            return
        supervisor = self.server.supervisor
        try:
            request = supervisor.begin()
        except Unavailable:
            self._plain(503, "the Oxigraph server is restarting; send the query again shortly")
            return
        backend = http.client.HTTPConnection(
            DEFAULT_HOST,
            request.port,
            # A last resort only: the supervisor ends an overdue request well before.
            timeout=supervisor.timeout + supervisor.grace + STARTUP_TIMEOUT,
        )
        answered = False
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            if self.command == "POST":
                headers["Content-Length"] = str(len(body))
            backend.request(self.command, self.path, body or None, headers)
            response = backend.getresponse()
            # The head waits for the first bytes of the body: until then a 503 can still be sent.
            chunk = response.read1(CHUNK)
            self.send_response(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            if response.length is not None:
                self.send_header("Content-Length", str(len(chunk) + response.length))
            self.send_header("Connection", "close")
            self.end_headers()
            answered = True
            while chunk:
                self.wfile.write(chunk)
                chunk = response.read1(CHUNK)
        except (OSError, http.client.HTTPException) as exc:
            self._broken_off(request, answered, exc)
        finally:
            backend.close()
            supervisor.end(request)

    def _broken_off(self, request: Forwarded, answered: bool, exc: BaseException) -> None:
        """The exchange with Oxigraph (or with the client) ended early: say why if one can."""
        timeout = self.server.supervisor.timeout
        if request.stopped is not None:
            message = stopped_message(request.stopped, timeout)
        elif isinstance(exc, BrokenPipeError | ConnectionResetError) and answered:
            return  # the client went away
        else:
            message = f"gswg serve: the Oxigraph server failed to answer ({type(exc).__name__})"
        if not answered:
            self._plain(503 if request.stopped is not None else 502, message)
            return
        # Results already under way: end them with the reason, as Oxigraph ends a stream it
        # cancels itself (a client sees a truncated document ending with the message).
        with contextlib.suppress(OSError):
            self.wfile.write(f"\n{message}\n".encode())


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
    quiet: bool = False


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


def serve(options: ServeOptions, echo: Echo, feedback: Feedback = SILENT) -> int:
    """Load, serve until Ctrl-C (or SIGTERM), clean up; returns the exit code (0).

    ``echo`` prints gswg's lines (with ``quiet``, only the one with the query URL); ``feedback``
    draws the progress of loading and prints the import summaries.
    """
    if not 0 < options.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {options.port}")

    def note(line: str) -> None:
        if not options.quiet:
            echo(line)

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
    supervisor: Supervisor | None = None
    front: Front | None = None
    try:
        with _signals_as_exceptions():
            try:
                if temporary:
                    assert sources is not None
                    disk.load(sources, feedback)
                else:
                    disk.ensure(sources, gather(None, options.resources, ()), feedback)
            except (KeyboardInterrupt, _Stop):
                note("interrupted while loading; nothing is served")
                return 130
            _describe_load(disk, temporary, note)
            with disk.serving():

                def launch() -> ServerProcess:
                    return _launch(binary, disk.database, options.timeout, workdir)

                supervisor = Supervisor(
                    launch, options.timeout, grace_for(options.timeout), echo=note
                )
                try:
                    supervisor.start()
                    front = Front(options.host, options.port, supervisor)
                    threading.Thread(
                        target=front.serve_forever, name="gswg-serve-front", daemon=True
                    ).start()
                    _announce(options, echo)
                    supervisor.watch()
                except (KeyboardInterrupt, _Stop):
                    note("stopped the server")
                    return 0
    finally:
        if front is not None:
            front.shutdown()
            front.server_close()
        if supervisor is not None:
            supervisor.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)
    return 0  # not reached: watch() returns only by an exception


def _launch(binary: str, database: Path, timeout: float, workdir: Path) -> ServerProcess:
    """Oxigraph started on a free private port (another, if that one is taken meanwhile)."""
    for attempt in range(3):
        process = ServerProcess(
            binary, database, _free_local_port(), timeout, workdir / "oxigraph.log"
        )
        try:
            process.start()
        except RemoteError:
            if attempt == 2 or not process.port_taken():
                raise
            continue
        return process
    raise AssertionError("unreachable")


def _announce(options: ServeOptions, echo: Echo) -> None:
    urls = public_urls(options.host, options.port)
    lines = [f"serving read-only SPARQL 1.1 at {urls.query}"]
    if not options.quiet:
        lines += [
            f"  query page: {urls.page}",
            f"  queries longer than {options.timeout:g} s are stopped; updates are refused",
        ]
        if options.host not in ("127.0.0.1", "localhost", "::1"):
            lines.append(
                f"  listening on {options.host}: other machines can query it (and make it "
                "fetch URLs through SERVICE)"
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
