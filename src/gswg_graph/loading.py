"""Parse the project's RDF files, turning every parser failure into an InputError with a location.

rdflib's own exceptions differ per format and bury the position in noisy text (byte-string
excerpts, ``file://`` URIs, 0-based columns); people fixing a data file need ``path:line:column``,
one sentence saying what is wrong, and a hint.  Everything that reads RDF goes through here.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import xml.sax
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.plugins.parsers.ntriples import W3CNTriplesParser
from rdflib.term import Node

from .errors import InputError
from .namespaces import PREFIXES
from .oxigraph_terms import to_rdflib
from .resources import ResourceRoot, locate


@dataclass(frozen=True)
class RdfFormat:
    """An accepted file format: rdflib's parser name and the name people know it by."""

    parser: str
    label: str
    hint: str


_TURTLE = RdfFormat("turtle", "Turtle", "fix the Turtle syntax at that line")
_NTRIPLES = RdfFormat("nt", "N-Triples", "fix that line: one '<s> <p> <o> .' triple per line")
_JSONLD = RdfFormat("json-ld", "JSON-LD", "check the @context and the structure (JSON-LD 1.1)")
_RDFXML = RdfFormat("xml", "RDF/XML", "fix the XML at that line")

FORMATS: dict[str, RdfFormat] = {
    ".ttl": _TURTLE,
    ".nt": _NTRIPLES,
    ".jsonld": _JSONLD,
    ".json": _JSONLD,
    ".rdf": _RDFXML,
    ".owl": _RDFXML,
}


def rdf_format(path: Path) -> RdfFormat:
    """The format implied by the file extension; guessing from content hides mistakes."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        accepted = ", ".join(FORMATS)
        raise InputError(
            f"unknown RDF file extension {path.suffix or '(none)'!r}; accepted: {accepted}",
            path=path,
            hint="rename the file to one of the accepted extensions",
        )
    return fmt


def parse_file(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one RDF file into ``graph`` (a new one if omitted) or raise a located InputError."""
    path = Path(path)
    fmt = rdf_format(path)
    raw = _read_bytes(path)
    if fmt in (_RDFXML, _JSONLD) and not raw.strip():
        # (an empty Turtle or N-Triples file is a graph without triples; these formats need more)
        raise InputError(
            f"the {fmt.label} file is empty",
            path=path,
            hint="check that the right file was given, or export it again",
        )
    if fmt is _RDFXML:
        _refuse_doctype(path, raw)
    text = _decode(path, raw, fmt)
    target = Graph() if graph is None else graph
    fast = _fast_parse(text, fmt, path.resolve().as_uri())
    triples: Iterable[tuple[Node, Node, Node]]
    if fast is not None:
        prefixes, triples = fast
    else:
        scratch = triples = Graph()
        try:
            # RDF/XML declares its own encoding, so it gets the bytes; the text formats are UTF-8.
            with _quiet_invalid_iri_warnings():
                scratch.parse(
                    data=raw if fmt is _RDFXML else text,
                    format=fmt.parser,
                    publicID=path.resolve().as_uri(),
                )
        except Exception as exc:  # every parser has its own exception types; all mean "bad input"
            raise _syntax_error(path, text, fmt, exc) from exc
        prefixes = {prefix: str(namespace) for prefix, namespace in scratch.namespaces()}
    _check_iris(path, text, triples)
    for prefix, namespace in prefixes.items():
        target.bind(prefix, namespace, override=False)
    target.addN((s, p, o, target) for s, p, o in triples)
    return target


RDFXML_DOCTYPE_HINT = (
    "RDF/XML needs no DTD: remove the <!DOCTYPE ...> declaration and write any entity "
    "references (&xsd; and the like) out in full, or convert the file to Turtle"
)


def _refuse_doctype(path: Path, raw: bytes) -> None:
    """RDF/XML is XML that anyone may have written: refuse a DTD before rdflib's parser (expat)
    sees it, as IATI files are (gswg_graph.safexml): no external entities, no entity bombs."""
    from . import safexml  # lxml, imported only for RDF/XML

    safexml.check_prolog_bytes(raw, path, hint=RDFXML_DOCTYPE_HINT)


# "x"^^xsd:string written out: rdflib keeps that datatype apart from a plain "x", pyoxigraph (as
# RDF 1.1 says) does not, so such files go to rdflib.
_EXPLICIT_STRING = re.compile(r"\^\^\s*(?:<[^>]*#string>|[\w.-]*:string\b)")


