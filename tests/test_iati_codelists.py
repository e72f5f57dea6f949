"""The shipped IATI codelists, as SKOS concept schemes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from gswg_graph import safexml
from gswg_graph.iati import codelists, vocab


@pytest.fixture(scope="module")
def graph() -> Graph:
    return codelists.to_graph()


def test_every_codelist_is_shipped_with_attribution() -> None:
    folder = codelists.codelist_dir()
    assert sorted(p.stem for p in folder.glob("*.xml")) == sorted(codelists.SHIPPED)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "IATI Standard (http://iatistandard.org/)" in readme


@pytest.mark.parametrize("name", codelists.SHIPPED)
def test_each_codelist_becomes_a_concept_scheme(name: str, graph: Graph) -> None:
    root = safexml.parse(codelists.codelist_path(name)).getroot()
    codes = {c.strip() for c in root.xpath("codelist-items/codelist-item/code/text()")}  # type: ignore[union-attr]
    scheme = URIRef(vocab.codelist_iri(name))
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    concepts = set(graph.subjects(SKOS.inScheme, scheme))
    assert {str(graph.value(c, SKOS.notation)) for c in concepts} == codes
    for concept in concepts:
        assert (concept, RDF.type, SKOS.Concept) in graph
        labels = [lbl for lbl in graph.objects(concept, SKOS.prefLabel) if isinstance(lbl, Literal)]
        assert any(lbl.language == "en" for lbl in labels), concept


def test_sector_15110_is_under_category_151(graph: Graph) -> None:
    sector = URIRef(vocab.concept_iri("Sector", "15110"))
    category = URIRef(vocab.concept_iri("SectorCategory", "151"))
    assert (sector, SKOS.broader, category) in graph
    assert (
        category,
        SKOS.prefLabel,
        Literal("Government & Civil Society-general", lang="en"),
    ) in graph
    label = Literal("Public sector policy and administrative management", lang="en")
    assert (sector, SKOS.prefLabel, label) in graph
    definitions = list(graph.objects(sector, SKOS.definition))
    assert any(isinstance(d, Literal) and d.language == "en" for d in definitions)


def test_every_sector_has_an_existing_category(graph: Graph) -> None:
    sectors = set(graph.subjects(SKOS.inScheme, URIRef(vocab.codelist_iri("Sector"))))
    assert len(sectors) > 300
    for sector in sectors:
        broader = list(graph.objects(sector, SKOS.broader))
        assert len(broader) == 1, sector
        assert (broader[0], SKOS.inScheme, URIRef(vocab.codelist_iri("SectorCategory"))) in graph


def test_withdrawn_codes_are_deprecated(graph: Graph) -> None:
    root = safexml.parse(codelists.codelist_path("Sector")).getroot()
    withdrawn = {c.strip() for c in root.xpath("//codelist-item[@status='withdrawn']/code/text()")}  # type: ignore[union-attr]
    assert withdrawn
    for code in withdrawn:
        concept = URIRef(vocab.concept_iri("Sector", str(code)))
        assert graph.value(concept, OWL.deprecated) is not None


def test_known_codes_for_the_converter() -> None:
    assert "LA" in codelists.known_codes("Country")
    assert {"1", "2", "3", "4"} <= codelists.known_codes("OrganisationRole")
    assert "15151" in codelists.known_codes("Sector")


def test_codelist_dir_is_inside_the_package() -> None:
    assert Path(codelists.__file__).parent / "codelists" == codelists.codelist_dir()
