"""Send queries to any SPARQL 1.1 endpoint with SPARQLWrapper, and read its JSON results.

The text sent is exactly what runs locally (parameters already bound as terms in a VALUES block,
see :mod:`gswg_graph.querying`), so an endpoint holding the release gives the same rows.  Every
way the request can fail (refused, unknown host, no answer within the timeout, HTTP errors,
something that is not SPARQL JSON) becomes a RemoteError that names the endpoint and says what
to do: exit 2, one line, no traceback.
"""

from __future__ import annotations

import contextlib
import json
import socket
import urllib.error
from typing import Any
from urllib.parse import urlsplit

from .errors import RemoteError, UsageError
from .querying import DEFAULT_TIMEOUT, Answer, Row, Term, check_graph_name

USER_AGENT = "gswg-graph (SPARQLWrapper)"


class RemoteBackend:
    """A SPARQL endpoint reached over HTTP(S); queries are POSTed, results read as JSON."""

    def __init__(
        self, endpoint: str, timeout: float = DEFAULT_TIMEOUT, default_graph: str | None = None
    ) -> None:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(
                f"not an http(s) endpoint URL: {endpoint!r}",
                hint="give the query URL of the endpoint, e.g. http://127.0.0.1:7878/query",
            )
        if not timeout > 0:
            raise UsageError(f"the timeout must be a positive number of seconds, not {timeout}")
        self.endpoint = endpoint
        self.timeout = float(timeout)
        # SPARQL protocol default-graph-uri: query one named graph (e.g. the one `gswg publish`
        # wrote) as if it were the default graph.
        self.default_graph = default_graph
        if default_graph is not None:
            check_graph_name(default_graph)
        self.description = f"endpoint {endpoint}" + (
            f" (graph <{default_graph}>)" if default_graph else ""
        )

    def select(self, query: str) -> Answer:
        from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper

        client = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(self.timeout)  # type: ignore[arg-type]  # stubs say int; urllib takes float
        client.setQuery(query)
        # SPARQLWrapper guesses query or update from the first keyword it finds, comments half
        # stripped and without word boundaries: "loaded" in a header comment reads as LOAD, and the
        # text would go out as an update. Only SELECT and ASK come here: always a query.
        client.queryType = SELECT
        if self.default_graph is not None:
            client.addDefaultGraph(self.default_graph)
        try:
            raw = client.query().response.read()
        except Exception as exc:  # SPARQLWrapper and urllib raise many types; all mean "it failed"
            raise self._error(exc) from None
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            if _says_time_limit(raw[-500:]):
                # Oxigraph's own time limit, or gswg serve's, ends the stream this way.
                raise self._stopped() from None
            raise self._error(exc) from None
        return _answer(payload, self.endpoint)

    def _stopped(self) -> RemoteError:
        return RemoteError(
            f"the SPARQL endpoint {self.endpoint} stopped the query: it ran longer than the "
            "endpoint's own time limit",
            hint="narrow the query, or ask for a longer limit (gswg serve --timeout SECONDS)",
        )

    def overdue(self, seconds: float) -> RemoteError:
        """The error for an answer that has not come (or not finished) within ``seconds``."""
        return RemoteError(
            f"the SPARQL endpoint {self.endpoint} did not answer within {seconds:g} s",
            hint="check that the server is up and not overloaded, or allow more time "
            "with --timeout SECONDS",
        )

    def _error(self, exc: BaseException) -> RemoteError:
        from SPARQLWrapper.SPARQLExceptions import (
            EndPointInternalError,
            EndPointNotFound,
            QueryBadFormed,
            Unauthorized,
            URITooLong,
        )

        where = self.endpoint
        if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
            exc = exc.reason if isinstance(exc.reason, BaseException) else exc
        if isinstance(exc, TimeoutError | socket.timeout):
            return self.overdue(self.timeout)
        if isinstance(exc, ConnectionRefusedError):
            return RemoteError(
                f"cannot reach the SPARQL endpoint {where}: connection refused",
                hint="check the URL and port, and that the SPARQL server is running",
            )
        if isinstance(exc, socket.gaierror):
            return RemoteError(
                f"cannot reach the SPARQL endpoint {where}: unknown host",
                hint="check the host name in the URL",
            )
        if isinstance(exc, QueryBadFormed):
            return RemoteError(
                f"the SPARQL endpoint {where} rejected the query as malformed: {_first_line(exc)}",
                hint="the endpoint may not support every SPARQL 1.1 feature the query uses",
            )
        if isinstance(exc, EndPointNotFound):
            return RemoteError(
                f"no SPARQL endpoint at {where} (HTTP 404)",
                hint="check the path of the URL (Oxigraph and Fuseki answer at .../query)",
            )
        if isinstance(exc, Unauthorized):
            return RemoteError(f"the SPARQL endpoint {where} refused access (HTTP 401)")
        if isinstance(exc, URITooLong):
            return RemoteError(f"the SPARQL endpoint {where} found the request too long (HTTP 414)")
        if isinstance(exc, EndPointInternalError):
            return RemoteError(
                f"the SPARQL endpoint {where} failed (HTTP 500): {_first_line(exc)}",
                hint="the server's log may say why",
            )
        if isinstance(exc, urllib.error.HTTPError):
            said = b""
            with contextlib.suppress(Exception):
                said = exc.read()[:500]
            if exc.code == 503 and _says_time_limit(said):
                return self._stopped()
            text = _first_line(said.decode("utf-8", "replace")) if said[:1] != b"<" else ""
            return RemoteError(
                f"the SPARQL endpoint {where} answered HTTP {exc.code} {exc.reason}"
                + (f": {text}" if text else ""),
                hint="send the query again later; if it keeps failing, the server's log may say why"
                if exc.code in (502, 503, 504)
                else "check the URL and the query",
            )
        if isinstance(exc, json.JSONDecodeError | UnicodeDecodeError | ValueError | TypeError):
            return RemoteError(
                f"the SPARQL endpoint {where} did not return SPARQL JSON results",
                hint="check that the URL is the query endpoint itself",
            )
        if isinstance(exc, OSError):
            return RemoteError(f"cannot reach the SPARQL endpoint {where}: {exc.strerror or exc}")
        return RemoteError(f"the request to the SPARQL endpoint {where} failed: {exc}")


