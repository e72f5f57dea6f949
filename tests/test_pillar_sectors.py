"""The governance pillars linked to OECD DAC purpose codes (data/crosswalk.ttl, last part).

The guide names the four pillars but no DAC code, so every link is the curators' inference: the
data must say so on each link (gswg:evidence gsd:evidence-inferred and a gswg:curationNote) and
use the SKOS mapping property chosen for it. The expected table is written from the pillars'
names and the codes' names and descriptions in the Sector codelist, not read from the data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from gswg_graph.iati import codelists, vocab

REPO = Path(__file__).resolve().parents[1]
CROSSWALK = REPO / "data" / "crosswalk.ttl"
GSD = "https://w3id.org/gswg/id/"
GSI = vocab.GSI
GSWG = "https://w3id.org/gswg/ontology#"
SECTOR_XML = "https://github.com/IATI/IATI-Codelists-NonEmbedded/blob/7aeece7/xml/Sector.xml"

PSI = "pillar-public-service-improvement"
PARTICIPATION = "pillar-peoples-participation"
RULE_OF_LAW = "pillar-rule-of-law"
PFM = "pillar-public-financial-management"
# purpose code -> (pillar, SKOS mapping property)
EXPECTED = {
    "15110": (PSI, "closeMatch"),  # Public sector policy and administrative management
    "15124": (PSI, "narrowMatch"),  # General personnel services (the civil service)
    "15112": (PSI, "narrowMatch"),  # Decentralisation and support to subnational government
    "15185": (PSI, "narrowMatch"),  # Local government administration
    "15150": (PARTICIPATION, "closeMatch"),  # Democratic participation and civil society
    "15151": (PARTICIPATION, "narrowMatch"),  # Elections
    "15153": (PARTICIPATION, "relatedMatch"),  # Media and free flow of information
    "15130": (RULE_OF_LAW, "closeMatch"),  # Legal and judicial development
    "15131": (RULE_OF_LAW, "narrowMatch"),  # Justice, law and order policy, planning and admin.
    "15134": (RULE_OF_LAW, "narrowMatch"),  # Judicial affairs
    "15152": (RULE_OF_LAW, "relatedMatch"),  # Legislatures and political parties
    "15160": (RULE_OF_LAW, "relatedMatch"),  # Human rights
    "15113": (RULE_OF_LAW, "relatedMatch"),  # Anti-corruption organisations and institutions
    "15111": (PFM, "closeMatch"),  # Public finance management (PFM)
    "15120": (PFM, "closeMatch"),  # Public sector financial management (withdrawn)
    "15117": (PFM, "narrowMatch"),  # Budget planning
    "15118": (PFM, "narrowMatch"),  # National audit
    "15119": (PFM, "narrowMatch"),  # Debt and aid management
    "15114": (PFM, "relatedMatch"),  # Domestic revenue mobilisation
    "15125": (PFM, "relatedMatch"),  # Public Procurement
    "15142": (PFM, "relatedMatch"),  # Macroeconomic policy
}
RELATIONS = {"closeMatch", "narrowMatch", "relatedMatch"}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(CROSSWALK, format="turtle")


def sector(code: str) -> URIRef:
    return URIRef(vocab.concept_iri("Sector", code))


def code_lines() -> dict[str, int]:
    """The line of each <code> in the shipped Sector.xml (an unchanged copy of the source)."""
    root = etree.parse(str(codelists.codelist_path("Sector"))).getroot()
    lines: dict[str, int] = {}
    for element in root.iterfind("codelist-items/codelist-item/code"):
        line: int = getattr(element, "sourceline", 0)  # untyped in the lxml stubs
        lines[(element.text or "").strip()] = line
    return lines


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_pillar_is_linked_to_the_purpose_code(graph: Graph, code: str) -> None:
    pillar, relation = EXPECTED[code]
    assert (URIRef(GSD + pillar), SKOS[relation], sector(code)) in graph
    others = RELATIONS - {relation}
    assert not any((None, SKOS[other], sector(code)) in graph for other in others)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_link_says_it_is_the_curators_inference_and_why(graph: Graph, code: str) -> None:
    pillar, relation = EXPECTED[code]
    record = URIRef(f"{vocab.IATI_BASE}pillar-sector/{pillar}/{code}")
    assert (record, RDF.type, URIRef(GSI + "PillarSectorMapping")) in graph
    assert (record, URIRef(GSI + "mappedPillar"), URIRef(GSD + pillar)) in graph
    assert (record, URIRef(GSI + "mappedSector"), sector(code)) in graph
    assert (record, URIRef(GSWG + "evidence"), URIRef(GSD + "evidence-inferred")) in graph
    (note,) = graph.objects(record, URIRef(GSWG + "curationNote"))
    assert isinstance(note, Literal) and note.language == "en"
    assert str(note).startswith("Curators' inference, not the guide's")
    assert f"skos:{relation}: " in str(note)
    item = next(i for i in codelists.load("Sector").items if i.code == code)
    assert graph.value(record, URIRef(GSI + "sourceLabel")) == Literal(item.names["en"])
    assert graph.value(record, DCTERMS.source) == URIRef(f"{SECTOR_XML}#L{code_lines()[code]}")


def test_the_mapping_is_exactly_the_expected_one(graph: Graph) -> None:
    prefix = vocab.concept_iri("Sector", "")
    found = {}
    for pillar, prop, code in graph:
        if str(pillar).startswith(GSD + "pillar-"):
            found[str(code)[len(prefix) :]] = (str(pillar)[len(GSD) :], str(prop)[len(str(SKOS)) :])
    assert found == EXPECTED


def test_every_pillar_has_a_close_match_and_none_an_exact_one(graph: Graph) -> None:
    for pillar in (PSI, PARTICIPATION, RULE_OF_LAW, PFM):
        assert list(graph.objects(URIRef(GSD + pillar), SKOS.closeMatch))
        assert not list(graph.objects(URIRef(GSD + pillar), SKOS.exactMatch))


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_the_codes_are_5_digit_purpose_codes_of_group_151(code: str) -> None:
    """All in DAC group 151 "Government & civil society - general", the one 15120 withdrawn."""
    item = next(i for i in codelists.load("Sector").items if i.code == code)
    assert len(code) == 5 and item.category == "151"
    assert item.withdrawn == (code == "15120")
