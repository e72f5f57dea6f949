"""``gswg publish``: put the release into a triple store with the SPARQL 1.1 Graph Store Protocol.

One request replaces the named graph: ``PUT <store>?graph=<IRI>`` with the release's N-Triples
as the body (Graph Store HTTP Protocol, section 5.3: the graph's content becomes exactly the
body).  Stores apply a PUT in one transaction, so a failed or interrupted request leaves the
previous graph in place, and publishing twice leaves one copy.  Afterwards the graph is read
back (``GET <store>?graph=<IRI>``, again the protocol) or counted on the store's query endpoint,
and the number of triples must be the release's.

Credentials come from the environment only (``GSWG_STORE_USER`` and ``GSWG_STORE_PASSWORD``,
HTTP basic authentication), never from the command line, where other users of the machine could
read them in the process list.  The release is only read.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import socket
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .errors import InputError, RemoteError, UsageError
from .progress import SILENT, CountingReader, Feedback, megabytes
from .querying import RELEASE_FILE, Term, check_graph_name

ENV_USER = "GSWG_STORE_USER"
ENV_PASSWORD = "GSWG_STORE_PASSWORD"
DEFAULT_GRAPH = "https://w3id.org/gswg/release"
DEFAULT_TIMEOUT = 60.0
NTRIPLES = "application/n-triples"
# What a Graph Store may answer a GET with; anything else (an HTML page) is not the protocol.
RDF_MEDIA_TYPES = {
    "application/n-triples": "nt",
    "text/plain": "nt",  # N-Triples' old media type
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/rdf+xml": "rdf",
    "application/n-quads": "nq",
    "application/trig": "trig",
    "application/ld+json": "jsonld",
}
_STORE_HINT = (
    "give the Graph Store Protocol URL of the store: Oxigraph http://HOST:7878/store, "
    "Fuseki http://HOST:3030/DATASET/data, GraphDB http://HOST:7200/repositories/REPO/"
    "rdf-graphs/service"
)


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str

    def header(self) -> str:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"


def credentials_from_env(environ: dict[str, str] | None = None) -> Credentials | None:
    """Basic-auth credentials from $GSWG_STORE_USER and $GSWG_STORE_PASSWORD (both or none)."""
    env = os.environ if environ is None else environ
    user, password = env.get(ENV_USER), env.get(ENV_PASSWORD)
    if not user and not password:
        return None
    if not user or password is None:
        missing = ENV_USER if not user else ENV_PASSWORD
        raise UsageError(
            f"${missing} is not set, but ${ENV_PASSWORD if missing == ENV_USER else ENV_USER} is",
            hint=f"set both {ENV_USER} and {ENV_PASSWORD}, or neither for a store without login",
        )
    return Credentials(user, password)


@dataclass(frozen=True)
class PublishResult:
    store: str
    graph: str
    source: Path
    triples: int
    found: int
    checked_by: str
    status: int
    seconds: float

    def render(self) -> str:
        return "\n".join(
            [
                f"published {self.source} to {self.store}, graph <{self.graph}>",
                f"  triples sent      {self.triples:>8}",
                f"  triples in graph  {self.found:>8}  ({self.checked_by})",
                f"  HTTP {self.status}, {self.seconds:.2f} s",
            ]
        )


def graph_url(store: str, graph: str) -> str:
    """``store?graph=<IRI>`` (indirect graph identification), keeping any query the URL has."""
    parts = urlsplit(store)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "graph"]
    query.append(("graph", graph))
    return urlunsplit(parts._replace(query=urlencode(query)))


def check_store_url(store: str) -> str:
    parts = urlsplit(store)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"not an http(s) store URL: {store!r}", hint=_STORE_HINT)
    return store


def release_file(release: Path) -> Path:
    path = Path(release) / RELEASE_FILE
    if not path.is_file():
        raise InputError(
            f"no release in {release}: {RELEASE_FILE} not found",
            hint=f"run `gswg build --out-dir {release}` first, or name the release folder "
            "with --release DIR",
        )
    return path


def count_triples(data: bytes | Path, fmt: str = "nt") -> int:
    """Distinct triples in N-Triples (or another RDF format pyoxigraph reads)."""
    import pyoxigraph as ox

    formats = {
        "nt": ox.RdfFormat.N_TRIPLES,
        "ttl": ox.RdfFormat.TURTLE,
        "rdf": ox.RdfFormat.RDF_XML,
        "nq": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
    }
    if fmt == "jsonld" and hasattr(ox.RdfFormat, "JSON_LD"):
        formats["jsonld"] = ox.RdfFormat.JSON_LD
    store = ox.Store()
    if isinstance(data, Path):
        store.load(path=str(data), format=formats[fmt])
    else:
        store.load(data, format=formats[fmt])
    # Triples only: a store answering in N-Quads puts them in its graph, count them all.
    return len(store)


class GraphStore:
    """A SPARQL 1.1 Graph Store HTTP Protocol endpoint, spoken with urllib."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        credentials: Credentials | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.url = check_store_url(url)
        if not timeout > 0:
            raise UsageError(f"the timeout must be a positive number of seconds, not {timeout}")
        self.timeout = timeout
        self.credentials = credentials
        host = urlsplit(url).hostname or ""
        if credentials and urlsplit(url).scheme == "http" and not _is_loopback(host):
            (warn or _stderr)(
                f"warning: sending the store password unencrypted to {host} (http, not https)"
            )

    def _request(
        self, method: str, url: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str, bytes]:
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        request.add_header("User-Agent", "gswg-graph (publish)")
        if self.credentials is not None:
            request.add_header("Authorization", self.credentials.header())
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                content_type = response.headers.get("Content-Type", "") or ""
                return response.status, content_type, response.read()
        except urllib.error.HTTPError as exc:
            detail = b""
            with contextlib.suppress(Exception):
                detail = exc.read()[:300]
            raise self._http_error(method, url, exc.code, str(exc.reason), detail) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise self._network_error(exc) from None

    def _network_error(self, exc: BaseException) -> RemoteError:
        reason: Any = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        where = self.url
        if isinstance(reason, TimeoutError | socket.timeout):
            return RemoteError(
                f"the store {where} did not answer within {self.timeout:g} s",
                hint="check that the store is up and not overloaded, or allow more time with "
                "--timeout SECONDS; the local release is unchanged",
            )
        if isinstance(reason, ConnectionRefusedError):
            return RemoteError(
                f"cannot reach the store {where}: connection refused",
                hint="check the URL and port, and that the store is running; the local release "
                "is unchanged",
            )
        if isinstance(reason, socket.gaierror):
            return RemoteError(
                f"cannot reach the store {where}: unknown host",
                hint="check the host name in the URL",
            )
        if isinstance(reason, http.client.HTTPException | ConnectionError):
            return RemoteError(
                f"the store {where} broke off the exchange ({type(reason).__name__})",
                hint="check that the URL is a Graph Store Protocol endpoint; " + _STORE_HINT,
            )
        text = getattr(reason, "strerror", None) or str(reason)
        return RemoteError(f"cannot reach the store {where}: {text}", hint=_STORE_HINT)

    def _http_error(
        self, method: str, url: str, code: int, reason: str, detail: bytes
    ) -> RemoteError:
        said = " ".join(detail.decode("utf-8", "replace").split())[:160]
        said = f" ({said})" if said and not said.lstrip().startswith("<") else ""
        if code in (401, 407):
            return RemoteError(
                f"the store {self.url} refused the credentials (HTTP {code} {reason})"
                if self.credentials
                else f"the store {self.url} asks for a login (HTTP {code} {reason})",
                hint=f"set {ENV_USER} and {ENV_PASSWORD} to an account that may write the "
                "store; the local release is unchanged",
            )
        if code == 403:
            return RemoteError(
                f"the store {self.url} refused to {method} the graph (HTTP 403 {reason}){said}",
                hint="check that the account may write this store (a read-only server cannot be "
                "published to); the local release is unchanged",
            )
        if code in (404, 405, 406, 415, 501):
            return RemoteError(
                f"{self.url} does not speak the SPARQL 1.1 Graph Store Protocol: {method} "
                f"answered HTTP {code} {reason}{said}",
                hint=_STORE_HINT,
            )
        if 300 <= code < 400:
            return RemoteError(
                f"the store {self.url} redirects (HTTP {code}); give the URL it redirects to",
                hint=_STORE_HINT,
            )
        return RemoteError(
            f"the store {self.url} failed to {method} the graph: HTTP {code} {reason}{said}",
            hint="the store's log may say why; the local release is unchanged",
        )

    def put(self, graph: str, path: Path, on_sent: Callable[[int], None] | None = None) -> int:
        """Replace ``graph`` with the N-Triples of ``path`` (one PUT); returns the HTTP status.

        ``on_sent`` receives the number of bytes of the body sent so far (a progress bar).
        """
        size = path.stat().st_size
        with path.open("rb") as raw:
            body = raw if on_sent is None else CountingReader(raw, on_sent)
            status, _type, _ = self._request(
                "PUT",
                graph_url(self.url, graph),
                body,
                {"Content-Type": NTRIPLES, "Content-Length": str(size)},
            )
        if status not in (200, 201, 204):
            raise RemoteError(
                f"{self.url} answered the PUT with HTTP {status}, not 200, 201 or 204: it does "
                "not seem to speak the SPARQL 1.1 Graph Store Protocol",
                hint=_STORE_HINT,
            )
        return status

    def _refuse_doctype(self, body: bytes) -> None:
        """RDF/XML from the network: no DTD (pyoxigraph would expand an entity bomb)."""
        from . import safexml

        try:
            safexml.check_prolog_bytes(body, self.url)
        except InputError as exc:
            raise RemoteError(
                f"{self.url} answered the GET of the graph with RDF/XML that declares a DTD "
                f"(line {exc.line}), refused: a DTD can fetch files and expand entity bombs",
                hint="ask the store for N-Triples or Turtle, or count with --query-endpoint URL",
            ) from None

    def count(self, graph: str) -> int:
        """Triples in ``graph``, read back with a GET of the graph."""
        _status, content_type, body = self._request(
            "GET", graph_url(self.url, graph), headers={"Accept": NTRIPLES}
        )
        media = content_type.split(";")[0].strip().lower()
        fmt = RDF_MEDIA_TYPES.get(media)
        if fmt is None:
            raise RemoteError(
                f"{self.url} answered the GET of the graph with {media or 'no content type'}, "
                "not RDF: it does not speak the SPARQL 1.1 Graph Store Protocol",
                hint=_STORE_HINT,
            )
        if fmt == "rdf":
            self._refuse_doctype(body)
        try:
            return count_triples(body, fmt)
        except (SyntaxError, ValueError) as exc:
            raise RemoteError(
                f"{self.url} answered the GET of the graph with {media} that does not parse: "
                f"{' '.join(str(exc).split())[:160]}",
                hint=_STORE_HINT,
            ) from None


