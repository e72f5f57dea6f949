"""The query library: named SPARQL queries in queries/*.rq, their parameters, and running them.

A query file starts with comment lines that describe it::

    # title: Development partners on both sub-groups
    # description: ... (continued on following comment lines indented after the '#')
    # param: rollup - count each agency as its country: true or false (false)

The last parenthesised text of a ``param`` line is its default; ``(required)`` means there is
none.  A default of ``true``/``false`` makes the parameter a boolean, a whole number an integer,
anything else a string.  A query that mentions ``?lang`` gets the output language bound to it.

Parameters are never pasted into the query text: each value becomes an RDF term (a pyoxigraph
literal, whose serialisation escapes quotes, backslashes and newlines) in a ``VALUES`` block
inserted at the start of the query's outermost ``WHERE`` group, so every pattern, ``BIND`` and
``FILTER`` of that group sees it.  Local runs and endpoint runs send the very same text, so they
give the same rows.

Local runs use pyoxigraph on the built release (``dist/gswg.nt``), or on the ontology and data
files when nothing is built yet: it imports in a few milliseconds and answers these queries in a
few more, where rdflib alone takes longer to import than the whole run (``gswg query`` must start
fast).  rdflib is supported too (:class:`RdflibBackend`), for callers that hold a Graph.
"""

from __future__ import annotations

import difflib
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar, cast

from .errors import GswgError, InputError, QueryTimeoutError, RemoteError, UsageError
from .resources import ResourceRoot, locate

if TYPE_CHECKING:
    from rdflib import Graph

    from .progress import CountingReader, Feedback

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
XSD_BOOLEAN = XSD + "boolean"
XSD_INTEGER = XSD + "integer"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

LANGUAGES = ("en", "lo")
DEFAULT_LANG = "en"
RELEASE_FILE = "gswg.nt"
MANIFEST_FILE = "manifest.json"
DEFAULT_RELEASE_DIR = Path("dist")
DEFAULT_TIMEOUT = 30.0
LANG_VARIABLE = "lang"
# Keyword arguments of run_query; a query parameter cannot share these names.
RESERVED_PARAMS = frozenset(
    {
        LANG_VARIABLE,
        "release",
        "resources",
        "endpoint",
        "timeout",
        "engine",
        "store",
        "with_files",
        "graph",
        "services",
        "auto_store",
    }
)

ParamKind = Literal["string", "boolean", "integer"]
_T = TypeVar("_T")
TermKind = Literal["iri", "literal", "bnode"]


# ---------------------------------------------------------------------------------------------
# Terms and results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """An RDF term in a result, independent of the engine that produced it.

    ``datatype`` is None for plain strings and language-tagged strings, so that a literal reads
    the same whether it came from pyoxigraph, rdflib or an endpoint's JSON.
    """

    kind: TermKind
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("iri", value)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        if lang:
            return cls("literal", value, None, lang.lower())
        if datatype in (XSD_STRING, RDF_LANG_STRING):
            datatype = None
        elif datatype is not None and datatype.startswith(XSD):
            value = _canonical_number(value, datatype[len(XSD) :])
        return cls("literal", value, datatype, None)

    def python(self) -> Any:
        """A plain Python value: IRIs and most literals as text, numbers and booleans typed."""
        if self.kind == "literal" and self.datatype is not None:
            if self.datatype == XSD_BOOLEAN and self.value in ("true", "false", "1", "0"):
                return self.value in ("true", "1")
            if self.datatype.startswith(XSD) and self.datatype[len(XSD) :] in _INTEGER_TYPES:
                try:
                    return int(self.value)
                except ValueError:
                    return self.value
        return self.value

    def sparql(self) -> str:
        """This term in SPARQL syntax, serialised (and validated) by pyoxigraph, never by hand."""
        import pyoxigraph as ox

        try:
            if self.kind == "iri":
                return str(ox.NamedNode(self.value))
            if self.kind == "literal":
                if self.lang:
                    return str(ox.Literal(self.value, language=self.lang))
                datatype = ox.NamedNode(self.datatype) if self.datatype else None
                return str(ox.Literal(self.value, datatype=datatype))
        except ValueError as exc:
            raise UsageError(f"cannot use {self.value!r} as an RDF term: {exc}") from None
        raise UsageError(f"a blank node cannot be bound into a query ({self.value})")

    def compact(self, prefixes: Mapping[str, str]) -> str:
        """The IRI with one of ``prefixes`` (gsd:undp) when one fits; other terms as their text."""
        if self.kind != "iri":
            return self.value
        for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
            if self.value.startswith(namespace) and len(self.value) > len(namespace):
                return f"{prefix}:{self.value[len(namespace) :]}"
        return self.value


_INTEGER_TYPES = frozenset(
    {
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    }
)


def _canonical_number(value: str, local: str) -> str:
    """Integers and decimals in canonical form ("1.50" -> "1.5", "3.0" -> "3", "+07" -> "7").

    Oxigraph stores numbers in their canonical form while rdflib keeps the text it read, so the
    same data would otherwise read differently from the two engines; other values are kept.
    """
    if local == "decimal":
        from decimal import Decimal, InvalidOperation

        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return value
        if not number.is_finite():
            return value
        if number == 0:
            return "0"
        text = format(number.normalize(), "f")
        return text
    if local in _INTEGER_TYPES:
        try:
            return str(int(value.strip()))
        except ValueError:
            return value
    return value


Row = tuple["Term | None", ...]


@dataclass(frozen=True)
class Answer:
    """What an engine returns for a SELECT (variables and rows) or an ASK (a boolean)."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]


class Backend(Protocol):
    """Something that runs SPARQL text: pyoxigraph, rdflib or a remote endpoint."""

    description: str

    def select(self, query: str) -> Answer: ...


