"""SHACL validation: load shapes/, run pySHACL, turn its report into typed results, render them.

pySHACL's own report is an RDF graph whose text form lists bare IRIs and blank-node dumps; people
fixing data need the results grouped by the node they are about, with names, and a count per
severity.  ``validate_graph`` returns a ``ValidationReport`` of ``ValidationResult``s (labels
resolved against the validated data) that the three renderers (text, Turtle, JSON) share.

Exit codes follow the severities, not pySHACL's ``conforms`` (which is false for a single
sh:Info): violations fail, warnings fail only in strict mode, infos never do.
"""

from __future__ import annotations

import contextlib
import enum
import json
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef, Variable
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.namespace import DCTERMS, FOAF, SH, SKOS, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result
from rdflib.term import Identifier, Node

from .errors import EXIT_NONCONFORMING, EXIT_OK, InputError
from .loading import parse_file
from .namespaces import GSWG, ORG, PREFIXES, VCARD
from .oxigraph_terms import to_oxigraph, to_rdflib
from .resources import ResourceRoot
from .single_graph_store import SingleGraphStore
from .validation_workers import TARGET_PREDICATES, automatic_workers, focus_nodes, validate_split

GSHAPE = Namespace("https://w3id.org/gswg/shapes#")
GSI = Namespace("https://w3id.org/gswg/iati#")

# Blank nodes of validated files are renamed into this namespace so that pySHACL can be told to
# validate exactly the nodes the files mention (its focus-node filter only accepts IRIs).
SKOLEM_BASE = "https://w3id.org/gswg/.well-known/genid/"

REPORT_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "gsi": str(GSI),
    "adms": "http://www.w3.org/ns/adms#",
    "rdf": str(RDF),
    "sh": str(SH),
    "gshape": str(GSHAPE),
}

INFERENCE_CHOICES = ("none", "rdfs")


class Severity(enum.Enum):
    """SHACL severities, worst first (the order of the report and of the counts)."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def iri(self) -> URIRef:
        return SH[self.value]

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    @classmethod
    def from_iri(cls, iri: Node | None) -> Severity:
        for severity in cls:
            if iri == severity.iri:
                return severity
        # SHACL allows custom severities; treat them as the strictest, never silently pass.
        return cls.VIOLATION


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with everything a person needs to find and fix it."""

    focus: Node
    focus_label: str
    path: str | None
    value: Node | None
    value_label: str | None
    severity: Severity
    message: str
    shape: str
    component: str
    origin: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "focus": term_id(self.focus),
            "focusLabel": self.focus_label,
            "path": self.path,
            "value": None if self.value is None else term_id(self.value),
            "valueLabel": self.value_label,
            "severity": self.severity.value,
            "message": self.message,
            "shape": self.shape,
            "component": self.component,
            "origin": self.origin,
        }


@dataclass(frozen=True)
class ValidationReport:
    """The results of one validation run and what was validated."""

    results: tuple[ValidationResult, ...]
    graph: Graph
    checked: str
    triples: int
    seconds: float
    inference: str = "none"
    focus_nodes: int | None = None

    def counts(self) -> dict[Severity, int]:
        counts = dict.fromkeys(Severity, 0)
        for result in self.results:
            counts[result.severity] += 1
        return counts

    def failed(self, strict: bool = False) -> bool:
        counts = self.counts()
        return counts[Severity.VIOLATION] > 0 or (strict and counts[Severity.WARNING] > 0)

    def exit_code(self, strict: bool = False) -> int:
        return EXIT_NONCONFORMING if self.failed(strict) else EXIT_OK

    def of_severity(self, severity: Severity) -> list[ValidationResult]:
        return [r for r in self.results if r.severity is severity]


@dataclass
class _Origins:
    """Where the nodes of validated files came from (file, and CSV line), for the report."""

    by_node: dict[Node, str] = field(default_factory=dict)

    def add(self, node: Node, where: str) -> None:
        self.by_node.setdefault(node, where)