def count_on_endpoint(endpoint: str, graph: str, timeout: float) -> int:
    """Triples in ``graph`` counted by a SPARQL query on the store's query endpoint."""
    from .remote import RemoteBackend

    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {Term.iri(graph).sparql()} {{ ?s ?p ?o }} }}"
    answer = RemoteBackend(endpoint, timeout=timeout).select(query)
    try:
        term = answer.rows[0][0]
        assert term is not None
        return int(term.value)
    except (IndexError, AssertionError, ValueError):
        raise RemoteError(
            f"the query endpoint {endpoint} did not return a count",
            hint="check that --query-endpoint is the store's SPARQL query URL",
        ) from None


def publish(
    release: Path,
    store: str,
    graph: str = DEFAULT_GRAPH,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    credentials: Credentials | None = None,
    query_endpoint: str | None = None,
    warn: Callable[[str], None] | None = None,
    feedback: Feedback = SILENT,
) -> PublishResult:
    """Replace ``graph`` in the Graph Store at ``store`` with the release and check the count.

    ``feedback`` draws a bar of the megabytes sent, then says that the count is being checked.
    """
    check_graph_name(graph)
    source = release_file(release)
    client = GraphStore(store, timeout=timeout, credentials=credentials, warn=warn)
    with feedback.bar(source.stat().st_size, megabytes) as bar:
        bar.tell(f"counting the triples of {source.name}")
        expected = count_triples(source)
        started = time.perf_counter()
        bar.tell(f"sending {source.name}")
        status = client.put(graph, source, bar.update if bar.enabled else None)
        if query_endpoint is not None:
            bar.tell(f"counting the triples on {query_endpoint}")
            found = count_on_endpoint(query_endpoint, graph, timeout)
            checked_by = f"counted on {query_endpoint}"
        else:
            bar.tell("reading the graph back")
            found = client.count(graph)
            checked_by = "read back from the store"
        seconds = time.perf_counter() - started
    if found != expected:
        raise RemoteError(
            f"after publishing, graph <{graph}> in {store} holds {found} triples, not the "
            f"{expected} of {source}",
            hint="another program may be writing the same graph, or the store changed the data "
            "on the way in; publish again, and check the store's log",
        )
    return PublishResult(store, graph, source, expected, found, checked_by, status, seconds)


def _is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)
