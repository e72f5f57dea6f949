"""The ontology header and the documentation of every gswg: term (issue 2's requirements)."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from gswg_graph.namespaces import GSWG, ONTOLOGY_IRI

from .helpers import REPO_ROOT

ONTOLOGY = Graph().parse(REPO_ROOT / "ontology" / "gswg.ttl")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
TERMS = sorted(
    {
        URIRef(str(s))
        for t in TERM_TYPES
        for s in ONTOLOGY.subjects(RDF.type, t)
        if str(s).startswith(str(GSWG))
    }
)


def test_the_ontology_defines_its_terms() -> None:
    assert len(TERMS) > 80  # 38 classes and the properties: a guard that the file was read


@pytest.mark.parametrize(
    "field",
    [
        OWL.versionIRI,
        OWL.versionInfo,
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.license,
        DCTERMS.creator,
        DCTERMS.created,
    ],
    ids=lambda f: str(f).rsplit("/", 1)[-1],
)
def test_ontology_header(field: URIRef) -> None:
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in ONTOLOGY
    assert ONTOLOGY.value(header, field) is not None


def test_ontology_iri_is_stable_https() -> None:
    assert ONTOLOGY_IRI.startswith("https://w3id.org/")
    version = ONTOLOGY.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)
    info = ONTOLOGY.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    assert str(version) == f"{ONTOLOGY_IRI}/{info}"


@pytest.mark.parametrize("term", TERMS, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_term_has_lao_and_english_labels_and_an_english_definition(term: URIRef) -> None:
    labels = [o for o in ONTOLOGY.objects(term, SKOS.prefLabel) if isinstance(o, Literal)]
    assert sorted(str(label.language) for label in labels) == ["en", "lo"]
    definitions = [o for o in ONTOLOGY.objects(term, SKOS.definition) if isinstance(o, Literal)]
    assert [d.language for d in definitions] == ["en"]
    assert len(str(definitions[0])) > 20


IATI = Graph().parse(REPO_ROOT / "ontology" / "gswg-iati.ttl")
IATI_TERMS = sorted(
    {
        URIRef(str(s))
        for s in IATI.subjects(RDFS.label)
        if str(s).startswith("https://w3id.org/gswg/iati#")
    }
)


@pytest.mark.parametrize("term", IATI_TERMS, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_iati_term_is_labelled_in_both_languages(term: URIRef) -> None:
    languages = sorted(
        str(o.language) for o in IATI.objects(term, RDFS.label) if isinstance(o, Literal)
    )
    assert languages == ["en", "lo"]
