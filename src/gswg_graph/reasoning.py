"""OWL reasoning with HermiT (through owlready2): consistency, its culprits, and inferred triples.

HermiT's verdict is trusted, but it says only "inconsistent".  To tell people what to fix,
``explain_inconsistency`` looks for the usual causes in the asserted graph and the class
hierarchy: an individual in two classes declared disjoint (types asserted, or implied by the
domain or range of a property it uses), a functional datatype property with two values, a number
outside the range of its property (xsd:positiveInteger).

owlready2 reads N-Triples or RDF/XML, not Turtle; the graph is written as N-Triples into a
temporary folder, and owlready2's quadstore is kept in memory, never in the source tree.  What
owlready2 stores after reasoning is the most specific new facts only, so the inferred triples are
completed with the sound OWL rules they imply (superclasses, super-properties, inverses,
symmetric and transitive properties) to give full class memberships, inverse properties
(org:hasMember / org:memberOf) and the org:transitiveSubOrganizationOf closure.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .atomic import atomic_write_bytes
from .errors import NonConformanceError, ReasonerError, UsageError
from .namespaces import PREFIXES

INFERRED_FORMATS = {".ttl": "turtle", ".nt": "nt"}

_NOT_A_CLASS = {OWL.Thing, OWL.NamedIndividual, OWL.Nothing}
_SCHEMA_TYPES = {
    OWL.Class,
    RDFS.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
    OWL.AsymmetricProperty,
    OWL.ReflexiveProperty,
    OWL.IrreflexiveProperty,
    RDF.Property,
    OWL.Ontology,
    OWL.Restriction,
    OWL.AllDisjointClasses,
}


@dataclass(frozen=True)
class Culprit:
    """One reason the data is inconsistent, naming the individual and the classes involved."""

    individual: Node
    individual_label: str
    classes: tuple[URIRef, ...]
    explanation: str
    axiom: str = "disjointness"  # the kind of axiom broken, for the hint

    def render(self) -> str:
        curie = _curie(self.individual)
        name = curie if self.individual_label == curie else f"{self.individual_label} <{curie}>"
        return f"{name}: {self.explanation}"


@dataclass(frozen=True)
class ReasoningResult:
    """HermiT's verdict, the inferred triples (when consistent) and the culprits (when not)."""

    consistent: bool
    triples: int
    seconds: float
    inferred: Graph = field(default_factory=Graph)
    culprits: tuple[Culprit, ...] = ()

    def inferred_counts(self) -> dict[str, int]:
        """Inferred triples per kind: class memberships, then each property, most frequent first."""
        counts: dict[str, int] = {}
        for _s, p, _o in self.inferred:
            key = "class memberships (rdf:type)" if p == RDF.type else _curie(p)
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def reason(graph: Graph, *, infer: bool = True) -> ReasoningResult:
    """Run HermiT over ``graph`` (ontology plus data); never modifies it."""
    import owlready2

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gswg-reason-") as tmp:
        source = Path(tmp) / "graph.nt"
        source.write_bytes(_ntriples(graph))
        world = owlready2.World()  # an in-memory quadstore
        try:
            noise = io.StringIO()
            with contextlib.redirect_stdout(noise), contextlib.redirect_stderr(noise):
                world.get_ontology(source.as_uri()).load()
                owlready2.sync_reasoner_hermit(
                    world,
                    infer_property_values=infer,
                    debug=0,
                    ignore_unsupported_datatypes=True,
                )
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasoningResult(
                consistent=False,
                triples=len(graph),
                seconds=time.perf_counter() - started,
                culprits=tuple(explain_inconsistency(graph)),
            )
        except FileNotFoundError as exc:
            raise ReasonerError(
                f"cannot run the OWL reasoner: Java was not found ({exc.filename or 'java'})",
                hint="install a Java runtime, 11 or newer (Debian: apt-get install "
                "default-jre-headless); ./scripts/test installs it when missing",
            ) from exc
        except owlready2.OwlReadyJavaError as exc:
            detail = str(exc).strip().splitlines()
            raise ReasonerError(
                "the OWL reasoner (HermiT) failed: " + (detail[-1] if detail else "Java error"),
                hint="run with --traceback for HermiT's full output",
            ) from exc
        reasoned = _reasoned_facts(world)
        world.close()
    inferred = materialise(graph, reasoned) if infer else Graph()
    return ReasoningResult(
        consistent=True,
        triples=len(graph),
        seconds=time.perf_counter() - started,
        inferred=inferred,
    )


