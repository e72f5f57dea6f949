"""Write the release files in dist/: the same graph as Turtle, N-Triples, JSON-LD and RDF/XML.

Each format serves a consumer: Turtle for people, N-Triples for line-based tools and diffs,
JSON-LD for web developers, RDF/XML for owlready2 (which cannot read Turtle).  The files are
replaced all together or not at all, so a failed build never leaves a mixed or truncated release.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.graph import _ObjectType, _PredicateType, _SubjectType
from rdflib.namespace import OWL
from rdflib.paths import Path as RdfPath
from rdflib.query import ResultRow
from rdflib.term import Node

from . import __version__
from .atomic import StagedFiles
from .errors import ReleaseError
from .namespaces import GSWG, ONTOLOGY_IRI, ORG, PREFIXES
from .querying import MANIFEST_FILE
from .resources import ResourceRoot

BASENAME = "gswg"
MANIFEST_NAME = MANIFEST_FILE  # read back by querying.default_release

# What each count means, as the classes whose instances (through rdfs:subClassOf*) are counted.
COUNTED_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "groups": (GSWG.CoordinationBody,),
    "organisations": (GSWG.GovernmentBody, GSWG.DevelopmentPartner),
    "memberships": (ORG.Membership,),
    "mandates": (GSWG.Mandate,),
}

_COUNT_QUERY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(DISTINCT ?instance) AS ?n)
WHERE {
  VALUES ?class { %s }
  ?instance rdf:type/rdfs:subClassOf* ?class .
}
"""


@dataclass(frozen=True)
class ReleaseFormat:
    """One release file: its name, media type, and how to turn the graph into its bytes."""

    filename: str
    media_type: str
    label: str
    serialise: Callable[[Graph], bytes]


@dataclass(frozen=True)
class ReleaseSummary:
    """What a build produced; the CLI prints it and tests compare it with the fixture."""

    out_dir: Path
    triples: int
    groups: int
    organisations: int
    memberships: int
    mandates: int
    files: tuple[Path, ...]

    def counts(self) -> dict[str, int]:
        return {
            "triples": self.triples,
            "groups": self.groups,
            "organisations": self.organisations,
            "memberships": self.memberships,
            "mandates": self.mandates,
        }


def count_instances(graph: Graph, classes: tuple[URIRef, ...]) -> int:
    """Distinct instances of any of ``classes`` or their subclasses, as the ontology declares."""
    query = _COUNT_QUERY % " ".join(cls.n3() for cls in classes)
    rows = list(graph.query(query))
    row = rows[0] if len(rows) == 1 else None
    if not (isinstance(row, ResultRow) and isinstance(row[0], Literal)):
        raise RuntimeError(f"a COUNT query should give one number, not {rows!r}")
    return int(row[0])


def release_counts(graph: Graph) -> dict[str, int]:
    counts = {"triples": len(graph)}
    counts.update({name: count_instances(graph, cls) for name, cls in COUNTED_CLASSES.items()})
    return counts


class _StableOrderGraph(Graph):
    """Lists its subjects in sorted order: rdflib's RDF/XML writer follows ``subjects()``, whose
    order otherwise depends on Python's per-process string hashing."""

    def subjects(
        self,
        predicate: RdfPath | _PredicateType | None = None,
        object: _ObjectType | list[_ObjectType] | None = None,
        unique: bool = False,
    ) -> Generator[_SubjectType, None, None]:
        if predicate is None and object is None:
            yield from sorted(set(super().subjects()), key=lambda s: s.n3())
        else:
            yield from super().subjects(predicate, object, unique)


