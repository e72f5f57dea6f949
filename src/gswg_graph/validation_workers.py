"""SHACL validation split over processes: the shapes in parts, one per core, merged into one report.

pySHACL is single-threaded Python: validating the project graph takes it 1.2-1.8 s on the
2-core development machine, where `gswg validate` should take under 2 s cold.  The root shapes
(those with targets) are independent of one another, so each worker validates the whole data
graph against the shapes graph with only its share of the roots still targeted; the reports'
results are then put together under one sh:ValidationReport, which is what a single run would
have produced.

Workers are forked (the loaded data, shapes and Oxigraph copy are shared, not sent), so this
runs on Linux only.  A worker that fails or is stuck has its parts validated by the parent
instead: splitting can make validation faster, never different or lost.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal
from rdflib.namespace import SH
from rdflib.term import Node

TARGET_PREDICATES = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
WORKERS_VARIABLE = "GSWG_VALIDATION_WORKERS"

# Validates the data against a shapes graph; returns pySHACL's report graph (or its failure).
Run = Callable[[Graph], Any]


def automatic_workers() -> int:
    """How many processes to validate with: GSWG_VALIDATION_WORKERS, else up to two cores.

    One (no split) off Linux or where threads are running: forking a process that has other
    threads can copy a lock one of them holds, and the child would wait for it forever.
    """
    wanted = os.environ.get(WORKERS_VARIABLE, "").strip()
    if wanted:
        try:
            return max(1, int(wanted))
        except ValueError:
            return 1
    if not sys.platform.startswith("linux"):
        return 1  # (macOS has fork, but its system libraries are not safe to fork)
    if threading.active_count() > 1:
        return 1
    return min(2, len(os.sched_getaffinity(0)))


def root_shapes(shapes: Graph) -> list[Node] | None:
    """The shapes with explicit targets, or None when a split could change the results.

    A blank-node root cannot be told apart across processes, an implicit class target (a shape
    that is also a class) or a SHACL-AF sh:target cannot be switched off by removing triples.
    """
    roots = {shape for target in TARGET_PREDICATES for shape in shapes.subjects(target, None)}
    if any(isinstance(shape, BNode) for shape in roots):
        return None
    if next(shapes.subjects(SH.target, None), None) is not None:
        return None
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, kind):
            if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
                return None
    return sorted(roots, key=str)


def focus_nodes(shape: Node, shapes: Graph, data: Graph) -> set[Node]:
    """The nodes the explicit targets of ``shape`` select in ``data``, as SHACL defines them:
    sh:targetNode, sh:targetClass through rdfs:subClassOf*, sh:targetSubjectsOf and
    sh:targetObjectsOf."""
    nodes: set[Node] = set(shapes.objects(shape, SH.targetNode))
    for cls in shapes.objects(shape, SH.targetClass):
        for each in {cls, *data.transitive_subjects(RDFS.subClassOf, cls)}:
            nodes.update(data.subjects(RDF.type, each))
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        nodes.update(data.subjects(predicate, None))
    for predicate in shapes.objects(shape, SH.targetObjectsOf):
        nodes.update(data.objects(None, predicate))
    return nodes


def partition(roots: Sequence[Node], shapes: Graph, data: Graph, parts: int) -> list[list[Node]]:
    """The roots in ``parts`` groups of about equal work (focus nodes x constraints), largest
    first into the lightest group."""
    constraints = (SH.property, SH.sparql, SH["or"], SH["and"], SH["not"], SH.xone, SH.node)
    work = {
        root: len(focus_nodes(root, shapes, data))
        * (1 + sum(1 for p in constraints for _ in shapes.objects(root, p)))
        for root in roots
    }
    groups: list[list[Node]] = [[] for _ in range(parts)]
    loads = [0] * parts
    for root in sorted(roots, key=lambda r: (-work[r], str(r))):
        lightest = loads.index(min(loads))
        groups[lightest].append(root)
        loads[lightest] += work[root]
    order = sorted(range(parts), key=lambda i: -loads[i])  # the heaviest taken first
    return [groups[i] for i in order if groups[i]]


@contextlib.contextmanager
def targeting_only(shapes: Graph, roots: Sequence[Node], keep: Sequence[Node]) -> Iterator[Graph]:
    """``shapes`` with only the ``keep`` roots still targeted, restored afterwards (no copy: a
    copy of the shapes graph per part would cost a tenth of the time saved)."""
    kept = set(keep)
    removed = [
        triple
        for root in roots
        if root not in kept
        for target in TARGET_PREDICATES
        for triple in shapes.triples((root, target, None))
    ]
    for triple in removed:
        shapes.remove(triple)
    try:
        yield shapes
    finally:
        for triple in removed:
            shapes.add(triple)


class _Parts:
    """The parts of a split and which is next, shared by the forked processes."""

    def __init__(self, context: Any, parts: list[list[Node]]) -> None:
        self.parts = parts
        self._next = context.Value("i", 0)

    def taken(self) -> Iterator[int]:
        """The parts this process takes, one at a time, until none is left."""
        while True:
            with self._next.get_lock():
                index = int(self._next.value)
                if index >= len(self.parts):
                    return
                self._next.value = index + 1
            yield index


def _run_part(run: Run, shapes: Graph, roots: Sequence[Node], part: Sequence[Node]) -> Any:
    with targeting_only(shapes, roots, part) as targeted:
        return run(targeted)


def _work_in_child(
    run: Run, shapes: Graph, roots: Sequence[Node], parts: _Parts, connection: Any
) -> None:
    """Validate parts until none is left, then send their reports' triples to the parent.

    A part whose run fails is not sent: the parent finds it missing, runs it again and reports
    that failure itself."""
    done: dict[int, list[tuple[Node, Node, Node]]] = {}
    try:
        for index in parts.taken():
            report = _run_part(run, shapes, roots, parts.parts[index])
            if isinstance(report, Graph):
                done[index] = list(report)
    except BaseException:
        pass
    try:
        connection.send(done)
    finally:
        connection.close()


def _receive(
    process: Any, connection: Any, patience: float
) -> dict[int, list[tuple[Node, Node, Node]]]:
    """What a worker sends, or nothing if it dies or is still at work after ``patience`` s (it
    is stopped then: stuck, it would otherwise hold validation up for ever)."""
    try:
        if not connection.poll(patience):
            process.kill()
            return {}
        received = connection.recv()
    except (EOFError, OSError):  # the worker died before sending
        return {}
    finally:
        connection.close()
        process.join()
    return received if isinstance(received, dict) else {}


def patience_after(own_seconds: float) -> float:
    """How long to wait for the other workers once this process has done its parts: they have
    parts of about the same size, so ten times as long (at least a minute) means stuck."""
    return max(60.0, 10.0 * own_seconds)


def merge_reports(report: Graph, part: Graph) -> None:
    """Add ``part``'s results to ``report``: one sh:ValidationReport, conforming if both do."""
    main = report.value(None, RDF.type, SH.ValidationReport, any=False)
    other = part.value(None, RDF.type, SH.ValidationReport, any=False)
    if main is None or other is None:
        raise ValueError("a SHACL report without its sh:ValidationReport node")
    conforms = report.value(main, SH.conforms) == Literal(True) and part.value(
        other, SH.conforms
    ) == Literal(True)
    for subject, predicate, obj in part:
        if subject == other:
            if predicate == SH.result:
                report.add((main, SH.result, obj))
        else:
            report.add((subject, predicate, obj))
    report.set((main, SH.conforms, Literal(conforms)))


