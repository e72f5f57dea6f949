"""OWL reasoning (HermiT through owlready2): the project is consistent, what it entails, and an
inconsistent update reported with the individuals and classes involved.  Java is required: these
tests never skip (./scripts/test installs Java when it is missing)."""

from __future__ import annotations

from pathlib import Path

import owlready2
import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import XSD

from gswg_graph.cli import gswg
from gswg_graph.errors import ReasonerError, UsageError
from gswg_graph.loading import parse_file
from gswg_graph.namespaces import GSD, GSWG, ORG
from gswg_graph.reasoning import (
    ReasoningResult,
    explain_inconsistency,
    inconsistency_error,
    reason,
    write_inferred,
)
from gswg_graph.resources import ResourceRoot

from .helpers import REPO_ROOT

DISJOINT = Path(__file__).resolve().parent / "fixtures" / "reasoning" / "two-disjoint-classes.ttl"


@pytest.fixture(scope="module")
def reasoned(graph: Graph) -> ReasoningResult:
    return reason(graph)


def test_the_project_is_consistent(reasoned: ReasoningResult, graph: Graph) -> None:
    assert reasoned.consistent
    assert reasoned.culprits == ()
    assert reasoned.triples == len(graph)


@pytest.mark.parametrize(
    "triple",
    [
        # org:memberOf through the property chain of the ontology, and its inverse
        (GSD.moha, ORG.memberOf, GSD.gswg),
        (GSD.gswg, ORG.hasMember, GSD.undp),
        (GSD["psi-sswg"], ORG.hasMember, GSD.sdc),
        # the sub-organisation closure
        (GSD["psi-sswg"], ORG.transitiveSubOrganizationOf, GSD.gswg),
        (GSD["psi-sswg"], ORG.transitiveSubOrganizationOf, GSD["round-table-process"]),
        (GSD.jica, ORG.subOrganizationOf, GSD.japan),
        (GSD.jica, ORG.transitiveSubOrganizationOf, GSD.japan),
        # class memberships through the class hierarchy
        (GSD.undp, RDF.type, GSWG.DevelopmentPartner),
        (GSD.moha, RDF.type, ORG.Organization),
        (GSD.gswg, RDF.type, GSWG.CoordinationBody),
    ],
    ids=lambda t: " ".join(str(x).rsplit("/", 1)[-1].rsplit("#", 1)[-1] for x in t),
)
def test_inferred_triples(reasoned: ReasoningResult, triple: tuple[URIRef, URIRef, URIRef]) -> None:
    assert triple in reasoned.inferred


def test_inferred_triples_are_new_facts_about_individuals(
    reasoned: ReasoningResult, graph: Graph
) -> None:
    assert len(reasoned.inferred) > 500
    for s, p, o in reasoned.inferred:
        assert (s, p, o) not in graph
        assert isinstance(s, URIRef) and isinstance(o, URIRef)
        assert o not in {OWL.Thing, OWL.NamedIndividual}
        assert (s, RDF.type, OWL.Class) not in graph
    counts = reasoned.inferred_counts()
    assert counts["org:memberOf"] == counts["org:hasMember"] > 150