def _says_time_limit(text: bytes) -> bool:
    """Whether a server's words (the end of a stream, an error page) say a time limit hit."""
    lowered = text.lower()
    return any(word in lowered for word in (b"cancelled", b"timeout", b"time limit"))


def _first_line(exc: BaseException | str) -> str:
    text = " ".join(str(exc).split())
    return text[:200] + ("..." if len(text) > 200 else "")


def _answer(payload: Any, endpoint: str) -> Answer:
    """SPARQL 1.1 Query Results JSON as an Answer (the same terms pyoxigraph gives locally)."""
    if not isinstance(payload, dict):
        raise RemoteError(f"the SPARQL endpoint {endpoint} did not return SPARQL JSON results")
    if "boolean" in payload:
        value = "true" if payload["boolean"] else "false"
        return Answer(
            ("ask",), ((Term.literal(value, "http://www.w3.org/2001/XMLSchema#boolean"),),)
        )
    try:
        names = tuple(str(name) for name in payload["head"]["vars"])
        rows: list[Row] = [
            tuple(_term(binding.get(name)) for name in names)
            for binding in payload["results"]["bindings"]
        ]
    except (KeyError, TypeError, AttributeError) as exc:
        raise RemoteError(
            f"the SPARQL endpoint {endpoint} returned JSON that is not SPARQL results ({exc})"
        ) from None
    return Answer(names, tuple(rows))


def _term(value: Any) -> Term | None:
    if value is None:
        return None
    kind = value.get("type")
    text = str(value.get("value", ""))
    if kind == "uri":
        return Term.iri(text)
    if kind == "bnode":
        return Term("bnode", text)
    if kind in ("literal", "typed-literal"):
        return Term.literal(text, value.get("datatype"), value.get("xml:lang"))
    raise TypeError(f"unknown term type {kind!r}")