def _ntriples(graph: Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


def _reasoned_facts(world: object) -> set[tuple[URIRef, URIRef, URIRef]]:
    """The facts between IRIs in owlready2's quadstore after reasoning (literals are left out:
    owlready2 rewrites plain literals as xsd:string, which is no new information)."""
    facts: set[tuple[URIRef, URIRef, URIRef]] = set()
    for s, p, o in world.as_rdflib_graph().triples((None, None, None)):  # type: ignore[attr-defined]
        if isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, URIRef):
            facts.add((s, p, o))
    return facts


# ----------------------------------------------------------------------------------------------
# Completing the inferred facts
# ----------------------------------------------------------------------------------------------


@dataclass
class _Schema:
    """The parts of the ontology the materialisation rules need."""

    classes: set[Node]
    super_classes: dict[Node, set[Node]]
    object_properties: set[Node]
    super_properties: dict[Node, set[Node]]
    inverses: dict[Node, set[Node]]
    transitive: set[Node]
    symmetric: set[Node]
    schema_nodes: set[Node]


def _closure(edges: dict[Node, set[Node]], start: Node) -> set[Node]:
    seen: set[Node] = set()
    pending = [start]
    while pending:
        node = pending.pop()
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                pending.append(nxt)
    return seen


def _schema(graph: Graph) -> _Schema:
    class_edges: dict[Node, set[Node]] = {}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            class_edges.setdefault(sub, set()).add(sup)
    for a, b in graph.subject_objects(OWL.equivalentClass):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            class_edges.setdefault(a, set()).add(b)
            class_edges.setdefault(b, set()).add(a)
    classes: set[Node] = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    classes |= {c for c in graph.subjects(RDF.type, RDFS.Class) if isinstance(c, URIRef)}
    # Classes used in the hierarchy count too, declared or not (org:Organization in a small
    # ontology that only says gswg:GovernmentBody rdfs:subClassOf org:Organization).
    classes |= {c for pair in class_edges.items() for c in (pair[0], *pair[1])}
    property_edges: dict[Node, set[Node]] = {}
    for sub, sup in graph.subject_objects(RDFS.subPropertyOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            property_edges.setdefault(sub, set()).add(sup)
    object_properties: set[Node] = {
        p
        for kind in (OWL.ObjectProperty, OWL.TransitiveProperty, OWL.SymmetricProperty)
        for p in graph.subjects(RDF.type, kind)
        if isinstance(p, URIRef)
    }
    inverses: dict[Node, set[Node]] = {}
    for a, b in graph.subject_objects(OWL.inverseOf):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            inverses.setdefault(a, set()).add(b)
            inverses.setdefault(b, set()).add(a)
    schema_nodes = {s for t in _SCHEMA_TYPES for s in graph.subjects(RDF.type, t)}
    return _Schema(
        classes=classes,
        super_classes={c: _closure(class_edges, c) for c in class_edges},
        object_properties=object_properties,
        super_properties={p: _closure(property_edges, p) for p in property_edges},
        inverses=inverses,
        transitive={p for p in graph.subjects(RDF.type, OWL.TransitiveProperty)},
        symmetric={p for p in graph.subjects(RDF.type, OWL.SymmetricProperty)},
        schema_nodes=schema_nodes | classes | object_properties,
    )


def materialise(graph: Graph, reasoned: Iterable[tuple[URIRef, URIRef, URIRef]]) -> Graph:
    """The facts about individuals that follow from ``graph`` plus HermiT's, minus the asserted.

    Kept: class memberships (rdf:type a class of the ontology, owl:Thing excluded) and object
    property assertions between IRIs.  Rules: superclasses, super-properties, inverses,
    symmetric and transitive properties, until nothing changes.
    """
    schema = _schema(graph)

    def is_individual(node: Node) -> bool:
        return isinstance(node, URIRef) and node not in schema.schema_nodes

    def keep(s: Node, p: Node, o: Node) -> bool:
        if not (is_individual(s) and isinstance(o, URIRef)):
            return False
        if p == RDF.type:
            return o in schema.classes and o not in _NOT_A_CLASS
        return p in schema.object_properties and is_individual(o)

    asserted = {(s, p, o) for s, p, o in graph if keep(s, p, o)}
    facts = set(asserted) | {t for t in reasoned if keep(*t)}
    while True:
        new: set[tuple[Node, Node, Node]] = set()
        by_property: dict[Node, set[tuple[Node, Node]]] = {}
        for s, p, o in facts:
            if p == RDF.type:
                new.update((s, RDF.type, c) for c in schema.super_classes.get(o, ()))
                continue
            by_property.setdefault(p, set()).add((s, o))
            new.update((s, q, o) for q in schema.super_properties.get(p, ()))
            new.update((o, q, s) for q in schema.inverses.get(p, ()))
            if p in schema.symmetric:
                new.add((o, p, s))
        for p in schema.transitive:
            pairs = by_property.get(p, set())
            successors: dict[Node, set[Node]] = {}
            for s, o in pairs:
                successors.setdefault(s, set()).add(o)
            for s in successors:
                new.update((s, p, o) for o in _closure(successors, s))
        new = {t for t in new if keep(*t)} - facts
        if not new:
            break
        facts |= new
    inferred = Graph()
    for prefix, namespace in {**PREFIXES, "gsi": "https://w3id.org/gswg/iati#"}.items():
        inferred.bind(prefix, namespace)
    for triple in sorted(facts - asserted):
        inferred.add(triple)
    return inferred


def write_inferred(inferred: Graph, out: Path) -> None:
    """Write the inferred triples atomically: Turtle or N-Triples (sorted) by the extension."""
    fmt = INFERRED_FORMATS.get(Path(out).suffix.lower())
    if fmt is None:
        raise UsageError(
            f"cannot tell the output format from {Path(out).name!r}",
            hint="use --out FILE.ttl (Turtle) or FILE.nt (N-Triples)",
        )
    payload = inferred.serialize(format=fmt, encoding="utf-8")
    if fmt == "nt":
        lines = sorted(line for line in payload.decode("utf-8").splitlines() if line.strip())
        payload = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    atomic_write_bytes(Path(out), payload)


# ----------------------------------------------------------------------------------------------
# Explaining an inconsistency
# ----------------------------------------------------------------------------------------------


def _disjoint_pairs(graph: Graph) -> set[frozenset[Node]]:
    pairs: set[frozenset[Node]] = set()
    for a, b in graph.subject_objects(OWL.disjointWith):
        pairs.add(frozenset((a, b)))
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = graph.value(axiom, OWL.members)
        if members is None:
            continue
        items = list(graph.items(members))
        pairs.update(frozenset((x, y)) for i, x in enumerate(items) for y in items[i + 1 :])
    return {p for p in pairs if len(p) == 2}


def _types_with_reasons(graph: Graph, schema: _Schema) -> dict[Node, dict[Node, str]]:
    """For each individual, its classes and why it has each one (asserted, domain, range)."""
    types: dict[Node, dict[Node, str]] = {}

    def give(node: Node, cls: Node, why: str) -> None:
        if isinstance(node, Literal) or cls in _NOT_A_CLASS or node in schema.schema_nodes:
            return
        mine = types.setdefault(node, {})
        mine.setdefault(cls, why)
        for sup in schema.super_classes.get(cls, ()):
            mine.setdefault(sup, f"through {_curie(cls)}, {why}")

    for node, cls in graph.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and cls in schema.classes:
            give(node, cls, "asserted")
    for prop in set(graph.subjects(RDFS.domain, None)) | set(graph.subjects(RDFS.range, None)):
        props = {prop} | {p for p, sups in schema.super_properties.items() if prop in sups}
        domain = graph.value(prop, RDFS.domain)
        range_ = graph.value(prop, RDFS.range)
        for used in props:
            for s, o in graph.subject_objects(used):
                if isinstance(domain, URIRef) and domain in schema.classes:
                    give(s, domain, f"because it is the subject of {_curie(used)}")
                if (
                    isinstance(range_, URIRef)
                    and range_ in schema.classes
                    and not isinstance(o, Literal)
                ):
                    give(o, range_, f"because it is the value of {_curie(used)} of {_curie(s)}")
    return types


def explain_inconsistency(graph: Graph) -> list[Culprit]:
    """The causes of an inconsistency that can be found without a reasoner's explanation."""
    from .validation import label

    schema = _schema(graph)
    culprits: list[Culprit] = []
    disjoint = _disjoint_pairs(graph)
    for node, classes in sorted(_types_with_reasons(graph, schema).items(), key=_by_id):
        for pair in sorted(disjoint, key=lambda p: sorted(map(str, p))):
            first, second = sorted(pair, key=str)
            if first in classes and second in classes:
                explanation = (
                    f"is both {_named(graph, first)} ({classes[first]}) and "
                    f"{_named(graph, second)} ({classes[second]}), which the ontology declares "
                    "disjoint"
                )
                culprits.append(
                    Culprit(node, label(graph, node), (first, second), explanation)  # type: ignore[arg-type]
                )
    functional = set(graph.subjects(RDF.type, OWL.FunctionalProperty)) & set(
        graph.subjects(RDF.type, OWL.DatatypeProperty)
    )
    for prop in sorted(functional, key=str):
        values: dict[Node, set[object]] = {}
        for s, o in graph.subject_objects(prop):
            if isinstance(o, Literal):
                values.setdefault(s, set()).add(o.value if o.value is not None else str(o))
        for node, distinct in sorted(values.items(), key=_by_id):
            if len(distinct) > 1:
                shown = ", ".join(sorted(repr(v) for v in distinct))
                culprits.append(
                    Culprit(
                        node,
                        label(graph, node),
                        (),
                        f"has {len(distinct)} values of {_curie(prop)} ({shown}), which the "
                        "ontology declares functional (at most one value)",
                        axiom="functional property",
                    )
                )
    for prop, minimum in _numeric_ranges(graph):
        for s, o in sorted(graph.subject_objects(prop), key=lambda so: _by_id((so[0], None))):
            if not isinstance(o, Literal):
                continue
            number = o.value
            numeric = isinstance(number, int | Decimal) and not isinstance(number, bool)
            if not numeric or number < minimum:
                culprits.append(
                    Culprit(
                        s,
                        label(graph, s),
                        (),
                        f"has {_curie(prop)} {o if numeric else label(graph, o)}, outside its "
                        f"range (integers from {minimum})",
                        axiom="range",
                    )
                )
    return culprits


def _numeric_ranges(graph: Graph) -> list[tuple[Node, int]]:
    minimums = {XSD.positiveInteger: 1, XSD.nonNegativeInteger: 0}
    found = []
    for prop, range_ in graph.subject_objects(RDFS.range):
        if range_ in minimums:
            found.append((prop, minimums[range_]))  # type: ignore[index]
    return sorted(found, key=lambda pm: str(pm[0]))


def _by_id(item: tuple[Node, object]) -> str:
    return str(item[0])


def _named(graph: Graph, cls: Node) -> str:
    from .validation import label

    name = label(graph, cls)
    curie = _curie(cls)
    return f"{name} ({curie})" if name != curie else curie


def _curie(node: Node) -> str:
    from .validation import compact

    if isinstance(node, BNode):
        return f"_:{node}"
    return compact(node)


def inconsistency_error(result: ReasoningResult, what: str = "the data") -> NonConformanceError:
    """The error `gswg reason` and `gswg build` report: HermiT's verdict and the culprits."""
    if result.culprits:
        causes = "\n".join(f"  - {c.render()}" for c in result.culprits)
        message = (
            f"{what} is logically inconsistent (HermiT); "
            f"{len(result.culprits)} cause{'s' if len(result.culprits) != 1 else ''} found:\n"
            f"{causes}"
        )
        axioms = sorted({c.axiom for c in result.culprits})
        hint = (
            "fix the types or values named above (see the "
            + " and the ".join(axioms)
            + " axioms in ontology/)"
        )
    else:
        message = (
            f"{what} is logically inconsistent (HermiT), and none of the causes gswg looks for "
            "(disjoint classes, functional datatype properties, numeric ranges) was found"
        )
        hint = "check recent changes against the ontology's axioms, or open the data in Protege"
    return NonConformanceError(message, hint=hint)
