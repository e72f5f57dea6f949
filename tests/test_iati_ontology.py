"""ontology/gswg-iati.ttl documents every gsi: term, and every term the data uses is in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from gswg_graph.iati import activities, crosswalk, synthetic, vocab

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontology" / "gswg-iati.ttl"
CROSSWALK = REPO / "data" / "crosswalk.ttl"
FIXTURES = REPO / "tests" / "fixtures" / "iati"
TERM = re.compile(re.escape("<" + vocab.GSI) + r"([A-Za-z0-9_]+)>")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _documented(ontology: Graph, term: URIRef) -> bool:
    def english(values: list[object]) -> bool:
        return any(isinstance(v, Literal) and v.language == "en" for v in values)

    return english(list(ontology.objects(term, RDFS.label))) and english(
        list(ontology.objects(term, SKOS.definition))
    )


def test_every_declared_term_has_an_english_label_and_definition(ontology: Graph) -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    terms = {s for kind in kinds for s in ontology.subjects(RDF.type, kind)}
    assert len(terms) > 60
    for term in terms:
        assert isinstance(term, URIRef)
        assert _documented(ontology, term), term


def test_every_gsi_term_the_data_uses_is_documented(ontology: Graph, tmp_path: Path) -> None:
    out = tmp_path / "all.nt"
    sources = sorted(FIXTURES.glob("*.xml"))
    sources.append(synthetic.write_file(tmp_path / "synthetic.xml", 50))
    with open(out, "w", encoding="utf-8") as handle:
        activities.convert(sources, handle, crosswalk.load(CROSSWALK))
    used = set(TERM.findall(out.read_text(encoding="utf-8")))
    used |= set(TERM.findall(Graph().parse(CROSSWALK).serialize(format="nt")))
    assert len(used) > 40
    for local in sorted(used):
        assert _documented(ontology, URIRef(vocab.GSI + local)), local


def test_the_ontology_states_its_linking_policy() -> None:
    text = ONTOLOGY.read_text(encoding="utf-8")
    for needle in ("owl:sameAs versus skos:exactMatch", "Country or agency?", "IATI2LOD"):
        assert needle in text
