"""Read a CSV of memberships (an analyst's update) as RDF, in the shape of data/memberships.ttl.

Cells name things the way analysts do: by IRI, prefixed name (gsd:undp), acronym (UNDP), label
(in Lao or English), notation (co-chair) or local name (annex-2-gswg).  Names are resolved against
the graph the update will be merged into.  A name that resolves to nothing is kept as a plain
literal, so that the shapes report it with its value (the role "president" is not a role of the
scheme) together with every other problem, instead of stopping at the first one.  What cannot
be turned into RDF at all (missing columns, a row with too many cells, a malformed IRI, an
unknown prefix, an ambiguous name) is bad input: an InputError naming the file, line and column.

The columns are described in ``csv_columns.CSV_COLUMNS``.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD
from rdflib.term import Node

from .csv_columns import CSV_COLUMN_NAMES, REQUIRED_CSV_COLUMNS
from .errors import InputError
from .namespaces import GSD, GSWG, ORG, PREFIXES, PROV, VCARD

ROLE_SCHEME = GSD["role-scheme"]
CATEGORY_SCHEME = GSD["organisation-categories"]

# Prefixed names accepted in cells (the project prefixes, plus the IATI vocabulary).
CELL_PREFIXES: dict[str, str] = {**PREFIXES, "gsi": "https://w3id.org/gswg/iati#"}
_IRI_SCHEMES = ("http://", "https://", "urn:")
_INVALID_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_PREFIXED = re.compile(r"(?P<prefix>[A-Za-z][\w.-]*):(?P<local>\S+)")


@dataclass(frozen=True)
class CsvImport:
    """The triples of a memberships CSV and, for each node it made, the line it came from."""

    graph: Graph
    origins: dict[Node, int]
    rows: int


@dataclass(frozen=True)
class _Cell:
    """A cell with its position, for located errors."""

    text: str
    line: int
    column: int
    name: str


class _CellError(Exception):
    """A cell that cannot be turned into RDF; becomes an InputError located at the cell."""

    def __init__(self, cell: _Cell, message: str, hint: str) -> None:
        super().__init__(message)
        self.cell = cell
        self.message = message
        self.hint = hint


class _Names:
    """The names of the things a cell may refer to, by kind, read from the context graph."""

    def __init__(self, context: Graph) -> None:
        self.context = context
        self._index: dict[str, dict[str, set[URIRef]]] = {}

    def candidates(self, kind: str) -> set[URIRef]:
        graph = self.context
        if kind in ("role", "category"):
            scheme = ROLE_SCHEME if kind == "role" else CATEGORY_SCHEME
            return {s for s in graph.subjects(SKOS.inScheme, scheme) if isinstance(s, URIRef)}
        cls = {
            "group": GSWG.CoordinationBody,
            "member": ORG.Organization,
            "office": ORG.Post,
            "source": GSWG.GuideSection,
        }[kind]
        classes = set(graph.transitive_subjects(RDFS.subClassOf, cls)) | {cls}
        return {s for c in classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}

    def index(self, kind: str) -> dict[str, set[URIRef]]:
        if kind not in self._index:
            names: dict[str, set[URIRef]] = {}
            for node in self.candidates(kind):
                keys = {_local_name(node)}
                for prop in (
                    SKOS.prefLabel,
                    SKOS.altLabel,
                    SKOS.hiddenLabel,
                    RDFS.label,
                    SKOS.notation,
                    GSWG.acronym,
                    DCTERMS.title,
                    DCTERMS.alternative,
                ):
                    keys.update(str(v) for v in self.context.objects(node, prop))
                for key in keys:
                    names.setdefault(_key(key), set()).add(node)
            self._index[kind] = names
        return self._index[kind]

    def resolve(self, kind: str, cell: _Cell) -> URIRef | None:
        found = self.index(kind).get(_key(cell.text), set())
        if len(found) > 1:
            listed = ", ".join(sorted(_shown(n) for n in found))
            raise _CellError(
                cell,
                f"{cell.name} {cell.text!r} is ambiguous: it names {listed}",
                "use the IRI or prefixed name of the one you mean",
            )
        return next(iter(found), None)

    def notation(self, node: URIRef) -> str | None:
        value = self.context.value(node, SKOS.notation)
        return None if value is None else str(value)

    def known(self, node: URIRef) -> bool:
        return (node, None, None) in self.context


def read_memberships(path: Path, context: Graph) -> CsvImport:
    """The memberships of a CSV file as RDF; ``context`` is the graph names are resolved in."""
    path = Path(path)
    text = _read_text(path)
    rows = _rows(path, text)
    header = next(rows, None)
    if header is None:
        raise InputError(
            "the CSV file is empty; expected a header line naming the columns "
            + ", ".join(CSV_COLUMN_NAMES),
            path=path,
            line=1,
            hint="see `gswg validate --help` for the columns",
        )
    columns = _columns(path, header)
    names = _Names(context)
    graph = Graph()
    for prefix, namespace in CELL_PREFIXES.items():
        graph.bind(prefix, namespace)
    origins: dict[Node, int] = {}
    count = 0
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns) and any("\n" in cell for cell in cells):
            raise InputError(
                "a quote opened on this line is not closed: the row runs on over the lines "
                "after it",
                path=path,
                line=line,
                hint='close the quote, and write a quote inside a quoted cell twice ("")',
            )
        if len(cells) != len(columns):
            raise InputError(
                f"the row has {len(cells)} cells but the header names {len(columns)} columns",
                path=path,
                line=line,
                column=min(len(cells), len(columns)) + 1,
                hint="quote cells that contain commas; every row needs one cell per column",
            )
        row = {name: _Cell(cells[i].strip(), line, i + 1, name) for i, name in enumerate(columns)}
        try:
            _add_row(graph, origins, row, names)
        except _CellError as exc:
            raise InputError(
                exc.message, path=path, line=exc.cell.line, column=exc.cell.column, hint=exc.hint
            ) from None
        count += 1
    return CsvImport(graph, origins, count)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"file not found: {path}", hint="check the path") from None
    except IsADirectoryError:
        raise InputError(f"expected a file but found a folder: {path}") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"CSV file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            path=path,
            line=line,
            column=column,
            hint="save the file as UTF-8 (CSV UTF-8 in spreadsheet programs)",
        ) from None


def _rows(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record; csv.Error becomes a located InputError."""
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(
                f"malformed CSV: {exc}",
                path=path,
                line=reader.line_num or start,
                hint="check the quotes on that line",
            ) from None
        yield start, cells