def test_write_inferred_by_extension(reasoned: ReasoningResult, tmp_path: Path) -> None:
    for name, fmt in (("inferred.ttl", "turtle"), ("inferred.nt", "nt")):
        write_inferred(reasoned.inferred, tmp_path / name)
        back = Graph().parse(tmp_path / name, format=fmt)
        assert len(back) == len(reasoned.inferred)
    lines = (tmp_path / "inferred.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    with pytest.raises(UsageError):
        write_inferred(reasoned.inferred, tmp_path / "inferred.owl")


def test_an_individual_in_two_disjoint_classes_is_reported(graph: Graph) -> None:
    update = Graph()
    update += graph
    parse_file(DISJOINT, update)
    result = reason(update)
    assert not result.consistent
    assert [c.individual for c in result.culprits] == [GSD.moha]
    culprit = result.culprits[0]
    assert set(culprit.classes) == {GSWG.GovernmentBody, GSWG.DevelopmentPartner}
    text = culprit.render()
    assert text.startswith("Ministry of Home Affairs <gsd:moha>: is both ")
    assert "government body (gswg:GovernmentBody) (asserted)" in text
    assert "(through gswg:UNAgency, asserted)" in text


def test_gswg_reason_reports_the_inconsistency_and_writes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "inferred.ttl"
    result = runner.invoke(
        gswg, ["reason", "--resources", str(REPO_ROOT), "--out", str(out), str(DISJOINT)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("gswg: error: the data is logically inconsistent (HermiT)")
    assert "Ministry of Home Affairs <gsd:moha>" in result.stderr
    assert "gswg:GovernmentBody" in result.stderr and "gswg:DevelopmentPartner" in result.stderr
    assert not out.exists()


def test_gswg_reason_writes_the_inferred_triples(
    runner: CliRunner, mini: ResourceRoot, tmp_path: Path
) -> None:
    out = tmp_path / "inferred.nt"
    result = runner.invoke(gswg, ["reason", "--resources", str(mini.root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("consistent: ")
    assert f"wrote {out}" in result.stdout
    inferred = Graph().parse(out, format="nt")
    # mini: the GSWG is a sector working group, hence a coordination body and an organisation
    assert (GSD.gswg, RDF.type, ORG.Organization) in inferred


def test_missing_java_is_a_clear_error(
    mini: ResourceRoot, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    with pytest.raises(ReasonerError, match="Java was not found"):
        reason(Graph().parse(mini.ontology_file))
    result = runner.invoke(gswg, ["reason", "--resources", str(mini.root)])
    assert result.exit_code == 2
    assert "hint: install a Java runtime" in result.stderr


# --- explaining an inconsistency without a reasoner (fast, one pattern each) ------------------

ONTOLOGY = """
@prefix gswg: <https://w3id.org/gswg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
gswg:GovernmentBody a owl:Class ; rdfs:label "government body"@en .
gswg:DevelopmentPartner a owl:Class ; owl:disjointWith gswg:GovernmentBody .
gswg:Secretariat a owl:Class .
gswg:hostDepartment a owl:ObjectProperty ; rdfs:domain gswg:Secretariat ;
    rdfs:range gswg:GovernmentBody .
gswg:sequenceNumber a owl:DatatypeProperty , owl:FunctionalProperty ;
    rdfs:range xsd:positiveInteger .
"""


def small(*triples: tuple[URIRef, URIRef, URIRef | Literal]) -> Graph:
    graph = Graph().parse(data=ONTOLOGY, format="turtle")
    for triple in triples:
        graph.add(triple)
    return graph


def test_explains_a_type_implied_by_a_range() -> None:
    graph = small(
        (GSD.undp, RDF.type, GSWG.DevelopmentPartner),
        (GSD.secretariat, GSWG.hostDepartment, GSD.undp),
    )
    [culprit] = explain_inconsistency(graph)
    assert culprit.individual == GSD.undp
    assert "because it is the value of gswg:hostDepartment of gsd:secretariat" in culprit.render()


def test_explains_two_values_of_a_functional_property() -> None:
    graph = small(
        (GSD.f1, GSWG.sequenceNumber, Literal(1)), (GSD.f1, GSWG.sequenceNumber, Literal(2))
    )
    [culprit] = explain_inconsistency(graph)
    assert "has 2 values of gswg:sequenceNumber (1, 2)" in culprit.render()
    error = inconsistency_error(ReasoningResult(False, len(graph), 0.0, culprits=(culprit,)))
    assert error.hint == (
        "fix the types or values named above (see the functional property axioms in ontology/)"
    )


def test_explains_a_number_outside_its_range() -> None:
    graph = small((GSD.f1, GSWG.sequenceNumber, Literal(0)))
    [culprit] = explain_inconsistency(graph)
    assert "gswg:sequenceNumber 0, outside its range (integers from 1)" in culprit.render()
    assert explain_inconsistency(small((GSD.f1, GSWG.sequenceNumber, Literal(3)))) == []


def test_a_consistent_graph_has_no_culprits(graph: Graph) -> None:
    assert explain_inconsistency(graph) == []


def test_literal_types_are_not_treated_as_individuals() -> None:
    graph = small((GSD.f1, RDFS.label, Literal("x", datatype=XSD.string)))
    assert explain_inconsistency(graph) == []