def _fast_parse(
    text: str, fmt: RdfFormat, base: str
) -> tuple[dict[str, str], list[tuple[Node, Node, Node]]] | None:
    """Turtle and N-Triples read by pyoxigraph's parser, as rdflib terms; None if it fails.

    Returns the file's prefixes and the triples.  pyoxigraph parses some
    fifteen times faster than rdflib; building the rdflib terms is most of what remains (the
    project graph loads in half the time).  The triples are the same: lexical forms as written,
    blank nodes renamed apart per file as rdflib does, the file's prefixes (the tests compare
    both parsers on every file of the project).  On any error, and for the other formats, the
    caller parses with rdflib, whose errors the messages of this module are written for.
    """
    if (fmt is not _TURTLE and fmt is not _NTRIPLES) or _EXPLICIT_STRING.search(text):
        return None
    import pyoxigraph as ox

    # One rdflib term per distinct term of the file: built once (a third of the loading time
    # of the project graph), then found by identity in the graph's indexes.  A blank node is
    # built once per label too, as a new BNode: renamed apart from other files' labels.
    terms: dict[Any, Any] = {}

    def term(node: Any) -> Any:
        found = terms.get(node)
        if found is None:
            found = terms[node] = to_rdflib(node, blank_node=_new_blank_node)
        return found

    parser_format = ox.RdfFormat.TURTLE if fmt is _TURTLE else ox.RdfFormat.N_TRIPLES
    try:
        parser = ox.parse(text.encode("utf-8"), format=parser_format, base_iri=base)
        triples = [(term(t.subject), term(t.predicate), term(t.object)) for t in parser]
        prefixes = dict(parser.prefixes) if fmt is _TURTLE else {}
    except (SyntaxError, ValueError, TypeError):
        return None
    return prefixes, triples


def _new_blank_node(_label: str) -> BNode:
    return BNode()


def load_project(
    root: ResourceRoot | None = None, into: Graph | None = None, *, check_shapes: bool = True
) -> Graph:
    """The release graph: every ontology/*.ttl and data/*.ttl, in sorted order.

    The shapes are not part of the release, but they are parsed too so that a broken shapes
    file fails the build instead of surfacing later in ``gswg validate`` (``check_shapes=False``
    for a caller that parses them next anyway).  ``into`` is an empty graph to load into
    (validation passes one that caches its SPARQL queries, saving a copy).
    """
    root = locate() if root is None else root
    if not root.root.is_dir():
        raise InputError(
            f"resources folder not found: {root.root} "
            "(expected a folder holding ontology/ and data/)",
            hint="pass --resources DIR pointing at a checkout or set GSWG_RESOURCES",
        )
    ontology_files = _required_ttl_files(root.ontology_dir, "ontology", "ontology/gswg.ttl")
    data_files = _required_ttl_files(root.data_dir, "data", "data/*.ttl")
    graph = Graph() if into is None else into
    for path in [*ontology_files, *data_files]:
        parse_file(path, graph)
    if check_shapes:
        check_parses(root.shape_files())
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def check_parses(paths: Iterable[Path]) -> None:
    """Parse each file on its own, only to surface syntax errors."""
    for path in paths:
        parse_file(path)


def _required_ttl_files(folder: Path, name: str, example: str) -> list[Path]:
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "not found"
        raise InputError(
            f"{name} folder {what}: {folder} (expected Turtle files {name}/*.ttl, e.g. {example})",
            hint=f"create {name}/ with its Turtle files, or pass --resources DIR (or set "
            "GSWG_RESOURCES) to a folder that has them",
        )
    files = sorted(folder.glob("*.ttl"))
    if not files:
        raise InputError(
            f"{name} folder has no Turtle files: {folder} (expected {name}/*.ttl, e.g. {example})",
            hint=f"add the {name} files, or point --resources at the right folder",
        )
    return files


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"file not found: {path}", hint="check the path") from None
    except IsADirectoryError:
        raise InputError(f"expected a file but found a folder: {path}") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def _decode(path: Path, raw: bytes, fmt: RdfFormat) -> str:
    """Decode as UTF-8 (RDF/XML too, leniently, only to quote lines in messages)."""
    if fmt is _RDFXML:
        return raw.decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(raw, exc.start)
        raise InputError(
            f"{fmt.label} file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            path=path,
            line=line,
            column=column,
            hint="save the file as UTF-8",
        ) from None


def _position_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


