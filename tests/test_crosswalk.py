"""The identifier crosswalk: well-formed identifiers, backed by sources, unambiguous."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from gswg_graph.errors import InputError
from gswg_graph.iati import codelists, crosswalk, vocab

from .helpers import shared_iati_folder

REPO = Path(__file__).resolve().parents[1]
CROSSWALK = REPO / "data" / "crosswalk.ttl"
SHARED = shared_iati_folder()
GSD = "https://w3id.org/gswg/id/"
GSI = vocab.GSI
ADMS = vocab.ADMS

# Written independently of the ontology's gsi:notationPattern, on purpose.
PATTERNS = {
    "IatiOrganisationIdentifierScheme": re.compile(r"^(?:[A-Z]{2}(?:-[A-Za-z0-9_.]+)+|\d{5})$"),
    "CrsChannelCodeScheme": re.compile(r"^[1-9]\d{4}$"),
    "Iso3166Alpha2Scheme": re.compile(r"^[A-Z]{2}$"),
    "LaoChartOfAccountsScheme": re.compile(r"^LA-COA-\d+$"),
}
FLAT = {
    ("IatiOrganisationIdentifierScheme", "current"): "iatiOrganisationIdentifier",
    ("IatiOrganisationIdentifierScheme", "former"): "formerIatiOrganisationIdentifier",
    ("CrsChannelCodeScheme", "current"): "crsChannelCode",
    ("Iso3166Alpha2Scheme", "current"): "iso3166Alpha2",
    ("LaoChartOfAccountsScheme", "current"): "laCoaIdentifier",
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(CROSSWALK, format="turtle")


def identifier_nodes(graph: Graph) -> list[URIRef]:
    nodes = [n for n in graph.subjects(RDF.type, URIRef(ADMS + "Identifier"))]
    assert len(nodes) > 50, "the crosswalk lost its identifiers"
    return sorted(n for n in nodes if isinstance(n, URIRef))


def organisations_of_the_data() -> set[URIRef]:
    """Every organisation data/organisations.ttl defines (typed and labelled there)."""
    data = Graph().parse(REPO / "data" / "organisations.ttl", format="turtle")
    found = {URIRef(str(s)) for s in data.subjects(SKOS.prefLabel) if str(s).startswith(GSD)}
    assert len(found) == 81  # 74 organisations of Annex 2 and 7 more the guide names
    return found


def test_only_identifier_triples_about_gswg_organisations(graph: Graph) -> None:
    allowed = organisations_of_the_data()
    flat = {URIRef(GSI + p) for p in FLAT.values()} | {URIRef(ADMS + "identifier")}
    subjects = {s for s in graph.subjects() if str(s).startswith(GSD)}
    assert subjects <= allowed, subjects - allowed
    for subject in subjects:
        assert set(graph.predicates(subject, None)) <= flat
        assert (subject, RDF.type, None) not in graph
        assert (subject, RDFS.label, None) not in graph


def test_every_identifier_is_complete_and_well_formed(graph: Graph) -> None:
    countries = codelists.known_codes("Country")
    for node in identifier_nodes(graph):
        notations = list(graph.objects(node, SKOS.notation))
        schemes = list(graph.objects(node, URIRef(GSI + "identifierScheme")))
        statuses = list(graph.objects(node, URIRef(ADMS + "status")))
        sources = list(graph.objects(node, DCTERMS.source))
        assert len(notations) == len(schemes) == len(statuses) == len(sources) == 1, node
        notation = str(notations[0])
        scheme = str(schemes[0]).rsplit("#", 1)[-1]
        assert PATTERNS[scheme].match(notation), (node, notation)
        if scheme == "Iso3166Alpha2Scheme":
            assert notation in countries
        assert str(sources[0]).startswith("https://")
        assert (node, URIRef(GSI + "sourceLabel"), None) in graph
        assert (node, URIRef(ADMS + "schemeAgency"), None) in graph
        status = str(statuses[0]).rsplit("#", 1)[-1]
        owners = list(graph.subjects(URIRef(ADMS + "identifier"), node))
        assert len(owners) == 1
        flat = URIRef(GSI + FLAT[(scheme, status)])
        assert (owners[0], flat, Literal(notation)) in graph


def test_flat_literals_all_have_identifier_nodes(graph: Graph) -> None:
    for prop in FLAT.values():
        for owner, notation in graph.subject_objects(URIRef(GSI + prop)):
            nodes = [
                n
                for n in graph.objects(owner, URIRef(ADMS + "identifier"))
                if (n, SKOS.notation, notation) in graph
            ]
            assert nodes, (owner, prop, notation)


def test_lookup_prefers_current_identifiers() -> None:
    table = crosswalk.load(CROSSWALK)
    expectations = {
        "XM-DAC-41114": ("undp", "current"),
        "41114": ("undp", "current"),  # CRS channel code (current) beats the legacy IATI id
        "AU-5": ("australia", "current"),  # DFAT's; AusAID's former use loses
        "AU": ("australia", "current"),
        "NZ-2": ("nzaid", "former"),
        "NZ-1": ("nzaid", "current"),
        "CH-4": ("sdc", "current"),
        "KR-GOV-051": ("koica", "current"),
        "LA-COA-13": ("moha", "current"),
        "LA": ("government-of-lao-pdr", "current"),
        "XI-IATI-EC_DEVCO": ("european-union", "former"),
    }
    for ref, (name, status) in expectations.items():
        match = table.match(ref)
        assert match is not None, ref
        assert (match.organisation, match.identifier.status) == (GSD + name, status)


def test_things_without_a_source_are_left_out() -> None:
    table = crosswalk.load(CROSSWALK)
    for ref in ("LA-COA-4", "LA-COA-8", "LA-COA-19"):  # ambiguous / not a GSWG node / "Others"
        assert table.match(ref) is None
    owners = {i.organisation for i in table.identifiers}
    for name in ("ministry-of-agriculture-and-commerce", "mpi", "mof", "ingo-network"):
        assert GSD + name not in owners
    assert not any("wikidata" in i.notation.lower() for i in table.identifiers)


def test_an_ambiguous_crosswalk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ambiguous.ttl"
    node = "<https://example.org/id/{}>"
    lines = [
        "@prefix adms: <http://www.w3.org/ns/adms#> .",
        f"@prefix gsi: <{GSI}> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
    ]
    for org in ("a", "b"):
        lines.append(f"<{GSD}{org}> adms:identifier {node.format(org)} .")
        lines.append(f'{node.format(org)} skos:notation "XM-DAC-1" ; adms:status gsi:current .')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="XM-DAC-1"):
        crosswalk.load(path)


def _registry_lines() -> list[str]:
    path = SHARED / "identifiers" / "ReportingOrganisation.csv"
    if not path.is_file():
        pytest.skip("the shared IATI folder is not on this machine")
    return path.read_text(encoding="utf-8").splitlines()


def test_registry_rows_named_in_sources_hold_the_notation(graph: Graph) -> None:
    lines = _registry_lines()
    checked = 0
    for node in identifier_nodes(graph):
        source = str(graph.value(node, DCTERMS.source))
        if "ReportingOrganisation.csv#L" in source:
            row = next(csv.reader([lines[int(source.rsplit("#L", 1)[1]) - 1]]))
            assert row[0] == str(graph.value(node, SKOS.notation))
            assert row[1] == str(graph.value(node, URIRef(GSI + "sourceLabel")))
            checked += 1
    assert checked >= 25


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_crosswalk", REPO / "scripts" / "build_crosswalk.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def test_crosswalk_is_reproducible_from_its_sources() -> None:
    if not (SHARED / "identifiers").is_dir():
        pytest.skip("the shared IATI folder is not on this machine")
    assert _builder().build(SHARED) == CROSSWALK.read_text(encoding="utf-8")
