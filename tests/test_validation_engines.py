"""Validation is fast in three ways that must not change its answers: the SPARQL constraints are
answered by an Oxigraph copy of the graph (gswg_graph.validation.ValidationGraph), the graphs
pySHACL reads are held in a store without per-triple graph bookkeeping
(gswg_graph.single_graph_store), and a whole graph is validated in forked processes
(gswg_graph.validation_workers).  Each is compared here with the plain way (rdflib answering,
rdflib's Memory store, one process) on the project graph and on the project graph broken by
every shape test case at once, so that every shape has results to agree on."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef, Variable
from rdflib.namespace import SH, XSD
from rdflib.plugins.stores.memory import Memory
from rdflib.query import Result
from rdflib.term import Node

from gswg_graph import validation, validation_workers
from gswg_graph.loading import load_project, parse_file
from gswg_graph.oxigraph_terms import to_oxigraph
from gswg_graph.resources import ResourceRoot
from gswg_graph.single_graph_store import SingleGraphStore
from gswg_graph.validation import (
    ValidationGraph,
    ValidationReport,
    load_shapes,
    shape_name,
    term_id,
    validate_graph,
)

from .test_shapes import CASES

EX = Namespace("https://example.org/")
Seen = tuple[str, str, str | None, str, str, str]


def seen(report: ValidationReport) -> set[Seen]:
    return {
        (
            term_id(r.focus),
            r.path or "-",
            None if r.value is None else term_id(r.value),
            r.severity.value,
            r.shape,
            r.message,
        )
        for r in report.results
    }


def named_triples(graph: Graph) -> set[tuple[Node, Node, Node]]:
    return {t for t in graph if not any(isinstance(term, BNode) for term in t)}


def conforms(report: ValidationReport) -> bool:
    return report.graph.value(None, SH.conforms) == Literal(True)


@pytest.fixture(scope="module")
def shapes(project: ResourceRoot) -> Graph:
    return load_shapes(project)


@pytest.fixture(scope="module")
def broken(project: ResourceRoot) -> Graph:
    """The project graph with every shape case merged in: results from every shape."""
    assert CASES, "no shape cases found"
    graph = load_project(project)
    for case in CASES:
        parse_file(case, graph)
    return graph


@pytest.fixture(params=["project", "broken"])
def data(request: pytest.FixtureRequest, graph: Graph, broken: Graph) -> Graph:
    return graph if request.param == "project" else broken


def column(result: Result, name: str) -> list[Node | None]:
    return [row.get(Variable(name)) for row in result.bindings]


def as_validation_graph(data: Graph, engine: str = "oxigraph") -> ValidationGraph:
    copy = ValidationGraph(sparql_engine=engine)
    copy += data
    return copy


# The one SPARQL-constrained shape the merged cases leave without results: its case's
# undocumented link (pillar-link-record.ttl) is documented by the pillar-mapping-* cases.
QUIET_IN_THE_BROKEN_GRAPH = {"gshape:PillarLinkRecordShape"}


def test_every_sparql_constraint_has_results_to_compare(broken: Graph, shapes: Graph) -> None:
    """The comparisons below are only as good as the results they compare: every shape with a
    SPARQL constraint (its own or a property shape's) reports on the broken graph."""
    roots = validation_workers.root_shapes(shapes)
    assert roots is not None
    with_sparql = {
        shape_name(shapes, root)
        for root in roots
        if (root, SH.sparql, None) in shapes
        or any((p, SH.sparql, None) in shapes for p in shapes.objects(root, SH.property))
    }
    report = validate_graph(broken, shapes, workers=1)
    reporting = {r.shape.split(" / ")[0] for r in report.results}
    assert with_sparql - reporting == QUIET_IN_THE_BROKEN_GRAPH


def test_oxigraph_answers_the_sparql_constraints_as_rdflib_does(data: Graph, shapes: Graph) -> None:
    by_rdflib = validate_graph(as_validation_graph(data, "rdflib"), shapes, copy=False, workers=1)
    by_oxigraph = validate_graph(as_validation_graph(data), shapes, copy=False, workers=1)
    assert seen(by_oxigraph) == seen(by_rdflib)
    assert conforms(by_oxigraph) == conforms(by_rdflib)


def test_the_single_graph_store_gives_the_report_of_rdflibs_memory_store(
    data: Graph, shapes: Graph
) -> None:
    in_memory = ValidationGraph(store=Memory())
    in_memory += data
    memory_shapes = Graph(store=Memory())
    memory_shapes += shapes
    by_memory = validate_graph(in_memory, memory_shapes, copy=False, workers=1)
    single = as_validation_graph(data)
    assert isinstance(single.store, SingleGraphStore) and isinstance(shapes.store, SingleGraphStore)
    by_single = validate_graph(single, shapes, copy=False, workers=1)
    assert seen(by_single) == seen(by_memory)
    assert conforms(by_single) == conforms(by_memory)
    assert len(by_single.graph) == len(by_memory.graph)


def test_the_sparql_constraints_are_answered_by_oxigraph(graph: Graph, shapes: Graph) -> None:
    """The fast path is taken for the project's shapes, not silently left for rdflib's."""
    working = as_validation_graph(graph)
    answered: list[str] = []
    original = ValidationGraph._oxigraph_query

    def counting(self: ValidationGraph, text: str, bindings: Mapping[str, Any]) -> Result | None:
        result = original(self, text, bindings)
        answered.append("oxigraph" if result is not None else "rdflib")
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ValidationGraph, "_oxigraph_query", counting)
        validate_graph(working, shapes, copy=False, workers=1)
    assert answered, "the shapes ran no SPARQL constraint"
    assert set(answered) == {"oxigraph"}