def stable_bnode_labels(graph: Graph) -> dict[BNode, BNode]:
    """New labels for the blank nodes, derived from what surrounds each one.

    rdflib's own canonicaliser (rdflib.compare) is exact but takes minutes on a few thousand
    look-alike blank nodes.  This is colour refinement instead: a node's colour is a hash of the
    triples it is in, with other blank nodes replaced by their colours, repeated until the
    partition stops splitting.  Nodes left with the same colour are, for the tree-shaped blank
    nodes Turtle's ``[ ]`` produces, interchangeable, so their order does not change the output.
    """
    touching: dict[BNode, list[tuple[Node, Node, Node]]] = {}
    for triple in graph:
        for term in {triple[0], triple[2]}:
            if isinstance(term, BNode):
                touching.setdefault(term, []).append(triple)
    colour = dict.fromkeys(touching, "")
    while True:
        refined = {node: _colour(node, touching[node], colour) for node in touching}
        settled = len(set(refined.values())) == len(set(colour.values()))
        colour = refined
        if settled:
            break
    labels: dict[BNode, BNode] = {}
    seen: dict[str, int] = {}
    for node in sorted(touching, key=lambda n: colour[n]):
        digest = colour[node][:16]
        seen[digest] = seen.get(digest, 0) + 1
        suffix = "" if seen[digest] == 1 else f"x{seen[digest]}"
        labels[node] = BNode(f"b{digest}{suffix}")
    return labels


def _colour(
    node: BNode, triples: list[tuple[Node, Node, Node]], colour: Mapping[BNode, str]
) -> str:
    def key(term: Node) -> str:
        if term == node:
            return "@"
        return f"_:{colour[term]}" if isinstance(term, BNode) else term.n3()

    # The node's own colour goes in too, so each round can only split classes, never merge them.
    lines = [colour[node], *sorted(" ".join(key(term) for term in triple) for triple in triples)]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def reproducible(graph: Graph) -> Graph:
    """The same triples with stable blank-node labels, inserted in sorted order.

    rdflib labels blank nodes randomly and its serialisers follow insertion order, so without
    this two builds of the same data would differ byte for byte (and so would the checksums).
    """
    labels = stable_bnode_labels(graph)

    def relabel(term: Node) -> Node:
        return labels[term] if isinstance(term, BNode) else term

    triples = sorted(
        ((relabel(s), relabel(p), relabel(o)) for s, p, o in graph),
        key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()),
    )
    ordered = _StableOrderGraph()
    bindings = [*sorted(graph.namespaces()), *PREFIXES.items()]  # the project's prefixes win
    for prefix, namespace in bindings:
        ordered.bind(prefix, namespace, override=True, replace=True)
    for triple in triples:
        ordered.add(triple)
    return ordered


def build_release(
    graph: Graph, out_dir: Path, sources: ResourceRoot | None = None
) -> ReleaseSummary:
    """Serialise ``graph`` into ``out_dir``; on any failure the previous files stay untouched.

    ``sources``, the resource root the graph was loaded from, puts its fingerprint in the
    manifest, so that ``gswg query`` can warn when ./dist no longer matches the files.
    """
    out_dir = Path(out_dir)
    counts = release_counts(graph)
    graph = reproducible(graph)
    payloads: dict[str, bytes] = {}
    for fmt in RELEASE_FORMATS:
        try:
            payloads[fmt.filename] = fmt.serialise(graph)
        except Exception as exc:  # rdflib serialisers raise assorted types; all mean "cannot write"
            raise ReleaseError(
                f"cannot write the graph as {fmt.label} ({fmt.filename}): {exc}",
                path=out_dir / fmt.filename,
                hint=_SERIALISE_HINTS.get(fmt.label, "fix the data so that it can be written"),
            ) from exc
    fingerprint = None if sources is None else sources.fingerprint()
    payloads[MANIFEST_NAME] = _manifest(graph, counts, payloads, fingerprint)
    _prepare_out_dir(out_dir)
    try:
        with StagedFiles() as staged:
            for name, payload in payloads.items():
                staged.write(out_dir / name, payload)
            written = staged.commit()
    except OSError as exc:
        raise ReleaseError(
            f"cannot write the release files: {exc.strerror or exc}",
            path=Path(exc.filename) if exc.filename else out_dir,
            hint="check that the output folder is writable and the disk is not full",
        ) from exc
    return ReleaseSummary(
        out_dir=out_dir,
        triples=counts["triples"],
        groups=counts["groups"],
        organisations=counts["organisations"],
        memberships=counts["memberships"],
        mandates=counts["mandates"],
        files=tuple(written),
    )


