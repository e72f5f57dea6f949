"""An rdflib store that holds one graph, for the graphs pySHACL validates.

rdflib's default ``Memory`` store keeps, for every triple, the set of graphs it is in, and
answers each lookup through that bookkeeping.  pySHACL makes about 144,000 lookups to validate
the project graph, most of them on the shapes graph, and the bookkeeping was about a third of
its time: in eight alternating runs pySHACL took 0.93 s (median) with both graphs here against
1.36 s with both in ``Memory`` (1.23 s with only the data graph here).

The price is that every graph on one such store sees all of its triples: it is for one
``Graph`` each, as validation makes them (``ValidationGraph``, ``load_shapes``).  pySHACL still
needs a store that says it is context- and graph-aware (it wraps the data graph in a
``Dataset``), so this one says so and reports the graphs that used it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rdflib.graph import Graph
from rdflib.store import Store
from rdflib.term import Node, URIRef

Triple = tuple[Node, Node, Node]
Pattern = tuple[Node | None, Any, Node | None]
Index = dict[Node, dict[Node, dict[Node, None]]]


class SingleGraphStore(Store):
    """Three insertion-ordered indexes (subject, predicate and object first) and a count."""

    context_aware = True  # only so that pySHACL can wrap it in a Dataset; see the module
    graph_aware = True
    formula_aware = False
    transaction_aware = False

    def __init__(self) -> None:
        super().__init__()
        self._spo: Index = {}
        self._pos: Index = {}
        self._osp: Index = {}
        self._count = 0
        self._graphs: dict[Node, Graph] = {}
        self._graph_list: tuple[Graph, ...] = ()  # what each match reports (kept, not rebuilt)
        self._namespace: dict[str, URIRef] = {}
        self._prefix: dict[URIRef, str] = {}

    # Triples

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        if quoted:
            raise TypeError("SingleGraphStore holds no quoted (N3 formula) triples")
        if context is not None and context.identifier not in self._graphs:
            self.add_graph(context)
        subject, predicate, obj = triple
        objects = self._spo.setdefault(subject, {}).setdefault(predicate, {})
        if obj in objects:
            return
        objects[obj] = None
        self._pos.setdefault(predicate, {}).setdefault(obj, {})[subject] = None
        self._osp.setdefault(obj, {}).setdefault(subject, {})[predicate] = None
        self._count += 1

    def addN(self, quads: Iterable[Any]) -> None:
        for subject, predicate, obj, context in quads:
            self.add((subject, predicate, obj), context)

    def remove(self, triple: Any, context: Any = None) -> None:
        for (subject, predicate, obj), _graphs in list(self.triples(triple)):
            _discard(self._spo, subject, predicate, obj)
            _discard(self._pos, predicate, obj, subject)
            _discard(self._osp, obj, subject, predicate)
            self._count -= 1

    def triples(
        self, triple_pattern: Any, context: Any = None
    ) -> Iterator[tuple[Triple, Iterator[Graph]]]:
        """Matches of the pattern in the one graph, whatever ``context`` is asked for."""
        subject, predicate, obj = triple_pattern
        graphs = self._graph_list
        for found in self._matches(subject, predicate, obj):
            yield found, iter(graphs)

    def _matches(self, subject: Any, predicate: Any, obj: Any) -> Iterator[Triple]:
        if subject is not None:
            by_predicate = self._spo.get(subject)
            if by_predicate is None:
                return
            predicates = (predicate,) if predicate is not None else tuple(by_predicate)
            for each_predicate in predicates:
                objects = by_predicate.get(each_predicate)
                if objects is None:
                    continue
                if obj is not None:
                    if obj in objects:
                        yield subject, each_predicate, obj
                else:
                    yield from [(subject, each_predicate, each) for each in objects]
            return
        if predicate is not None:
            by_object = self._pos.get(predicate)
            if by_object is None:
                return
            if obj is not None:
                for each in list(by_object.get(obj, ())):
                    yield each, predicate, obj
                return
            for each_object, subjects in list(by_object.items()):
                for each in list(subjects):
                    yield each, predicate, each_object
            return
        if obj is not None:
            for each_subject, with_object in list(self._osp.get(obj, {}).items()):
                for each in list(with_object):
                    yield each_subject, each, obj
            return
        for each_subject, by_predicate in list(self._spo.items()):
            for each_predicate, objects in list(by_predicate.items()):
                for each in list(objects):
                    yield each_subject, each_predicate, each

    def __len__(self, context: Any = None) -> int:
        return self._count

    # Graphs

    def contexts(self, triple: Any = None) -> Iterator[Graph]:  # type: ignore[override]
        if triple is None or next(self._matches(*triple), None) is not None:
            yield from self._graph_list

    def add_graph(self, graph: Graph) -> None:
        self._graphs.setdefault(graph.identifier, graph)
        self._graph_list = tuple(self._graphs.values())

    def remove_graph(self, graph: Graph) -> None:
        """The one graph is all the store holds: removing it empties the store."""
        self.remove((None, None, None))
        self._graphs.pop(graph.identifier, None)
        self._graph_list = tuple(self._graphs.values())

    # Prefixes, with the override rules of rdflib's own stores

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        bound_namespace = self._namespace.get(prefix)
        bound_prefix = self._prefix.get(namespace)
        if override:
            if bound_prefix is not None:
                del self._namespace[bound_prefix]
            if bound_namespace is not None:
                del self._prefix[bound_namespace]
            self._prefix[namespace] = prefix
            self._namespace[prefix] = namespace
        else:
            kept_namespace = namespace if bound_namespace is None else bound_namespace
            kept_prefix = prefix if bound_prefix is None else bound_prefix
            self._prefix[kept_namespace] = kept_prefix
            self._namespace[kept_prefix] = kept_namespace

    def namespace(self, prefix: str) -> URIRef | None:
        return self._namespace.get(prefix)

    def prefix(self, namespace: URIRef) -> str | None:
        return self._prefix.get(namespace)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from list(self._namespace.items())


def _discard(index: Index, first: Node, second: Node, third: Node) -> None:
    """Drop one entry, and the levels it leaves empty (so that lookups stay exact)."""
    seconds = index[first]
    thirds = seconds[second]
    del thirds[third]
    if not thirds:
        del seconds[second]
        if not seconds:
            del index[first]