def test_a_bound_node_is_substituted_not_pasted() -> None:
    graph = ValidationGraph()
    graph.add((EX.a, EX.p, Literal("x")))
    graph.add((EX.b, EX.p, Literal("y")))
    rows = graph.query(
        "SELECT $this ?v WHERE { $this <https://example.org/p> ?v }", initBindings={"this": EX.b}
    )
    assert (column(rows, "this"), column(rows, "v")) == ([EX.b], [Literal("y")])


def test_the_copy_follows_changes_to_the_graph() -> None:
    graph = ValidationGraph()
    query = "SELECT ?v WHERE { <https://example.org/a> <https://example.org/p> ?v }"
    graph.add((EX.a, EX.p, Literal("x")))
    assert column(graph.query(query), "v") == [Literal("x")]
    graph.remove((EX.a, EX.p, Literal("x")))
    graph.add((EX.a, EX.p, Literal("z")))
    assert column(graph.query(query), "v") == [Literal("z")]
    graph += [(EX.a, EX.p, Literal("w"))]
    assert set(column(graph.query(query), "v")) == {Literal("w"), Literal("z")}


def test_the_copy_takes_only_the_quads_the_graph_takes() -> None:
    """rdflib's addN keeps the quads of this very graph (its name, by identity); the copy
    keeps the same ones, so that rdflib and Oxigraph never answer from different triples."""
    graph = ValidationGraph()
    graph.add((EX.a, EX.p, Literal("x")))
    assert graph.oxigraph_snapshot() is not None
    namesake = Graph(identifier=type(graph.identifier)(str(graph.identifier)))  # equal name
    graph.addN([(EX.a, EX.p, Literal("y"), namesake), (EX.a, EX.p, Literal("z"), graph)])
    query = "SELECT ?v WHERE { <https://example.org/a> <https://example.org/p> ?v }"
    assert set(graph.objects(EX.a, EX.p)) == {Literal("x"), Literal("z")}
    assert set(column(graph.query(query), "v")) == {Literal("x"), Literal("z")}


@pytest.mark.parametrize(
    "odd",
    [
        Literal("x", lang="EN-GB"),  # Oxigraph would answer "en-gb"
        Literal("x", datatype=XSD.string),  # Oxigraph cannot tell it from "x"
        BNode("has space"),  # not a blank-node label Oxigraph accepts
    ],
    ids=["upper-case-language-tag", "explicit-xsd-string", "odd-blank-node-label"],
)
def test_what_oxigraph_cannot_hold_is_answered_by_rdflib(odd: Literal | BNode) -> None:
    graph = ValidationGraph()
    graph.add((EX.a, EX.p, odd))
    found = column(graph.query("SELECT ?v WHERE { ?s <https://example.org/p> ?v }"), "v")
    assert [repr(term) for term in found] == [repr(odd)]
    assert graph.oxigraph_snapshot() is None, "no Oxigraph copy of a graph it cannot hold"