def _is_iri(term: Term | None) -> bool:
    return term is not None and term.kind == "iri"


@dataclass(frozen=True)
class QueryResult:
    """Rows of one query run, with the label in the chosen language of every IRI in them."""

    spec: QuerySpec
    variables: tuple[str, ...]
    rows: tuple[Row, ...]
    labels: Mapping[str, str]
    lang: str
    bindings: Mapping[str, Term] = field(default_factory=dict)

    def label_of(self, term: Term | None) -> str:
        """What a person reads for a term: its label, else its compact IRI, else its text."""
        if term is None:
            return ""
        if term.kind == "iri":
            return self.labels.get(term.value) or term.compact(self.spec.prefixes)
        return term.value

    def labelled(self) -> tuple[str, ...]:
        """Variables holding at least one IRI: each gets a ``<name>_label`` column."""
        return tuple(
            name
            for index, name in enumerate(self.variables)
            if any(_is_iri(row[index]) for row in self.rows)
        )

    def columns(self) -> list[str]:
        """The variables, each IRI column followed by its label column."""
        labelled = set(self.labelled())
        columns: list[str] = []
        for name in self.variables:
            columns.append(name)
            if name in labelled and f"{name}_label" not in self.variables:
                columns.append(f"{name}_label")
        return columns

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (IRIs as strings), label columns included."""
        labelled = set(self.labelled())
        records: list[dict[str, Any]] = []
        for row in self.rows:
            record: dict[str, Any] = {}
            for name, term in zip(self.variables, row, strict=True):
                record[name] = None if term is None else term.python()
                if name in labelled and f"{name}_label" not in self.variables:
                    record[f"{name}_label"] = (
                        self.label_of(term) if term is not None and term.kind == "iri" else None
                    )
            records.append(record)
        return records


# ---------------------------------------------------------------------------------------------
# Query files: header, parameters
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryParam:
    """A declared parameter: ``# param: NAME - meaning (default)``."""

    name: str
    meaning: str
    default: str | None
    kind: ParamKind

    @property
    def required(self) -> bool:
        return self.default is None

    def describe(self) -> str:
        default = "required" if self.default is None else f"default: {self.default}"
        return f"{self.name} - {self.meaning} ({default})"

    def term(self, value: object, query: str) -> Term:
        """The value as an RDF literal of this parameter's kind, or a UsageError saying why not."""
        text = str(value).strip() if not isinstance(value, bool) else str(value).lower()
        if self.kind == "boolean":
            lowered = text.lower()
            if lowered in ("true", "yes", "1", "on"):
                return Term.literal("true", XSD_BOOLEAN)
            if lowered in ("false", "no", "0", "off"):
                return Term.literal("false", XSD_BOOLEAN)
            raise UsageError(
                f"parameter {self.name} of query {query} takes true or false, not {text!r}",
                hint=f"{self.describe()}",
            )
        if self.kind == "integer":
            try:
                return Term.literal(str(int(text)), XSD_INTEGER)
            except ValueError:
                raise UsageError(
                    f"parameter {self.name} of query {query} takes a whole number, not {text!r}",
                    hint=self.describe(),
                ) from None
        return Term.literal(str(value))


@dataclass(frozen=True)
class QuerySpec:
    """A query file read and checked: what it is called, what it means, what it takes."""

    name: str
    path: Path | None
    title: str
    description: str
    params: tuple[QueryParam, ...]
    text: str
    form: str
    variables: frozenset[str]
    prefixes: Mapping[str, str] = field(default_factory=dict)

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def uses_lang(self) -> bool:
        return LANG_VARIABLE in self.variables

    def where(self) -> str:
        return str(self.path) if self.path is not None else self.name

    def bind(self, given: Mapping[str, object], lang: str = DEFAULT_LANG) -> dict[str, Term]:
        """Every parameter as an RDF term: the given values checked, defaults filled in."""
        valid = [p.name for p in self.params]
        for name in given:
            if self.param(name) is None:
                raise UsageError(
                    f"unknown parameter {name!r} for query {self.name}; "
                    + (
                        f"valid parameters: {', '.join(valid)}"
                        if valid
                        else "it takes no parameters"
                    ),
                    hint=_params_hint(self),
                )
        bindings: dict[str, Term] = {}
        for param in self.params:
            if param.name in given:
                bindings[param.name] = param.term(given[param.name], self.name)
            elif param.default is not None:
                bindings[param.name] = param.term(param.default, self.name)
            else:
                raise UsageError(
                    f"missing parameter {param.name!r} for query {self.name} ({param.meaning}); "
                    f"valid parameters: {', '.join(valid)}",
                    hint=_params_hint(self),
                )
        if self.uses_lang:
            bindings[LANG_VARIABLE] = Term.literal(check_lang(lang))
        return bindings

    def bound_text(self, bindings: Mapping[str, Term]) -> str:
        """The query text with the bindings in a VALUES block at the start of its WHERE group."""
        return inject_values(self.text, bindings, self.where())

    def services(self) -> list[str]:
        """The endpoint IRIs of the query's ``SERVICE <IRI>`` clauses, in order of appearance."""
        return [match["iri"] for match in _service_clauses(self.text)]

    def with_services(self, redirect: Mapping[str, str]) -> QuerySpec:
        """The query with ``SERVICE <from>`` sent to ``<to>`` for each entry of ``redirect``.

        For a mirror, a local copy or a test server of the remote endpoint a query federates
        with; only the IRIs of SERVICE clauses change, each written as a checked IRI.
        """
        text = self.text
        for source, target in redirect.items():
            clauses = [m for m in _service_clauses(text) if m["iri"] == source]
            if not clauses:
                known = ", ".join(self.services()) or "none"
                raise UsageError(
                    f"query {self.name} has no SERVICE <{source}> (its SERVICE endpoints: {known})",
                    hint="--service takes the endpoint IRI as written in the query=the URL to use",
                )
            replacement = Term.iri(_http_url(target)).sparql()
            for match in reversed(clauses):
                text = text[: match.start("ref")] + replacement + text[match.end("ref") :]
        return replace(self, text=text)