def _columns(path: Path, header: tuple[int, list[str]]) -> list[str]:
    line, cells = header
    columns = [re.sub(r"[\s-]+", "_", cell.strip().lower()) for cell in cells]
    if columns[:2] == ["organisation", "name_en"]:
        raise InputError(
            "this is the membership matrix of `gswg diagram` (one column per body); "
            "gswg validate reads one membership per row, with the columns "
            + ", ".join(CSV_COLUMN_NAMES),
            path=path,
            line=line,
            hint="write each new or changed membership as a row: group,member,role,date,source",
        )
    for index, name in enumerate(columns):
        if name not in CSV_COLUMN_NAMES:
            raise InputError(
                f"unknown column {cells[index].strip()!r}; expected columns: "
                + ", ".join(CSV_COLUMN_NAMES),
                path=path,
                line=line,
                column=index + 1,
                hint="fix the column name in the header line (see `gswg validate --help`)",
            )
        if columns.index(name) != index:
            raise InputError(
                f"column {name!r} appears twice",
                path=path,
                line=line,
                column=index + 1,
                hint="keep one column of each name",
            )
    missing = [name for name in REQUIRED_CSV_COLUMNS if name not in columns]
    if missing:
        raise InputError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; the header "
            f"must name at least {', '.join(REQUIRED_CSV_COLUMNS)} (found: "
            f"{', '.join(columns) or 'nothing'})",
            path=path,
            line=line,
            hint="add the missing columns to the header line (see `gswg validate --help`)",
        )
    return columns