def _prepare_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ReleaseError(
            f"the output folder is a file: {out_dir}",
            hint="pass --out-dir with a folder path, or remove that file",
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReleaseError(
            f"cannot create the output folder {out_dir}: {exc.strerror or exc}",
            hint="choose another --out-dir",
        ) from exc


def _manifest(
    graph: Graph,
    counts: Mapping[str, int],
    payloads: Mapping[str, bytes],
    fingerprint: str | None,
) -> bytes:
    """A reproducible description of the release: no timestamps, so equal input, equal bytes."""
    by_name = {fmt.filename: fmt for fmt in RELEASE_FORMATS}
    version_info = graph.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    manifest = {
        "name": "gswg-graph",
        "version": __version__,
        "ontology": ONTOLOGY_IRI,
        "ontology_version": None if version_info is None else str(version_info),
        "triples": counts["triples"],
        "counts": {name: value for name, value in counts.items() if name != "triples"},
        "files": [
            {
                "path": name,
                "media_type": by_name[name].media_type,
                "bytes": len(payload),
                "sha256": hashlib.sha256(payload).hexdigest(),
            }
            for name, payload in payloads.items()
        ],
    }
    if fingerprint is not None:
        manifest["sources_sha256"] = fingerprint
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def _ntriples(graph: Graph) -> bytes:
    """Sorted, so that the file diffs cleanly between releases."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _rdfxml(graph: Graph) -> bytes:
    return graph.serialize(format="xml", encoding="utf-8")


def jsonld_context() -> dict[str, str]:
    return {"rdf": str(RDF), **PREFIXES}


def _jsonld(graph: Graph) -> bytes:
    """JSON-LD with the project prefixes as a compact @context, written by hand on purpose.

    rdflib's JSON-LD serialiser turns xsd:integer/double/boolean/string literals into JSON
    numbers, booleans and plain strings whenever a context is given; "x"^^xsd:string then comes
    back as a different rdflib term and the file no longer round-trips to the same graph.  Here
    every literal keeps its lexical form and datatype, and nodes and values are sorted so the
    output is stable.
    """
    context = jsonld_context()
    namespaces = sorted(((ns, prefix) for prefix, ns in context.items()), key=lambda p: -len(p[0]))

    def compact(iri: URIRef) -> str:
        text = str(iri)
        for namespace, prefix in namespaces:
            suffix = text[len(namespace) :]
            if text.startswith(namespace) and suffix and not suffix.startswith("//"):
                return f"{prefix}:{suffix}"
        return text

    def node_id(node: Node) -> str:
        return f"_:{node}" if isinstance(node, BNode) else compact(URIRef(str(node)))

    def value(node: Node) -> Any:
        if isinstance(node, Literal):
            if node.language:
                return {"@value": str(node), "@language": node.language}
            if node.datatype is not None:
                # Also for xsd:string: rdflib tells "x" and "x"^^xsd:string apart.
                return {"@value": str(node), "@type": compact(node.datatype)}
            return str(node)
        return {"@id": node_id(node)}

    nodes: list[dict[str, Any]] = []
    for subject in sorted(set(graph.subjects()), key=lambda s: s.n3()):
        entry: dict[str, Any] = {"@id": node_id(subject)}
        types = sorted(
            compact(o) for o in graph.objects(subject, RDF.type) if isinstance(o, URIRef)
        )
        if types:
            entry["@type"] = types
        properties: dict[str, list[Any]] = {}
        pairs = sorted(graph.predicate_objects(subject), key=lambda po: (str(po[0]), po[1].n3()))
        for predicate, obj in pairs:
            if predicate == RDF.type and isinstance(obj, URIRef):
                continue
            properties.setdefault(compact(URIRef(str(predicate))), []).append(value(obj))
        entry.update(sorted(properties.items()))
        nodes.append(entry)
    document = {"@context": context, "@graph": nodes}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


RELEASE_FORMATS: tuple[ReleaseFormat, ...] = (
    ReleaseFormat(f"{BASENAME}.ttl", "text/turtle", "Turtle", _turtle),
    ReleaseFormat(f"{BASENAME}.nt", "application/n-triples", "N-Triples", _ntriples),
    ReleaseFormat(f"{BASENAME}.jsonld", "application/ld+json", "JSON-LD", _jsonld),
    ReleaseFormat(f"{BASENAME}.owl", "application/rdf+xml", "RDF/XML", _rdfxml),
)

_SERIALISE_HINTS = {
    "RDF/XML": "RDF/XML needs every property IRI to end in an XML name (a letter or '_' "
    "followed by letters, digits, '-', '_' or '.'); rename the offending property",
}