def test_a_query_oxigraph_refuses_is_answered_by_rdflib() -> None:
    """$this bound but not projected: Oxigraph refuses the substitution, rdflib takes it."""
    graph = ValidationGraph()
    graph.add((EX.a, EX.p, Literal("x")))
    text = "SELECT ?v WHERE { $this <https://example.org/p> ?v }"
    assert graph._oxigraph_query(text, {"this": EX.a}) is None, "Oxigraph refuses it"
    rows = graph.query(text, initBindings={"this": EX.a})
    assert column(rows, "v") == [Literal("x")]


def test_split_validation_gives_the_report_of_one_run(
    data: Graph, project: ResourceRoot, tmp_path: Path
) -> None:
    """Same results, one merged report, and the shapes left as one run leaves them (pySHACL
    adds a few RDFS axioms to the shapes graph it is given; the split adds nothing else and
    leaves no root untargeted); nothing written."""
    once, split_shapes = load_shapes(project), load_shapes(project)
    alone = validate_graph(data, once, workers=1)
    splits: list[object] = []

    def recorded(*args: Any) -> Any:
        splits.append(validation_workers.validate_split(*args))
        return splits[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validation, "validate_split", recorded)
        split = validate_graph(data, split_shapes, workers=2)
    assert len(splits) == 1 and isinstance(splits[0], Graph), "validated in parts"
    assert seen(split) == seen(alone)
    assert conforms(split) == conforms(alone)
    reports = list(split.graph.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1, "the parts' reports are merged into one"
    assert len(split_shapes) == len(once)
    assert named_triples(split_shapes) == named_triples(once)  # (isomorphism takes seconds)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_worker_is_made_up_for_by_the_parent(
    broken: Graph, shapes: Graph, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A worker that dies takes parts with it; the parent validates them again."""
    taken = tmp_path / "taken"

    def dying(*args: Any) -> None:
        parts = args[3]
        for index in parts.taken():  # take a part, then die without a word
            taken.write_text(str(index))
            os._exit(1)

    monkeypatch.setattr(validation_workers, "_work_in_child", dying)
    alone = validate_graph(broken, shapes, workers=1)
    split = validate_graph(broken, shapes, workers=2)
    assert taken.exists(), "the worker took a part before dying"
    assert seen(split) == seen(alone)


def test_a_stuck_worker_is_stopped_and_made_up_for(
    broken: Graph, shapes: Graph, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A worker that never answers holds validation up only as long as the patience allows."""
    taken = tmp_path / "taken"

    def stuck(*args: Any) -> None:
        for index in args[3].taken():
            taken.write_text(str(index))
            time.sleep(3600)

    monkeypatch.setattr(validation_workers, "_work_in_child", stuck)
    monkeypatch.setattr(validation_workers, "patience_after", lambda _seconds: 0.5)
    alone = validate_graph(broken, shapes, workers=1)
    split = validate_graph(broken, shapes, workers=2)
    assert taken.exists(), "the worker took a part, then hung"
    assert seen(split) == seen(alone)


def test_patience_grows_with_the_work() -> None:
    assert validation_workers.patience_after(0.5) == 60.0
    assert validation_workers.patience_after(30.0) == 300.0


def test_the_parts_cover_every_root_shape_once(graph: Graph, shapes: Graph) -> None:
    roots = validation_workers.root_shapes(shapes)
    assert roots is not None and len(roots) > 20
    parts = validation_workers.partition(roots, shapes, graph, 6)
    assert len(parts) == 6
    flat = [root for part in parts for root in part]
    assert sorted(flat, key=str) == sorted(roots, key=str)
    assert len(set(flat)) == len(flat)


def test_targeting_only_restores_the_shapes(shapes: Graph) -> None:
    roots = validation_workers.root_shapes(shapes)
    assert roots is not None
    before = set(shapes)
    keep = roots[:2]
    with validation_workers.targeting_only(shapes, roots, keep) as targeted:
        targeted_roots = {
            s for t in validation_workers.TARGET_PREDICATES for s in targeted.subjects(t, None)
        }
        assert targeted_roots == set(keep)
    assert set(shapes) == before


def _shapes(turtle: str) -> Graph:
    return Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . "
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
        "@prefix ex: <https://example.org/> . " + turtle,
        format="turtle",
    )