def _params_hint(spec: QuerySpec) -> str:
    if not spec.params:
        return f"run `gswg query {spec.name}` without --param"
    shown = " ".join(f"--param {p.name}=..." for p in spec.params)
    return f"gswg query {spec.name} {shown}; `gswg queries` describes them"


GRAPH_HINT = (
    "give the graph's absolute IRI, e.g. --graph https://w3id.org/gswg/release (the graph "
    "`gswg publish` writes by default)"
)


def check_graph_name(graph: str) -> str:
    """A named graph given with ``--graph``: an absolute IRI, or a UsageError saying what to
    give."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(graph)
    except ValueError as exc:
        raise UsageError(f"--graph {graph!r} is not an IRI ({exc})", hint=GRAPH_HINT) from None
    if ":" not in graph:
        raise UsageError(f"the graph name must be an absolute IRI, not {graph!r}", hint=GRAPH_HINT)
    return graph


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise UsageError(
            f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}",
            hint="--lang en for English labels, --lang lo for Lao",
        )
    return lang


_HEADER_FIELD = re.compile(r"^#\s*(?P<key>[A-Za-z]+)\s*:\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+-\s+(?P<meaning>.*?)\s*\((?P<default>[^()]*)\)\s*$"
)
_HEADER_KEYS = ("title", "description", "param")


def parse_spec(text: str, name: str, path: Path | None = None, strict: bool = True) -> QuerySpec:
    """Read a query's header and check its SPARQL shape.

    ``strict`` (the files of the library) demands a title and a description; a user's own file
    may leave them out.  Parameter lines are always checked, since they decide what gets bound.
    """
    fields: dict[str, list[str]] = {key: [] for key in _HEADER_KEYS}
    lines: dict[str, list[int]] = {key: [] for key in _HEADER_KEYS}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            current = None
            continue
        if not line.startswith("#"):
            break
        match = _HEADER_FIELD.match(line)
        if match and match["key"].lower() in _HEADER_KEYS:
            current = match["key"].lower()
            fields[current].append(match["value"].strip())
            lines[current].append(number)
        elif current is not None and raw.startswith(("#  ", "#\t")):
            fields[current][-1] = f"{fields[current][-1]} {line.lstrip('#').strip()}".strip()
        else:
            current = None
    for key in ("title", "description"):
        if len(fields[key]) > 1:
            raise InputError(
                f"the header has {len(fields[key])} '# {key}:' lines; give exactly one",
                path=path,
                line=lines[key][1],
                hint=f"merge the '# {key}:' lines",
            )
        if strict and not (fields[key] and fields[key][0]):
            raise InputError(
                f"the header lacks '# {key}: ...'",
                path=path,
                line=1,
                hint="start the file with '# title: ...', '# description: ...' and one "
                "'# param: NAME - meaning (default)' line per parameter",
            )
    params: list[QueryParam] = []
    for value, number in zip(fields["param"], lines["param"], strict=True):
        params.append(_parse_param(value, path, number, [p.name for p in params]))
    form, variables = scan_query(text, path)
    code = code_only(text)
    prefixes = {
        match["prefix"] or "": match["iri"]
        for match in _PREFIX_DECLARATION.finditer(text)
        if code.startswith(match.group(0)[:6], match.start())
    }
    for param in params:
        if param.name not in variables:
            raise InputError(
                f"parameter {param.name} is declared but the query never uses ?{param.name}",
                path=path,
                line=lines["param"][params.index(param)],
                hint=f"use ?{param.name} in the WHERE clause, or remove the '# param:' line",
            )
    return QuerySpec(
        name=name,
        path=path,
        title=fields["title"][0] if fields["title"] else name,
        description=fields["description"][0] if fields["description"] else "",
        params=tuple(params),
        text=text,
        form=form,
        variables=frozenset(variables),
        prefixes=prefixes,
    )


def _parse_param(value: str, path: Path | None, line: int, seen: Sequence[str]) -> QueryParam:
    match = _PARAM.match(value)
    if not match:
        raise InputError(
            f"cannot read the parameter line {value!r}",
            path=path,
            line=line,
            hint="write it as '# param: NAME - meaning (default)', with (required) when there "
            "is no default",
        )
    name, meaning, default = match["name"], match["meaning"].strip(), match["default"].strip()
    if name in RESERVED_PARAMS:
        raise InputError(
            f"parameter name {name!r} is reserved ({', '.join(sorted(RESERVED_PARAMS))})",
            path=path,
            line=line,
            hint="?lang is bound to the output language automatically; rename the parameter",
        )
    if name in seen:
        raise InputError(f"parameter {name!r} is declared twice", path=path, line=line)
    if default.lower() == "required":
        return QueryParam(name, meaning, None, "string")
    kind: ParamKind = "string"
    if default.lower() in ("true", "false"):
        kind = "boolean"
    elif re.fullmatch(r"[+-]?\d+", default):
        kind = "integer"
    return QueryParam(name, meaning, default, kind)


# ---------------------------------------------------------------------------------------------
# SPARQL text: finding the WHERE group, binding parameters
# ---------------------------------------------------------------------------------------------

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$](\w+)")
_PREFIX_DECLARATION = re.compile(
    r"PREFIX\s+(?P<prefix>[A-Za-z][\w.-]*)?:\s*<(?P<iri>[^<>\s]*)>", re.I
)


def code_only(text: str) -> str:
    """The query with comments, strings and IRIs blanked out (same length, newlines kept).

    Looking for keywords, braces and variables in what is left cannot be fooled by a ``{`` or a
    ``#`` inside a string or an IRI.
    """
    out = list(text)
    i, n = 0, len(text)

    def blank(start: int, end: int) -> None:
        for k in range(start, end):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if len(quote) == 1 and text[j] == "\n":
                    break
                j += 2 if text[j] == "\\" else 1
            end = min(n, j + len(quote))
            blank(i, end)
            i = end
        elif c == "<" and (match := _IRIREF.match(text, i)):
            blank(i, match.end())
            i = match.end()
        else:
            i += 1
    return "".join(out)


def scan_query(text: str, path: Path | None = None) -> tuple[str, set[str]]:
    """The query form (SELECT or ASK) and the variable names it mentions."""
    code = code_only(text)
    match = _FORM.search(code)
    if match is None:
        # Point at the first word after the PREFIX and BASE declarations (their IRIs blanked by
        # code_only): a misspelt SELECT.
        word = re.search(
            r"^(?:\s*(?:PREFIX\s+[^\s:]*:|BASE)\s*(?:<[^>]*>)?)*\s*(?P<word>\S+)",
            code,
            re.IGNORECASE,
        )
        at = word.start("word") if word is not None else 0
        raise InputError(
            "not a SPARQL query: no SELECT or ASK found"
            + (f" (it starts with {word['word'][:20]!r})" if word is not None else ""),
            path=path,
            line=code.count("\n", 0, at) + 1,
            column=at - (code.rfind("\n", 0, at) + 1) + 1,
            hint="write a SELECT query (gswg query prints tables)",
        )
    form = match.group(1).upper()
    if form not in ("SELECT", "ASK"):
        line = code.count("\n", 0, match.start()) + 1
        raise InputError(
            f"{form} queries are not supported; gswg query runs SELECT and ASK queries",
            path=path,
            line=line,
            hint="rewrite it as a SELECT, or use `gswg build` for the whole graph",
        )
    return form, set(_VARIABLE.findall(code))


_SERVICE = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?(?P<ref><(?P<iri>[^<>\s]*)>)", re.IGNORECASE)


def _service_clauses(text: str) -> list[re.Match[str]]:
    """``SERVICE <IRI>`` clauses in the code (not in comments or strings)."""
    code = code_only(text)
    found = []
    for match in re.finditer(r"\bSERVICE\b", code, re.IGNORECASE):
        clause = _SERVICE.match(text, match.start())
        if clause is not None:
            found.append(clause)
    return found


def _http_url(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(
            f"not an http(s) endpoint URL: {url!r}",
            hint="give the query URL of the endpoint, e.g. http://127.0.0.1:7878/query",
        )
    return url


def inject_values(text: str, bindings: Mapping[str, Term], where: str = "query") -> str:
    """Insert ``VALUES (?a ?b) { (term term) }`` right after the WHERE group's opening brace.

    Each term is serialised by :meth:`Term.sparql`; the user's text only ever ends up inside a
    correctly escaped literal.  The block goes on the brace's own line so that line numbers in
    error messages still point at the file.
    """
    if not bindings:
        return text
    code = code_only(text)
    brace = code.find("{")
    if brace < 0:
        raise InputError(f"{where}: the query has no WHERE {{ ... }} group", hint="add one")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.sparql() for term in bindings.values())
    block = f" VALUES ({names}) {{ ({terms}) }} "
    return text[: brace + 1] + block + text[brace + 1 :]


# ---------------------------------------------------------------------------------------------
# The library of named queries
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryLibrary:
    """The named queries of a resource root (``queries/*.rq``)."""

    root: ResourceRoot

    def names(self) -> list[str]:
        return [path.stem for path in self.root.query_files()]

    def path(self, name: str) -> Path:
        return self.root.queries_dir / f"{name}.rq"

    def load(self, name: str) -> QuerySpec:
        path = self.path(name)
        if not path.is_file():
            raise unknown_query(name, self.names())
        return read_spec(path, name=name, strict=True)

    def all(self) -> list[QuerySpec]:
        return [self.load(name) for name in self.names()]

    def resolve(self, name_or_file: str) -> QuerySpec:
        """A library query by name, or a user's .rq file by path."""
        candidate = Path(name_or_file)
        is_path = candidate.suffix == ".rq" or any(sep in name_or_file for sep in ("/", "\\"))
        if self.path(name_or_file).is_file() and not is_path:
            return self.load(name_or_file)
        if is_path or candidate.is_file():
            return read_spec(candidate, name=candidate.stem, strict=False)
        raise unknown_query(name_or_file, self.names())


def unknown_query(name: str, names: Sequence[str]) -> UsageError:
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    if close:
        message = f"unknown query {name!r}; did you mean: {', '.join(close)}?"
    else:
        message = f"unknown query {name!r}; known queries: {', '.join(names) or '(none)'}"
    return UsageError(
        message, hint="`gswg queries` lists them; a file of your own needs its path (x.rq)"
    )


def read_spec(path: Path, name: str | None = None, strict: bool = False) -> QuerySpec:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"query file not found: {path}", hint="check the path") from None
    except UnicodeDecodeError:
        raise InputError("the query file is not UTF-8 text", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    return parse_spec(text, name or path.stem, path, strict=strict)


def check_syntax(spec: QuerySpec) -> None:
    """Parse the query as written, so a syntax error points at the user's line and column."""
    import pyoxigraph as ox

    try:
        ox.Store().query(spec.text)
    except SyntaxError as exc:
        raise _syntax_error(spec, exc) from None


_OX_POSITION = re.compile(r"^error at (?P<line>\d+):(?P<column>\d+): (?P<reason>.*)$", re.DOTALL)


def _syntax_error(spec: QuerySpec, exc: SyntaxError) -> InputError:
    """Locate a syntax error as well as two parsers together can.

    Oxigraph reports the furthest point its parser reached, which is exact for a missing keyword
    or an unknown prefix but can be the end of the file when a clause fails early; rdflib reports
    where the clause that fails begins.  When they disagree on the line, the earlier one (rdflib)
    is where to look; on the same line Oxigraph's column is the more precise.  rdflib is only
    imported on this error path.
    """
    text = spec.text
    message = str(exc)
    line: int | None = None
    column: int | None = None
    reason = message
    if match := _OX_POSITION.match(message):
        line, column, reason = int(match["line"]), int(match["column"]), match["reason"]
    if "The SELECT contains a variable that is unbound" in reason:
        # A check made after parsing, reported at the end of the text: point at the SELECT.
        select = re.search(r"\bSELECT\b", code_only(text), re.IGNORECASE)
        if select is not None:
            before = text[: select.start()]
            line, column = before.count("\n") + 1, select.start() - (before.rfind("\n") + 1) + 1
    reason = _tidy_reason(" ".join(reason.split()), text, line, column)
    other = _rdflib_position(text)
    if other is not None and (line is None or other[0] < line):
        line, column = other[0], other[1]
        reason = f"cannot continue at {other[2]} (the mistake is in the clause that starts here)"
    near = ""
    lines = text.splitlines()
    if line is not None and 0 < line <= len(lines) and lines[line - 1].strip():
        shown = lines[line - 1].strip()
        near = f" (line reads: {shown[:67] + '...' if len(shown) > 70 else shown})"
    return InputError(
        f"SPARQL syntax error: {reason}{near}",
        path=spec.path if spec.path is not None else spec.name,
        line=line,
        column=column,
        hint="fix the SPARQL at that position (SPARQL 1.1)",
    )


def _tidy_reason(reason: str, text: str, line: int | None, column: int | None) -> str:
    """Oxigraph's reasons list every token it could accept; say the useful part."""
    if "Prefix not found" in reason and line is not None and column is not None:
        lines = text.splitlines()
        before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
        prefix = re.search(r"([A-Za-z][\w.-]*)?:[^\s:]*$", before)  # oxigraph points past it
        name = (prefix.group(1) or "") if prefix else ""
        return f"prefix {name}: is used but not declared (add PREFIX {name}: <...>)"
    if "The SELECT contains a variable that is unbound" in reason:
        return "the SELECT names a variable that is neither grouped nor aggregated"
    if reason.startswith("expected one of "):
        options = [
            option
            for option in re.split(r", (?=\S)", reason[len("expected one of ") :])
            if not option.startswith("[") and "'" not in option and len(option) < 20
        ]
        shown = ", ".join(options[:8]) + (", ..." if len(options) > 8 else "")
        return f"expected one of {shown}" if options else "unexpected text"
    return reason if len(reason) <= 160 else reason[:157] + "..."


_PYPARSING_FOUND = re.compile(r"found (?P<found>.+?)\s+\(at char \d+\)")


def _rdflib_position(text: str) -> tuple[int, int, str] | None:
    """Where rdflib's parser stops on ``text``: (line, column, what it found), if it says."""
    try:
        from pyparsing import ParseBaseException
        from rdflib.plugins.sparql.parser import parseQuery
    except ImportError:  # pragma: no cover - rdflib is a dependency
        return None
    try:
        parseQuery(text)
    except ParseBaseException as exc:
        found = _PYPARSING_FOUND.search(str(exc))
        return exc.lineno, exc.col, found["found"] if found else "this point"
    except Exception:  # rdflib fails in other ways too (unknown prefix); Oxigraph's word stands
        return None
    return None


# ---------------------------------------------------------------------------------------------
# Engines
# ---------------------------------------------------------------------------------------------


class OxigraphBackend:
    """An in-memory pyoxigraph store holding the release, or the source files."""

    def __init__(self, store: Any, description: str, notice: str | None = None) -> None:
        self.store = store
        self.description = description
        # Something the command line tells the user on stderr (an automatic store being loaded).
        self.notice = notice

    @classmethod
    def from_release(cls, release_dir: Path) -> OxigraphBackend:
        import pyoxigraph as ox

        path = Path(release_dir) / RELEASE_FILE
        if not path.is_file():
            raise InputError(
                f"no release in {release_dir}: {RELEASE_FILE} not found",
                hint=f"run `gswg build --out-dir {release_dir}` first, or leave out --release "
                "to query the ontology and data files directly",
            )
        store = ox.Store()
        _load(store, path, ox.RdfFormat.N_TRIPLES)
        return cls(store, f"release {path}")

    @classmethod
    def from_resources(cls, root: ResourceRoot) -> OxigraphBackend:
        """The same triples as the release, straight from ontology/*.ttl and data/*.ttl."""
        import pyoxigraph as ox

        files: list[Path] = []
        for folder, label in ((root.ontology_dir, "ontology"), (root.data_dir, "data")):
            found = sorted(folder.glob("*.ttl")) if folder.is_dir() else []
            if not found:
                raise InputError(
                    f"no {label} files in {folder} and no release to query",
                    hint="pass --resources DIR (a folder with ontology/ and data/), or --release "
                    "DIR (a folder with gswg.nt from `gswg build`)",
                )
            files.extend(found)
        store = ox.Store()
        for path in files:
            _load(store, path, ox.RdfFormat.TURTLE)
        return cls(store, f"source files in {root.root}")

    def select(self, query: str) -> Answer:
        import pyoxigraph as ox

        result: Any = None
        failure: RemoteError | None = None
        try:
            result = self.store.query(query)
            if isinstance(result, ox.QueryBoolean):
                return Answer(("ask",), ((Term.literal(str(bool(result)).lower(), XSD_BOOLEAN),),))
            names = tuple(variable.value for variable in result.variables)
            # The solutions are computed while they are read: SERVICE requests happen here.
            # Aid answers repeat the same partners, years and currencies over thousands of
            # rows: each distinct term is converted once.
            converted: dict[Any, Term | None] = {}

            def convert(term: Any) -> Term | None:
                found = converted.get(term, _MISSING)
                if found is _MISSING:
                    found = converted[term] = _from_oxigraph(term)
                return found  # type: ignore[return-value]

            rows = tuple(tuple(map(convert, solution)) for solution in result)
        except SyntaxError as exc:
            raise InputError(f"SPARQL syntax error: {exc}") from None
        except (OSError, RuntimeError) as exc:
            failure = service_failure(query, exc)
            if failure is None:
                raise
        if failure is not None:
            # Raised here, outside the handler, so that no traceback keeps the solutions alive:
            # pyoxigraph wants them dropped by this thread, not by the one that gets the error.
            result = None
            raise failure
        return Answer(names, rows)


def _load(store: Any, path: Path, fmt: Any, source: CountingReader | None = None) -> None:
    """Load the RDF file ``path`` into a pyoxigraph store (read through ``source`` if given)."""
    try:
        if source is not None:
            store.load(source, format=fmt, base_iri=None)
        else:
            store.load(path=str(path), format=fmt, base_iri=None)
    except SyntaxError as exc:
        reason = str(exc)
        reason = re.sub(r"\s*\([^()]*, line \d+\)$", "", reason)
        raise InputError(
            f"cannot read RDF: {reason}",
            path=path,
            line=getattr(exc, "lineno", None),
            column=getattr(exc, "offset", None),
            hint="rebuild the release with `gswg build`, or fix the file",
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from None


_MISSING = object()


def _from_oxigraph(term: Any) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term.iri(term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        return Term.literal(term.value, term.datatype.value, term.language)
    return Term.literal(str(term))


class RdflibBackend:
    """rdflib's SPARQL engine on a Graph the caller already has (the tests' second engine)."""

    description = "rdflib graph"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def select(self, query: str) -> Answer:
        from rdflib import BNode, Literal, URIRef

        def convert(term: object) -> Term | None:
            if term is None:
                return None
            if isinstance(term, URIRef):
                return Term.iri(str(term))
            if isinstance(term, BNode):
                return Term("bnode", str(term))
            if isinstance(term, Literal):
                datatype = str(term.datatype) if term.datatype is not None else None
                return Term.literal(str(term), datatype, term.language)
            return Term.literal(str(term))

        try:
            result = self.graph.query(query)
            if result.type == "ASK":
                return Answer(
                    ("ask",), ((Term.literal(str(bool(result.askAnswer)).lower(), XSD_BOOLEAN),),)
                )
            names = tuple(str(v) for v in (result.vars or []))
            rows = tuple(
                tuple(convert(row[index]) for index in range(len(names)))  # type: ignore[index]
                for row in result
            )
        except (OSError, ValueError) as exc:  # urllib's errors, or a SERVICE's answer not JSON
            raise service_failure(query, exc) or exc from None
        return Answer(names, rows)


def service_failure(query: str, exc: BaseException) -> RemoteError | None:
    """The error for a query whose SERVICE request failed (no network, refused, an HTTP error,
    not SPARQL results), naming the endpoint; None when the query has no SERVICE, so that
    ``exc`` is something else.  pyoxigraph raises OSError or RuntimeError, rdflib urllib's
    errors or a JSON error."""
    endpoints = list(dict.fromkeys(match["iri"] for match in _service_clauses(query)))
    if not endpoints:
        return None
    named = ", ".join(f"<{endpoint}>" for endpoint in endpoints)
    where = (
        f"the SERVICE endpoint {named}"
        if len(endpoints) == 1
        else (f"one of the SERVICE endpoints {named}")
    )
    if isinstance(exc, OSError):
        message = f"cannot query {where}: {_failure_reason(exc)}"
    else:
        message = f"{where} did not return SPARQL results ({_failure_reason(exc)})"
    return RemoteError(
        message,
        hint="check the network and that the endpoint is up, or send the SERVICE to a reachable "
        f"copy or mirror with --service {endpoints[0]}=URL",
    )


def _failure_reason(exc: BaseException) -> str:
    """What went wrong, in a few words (urllib's URLError and HTTPError unwrapped)."""
    code, reason = getattr(exc, "code", None), getattr(exc, "reason", None)
    if isinstance(code, int):
        text = f"HTTP {code} {reason or ''}"
    elif isinstance(reason, BaseException):
        text = getattr(reason, "strerror", None) or str(reason)
    elif isinstance(reason, str) and reason:
        text = reason
    else:
        text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    text = " ".join(text.split())
    return text[:200] + ("..." if len(text) > 200 else "")


# ---------------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------------

_LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://xmlns.com/foaf/0.1/name",
    "http://www.w3.org/2006/vcard/ns#fn",
    # Last: IATI activities have a title and no label.
    "http://purl.org/dc/terms/title",
)
# The subjects are given and the properties filtered: with a VALUES block for the properties too,
# Oxigraph scans every triple of an on-disk store and joins (2.4 s for 400 IRIs among 11.7 million
# triples, against 0.03 s this way).
_LABEL_QUERY = "SELECT ?s ?p ?label WHERE { VALUES ?s { %s } ?s ?p ?label . FILTER (?p IN (%s)) }"
_LABEL_BATCH = 400


def fetch_labels(backend: Backend, iris: Iterable[str], lang: str) -> dict[str, str]:
    """The best label of each IRI: in ``lang``, else English, else untagged, else any.

    Asked from the same engine as the query (one extra request per 400 IRIs), so that a remote
    endpoint's own labels are used, and chosen here by fixed rules so every engine agrees.
    """
    wanted = sorted(set(iris))
    found: dict[str, list[tuple[tuple[int, int, str], str]]] = {}
    properties = ", ".join(Term.iri(p).sparql() for p in _LABEL_PROPERTIES)
    for start in range(0, len(wanted), _LABEL_BATCH):
        batch = wanted[start : start + _LABEL_BATCH]
        subjects = " ".join(Term.iri(iri).sparql() for iri in batch)
        answer = backend.select(_LABEL_QUERY % (subjects, properties))
        for subject, prop, label in answer.rows:
            if subject is None or prop is None or label is None or label.kind != "literal":
                continue
            language = label.lang or ""
            rank = 0 if language == lang else 1 if language == "en" else 2 if not language else 3
            key = (rank, _LABEL_PROPERTIES.index(prop.value), label.value)
            found.setdefault(subject.value, []).append((key, label.value))
    return {iri: min(candidates)[1] for iri, candidates in found.items()}


# A parameter named ``group`` names a coordination body (README, "Query files"): by IRI, gsd: name,
# acronym or label, compared as the queries compare them (lower case, no spaces, dots, hyphens or
# underscores). When a query comes back empty, this looks the name up, so that a group that does
# not exist is an error listing the closest names instead of an answer that looks like "none".
GROUP_PARAM = "group"
_GROUP_NAMES = """PREFIX gswg: <https://w3id.org/gswg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?body ?name ?acronym WHERE {
  ?body a/rdfs:subClassOf* gswg:CoordinationBody .
  OPTIONAL { ?body gswg:acronym ?acronym }
  { ?body skos:prefLabel|skos:altLabel|skos:hiddenLabel|gswg:acronym ?name }
  UNION { ?body a ?kind . BIND(STRAFTER(STR(?body), "https://w3id.org/gswg/id/") AS ?name) }
}"""
_GSD = "https://w3id.org/gswg/id/"


def group_key(name: str) -> str:
    """A group name as the queries compare it."""
    key = name.lower()
    for prefix in (_GSD, "gsd:"):
        key = key.removeprefix(prefix)
    return re.sub(r"[\s._-]", "", key)


def check_group(spec: QuerySpec, backend: Backend, bindings: Mapping[str, Term]) -> None:
    """A UsageError when the ``group`` parameter names no group of the graph queried."""
    given = bindings.get(GROUP_PARAM)
    if given is None or given.value == "*" or spec.param(GROUP_PARAM) is None:
        return
    body_of: dict[str, str] = {}  # name key -> group IRI
    shown_as: dict[str, str] = {}  # group IRI -> how to show it: acronym, else gsd: name
    for body, name, acronym in backend.select(_GROUP_NAMES).rows:
        if body is None or name is None:
            continue
        body_of.setdefault(group_key(name.value), body.value)
        shown = acronym.value if acronym is not None else "gsd:" + body.value.removeprefix(_GSD)
        shown_as.setdefault(body.value, shown)
    wanted = group_key(given.value)
    if wanted in body_of or not body_of:
        return  # a known group with nothing to show, or a graph without groups: not our call
    keys = [key for key in body_of if wanted and key.startswith(wanted)]
    keys += difflib.get_close_matches(wanted, list(body_of), n=5, cutoff=0.75)
    closest = sorted({shown_as[body_of[key]] for key in keys})
    raise UsageError(
        f"query {spec.name}: no group named {given.value!r}"
        + (f"; closest: {', '.join(closest)}" if closest else ""),
        hint="name the group by acronym (GSWG, PSI SSWG, LIO SSWG), gsd: name (gsd:psi-sswg), "
        "IRI or any label; `gswg query sector-working-groups` lists the ten groups",
    )


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------


def execute(
    spec: QuerySpec,
    backend: Backend,
    params: Mapping[str, object] | None = None,
    lang: str = DEFAULT_LANG,
    timeout: float | None = None,
) -> QueryResult:
    """Bind the parameters, run the query, and look up the labels of the IRIs in the answer.

    ``timeout`` (seconds) bounds the whole run, labels included: the local engines cannot bound
    it themselves, and an endpoint's socket timeout bounds each read, not a server that trickles
    its answer; see :func:`call_with_timeout`.
    """
    lang = check_lang(lang)
    bindings = spec.bind(params or {}, lang)
    text = spec.bound_text(bindings)

    def run() -> QueryResult:
        answer = backend.select(text)
        if not answer.rows:
            check_group(spec, backend, bindings)
        iris = {
            term.value
            for row in answer.rows
            for term in row
            if term is not None and term.kind == "iri"
        }
        labels = fetch_labels(backend, iris, lang) if iris else {}
        return QueryResult(spec, answer.variables, answer.rows, labels, lang, bindings)

    overdue = getattr(backend, "overdue", None)  # an endpoint says it in its own words
    return call_with_timeout(run, timeout, f"query {spec.name}", overdue)


def call_with_timeout(
    function: Callable[[], _T],
    timeout: float | None,
    what: str,
    overdue: Callable[[float], GswgError] | None = None,
) -> _T:
    """``function()``, or QueryTimeoutError when it runs longer than ``timeout`` seconds.

    Neither pyoxigraph nor rdflib can cancel a query, so the run happens in a daemon thread and is
    abandoned on timeout: ``gswg query`` then exits, which stops it; a Python caller gets the
    error at once while the abandoned run finishes in the background (pyoxigraph releases the
    GIL while it works, so the caller is not slowed down by more than the CPU it takes).
    """
    if timeout is None:
        return function()
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = function()
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=target, name="gswg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        if overdue is not None:
            raise overdue(timeout)
        raise QueryTimeoutError(
            f"the {what} ran longer than {timeout:g} s and was stopped",
            hint="allow more time with --timeout SECONDS, or narrow the query (parameters, "
            "fewer --with files)",
        )
    if "error" in outcome:
        raise outcome["error"]
    return cast(_T, outcome["value"])


def local_backend(
    release: Path | None = None,
    resources: Path | None = None,
    *,
    engine: str = "oxigraph",
    store: Path | None = None,
    with_files: Sequence[Path | str] = (),
    feedback: Feedback | None = None,
    auto_store: bool = True,
) -> Backend:
    """Where local queries run: ``release`` if given; else ./dist when built (unless resources
    are named explicitly); else the ontology and data files, so a fresh install needs no build.

    With ``with_files`` (N-Triples, Turtle, IATI XML), another ``engine`` (rdflib) or an on-disk
    ``store`` folder, :mod:`gswg_graph.stores` does the loading, showing its progress and the
    import summaries through ``feedback`` (default: nothing); the default path stays here so
    that ``gswg query`` imports nothing more than pyoxigraph.  Large ``with_files`` go to an
    on-disk store chosen automatically unless ``auto_store`` is False (see
    :data:`gswg_graph.stores.AUTO_STORE_TRIPLES`).
    """
    if engine != "oxigraph" or store is not None or with_files:
        from .progress import SILENT
        from .stores import backend_for

        return backend_for(
            release=release,
            resources=resources,
            engine=engine,
            store=store,
            with_files=with_files,
            feedback=feedback or SILENT,
            auto_store=auto_store,
        )
    if release is not None:
        return OxigraphBackend.from_release(release)
    if resources is None and (built := default_release()) is not None:
        return OxigraphBackend.from_release(built)
    return OxigraphBackend.from_resources(locate(resources))


def default_release() -> Path | None:
    """./dist when a release is built there (what local runs use when no source is named).

    When its manifest says it was built from other files than the resources found now (data
    edited since ``gswg build``), it is still used, but a warning on stderr says so: answers
    from a stale release must not pass for answers from the files.
    """
    if not (DEFAULT_RELEASE_DIR / RELEASE_FILE).is_file():
        return None
    import json
    import sys

    try:
        manifest = json.loads((DEFAULT_RELEASE_DIR / MANIFEST_FILE).read_text(encoding="utf-8"))
        built_from = manifest.get("sources_sha256") if isinstance(manifest, dict) else None
        current = locate().fingerprint()
    except (OSError, ValueError, GswgError):
        return DEFAULT_RELEASE_DIR  # no manifest or no resources to compare with: nothing to say
    if built_from is not None and built_from != current:
        print(
            f"gswg: warning: {DEFAULT_RELEASE_DIR}/ was not built from the current ontology and "
            "data files (edited since `gswg build`?): answering from it anyway\n"
            "  hint: run `gswg build` to refresh it, or pass --resources DIR to query the files",
            file=sys.stderr,
        )
    return DEFAULT_RELEASE_DIR


def run_query(
    query: str,
    /,
    *,
    lang: str = DEFAULT_LANG,
    release: Path | str | None = None,
    resources: Path | str | None = None,
    endpoint: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    engine: str = "oxigraph",
    store: Path | str | None = None,
    with_files: Sequence[Path | str] = (),
    graph: str | None = None,
    services: Mapping[str, str] | None = None,
    auto_store: bool = True,
    **params: object,
) -> list[dict[str, Any]]:
    """Run a named query (or a .rq file) and return its rows as plain dicts.

    >>> rows = run_query("partners-in-both-subgroups", rollup=True)   # doctest: +SKIP
    >>> rows[0]["partner"], rows[0]["partner_label"]                   # doctest: +SKIP
    ('https://w3id.org/gswg/id/australia', 'Australia')

    IRIs are strings and every IRI column has a ``<column>_label`` twin in ``lang`` (en or lo);
    integers and booleans are Python ints and bools, other literals their text, unbound None.
    Local runs read ``release`` (default ./dist when built) or the source files, plus
    ``with_files`` (.nt, .ttl, IATI .xml), with ``engine`` "oxigraph" or "rdflib", in memory or
    in the on-disk ``store`` folder (chosen automatically for large ``with_files`` unless
    ``auto_store`` is False); ``endpoint`` sends the same query to a SPARQL 1.1 endpoint
    instead (``graph``: query that named graph as the default graph).  ``services`` maps SERVICE
    IRIs of the query to other endpoints.  ``timeout`` bounds the run (see call_with_timeout).
    Raises UsageError for unknown queries or parameters, InputError for bad files, RemoteError
    when the endpoint fails, QueryTimeoutError when the time is up.
    """
    root = locate(Path(resources) if resources is not None else None)
    spec = QueryLibrary(root).resolve(query)
    if services:
        spec = spec.with_services(services)
    check_syntax(spec)
    backend: Backend
    if endpoint is not None:
        from .remote import RemoteBackend

        backend = RemoteBackend(endpoint, timeout=timeout, default_graph=graph)
        return execute(spec, backend, params, lang, timeout=timeout).records()
    if graph is not None:
        raise UsageError("graph is for endpoints: a local run queries everything it loads")
    backend = local_backend(
        Path(release) if release is not None else None,
        Path(resources) if resources is not None else None,
        engine=engine,
        store=Path(store) if store is not None else None,
        with_files=with_files,
        auto_store=auto_store,
    )
    return execute(spec, backend, params, lang, timeout=timeout).records()
