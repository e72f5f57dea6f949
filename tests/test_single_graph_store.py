"""SingleGraphStore answers a Graph as rdflib's Memory store does: every lookup pattern on the
project graph, additions, removals, counts and prefixes."""

from __future__ import annotations

from itertools import product

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.graph import Dataset
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

from gswg_graph.namespaces import GSWG, ORG
from gswg_graph.single_graph_store import SingleGraphStore

EX = Namespace("https://example.org/")
GSD = Namespace("https://w3id.org/gswg/id/")

# One term of the project graph for each position, and None: every lookup kind rdflib makes.
SUBJECTS = [None, GSD.gswg, EX.absent]
PREDICATES = [None, ORG.subOrganizationOf, RDF.type, EX.absent]
OBJECTS = [None, GSD.gswg, GSWG.SubSectorWorkingGroup, EX.absent]
PATTERNS = list(product(SUBJECTS, PREDICATES, OBJECTS))


@pytest.fixture(scope="module")
def pair(graph: Graph) -> tuple[Graph, Graph]:
    single = Graph(store=SingleGraphStore())
    memory = Graph(store=Memory())
    for target in (single, memory):
        target += graph
    return single, memory


def test_the_patterns_match_something(graph: Graph) -> None:
    """The lookups below are worth comparing: each bound term is in the project graph."""
    assert (GSD.gswg, None, None) in graph and (None, None, GSD.gswg) in graph
    assert (None, ORG.subOrganizationOf, GSD.gswg) in graph
    assert (None, RDF.type, GSWG.SubSectorWorkingGroup) in graph


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: "-".join(str(t)[-12:] for t in p))
def test_every_lookup_finds_what_memory_finds(
    pair: tuple[Graph, Graph], pattern: tuple[Node | None, Node | None, Node | None]
) -> None:
    single, memory = pair
    found = list(single.triples(pattern))
    assert sorted(found) == sorted(memory.triples(pattern))
    assert len(found) == len(set(found)), "a triple found twice"


def test_it_holds_the_project_graph(pair: tuple[Graph, Graph], graph: Graph) -> None:
    single, memory = pair
    assert len(single) == len(memory) == len(graph) > 7000
    assert set(single) == set(graph)


def test_a_triple_added_twice_counts_once() -> None:
    graph = Graph(store=SingleGraphStore())
    graph.add((EX.a, EX.p, Literal("x")))
    graph.add((EX.a, EX.p, Literal("x")))
    graph.add((EX.a, EX.p, Literal("x", lang="en")))
    assert len(graph) == 2


def test_removing_a_pattern_leaves_the_rest_exact() -> None:
    graph = Graph(store=SingleGraphStore())
    graph += [(EX.a, EX.p, EX.b), (EX.a, EX.q, EX.b), (EX.c, EX.p, EX.b), (EX.c, EX.p, EX.d)]
    graph.remove((None, EX.p, EX.b))
    assert set(graph) == {(EX.a, EX.q, EX.b), (EX.c, EX.p, EX.d)}
    assert len(graph) == 2
    assert list(graph.subjects(EX.p, EX.b)) == []
    assert list(graph.objects(EX.c, None)) == [EX.d]
    assert list(graph.triples((None, None, EX.b))) == [(EX.a, EX.q, EX.b)]
    graph.remove((None, None, None))
    assert len(graph) == 0 and list(graph) == []


def test_changes_while_reading_do_not_break_the_reading() -> None:
    graph = Graph(store=SingleGraphStore())
    graph += [(EX.a, EX.p, Literal(n)) for n in range(5)]
    for _s, _p, o in graph.triples((EX.a, EX.p, None)):
        graph.remove((EX.a, EX.p, o))
        graph.add((EX.b, EX.p, o))
    assert len(graph) == 5 and set(graph.subjects(EX.p, None)) == {EX.b}


def test_it_is_one_graph_that_a_dataset_can_wrap() -> None:
    """pySHACL wraps the data graph in a Dataset: the store must say it is graph-aware, and
    reports the graph that used it."""
    graph = Graph(store=SingleGraphStore(), identifier=EX.g)
    graph.add((EX.a, EX.p, EX.b))
    Dataset(store=graph.store)  # refused for a store that is not context- and graph-aware
    assert [g.identifier for g in graph.store.contexts()] == [EX.g]
    assert [g.identifier for g in graph.store.contexts((EX.a, EX.p, EX.b))] == [EX.g]
    assert list(graph.store.contexts((EX.a, EX.p, EX.absent))) == []
    graph.store.remove_graph(graph)
    assert len(graph) == 0


def test_quoted_triples_are_refused() -> None:
    with pytest.raises(TypeError, match="quoted"):
        SingleGraphStore().add((EX.a, EX.p, EX.b), None, quoted=True)


# Each a sequence of (prefix, namespace, override) given to both stores.
BINDINGS = {
    "new": [("ex", EX, True)],
    "rebind-prefix": [("ex", EX, True), ("ex", URIRef("https://example.com/"), True)],
    "rebind-namespace": [("ex", EX, True), ("other", EX, True)],
    "kept-without-override": [("ex", EX, True), ("ex", URIRef("https://example.com/"), False)],
    "namespace-kept-without-override": [("ex", EX, True), ("other", EX, False)],
    "crossed": [("a", EX.a, True), ("b", EX.b, True), ("a", EX.b, True), ("b", EX.a, False)],
}


@pytest.mark.parametrize("steps", list(BINDINGS.values()), ids=list(BINDINGS))
def test_prefixes_bind_as_in_memory(steps: list[tuple[str, URIRef, bool]]) -> None:
    single, memory = SingleGraphStore(), Memory()
    for prefix, namespace, override in steps:
        single.bind(prefix, namespace, override=override)
        memory.bind(prefix, namespace, override=override)
    assert sorted(single.namespaces()) == sorted(memory.namespaces())
    for prefix, namespace, _override in steps:
        assert single.namespace(prefix) == memory.namespace(prefix)
        assert single.prefix(namespace) == memory.prefix(namespace)
