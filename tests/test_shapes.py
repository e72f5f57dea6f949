"""The shapes: the project graph conforms, and every shape fails on a small example of its own.

The examples are data-driven: one Turtle file per case in tests/shapes/cases/, whose header
states the results it must produce (focus node, path, severity, shape).  Each is validated as
`gswg validate FILE` would: merged into the project graph, results about the nodes it mentions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, BNode, Graph, URIRef
from rdflib.namespace import SH

from gswg_graph.iati import activities, crosswalk, synthetic
from gswg_graph.loading import load_project
from gswg_graph.namespaces import GSD, GSWG
from gswg_graph.resources import ResourceRoot
from gswg_graph.validation import (
    Severity,
    ValidationGraph,
    ValidationReport,
    ValidationResult,
    load_shapes,
    shape_name,
    term_id,
    validate_graph,
    validate_update,
)

from .helpers import GSWG_PARTNERS_WITHOUT_IATI_ID, REPO_ROOT

CASES_DIR = Path(__file__).resolve().parent / "shapes" / "cases"
CASES = sorted(CASES_DIR.glob("*.ttl"))
# Update when adding a case: a guard against cases silently not being found.
EXPECTED_CASES = 121

Expected = tuple[str, str, str, str]


def expectations(path: Path) -> set[Expected]:
    """The `# expect: focus | path | severity | shape` lines of a case file's header."""
    found: set[Expected] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            # fields are separated by " | " (a path may hold "|", an alternative path)
            parts = tuple(part.strip() for part in line[len("# expect:") :].split(" | "))
            assert len(parts) == 4, f"{path.name}: expect line needs 4 fields: {line}"
            found.add(parts)
    return found


def observed(report: ValidationReport) -> set[Expected]:
    return {(term_id(r.focus), r.path or "-", r.severity.value, r.shape) for r in report.results}


@pytest.fixture(scope="module")
def shapes(project: ResourceRoot) -> Graph:
    return load_shapes(project)


@pytest.fixture(scope="module")
def context(project: ResourceRoot) -> ValidationGraph:
    """The project graph, loaded once for the cases (each case's triples are added, then
    removed again by validate_update)."""
    graph = load_project(project, into=ValidationGraph())
    assert isinstance(graph, ValidationGraph)
    return graph


# Development partners the crosswalk (scripts/build_crosswalk.py) has no IATI organisation
# identifier for, current or former: ten GSWG partners, and Switzerland, whose aid agency SDC
# holds CH-4 (an identifier goes on the node of its holder).
PARTNERS_WITHOUT_IATI_ID = GSWG_PARTNERS_WITHOUT_IATI_ID | {"switzerland"}
# Ministries (Lao name ກະຊວງ...) without an LA-COA code: LA-COA.csv lists both Planning and
# Investment and Finance under code 4 (ambiguous, left out), and has no Public Security, National
# Defence, or Agriculture and Commerce (as the guide names it; the list has Industry and
# Commerce, 8).
MINISTRIES_WITHOUT_LA_COA = {"mpi", "mof", "mops", "mond", "ministry-of-agriculture-and-commerce"}


def test_the_project_graph_conforms(project: ResourceRoot, graph: Graph, shapes: Graph) -> None:
    """No violations; the warnings are the missing identifiers (below), so --strict fails."""
    report = validate_graph(graph, shapes)
    assert report.of_severity(Severity.VIOLATION) == []
    assert report.exit_code() == 0
    assert report.exit_code(strict=True) == 1


def _by_shape(results: list[ValidationResult]) -> dict[str, set[URIRef]]:
    found: dict[str, set[URIRef]] = {}
    for result in results:
        found.setdefault(result.shape.split(" / ")[0], set()).add(URIRef(str(result.focus)))
    return found


def test_the_project_graph_has_only_these_infos_and_warnings(graph: Graph, shapes: Graph) -> None:
    """Infos: the nine sector working groups whose leadership the guide does not name.
    Warnings (not errors): the identifiers the crosswalk has no source for."""
    report = validate_graph(graph, shapes)
    groups = set(graph.subjects(RDF.type, GSWG.SectorWorkingGroup)) - {GSD.gswg}
    assert _by_shape(report.of_severity(Severity.INFO)) == {
        "gshape:SectorWorkingGroupLeadershipInfoShape": groups,
    }
    assert _by_shape(report.of_severity(Severity.WARNING)) == {
        "gshape:PartnerWithoutIatiIdentifierShape": {GSD[p] for p in PARTNERS_WITHOUT_IATI_ID},
        "gshape:MinistryWithoutLaCoaShape": {GSD[m] for m in MINISTRIES_WITHOUT_LA_COA},
    }