def _position_of_char(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _line_text(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _near(text: str, line: int | None) -> str:
    if line is None:
        return ""
    snippet = _line_text(text, line)
    if not snippet:
        return ""
    if len(snippet) > 70:
        snippet = snippet[:67] + "..."
    return f" (line reads: {snippet})"


def _syntax_error(path: Path, text: str, fmt: RdfFormat, exc: Exception) -> InputError:
    if isinstance(exc, BadSyntax):
        return _turtle_error(path, text, exc)
    line: int | None = None
    column: int | None = None
    hint = fmt.hint
    reason = str(exc).strip() or type(exc).__name__
    if isinstance(exc, json.JSONDecodeError):
        line, column, reason = exc.lineno, exc.colno, f"invalid JSON: {exc.msg}"
        hint = "fix the JSON at that position"
    elif isinstance(exc, xml.sax.SAXParseException):
        line, column = exc.getLineNumber(), (exc.getColumnNumber() or 0) + 1
        reason = f"invalid XML: {exc.getMessage()}"
    elif fmt is _RDFXML and (match := _RDFXML_LOCATED.match(reason)):
        line, column, reason = int(match["line"]), int(match["column"]) + 1, match["reason"]
    elif fmt is _NTRIPLES and isinstance(exc, ParserError):
        line = _first_bad_ntriples_line(text)
        reason = "not a valid N-Triples statement"
    elif fmt is _JSONLD:
        reason = f"not valid JSON-LD ({type(exc).__name__}: {reason})"
    return InputError(
        f"{fmt.label} syntax error: {reason}{_near(text, line)}",
        path=path,
        line=line,
        column=column,
        hint=hint,
    )


# rdflib's RDF/XML parser reports "<system id>:<line>:<0-based column>: <reason>".
_RDFXML_LOCATED = re.compile(r"^.*?:(?P<line>\d+):(?P<column>\d+): (?P<reason>.*)$", re.DOTALL)

# rdflib's Turtle parser is an N3 parser; some of its reasons mention N3-only syntax.
_TURTLE_REASONS: dict[str, tuple[str, str]] = {
    "expected '.' or '}' or ']' at end of statement": (
        "expected '.' or ']' to end the statement",
        "the statement before this point probably lacks its closing '.' or a ';'",
    ),
    "EOF found after object": (
        "the file ends in the middle of a statement",
        "end the last statement with '.'",
    ),
}


def _turtle_error(path: Path, text: str, exc: BadSyntax) -> InputError:
    why = str(getattr(exc, "_why", "")) or "invalid syntax"
    document: str = text
    raw_doc = getattr(exc, "_str", None)
    if isinstance(raw_doc, bytes):
        document = raw_doc.decode("utf-8", errors="replace")
    offset = getattr(exc, "_i", None)
    if isinstance(offset, int) and 0 <= offset <= len(document):
        line, column = _position_of_char(document, offset)
        if offset == len(document) and document.endswith("\n"):
            # rdflib points past the final newline; the problem is on the last real line.
            line, column = _position_of_char(document, len(document.rstrip()))
    else:
        lines = document.rstrip().splitlines() or [""]
        line, column = min(int(getattr(exc, "lines", 0)) + 1, len(lines)), None
    reason, hint = _TURTLE_REASONS.get(why, (why, _TURTLE.hint))
    if match := re.fullmatch(r'Prefix "(?P<prefix>[^"]*)" not bound', why):
        reason = f"prefix {match['prefix']} is used but not declared"
        hint = f"add '@prefix {match['prefix']} <...> .' at the top of the file, or fix the typo"
    return InputError(
        f"Turtle syntax error: {reason}{_near(document, line)}",
        path=path,
        line=line,
        column=column,
        hint=hint,
    )


class _DiscardTriples:
    """An N-Triples sink that keeps nothing (rdflib's DummySink prints every triple)."""

    def triple(self, s: object, p: object, o: object) -> None:
        pass


def _first_bad_ntriples_line(text: str) -> int | None:
    """rdflib's N-Triples error carries no line number; re-check line by line to find it."""
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            W3CNTriplesParser(_DiscardTriples()).parsestring(line)  # type: ignore[arg-type]
        except ParserError:
            return number
    return None


class _DropInvalidIriWarnings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "does not look like a valid URI" not in record.getMessage()


@contextlib.contextmanager
def _quiet_invalid_iri_warnings() -> Iterator[None]:
    """rdflib logs invalid IRIs as warnings; _check_iris reports them with a location instead."""
    logger = logging.getLogger("rdflib.term")
    drop = _DropInvalidIriWarnings()
    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)


_INVALID_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _check_iris(path: Path, text: str, graph: Iterable[tuple[Node, Node, Node]]) -> None:
    """Reject IRIs that parse but cannot be written back, or that depend on where the file is.

    rdflib only logs a warning for an IRI with a space in it and then fails much later, while
    serialising; a relative IRI silently becomes a ``file://`` path of this checkout.
    """
    file_base = path.resolve().as_uri()
    folder_base = path.resolve().parent.as_uri() + "/"
    for term in sorted({t for triple in graph for t in triple if isinstance(t, URIRef)}):
        iri = str(term)
        if iri.startswith("file:"):
            shown = iri
            for base in (file_base, folder_base):
                if iri.startswith(base):
                    shown = iri[len(base) :]
                    break
            raise InputError(
                f"the IRI <{shown}> is relative (or file:), so it becomes a path on this machine: "
                f"{iri}",
                path=path,
                line=_find_line(text, f"<{shown}>"),
                hint="use a prefixed name or an absolute https:// IRI",
            )
        if bad := _INVALID_IRI_CHARS.search(iri):
            raise InputError(
                f"invalid IRI <{iri}>: it contains {bad.group()!r}",
                path=path,
                line=_find_line(text, iri),
                hint="IRIs cannot hold spaces, quotes, braces or backslashes; percent-encode them",
            )


def _find_line(text: str, needle: str) -> int | None:
    if not needle:
        return None
    offset = text.find(needle)
    return None if offset < 0 else _position_of_char(text, offset)[0]