# Parts per worker: enough for the processes to even out (each part costs a pySHACL start-up,
# ~15 ms, and estimates of a shape's work are rough), few enough for that cost to stay small.
PARTS_PER_WORKER = 3


def validate_split(data: Graph, shapes: Graph, run: Run, workers: int) -> Any | None:
    """The report of ``run`` over all of ``shapes``, computed in ``workers`` processes, or None
    when the shapes cannot be split (the caller then runs them in one go)."""
    roots = root_shapes(shapes)
    if workers < 2 or roots is None or "fork" not in multiprocessing.get_all_start_methods():
        return None
    groups = partition(roots, shapes, data, workers * PARTS_PER_WORKER)
    if len(groups) < 2:
        return None
    context = multiprocessing.get_context("fork")
    parts = _Parts(context, groups)
    children = []
    for _ in range(workers - 1):
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(
            target=_work_in_child, args=(run, shapes, roots, parts, sending), daemon=True
        )
        process.start()
        sending.close()
        children.append((process, receiving))
    reports: dict[int, Any] = {}
    started = time.monotonic()
    for index in parts.taken():
        reports[index] = _run_part(run, shapes, roots, groups[index])
    patience = patience_after(time.monotonic() - started)
    for process, receiving in children:
        for index, triples in _receive(process, receiving, patience).items():
            part = Graph()
            part.addN((s, p, o, part) for s, p, o in triples)
            reports[index] = part
    for index, group in enumerate(groups):
        if index not in reports:  # taken by a worker that failed
            reports[index] = _run_part(run, shapes, roots, group)
    failure = next((r for r in reports.values() if not isinstance(r, Graph)), None)
    if failure is not None:
        return failure  # a pySHACL ValidationFailure: the caller reports it
    report = reports[0]
    for index in range(1, len(groups)):
        merge_reports(report, reports[index])
    return report