class ValidationGraph(Graph):
    """The in-memory graph pySHACL validates: its SPARQL constraints are answered by Oxigraph.

    pySHACL runs every SPARQL constraint once per focus node, passing the query as a string
    and the focus node as a binding.  rdflib parses the text each time and evaluates it in
    Python; an Oxigraph copy of the graph (made at the first query, then changed with the
    graph) answers the same queries with the node bound as an SEP-0007 substitution, not pasted
    into the text: for the project graph, 0.15 s plus 0.1 s to make the copy, against about
    0.8 s.  The core constraints stay on an rdflib store (by default a SingleGraphStore, without
    per-triple graph bookkeeping), which answers pySHACL's many single-triple lookups faster
    than a call into Oxigraph would.  Anything Oxigraph cannot take (a blank-node label or
    language tag it refuses, a query it rejects, a binding the query does not project) is
    answered by rdflib, each query text parsed once.  The tests check that both engines give
    the same report.
    """

    # Shared by all instances: a query text always parses to the same algebra.
    _prepared: ClassVar[dict[str, Any]] = {}

    def __init__(self, *args: Any, sparql_engine: str = "oxigraph", **kwargs: Any) -> None:
        self._snapshot: Any = None  # a pyoxigraph.Store, False when Oxigraph cannot hold it
        if not args and "store" not in kwargs:
            kwargs["store"] = SingleGraphStore()
        super().__init__(*args, **kwargs)
        if sparql_engine not in ("oxigraph", "rdflib"):
            raise ValueError(f"sparql_engine must be oxigraph or rdflib, not {sparql_engine!r}")
        self.sparql_engine = sparql_engine

    def add(self, triple: Any) -> ValidationGraph:
        super().add(triple)
        self._follow([triple], added=True)
        return self

    def addN(self, quads: Iterable[Any]) -> ValidationGraph:
        if not self._snapshot:
            super().addN(quads)
            self._snapshot = None
            return self
        added = list(quads)
        super().addN(added)
        mine = [
            (s, p, o)
            for s, p, o, graph in added
            if isinstance(graph, Graph) and graph.identifier is self.identifier
        ]  # (the quads rdflib's Graph.addN keeps, by its own test: those of this graph)
        self._follow(mine, added=True)
        return self

    def remove(self, triple: Any) -> ValidationGraph:
        super().remove(triple)
        if any(term is None for term in triple):  # a pattern: start the copy again
            self._snapshot = None
        else:
            self._follow([triple], added=False)
        return self

    def _follow(self, triples: Sequence[Any], *, added: bool) -> None:
        """Make the same change to the Oxigraph copy (an update's few triples cost less than
        a new copy), or drop the copy for the next query to make again."""
        if not self._snapshot:
            self._snapshot = None  # (a copy refused before may be possible now)
            return
        import pyoxigraph as ox

        try:
            changes = [ox.Quad(*map(to_oxigraph, triple)) for triple in triples]
        except (ValueError, TypeError):
            self._snapshot = None
            return
        for quad in changes:
            if added:
                self._snapshot.add(quad)
            else:
                self._snapshot.remove(quad)

    def query(
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Any] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if isinstance(query_object, str) and not initNs:
            answered = self._oxigraph_query(query_object, initBindings or {})
            if answered is not None:
                return answered
            prepared = self._prepared.get(query_object)
            if prepared is None:
                prepared = self._prepared[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(
            query_object,
            processor,
            result,
            initNs,
            initBindings,
            use_store_provided,
            **kwargs,
        )

    def _oxigraph_query(self, text: str, bindings: Mapping[str, Any]) -> Result | None:
        """The answer from the Oxigraph copy, or None where rdflib must answer."""
        if self.sparql_engine != "oxigraph":
            return None
        store = self.oxigraph_snapshot()
        if store is None:
            return None
        import pyoxigraph as ox

        try:
            substitutions = {ox.Variable(str(k)): to_oxigraph(v) for k, v in bindings.items()}
            answer = store.query(text, substitutions=substitutions)
            if isinstance(answer, ox.QueryBoolean):
                boolean = Result("ASK")
                boolean.askAnswer = bool(answer)
                return boolean
            if not isinstance(answer, ox.QuerySolutions):
                return None
            names = [Variable(variable.value) for variable in answer.variables]
            rows: list[Mapping[Variable, Identifier]] = [
                {
                    name: to_rdflib(term)
                    for name, term in zip(names, row, strict=True)
                    if term is not None
                }
                for row in answer
            ]
        except (SyntaxError, ValueError, TypeError, RuntimeError, OSError):
            return None
        selected = Result("SELECT")
        selected.vars = names
        selected.bindings = rows
        return selected

    def oxigraph_snapshot(self) -> Any:
        if self._snapshot is None:
            import pyoxigraph as ox

            try:
                quads = [
                    ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in self
                ]
            except (ValueError, TypeError):
                self._snapshot = False
            else:
                self._snapshot = ox.Store()
                self._snapshot.extend(quads)
        return self._snapshot or None


class _MemberSet(list[Any]):
    """A list whose ``in`` is a set lookup: the same members, found by hash.

    pySHACL looks every predicate of a shape up in its list of the ~40 constraint parameters at
    every evaluation of the shape, which it repeats for each focus and value node; each miss
    compares the predicate with every parameter through rdflib's Python ``__eq__`` (1.4 million
    calls, a quarter of the validation of the project graph).  URIRefs hash as their text and
    are equal exactly when their texts are, so a set finds the same members.
    """

    def __init__(self, members: Iterable[Any]) -> None:
        super().__init__(members)
        self._members = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members


@contextlib.contextmanager
def _quicker_pyshacl() -> Iterator[None]:
    """pySHACL without two costs that do not change its report graph (restored afterwards).

    * Its constraint parameters become a _MemberSet, in the module attribute where pySHACL keeps
      them once looked up (``pyshacl.shape.CONSTRAINT_PARAMS``): the same parameters and map,
      a faster ``in``.
    * It checks that the text of each SPARQL constraint is allowed (no MINUS, VALUES, SERVICE,
      ...) with six regular-expression searches before every run, once per focus node (a
      tenth of the validation of the project graph): the verdict, which depends on the text
      and on which variables may be pre-bound only, is kept per text.
    * Each result it makes also gets a text description for its plain-text report, built by
      stringifying nodes, lists and shapes (a sixth of the validation of the project graph,
      mostly for the results of nested shapes under sh:or and sh:qualifiedValueShape, which it
      then throws away).  The report graph, which is all validate_graph reads, does not use the
      text: it is left empty.

    A pySHACL whose layout differs just runs as it is.
    """
    try:
        from pyshacl import shape as shape_module
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
        from pyshacl.constraints.constraint_component import ConstraintComponent
        from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
    except ImportError:  # pragma: no cover - another pySHACL layout
        yield
        return
    namespace = vars(shape_module)
    describe = ConstraintComponent.__dict__.get("make_v_result_description")
    check = SPARQLQueryHelper.__dict__.get("check_invalid_sparql")
    if not isinstance(ALL_CONSTRAINT_PARAMETERS, list) or describe is None or check is None:
        yield  # pragma: no cover - another pySHACL layout
        return
    params = namespace.get("CONSTRAINT_PARAMS", _MISSING)
    namespace["CONSTRAINT_PARAMS"] = (
        _MemberSet(ALL_CONSTRAINT_PARAMETERS),
        CONSTRAINT_PARAMETERS_MAP,
    )
    ConstraintComponent.make_v_result_description = _no_description  # type: ignore[method-assign]
    SPARQLQueryHelper.check_invalid_sparql = _checked_once(check)  # type: ignore[method-assign]
    try:
        yield
    finally:
        ConstraintComponent.make_v_result_description = describe  # type: ignore[method-assign]
        SPARQLQueryHelper.check_invalid_sparql = check  # type: ignore[method-assign]
        if params is _MISSING:
            namespace.pop("CONSTRAINT_PARAMS", None)
        else:
            namespace["CONSTRAINT_PARAMS"] = params


_MISSING = object()


def _no_description(*_args: Any, **_kwargs: Any) -> str:
    return ""


def _checked_once(check: Any) -> Any:
    """pySHACL's check_invalid_sparql, its verdict (True, or the error) kept per query text."""
    verdicts: dict[tuple[str, bool, frozenset[str]], BaseException | None] = {}

    def checked(
        helper: Any, sparql_text: str, valuenode: Any = None, extravars: Any = None
    ) -> bool:
        key = (sparql_text, valuenode is not None, frozenset(extravars or ()))
        if key not in verdicts:
            try:
                check(helper, sparql_text, valuenode=valuenode, extravars=extravars)
                verdicts[key] = None
            except Exception as exc:  # pySHACL's ValidationFailure: raised again, every time
                verdicts[key] = exc
        failure = verdicts[key]
        if failure is not None:
            raise failure
        return True

    return checked


def load_shapes(root: ResourceRoot) -> Graph:
    """Every shapes/*.ttl of the resource root, parsed with located errors."""
    files = root.shape_files()
    if not files:
        what = "has no Turtle files" if root.shapes_dir.is_dir() else "not found"
        raise InputError(
            f"shapes folder {what}: {root.shapes_dir} (expected SHACL shapes shapes/*.ttl)",
            hint="add the shapes, or pass --resources DIR (or set GSWG_RESOURCES) to a folder "
            "that has them",
        )
    shapes = Graph(store=SingleGraphStore())  # pySHACL's lookups are mostly on this graph
    for path in files:
        parse_file(path, shapes)
    return shapes


def validate_graph(
    data: Graph,
    shapes: Graph,
    *,
    inference: str = "none",
    focus: Collection[URIRef] | None = None,
    origins: Mapping[Node, str] | None = None,
    checked: str = "graph",
    copy: bool = True,
    workers: int | None = None,
) -> ValidationReport:
    """Validate ``data`` against ``shapes``; with ``focus``, only those nodes are checked.

    ``data`` is copied (into a ValidationGraph), so RDFS inference never touches the caller's
    graph; ``copy=False`` skips that for a ValidationGraph the caller made for this run.
    ``focus`` restricts the targets to the nodes an update mentions, which is both what the
    analyst wants to know and much faster than checking the whole project again.  A whole
    graph is validated in ``workers`` processes (default: gswg_graph.validation_workers'
    automatic_workers), with the same report as in one.
    """
    import pyshacl

    if inference not in INFERENCE_CHOICES:
        raise ValueError(f"inference must be one of {INFERENCE_CHOICES}, not {inference!r}")
    started = time.perf_counter()
    if copy or not isinstance(data, ValidationGraph):
        working = ValidationGraph()
        for prefix, namespace in data.namespaces():
            working.bind(prefix, namespace, override=False)
        working += data
    else:
        working = data
    triples = len(working)
    if focus is not None and not focus:
        return ValidationReport((), _empty_report(), checked, triples, 0.0, inference, 0)

    def run(shacl_graph: Graph) -> Any:
        with _quicker_pyshacl():
            _conforms, report, _text = pyshacl.validate(
                working,
                shacl_graph=shacl_graph,
                inference=None if inference == "none" else inference,
                inplace=True,
                allow_infos=True,
                allow_warnings=True,
            )
        return report

    report_graph = None
    if focus is None and inference == "none":
        # (an update's few focus nodes take less time than forking; RDFS inference would be
        # repeated by every worker)
        workers = automatic_workers() if workers is None else workers
        if workers > 1:
            if (None, SH.sparql, None) in shapes:
                working.oxigraph_snapshot()  # made once, before the fork, and shared
            report_graph = validate_split(working, shapes, run, workers)
    if report_graph is None:
        report_graph = run(shapes if focus is None else restrict_targets(shapes, working, focus))
    if not isinstance(report_graph, Graph):  # a pyshacl ValidationFailure: bad shapes
        raise InputError(
            f"the shapes cannot be applied: {getattr(report_graph, 'message', report_graph)}",
            hint="check the SHACL syntax of shapes/*.ttl",
        )
    results = _results(report_graph, working, shapes, origins or {})
    return ValidationReport(
        results=results,
        graph=_bind_report_prefixes(report_graph),
        checked=checked,
        triples=triples,
        seconds=time.perf_counter() - started,
        inference=inference,
        focus_nodes=None if focus is None else len(focus),
    )


def restrict_targets(shapes: Graph, data: Graph, focus: Collection[Node]) -> Graph:
    """A copy of ``shapes`` whose targets select only the ``focus`` nodes.

    Each shape's target declarations are evaluated on ``data`` as SHACL defines them
    (validation_workers.focus_nodes) and replaced by sh:targetNode for the selected nodes that
    are in ``focus``.  pySHACL's own focus_nodes option cannot be used: it also filters the
    value nodes of nested shapes (sh:node, qualified value shapes), which then silently conform.
    """
    wanted = set(focus)
    restricted = Graph()
    for prefix, namespace in shapes.namespaces():
        restricted.bind(prefix, namespace)
    targeted: set[Node] = set()
    for shape, predicate, target in shapes.triples((None, None, None)):
        if predicate in TARGET_PREDICATES:
            targeted.add(shape)
        else:
            restricted.add((shape, predicate, target))
    for shape in targeted:
        for node in focus_nodes(shape, shapes, data) & wanted:
            restricted.add((shape, SH.targetNode, node))
    return restricted


def validate_project(root: ResourceRoot, *, inference: str = "none") -> ValidationReport:
    """The project's own graph (ontology/ and data/) against shapes/."""
    from .loading import load_project

    graph = load_project(root, into=ValidationGraph(), check_shapes=False)
    return validate_graph(
        graph,
        load_shapes(root),
        inference=inference,
        checked=f"the project graph ({root.root})",
        copy=False,
    )


@dataclass(frozen=True)
class FileUpdate:
    """Files read for validation: their merged triples and where each node came from."""

    graph: Graph
    origins: dict[Node, str]
    mentioned: frozenset[URIRef]


def read_update(
    paths: Sequence[Path], context: Graph, *, display: Mapping[Path, str] | None = None
) -> FileUpdate:
    """Parse RDF files (by extension) and membership CSVs into one graph.

    Blank nodes are renamed to IRIs under SKOLEM_BASE, distinct per file, so that two files'
    ``_:b0`` never merge and so that every node of the files can be a focus node.  CSV cells
    are resolved against ``context`` (the graph the files will be merged into) and the files
    given before the CSV.
    """
    from . import csv_import

    merged = Graph()
    origins = _Origins()
    for index, path in enumerate(paths):
        shown = (display or {}).get(path, str(path))
        suffix = path.suffix.lower()
        if suffix == ".csv":
            # Names may refer to what the files before this one add (a new organisation).
            names = context if not len(merged) else ReadOnlyGraphAggregate([context, merged])
            imported = csv_import.read_memberships(path, names)
            part = imported.graph
            for node, line in imported.origins.items():
                origins.add(node, f"{shown}:{line}")
        else:
            _check_rdf_suffix(path)
            part = _skolemised(parse_file(path), index)
        for prefix, namespace in part.namespaces():
            merged.bind(prefix, namespace, override=False)
        for s, p, o in part:
            merged.add((s, p, o))
            for term in (s, o):
                if isinstance(term, URIRef):
                    origins.add(term, shown)
    mentioned = frozenset(
        term for triple in merged for term in (triple[0], triple[2]) if isinstance(term, URIRef)
    )
    return FileUpdate(merged, origins.by_node, mentioned)


ACCEPTED_SUFFIXES = (".ttl", ".nt", ".jsonld", ".json", ".rdf", ".owl", ".csv")


def check_files(paths: Sequence[Path]) -> None:
    """Fail fast, before loading the project, on a missing file or an unknown format."""
    for path in paths:
        if not path.exists():
            raise InputError(f"file not found: {path}", hint="check the path")
        if path.is_dir():
            raise InputError(f"expected a file but found a folder: {path}")
        if path.suffix.lower() != ".csv":
            _check_rdf_suffix(path)


def _check_rdf_suffix(path: Path) -> None:
    from .loading import FORMATS

    if path.suffix.lower() not in FORMATS:
        raise InputError(
            f"unknown file format {path.suffix or '(no extension)'!r}; accepted: "
            + ", ".join(ACCEPTED_SUFFIXES)
            + " (Turtle, N-Triples, JSON-LD, RDF/XML, or a CSV of memberships)",
            path=path,
            hint="rename the file to the extension of its format",
        )


def validate_files(
    root: ResourceRoot,
    paths: Sequence[Path],
    *,
    alone: bool = False,
    inference: str = "none",
) -> ValidationReport:
    """Validate an analyst's update as it would be after merging.

    By default the files are merged with the ontology and the project's data, because an
    update refers to our groups, roles and organisations; with ``alone`` only the ontology and
    the SKOS concept schemes (roles, categories, office types ...) are added.  Either way only
    the nodes the files mention are checked: the rest of the project is covered by
    ``validate_project``.
    """
    from .loading import load_project

    if not paths:
        raise ValueError("validate_files needs at least one file")
    check_files(paths)
    project = load_project(root, into=ValidationGraph(), check_shapes=False)
    context = concept_schemes(project, into=ValidationGraph()) if alone else project
    base = "the ontology and the SKOS schemes" if alone else "the ontology and the project data"
    return validate_update(context, load_shapes(root), paths, inference=inference, base=base)


def validate_update(
    context: Graph,
    shapes: Graph,
    paths: Sequence[Path],
    *,
    inference: str = "none",
    base: str = "the context graph",
) -> ValidationReport:
    """Validate ``paths`` merged into ``context``, checking the nodes they mention.

    ``context`` is left as it was.  A ValidationGraph context is not copied: the update's
    new triples are added for the run and removed afterwards (a copy of the project graph
    costs more than validating an update against it); with inference, a copy is validated.
    """
    update = read_update(paths, context)
    names = ", ".join(str(p) for p in paths)
    common: dict[str, Any] = {
        "inference": inference,
        "focus": update.mentioned,
        "origins": update.origins,
        "checked": f"{names} with {base}",
    }
    if inference != "none" or not isinstance(context, ValidationGraph):
        merged = ValidationGraph()
        for prefix, namespace in context.namespaces():
            merged.bind(prefix, namespace, override=True, replace=True)
        merged += context
        merged += update.graph
        return validate_graph(merged, shapes, copy=False, **common)
    added = [triple for triple in update.graph if triple not in context]
    try:
        for triple in added:
            context.add(triple)
        return validate_graph(context, shapes, copy=False, **common)
    finally:
        for triple in added:
            context.remove(triple)


def concept_schemes(project: Graph, into: Graph | None = None) -> Graph:
    """The ontology plus every SKOS concept scheme and concept of the project, nothing else.

    What ``--alone`` validates files against: enough to resolve roles, categories and office
    types, but none of the project's organisations, groups or memberships.
    """
    ontology_subjects = {
        s
        for s in project.subjects(RDF.type, None)
        if any(
            t.startswith("http://www.w3.org/2002/07/owl#")
            for t in project.objects(s, RDF.type)
            if isinstance(t, URIRef)
        )
    }
    concept_classes = set(project.transitive_subjects(RDFS.subClassOf, SKOS.Concept))
    keep: set[Node] = set(ontology_subjects)
    keep.update(project.subjects(RDF.type, SKOS.ConceptScheme))
    for cls in concept_classes:
        keep.update(project.subjects(RDF.type, cls))
    result = Graph() if into is None else into
    for prefix, namespace in project.namespaces():
        result.bind(prefix, namespace, override=True, replace=True)
    for subject in keep:
        for p, o in project.predicate_objects(subject):
            result.add((subject, p, o))
    # Blank nodes hanging from kept subjects (property chains, restrictions, lists).
    pending = [o for o in result.objects() if isinstance(o, BNode)]
    seen: set[Node] = set()
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in project.predicate_objects(node):
            result.add((node, p, o))
            if isinstance(o, BNode):
                pending.append(o)
    return result


# ----------------------------------------------------------------------------------------------
# From pySHACL's report graph to typed results
# ----------------------------------------------------------------------------------------------


def _results(
    report: Graph, data: Graph, shapes: Graph, origins: Mapping[Node, str]
) -> tuple[ValidationResult, ...]:
    results: list[ValidationResult] = []
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        if focus is None:
            continue
        value = report.value(node, SH.value)
        path_node = report.value(node, SH.resultPath)
        shape = report.value(node, SH.sourceShape)
        component = report.value(node, SH.sourceConstraintComponent)
        results.append(
            ValidationResult(
                focus=focus,
                focus_label=label(data, focus),
                path=None if path_node is None else render_path(report, path_node),
                value=value,
                value_label=None if value is None else label(data, value),
                severity=Severity.from_iri(report.value(node, SH.resultSeverity)),
                message=_message(report, node, shapes),
                shape=shape_name(shapes, shape),
                component=compact(component) if isinstance(component, URIRef) else "",
                origin=origins.get(focus),
            )
        )
    results.sort(
        key=lambda r: (
            r.severity.rank,
            r.focus_label.casefold(),
            term_id(r.focus),
            r.path or "",
            r.message,
            "" if r.value is None else term_id(r.value),
        )
    )
    return tuple(results)


def _message(report: Graph, result: Node, shapes: Graph) -> str:
    """The English message; a SPARQL constraint's own message wins over its shape's."""
    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    constraint = report.value(result, SH.sourceConstraint)
    own: set[str] = set()
    if constraint is not None:
        own = {str(m) for m in shapes.objects(constraint, SH.message)}
    for pick in (
        lambda m: str(m) in own and m.language == "en",
        lambda m: m.language == "en",
        lambda m: m.language is None,
        lambda m: True,
    ):
        chosen = [m for m in messages if pick(m)]
        if chosen:
            return str(sorted(chosen, key=str)[0])
    return "(no message)"


def shape_name(shapes: Graph, shape: Node | None) -> str:
    """A stable name for the shape behind a result: its IRI, or 'parent / sh:name' if anonymous."""
    if shape is None:
        return ""
    if isinstance(shape, URIRef):
        return compact(shape)
    parent = next(iter(shapes.subjects(SH.property, shape)), None)
    name = shapes.value(shape, SH.name)
    if isinstance(parent, URIRef):
        return f"{compact(parent)} / {name}" if name is not None else compact(parent)
    return str(name) if name is not None else "(anonymous shape)"


def render_path(graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL syntax: ex:p, ^ex:p, ex:p/ex:q, (ex:p|ex:q), ex:p*."""
    if isinstance(path, URIRef):
        return compact(path)
    if graph.value(path, RDF.first) is not None:
        return "/".join(render_path(graph, item) for item in graph.items(path))
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(render_path(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + render_path(graph, alternatives).replace("/", "|") + ")"
    return str(path)


# ----------------------------------------------------------------------------------------------
# Names for nodes
# ----------------------------------------------------------------------------------------------

_LABEL_PROPERTIES = (
    SKOS.prefLabel,
    RDFS.label,
    VCARD.fn,
    DCTERMS.title,
    FOAF.name,
    GSWG.acronym,
    SKOS.notation,
)


def compact(iri: Node) -> str:
    """``gsd:undp`` for a project IRI, ``<iri>`` for any other."""
    text = str(iri)
    chosen = f"<{text}>"
    longest = 0
    for prefix, namespace in REPORT_PREFIXES.items():
        if text.startswith(namespace) and len(namespace) > longest:
            local = text[len(namespace) :]
            if local and all(c.isalnum() or c in "-_." for c in local):
                longest = len(namespace)
                chosen = f"{prefix}:{local}"
    return chosen


def term_id(term: Node) -> str:
    """How reports name a term: a prefixed name, <iri>, _:blank or a Turtle literal."""
    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, URIRef) and str(term).startswith(SKOLEM_BASE):
        return "_:" + str(term)[len(SKOLEM_BASE) :].replace("/", "-")
    if isinstance(term, BNode):
        return f"_:{term}"
    return compact(term)


def _text_in(graph: Graph, node: Node, prop: URIRef) -> str | None:
    values = [v for v in graph.objects(node, prop) if isinstance(v, Literal)]
    for lang in ("en", None, "lo"):
        picked = sorted(str(v) for v in values if v.language == lang)
        if picked:
            return picked[0]
    return str(sorted(values, key=str)[0]) if values else None


def label(graph: Graph, node: Node) -> str:
    """A human name for a node: its English label, a description of a membership, or the value."""
    if isinstance(node, Literal):
        return _literal_text(node)
    for prop in _LABEL_PROPERTIES:
        text = _text_in(graph, node, prop)
        if text:
            return text
    statement_text = _text_in(graph, node, GSWG.text)
    if statement_text:
        return _shortened(statement_text)
    if (node, RDF.type, ORG.Membership) in graph or graph.value(node, ORG.member) is not None:
        member = graph.value(node, ORG.member)
        group = graph.value(node, ORG.organization)
        role = graph.value(node, ORG.role)
        parts = [
            "membership",
            f"of {label(graph, member)}" if member is not None else "",
            f"in {label(graph, group)}" if group is not None else "",
            f"as {label(graph, role)}" if role is not None else "",
        ]
        return " ".join(p for p in parts if p)
    holder = next(iter(graph.subjects(GSWG.contact, node)), None)
    if holder is not None and holder != node:
        return f"contact for the {label(graph, holder)}"
    if isinstance(node, URIRef) and str(node).startswith(("mailto:", "tel:")):
        return str(node)
    if isinstance(node, BNode) or (isinstance(node, URIRef) and str(node).startswith(SKOLEM_BASE)):
        types = sorted(compact(t) for t in graph.objects(node, RDF.type))
        return f"a blank node{' (' + ', '.join(types) + ')' if types else ''}"
    return compact(node)


def _shortened(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _literal_text(literal: Literal) -> str:
    """Turtle-like, with the datatype compacted: "2015"^^xsd:gYear, "ກະຊວງ"@lo."""
    quoted = json.dumps(str(literal), ensure_ascii=False)
    if literal.language:
        return f"{quoted}@{literal.language}"
    if literal.datatype is not None and literal.datatype != XSD.string:
        return f"{quoted}^^{compact(literal.datatype)}"
    return quoted


# ----------------------------------------------------------------------------------------------
# Renderers
# ----------------------------------------------------------------------------------------------

FORMAT_CHOICES = ("text", "turtle", "json")


def render(report: ValidationReport, fmt: str, *, strict: bool = False) -> str:
    if fmt == "text":
        return render_text(report, strict=strict)
    if fmt == "turtle":
        return render_turtle(report)
    if fmt == "json":
        return render_json(report, strict=strict)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {FORMAT_CHOICES}")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: ValidationReport) -> str:
    counts = report.counts()
    return ", ".join(_plural(counts[s], s.value.lower()) for s in Severity)


def render_text(report: ValidationReport, *, strict: bool = False) -> str:
    """Results grouped by focus node (worst first), with names, path, value, message, severity."""
    lines = [f"validated {report.checked}"]
    detail = f"  {report.triples} triples"
    if report.focus_nodes is not None:
        detail += f", results about the {_plural(report.focus_nodes, 'node')} the files mention"
    if report.inference != "none":
        detail += f", {report.inference.upper()} inference"
    lines.append(detail)
    groups: dict[str, list[ValidationResult]] = {}
    for result in report.results:
        groups.setdefault(term_id(result.focus), []).append(result)
    for results in groups.values():
        first = results[0]
        heading = f"{first.focus_label} <{term_id(first.focus)}>"
        if first.focus_label == term_id(first.focus):
            heading = f"<{first.focus_label}>"
        if first.origin:
            heading += f"  (from {first.origin})"
        lines.extend(["", heading])
        for result in results:
            where = result.path or "(the node itself)"
            if result.value is not None and result.value != result.focus:
                where += f" = {_value_text(result)}"
            lines.append(f"  {result.severity.value:<9}  {where}")
            lines.append(f"             {result.message}")
    lines.append("")
    verdict = "FAILS" if report.failed(strict) else "conforms"
    if strict and report.counts()[Severity.WARNING] and report.failed(strict):
        verdict += " (--strict: warnings fail)"
    lines.append(f"{verdict}: {summary_line(report)}")
    return "\n".join(lines) + "\n"


def _value_text(result: ValidationResult) -> str:
    value = result.value
    if value is None:
        return ""
    if isinstance(value, Literal):
        return result.value_label or value.n3()
    ident = term_id(value)
    if result.value_label and result.value_label != ident and result.value_label != str(value):
        return f"{result.value_label} <{ident}>"
    return f"<{ident}>" if not ident.startswith("<") else ident


def render_json(report: ValidationReport, *, strict: bool = False) -> str:
    document = {
        "checked": report.checked,
        "triples": report.triples,
        "inference": report.inference,
        "focusNodes": report.focus_nodes,
        "conforms": not report.failed(strict),
        "strict": strict,
        "counts": {s.value: n for s, n in report.counts().items()},
        "results": [r.as_json() for r in report.results],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_turtle(report: ValidationReport) -> str:
    """pySHACL's sh:ValidationReport graph (sh:conforms as SHACL defines it: no results)."""
    return str(report.graph.serialize(format="turtle"))


def _bind_report_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in REPORT_PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _empty_report() -> Graph:
    graph = _bind_report_prefixes(Graph())
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(True)))
    return graph


def _skolemised(graph: Graph, file_index: int) -> Graph:
    """The same triples with blank nodes renamed to IRIs, unique per file."""
    renamed: dict[BNode, URIRef] = {}

    def rename(term: Node) -> Node:
        if isinstance(term, BNode):
            if term not in renamed:
                renamed[term] = URIRef(f"{SKOLEM_BASE}f{file_index}/{len(renamed) + 1}")
            return renamed[term]
        return term

    result = Graph()
    for prefix, namespace in graph.namespaces():
        result.bind(prefix, namespace)
    for s, p, o in graph:
        result.add((rename(s), p, rename(o)))
    return result


def iter_result_lines(results: Iterable[ValidationResult], limit: int) -> list[str]:
    """One line per result (for error messages that cannot show the whole report)."""
    lines = []
    for result in list(results)[:limit]:
        where = f" {result.path}" if result.path else ""
        lines.append(
            f"{result.severity.value}: {result.focus_label} <{term_id(result.focus)}>{where}: "
            f"{result.message}"
        )
    return lines
