"""Benchmark: how long SHACL validation and OWL reasoning of the project graph take, and why.

Validates the project graph with the shapes of shapes/ in a fresh process per variant:

* ``memory``: rdflib's in-memory store (``Memory``) for both graphs, as pySHACL is normally
  used;
* ``memory+oxigraph``: the same store, the SPARQL constraints answered by an Oxigraph copy
  (``gswg_graph.validation.ValidationGraph``);
* ``single+oxigraph``: the same, both graphs held in a ``SingleGraphStore`` (rdflib's store
  without per-triple graph bookkeeping): what ``gswg validate`` uses, here in one process;
* ``oxrdflib``: an rdflib graph backed by Oxigraph (``Graph(store="Oxigraph")``);
* ``pyoxigraph``: a native ``pyoxigraph.Store``, which pySHACL 0.40 accepts directly;

each with all shapes and with the SPARQL-based shapes only (the graph-wide checks), then times
`gswg validate` and `gswg reason` from the command line, cold.  A diagnostic beside
``benchmarks/run.py`` (which times `gswg validate` with everything else); not a test (it takes a
couple of minutes and measures the machine): run it by hand,

    PYTHONPATH=src python benchmarks/validation_speed.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

from run import REPO, measure

CHILD = r"""
import json, sys, time
from rdflib import Graph
from rdflib.namespace import SH
from rdflib.plugins.stores.memory import Memory
import pyshacl
from gswg_graph.loading import load_project
from gswg_graph.resources import ResourceRoot
from gswg_graph.validation import ValidationGraph, load_shapes
variant, only_sparql, repo = sys.argv[1], sys.argv[2] == "1", sys.argv[3]
root = ResourceRoot(__import__("pathlib").Path(repo))
graph = load_project(root)
shapes = load_shapes(root)  # on a SingleGraphStore
if variant != "single+oxigraph":
    in_memory = Graph(store=Memory())
    in_memory += shapes
    shapes = in_memory
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
if only_sparql:
    # Keep the targets of the shapes that have SPARQL constraints (directly or in a property
    # shape); the other shapes lose theirs and check nothing.
    keep = set(shapes.subjects(SH.sparql, None))
    for shape in {s for t in TARGETS for s in shapes.subjects(t, None)}:
        props = set(shapes.objects(shape, SH.property))
        if shape not in keep and not props & keep:
            for target in TARGETS:
                shapes.remove((shape, target, None))
started = time.perf_counter()
if variant == "memory":
    data = graph
elif variant == "memory+oxigraph":
    data = ValidationGraph(store=Memory()); data += graph
elif variant == "single+oxigraph":
    data = ValidationGraph(); data += graph
elif variant == "oxrdflib":
    data = Graph(store="Oxigraph"); data += graph
else:
    import pyoxigraph
    data = pyoxigraph.Store()
    data.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
converted = time.perf_counter()
conforms, report, text = pyshacl.validate(data, shacl_graph=shapes, inplace=True)
done = time.perf_counter()
print(json.dumps({"convert": converted - started, "validate": done - converted,
                  "results": text.count("Focus Node:")}))
"""


VARIANTS = ("memory", "memory+oxigraph", "single+oxigraph", "oxrdflib", "pyoxigraph")


def child(variant: str, only_sparql: bool) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, variant, "1" if only_sparql else "0", str(REPO)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'variant':<18}{'shapes':<8}{'convert s':>10}{'validate s':>12}{'results':>9}")
    for only_sparql in (False, True):
        for variant in VARIANTS:
            runs = [child(variant, only_sparql) for _ in range(args.repeat)]
            print(
                f"{variant:<18}{'SPARQL' if only_sparql else 'all':<8}"
                f"{statistics.median(r['convert'] for r in runs):>10.2f}"
                f"{statistics.median(r['validate'] for r in runs):>12.2f}"
                f"{int(runs[0]['results']):>9}"
            )
    gswg = [sys.executable, "-c", "from gswg_graph.cli import main; main()"]
    resources = ["--resources", str(REPO)]
    for name, command in (
        ("gswg validate (cold)", [*gswg, "validate", "-q", *resources]),
        ("gswg reason (cold)", [*gswg, "reason", "-q", *resources]),
        (
            "gswg validate CSV (cold)",
            [*gswg, "validate", "-q", *resources, str(REPO / "tests/fixtures/csv/valid.csv")],
        ),
    ):
        times = [measure(command, check=False).wall for _ in range(args.repeat)]
        print(f"{name:<28}{statistics.median(times):>6.2f} s (median of {args.repeat})")


if __name__ == "__main__":
    main()