@pytest.mark.parametrize(
    "turtle",
    [
        "[] a sh:NodeShape ; sh:targetClass ex:C .",
        "ex:S a sh:NodeShape , rdfs:Class .",
        "ex:S a sh:NodeShape ; sh:target [ a ex:CustomTarget ] .",
    ],
    ids=["blank-node-root", "implicit-class-target", "sparql-target"],
)
def test_shapes_that_cannot_be_split_are_run_in_one_go(turtle: str) -> None:
    shapes = _shapes(turtle)
    assert validation_workers.root_shapes(shapes) is None
    called: list[Graph] = []
    assert validation_workers.validate_split(Graph(), shapes, called.append, 2) is None
    assert called == []


def test_named_roots_can_be_split() -> None:
    shapes = _shapes("ex:S a sh:NodeShape ; sh:targetClass ex:C . ex:T sh:targetNode ex:n .")
    assert validation_workers.root_shapes(shapes) == [URIRef(EX.S), URIRef(EX.T)]


def test_focus_nodes_follow_the_shacl_targets() -> None:
    """Each kind of target, and sh:targetClass through subclasses (what both the split's work
    estimate and the restriction to an update's nodes rely on)."""
    shapes = _shapes(
        "ex:Class sh:targetClass ex:C . ex:Subjects sh:targetSubjectsOf ex:p . "
        "ex:Objects sh:targetObjectsOf ex:p . ex:Node sh:targetNode ex:elsewhere ."
    )
    data = Graph()
    data += [
        (EX.c, RDF.type, EX.C),
        (EX.d, RDF.type, EX.D),
        (EX.D, RDFS.subClassOf, EX.C),
        (EX.e, RDF.type, EX.E),
        (EX.s, EX.p, EX.o),
    ]
    found = {
        shape: validation_workers.focus_nodes(shape, shapes, data)
        for shape in (EX.Class, EX.Subjects, EX.Objects, EX.Node)
    }
    assert found == {
        EX.Class: {EX.c, EX.d},
        EX.Subjects: {EX.s},
        EX.Objects: {EX.o},
        EX.Node: {EX.elsewhere},  # a target node need not be in the data
    }


@pytest.mark.parametrize(("setting", "workers"), [("1", 1), ("3", 3), ("0", 1), ("two", 1)])
def test_the_workers_setting(monkeypatch: pytest.MonkeyPatch, setting: str, workers: int) -> None:
    monkeypatch.setenv(validation_workers.WORKERS_VARIABLE, setting)
    assert validation_workers.automatic_workers() == workers


def test_no_split_off_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert validation_workers.automatic_workers() == 1


@pytest.fixture
def another_thread() -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@pytest.mark.usefixtures("another_thread")
def test_no_fork_while_other_threads_run() -> None:
    """Forking a process with threads can copy a lock one of them holds: one process then."""
    assert validation_workers.automatic_workers() == 1


def test_the_copy_follows_an_update_and_its_removal(graph: Graph) -> None:
    """validate_update adds an update's triples to the project graph, then removes them."""
    working = as_validation_graph(graph)
    query = "SELECT ?v WHERE { <https://example.org/a> <https://example.org/p> ?v }"
    assert column(working.query(query), "v") == []
    copy = working.oxigraph_snapshot()
    working.add((EX.a, EX.p, Literal("x")))
    assert column(working.query(query), "v") == [Literal("x")]
    working.remove((EX.a, EX.p, Literal("x")))
    assert column(working.query(query), "v") == []
    assert working.oxigraph_snapshot() is copy, "changed in place, not copied again"
    assert set(copy) == {ox.Quad(*map(to_oxigraph, triple)) for triple in working}