def test_the_cases_are_found() -> None:
    assert len(CASES) == EXPECTED_CASES, (
        f"found {len(CASES)} case files in {CASES_DIR}, expected {EXPECTED_CASES}"
    )


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case: Path, context: ValidationGraph, shapes: Graph) -> None:
    expected = expectations(case)
    assert expected, f"{case.name} states no `# expect:` line"
    before = len(context)
    report = validate_update(context, shapes, [case])
    assert len(context) == before, "validate_update must leave the context graph as it was"
    assert observed(report) == expected


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_NODE_CONSTRAINTS = (
    SH["or"],
    SH["and"],
    SH["not"],
    SH.xone,
    SH.sparql,
    SH["class"],
    SH.node,
    SH.datatype,
    SH.nodeKind,
    SH["in"],
    SH.hasValue,
    SH.pattern,
)


def reporting_shapes(shapes: Graph) -> set[str]:
    """The shapes that can produce a result: targeted node shapes with constraints of their
    own, and the property shapes of targeted node shapes (helpers nested in sh:or, sh:node or
    qualified value shapes report through the shape that uses them)."""
    names: set[str] = set()
    targeted = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    for shape in targeted:
        if any((shape, p, None) in shapes for p in _NODE_CONSTRAINTS):
            names.add(shape_name(shapes, shape))
        for prop in shapes.objects(shape, SH.property):
            names.add(shape_name(shapes, prop))
    return names


def test_every_shape_has_a_failing_case(shapes: Graph) -> None:
    covered = {shape for case in CASES for (_f, _p, _s, shape) in expectations(case)}
    assert reporting_shapes(shapes) - covered == set()


ONTOLOGIES = sorted((REPO_ROOT / "ontology").glob("*.ttl"))
# The namespace each ontology file defines its terms in.
NAMESPACES = {"gswg.ttl": str(GSWG), "gswg-iati.ttl": "https://w3id.org/gswg/iati#"}


def test_the_ontologies_are_found() -> None:
    assert [p.name for p in ONTOLOGIES] == sorted(NAMESPACES)


@pytest.mark.parametrize("ontology_file", ONTOLOGIES, ids=[p.name for p in ONTOLOGIES])
def test_every_ontology_class_is_the_target_of_a_shape(shapes: Graph, ontology_file: Path) -> None:
    ontology = Graph().parse(ontology_file)
    namespace = NAMESPACES[ontology_file.name]
    classes = {
        c
        for c in ontology.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and c.startswith(namespace)
    }
    assert len(classes) > 10
    targeted = set(shapes.objects(None, SH.targetClass))
    assert sorted(classes - targeted) == []


def test_every_shape_is_documented(shapes: Graph) -> None:
    """Named shapes, and inline property shapes of targeted shapes, say what they check."""
    named = {
        s
        for t in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, t)
        if isinstance(s, URIRef)
    }
    targeted = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    inline = {p for s in targeted for p in shapes.objects(s, SH.property) if isinstance(p, BNode)}
    assert len(named) > 40
    assert all(isinstance(s, URIRef) for s in targeted), "targeted shapes must be named"
    missing = [
        f"{shape_name(shapes, shape)}: {term}"
        for shape in sorted(named | inline, key=lambda s: shape_name(shapes, s))
        for term in ("name", "description", "message", "severity")
        if (shape, SH[term], None) not in shapes
    ]
    assert missing == []


def test_every_severity_is_one_of_the_three(shapes: Graph) -> None:
    severities = set(shapes.objects(None, SH.severity))
    assert severities <= {SH.Violation, SH.Warning, SH.Info}
    assert severities == {SH.Violation, SH.Warning, SH.Info}


def test_messages_are_english_sentences(shapes: Graph) -> None:
    for message in shapes.objects(None, SH.message):
        assert getattr(message, "language", None) == "en", message
        assert len(str(message)) > 20 and str(message).endswith("."), message


def test_imported_iati_data_conforms(
    context: ValidationGraph, shapes: Graph, tmp_path: Path
) -> None:
    """`gswg iati import` on the four Lao fixtures and on synthetic activities gives data the
    shapes of shapes/iati.ttl accept, as `gswg validate FILE.nt` checks it."""
    sources = sorted((REPO_ROOT / "tests" / "fixtures" / "iati").glob("lao_dportal_*.xml"))
    sources.append(synthetic.write_file(tmp_path / "synthetic.xml", 50))
    out = tmp_path / "imported.nt"
    with open(out, "w", encoding="utf-8") as handle:
        summary = activities.convert(sources, handle, crosswalk.load())
    assert summary.activities == 10 + 50
    report = validate_update(context, shapes, [out])
    assert (report.focus_nodes or 0) > 1000  # activities, their parts, the GSWG partners named
    assert observed(report) == set()