def _add_row(graph: Graph, origins: dict[Node, int], row: dict[str, _Cell], names: _Names) -> None:
    line = row["group"].line
    group = _term(row["group"], "group", names)
    member = _term(row["member"], "member", names)
    role = _term(row["role"], "role", names)
    source = _term(row["source"], "source", names)
    office = _term(row["office"], "office", names) if "office" in row else None
    category = _term(row["category"], "category", names) if "category" in row else None

    membership = GSD[
        "membership-"
        + "-".join(
            (
                _part(group, names, "group", line),
                _part(role, names, "role", line),
                _part(member, names, "member", line),
            )
        )
    ]
    origins.setdefault(membership, line)
    graph.add((membership, RDF.type, ORG.Membership))
    for prop, value in (
        (ORG.member, member),
        (ORG.organization, group),
        (ORG.role, role),
        (PROV.wasDerivedFrom, source),
        (GSWG.officeHeld, office),
    ):
        if value is not None:
            graph.add((membership, prop, value))
    date = _date(row["date"].text)
    if date is not None:
        graph.add((membership, DCTERMS.date, date))

    if isinstance(member, URIRef):
        _describe_member(graph, origins, member, row, category, source, names)

    emails = _split(row["email"].text) if "email" in row else []
    printed = row["telephone"].text if "telephone" in row else ""
    if emails or printed:
        contact = GSD[f"contact-{str(membership)[len(str(GSD)) :]}"]
        origins.setdefault(contact, line)
        graph.add((membership, GSWG.contact, contact))
        graph.add((contact, RDF.type, VCARD.Kind))
        if source is not None:
            graph.add((contact, PROV.wasDerivedFrom, source))
        for email in emails:
            graph.add((contact, VCARD.hasEmail, mailto(email)))
        if printed:
            values: list[str | None] = [*normalise_telephone(printed)] or [None]
            for number, tel in enumerate(values, start=1):
                telephone = URIRef(f"{contact}-tel-{number}")
                origins.setdefault(telephone, line)
                graph.add((contact, VCARD.hasTelephone, telephone))
                graph.add((telephone, RDF.type, VCARD.Voice))
                graph.add((telephone, GSWG.printedAs, Literal(printed)))
                if tel is not None:
                    graph.add((telephone, VCARD.hasValue, URIRef(tel)))


def _describe_member(
    graph: Graph,
    origins: dict[Node, int],
    member: URIRef,
    row: dict[str, _Cell],
    category: URIRef | Literal | None,
    source: URIRef | Literal | None,
    names: _Names,
) -> None:
    """Labels and category from the row; a member unknown to the context also gets the source."""
    line = row["member"].line
    described = False
    for column, lang in (("member_label_lo", "lo"), ("member_label_en", "en")):
        if column in row and row[column].text:
            graph.add((member, SKOS.prefLabel, Literal(row[column].text, lang=lang)))
            described = True
    if category is not None:
        graph.add((member, ORG.classification, category))
        described = True
        category_class = (
            names.context.value(category, GSWG.categoryClass)
            if isinstance(category, URIRef)
            else None
        )
        if category_class is not None:
            graph.add((member, RDF.type, category_class))
    if not names.known(member) and source is not None:
        graph.add((member, PROV.wasDerivedFrom, source))
        described = True
    if described:
        origins.setdefault(member, line)


def _term(cell: _Cell, kind: str, names: _Names) -> URIRef | Literal | None:
    text = cell.text
    if not text:
        return None
    if text.startswith("<") and text.endswith(">"):
        return _iri(cell, text[1:-1])
    if text.startswith(_IRI_SCHEMES):
        return _iri(cell, text)
    if match := _PREFIXED.fullmatch(text):
        namespace = CELL_PREFIXES.get(match["prefix"])
        if namespace is None:
            raise _CellError(
                cell,
                f"{cell.name} {text!r} uses the unknown prefix {match['prefix']!r}; known "
                f"prefixes: {', '.join(sorted(CELL_PREFIXES))}",
                "write the full IRI in <...>, or use a known prefix",
            )
        return _iri(cell, namespace + match["local"])
    found = names.resolve(kind, cell)
    return found if found is not None else Literal(text)


def _iri(cell: _Cell, iri: str) -> URIRef:
    if bad := _INVALID_IRI_CHARS.search(iri):
        raise _CellError(
            cell,
            f"{cell.name} <{iri}> is not a valid IRI: it contains {bad.group()!r}",
            "IRIs cannot hold spaces, quotes or braces; percent-encode them",
        )
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
        raise _CellError(
            cell,
            f"{cell.name} <{iri}> is a relative IRI",
            "use an absolute IRI (https://...) or a prefixed name such as gsd:undp",
        )
    return URIRef(iri)


def _date(text: str) -> Literal | None:
    """A year as xsd:gYear, a day as xsd:date; anything else stays a plain literal for SHACL."""
    if not text:
        return None
    if re.fullmatch(r"[0-9]{4}", text):
        return Literal(text, datatype=XSD.gYear)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            return Literal(text)
        return Literal(text, datatype=XSD.date)
    return Literal(text)


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,]", text) if part.strip()]


def mailto(address: str) -> URIRef:
    """A mailto: IRI; characters not allowed in IRIs are percent-encoded, not rejected, so that
    a malformed address reaches the e-mail shape and is reported with its value."""
    address = re.sub(r"^mailto:", "", address.strip(), flags=re.IGNORECASE)
    return URIRef("mailto:" + quote(address, safe="@.!#$&'()*+/=?^_`{|}~-%"))


_TEL_FULL = re.compile(
    r"^(?:\+|00)?\(?(?P<cc>856)\)?[\s.-]*"
    r"(?:\((?P<area>[0-9]{2,3})\)|(?P<area2>[0-9]{2,3})[\s.-])\s*"
    r"(?P<number>[0-9][0-9\s.-]*[0-9])$"
)
_TEL_DOMESTIC = re.compile(r"^0(?P<area>[0-9]{2})[\s.-]*(?P<number>[0-9][0-9\s.-]*[0-9])$")
_TEL_BARE = re.compile(r"^(?P<number>[0-9][0-9\s.-]*[0-9])$")


def normalise_telephone(printed: str) -> list[str]:
    """tel: IRIs (RFC 3966 global numbers) for Lao numbers as printed in the guide.

    "856 (21) 212 710" gives tel:+856-21-212710; a number printed after another without its
    prefixes ("856 (21) 213646; 212710") takes the previous one's; numbers whose area code
    cannot be told (the guide's faxes "(856) 217619") give nothing and stay as printed only.
    """
    values: list[str] = []
    previous: tuple[str, str] | None = None
    for part in re.split(r"\s*[,;/]\s*", printed.strip()):
        if match := _TEL_FULL.match(part):
            previous = (match["cc"], match["area"] or match["area2"])
        elif match := _TEL_DOMESTIC.match(part):
            previous = ("856", match["area"])
        elif (match := _TEL_BARE.match(part)) is None or previous is None:
            previous = None
            continue
        digits = re.sub(r"[^0-9]", "", match["number"])
        values.append(f"tel:+{previous[0]}-{previous[1]}-{digits}")
    return values


def _part(term: Node | None, names: _Names, kind: str, line: int) -> str:
    """The piece of a minted membership IRI for one term, as data/memberships.ttl names them."""
    if isinstance(term, URIRef):
        if kind == "role" and (notation := names.notation(term)):
            return _slug(notation) or f"line-{line}"
        local = _local_name(term)
        if kind == "role" and local.startswith("role-"):
            local = local[len("role-") :]
        return _slug(local) or f"line-{line}"
    if term is None:
        return f"no-{kind}"
    return _slug(str(term)) or f"line-{line}"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _local_name(node: URIRef) -> str:
    return re.split(r"[/#]", str(node).rstrip("/#"))[-1]


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _shown(node: URIRef) -> str:
    text = str(node)
    for prefix, namespace in CELL_PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"
