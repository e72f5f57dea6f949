"""The identifier crosswalk: well-formed identifiers, backed by sources, unambiguous."""

from __future__ import annotations

import csv
import hashlib
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
GSWG_PILLAR = URIRef("https://w3id.org/gswg/ontology#GovernancePillar")
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
    "DacDonorCodeScheme": re.compile(r"^[1-9]\d{0,3}$"),
    "WikidataScheme": re.compile(r"^Q[1-9]\d*$"),
}
FLAT = {
    ("IatiOrganisationIdentifierScheme", "current"): "iatiOrganisationIdentifier",
    ("IatiOrganisationIdentifierScheme", "former"): "formerIatiOrganisationIdentifier",
    ("CrsChannelCodeScheme", "current"): "crsChannelCode",
    ("Iso3166Alpha2Scheme", "current"): "iso3166Alpha2",
    ("LaoChartOfAccountsScheme", "current"): "laCoaIdentifier",
    ("DacDonorCodeScheme", "current"): "dacDonorCode",
}
# Wikidata items are linked as IRIs, not copied as literals.
WIKIDATA = "http://www.wikidata.org/entity/"
LINKS = {SKOS.exactMatch, SKOS.closeMatch}
PILLAR_LINKS = {SKOS.closeMatch, SKOS.narrowMatch, SKOS.relatedMatch}


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


def pillars_of_the_data() -> set[URIRef]:
    data = Graph().parse(REPO / "data" / "pillars.ttl", format="turtle")
    found = {URIRef(str(s)) for s in data.subjects(RDF.type, GSWG_PILLAR)}
    assert len(found) == 4
    return found


def test_only_identifier_and_mapping_triples_about_gswg_nodes(graph: Graph) -> None:
    organisations = organisations_of_the_data()
    pillars = pillars_of_the_data()
    flat = {URIRef(GSI + p) for p in FLAT.values()} | {URIRef(ADMS + "identifier")} | LINKS
    subjects = {s for s in graph.subjects() if str(s).startswith(GSD)}
    assert subjects <= organisations | pillars, subjects - organisations - pillars
    for subject in subjects:
        allowed = PILLAR_LINKS if subject in pillars else flat
        assert set(graph.predicates(subject, None)) <= allowed
        assert (subject, RDF.type, None) not in graph
        assert (subject, RDFS.label, None) not in graph


def test_every_identifier_is_complete_and_well_formed(graph: Graph) -> None:
    countries = codelists.known_codes("Country")
    for node in identifier_nodes(graph):
        notations = list(graph.objects(node, SKOS.notation))
        schemes = list(graph.objects(node, URIRef(GSI + "identifierScheme")))
        statuses = list(graph.objects(node, URIRef(ADMS + "status")))
        sources = list(graph.objects(node, DCTERMS.source))
        assert len(notations) == len(schemes) == len(statuses) == 1, node
        notation = str(notations[0])
        scheme = str(schemes[0]).rsplit("#", 1)[-1]
        # a QID is recorded only where two sources agree; every other identifier cites one
        assert len(sources) == (2 if scheme == "WikidataScheme" else 1), node
        assert PATTERNS[scheme].match(notation), (node, notation)
        if scheme == "Iso3166Alpha2Scheme":
            assert notation in countries
        assert all(str(source).startswith("https://") for source in sources)
        assert (node, URIRef(GSI + "sourceLabel"), None) in graph
        assert (node, URIRef(ADMS + "schemeAgency"), None) in graph
        status = str(statuses[0]).rsplit("#", 1)[-1]
        owners = list(graph.subjects(URIRef(ADMS + "identifier"), node))
        assert len(owners) == 1
        if scheme == "WikidataScheme":
            links = {p for p in LINKS if (owners[0], p, URIRef(WIKIDATA + notation)) in graph}
            assert len(links) == 1, node
        else:
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


@pytest.mark.parametrize("ref", ["Q408", "801", "4", "918"])
def test_qids_and_dac_donor_codes_are_not_matched_as_refs(ref: str) -> None:
    """Australia's QID and DAC donor code, France's and the EU's donor codes: bare numbers and
    QIDs are not organisation refs in IATI data (a donor is XM-DAC-{code}-{agency} there)."""
    assert crosswalk.load(CROSSWALK).match(ref) is None


# Read from the sources by hand (not from the crosswalk): ONEcampaign/oda_data_package
# src/oda_data/tools/names/dac1_names.json (commit 3a4fdeb), "donor_code" table, line numbers.
DAC_DONOR_CODES = {
    "australia": ("801", 47),
    "finland": ("18", 26),
    "france": ("4", 20),
    "germany": ("5", 12),
    "japan": ("701", 39),
    "korea": ("742", 14),
    "usa": ("302", 44),
    "luxembourg": ("22", 7),
    "switzerland": ("11", 4),
    "thailand": ("764", 58),
    "european-union": ("918", 21),
}


@pytest.mark.parametrize("org", sorted(DAC_DONOR_CODES))
def test_dac_donor_code(graph: Graph, org: str) -> None:
    code, line = DAC_DONOR_CODES[org]
    assert set(graph.objects(URIRef(GSD + org), URIRef(GSI + "dacDonorCode"))) == {Literal(code)}
    node = URIRef(f"{vocab.IDENTIFIER_BASE}{org}/dac-donor/{code}")
    source = str(graph.value(node, DCTERMS.source))
    assert source.startswith("https://github.com/ONEcampaign/oda_data_package/blob/3a4fdeb")
    assert source.endswith(f"/dac1_names.json#L{line}")


def test_only_these_organisations_have_dac_donor_codes(graph: Graph) -> None:
    owners = {str(s)[len(GSD) :] for s in graph.subjects(URIRef(GSI + "dacDonorCode"), None)}
    assert owners == set(DAC_DONOR_CODES)


# ISO 3166-1 alpha-2 -> QID as both sources state it (read by hand): owid/owid-grapher
# CountriesRegions.ts (commit c7402d1; iso_alpha2 and wikidata_uri columns, line numbers) and
# europeana/metis-framework wkd2org.xsl (commit 1819b96; lib:toISO639_2 maps entity IRIs to codes).
WIKIDATA_ITEMS = {
    "AU": ("Q408", 14),
    "KH": ("Q424", 42),
    "FI": ("Q33", 84),
    "FR": ("Q142", 85),
    "DE": ("Q183", 92),
    "IN": ("Q668", 114),
    "JP": ("Q17", 123),
    "LA": ("Q819", 132),
    "LU": ("Q32", 140),
    "MY": ("Q833", 144),
    "MM": ("Q836", 165),
    "PH": ("Q928", 193),
    "SG": ("Q334", 221),
    "KR": ("Q884", 229),
    "CH": ("Q39", 238),
    "TH": ("Q869", 243),
    "US": ("Q30", 260),
    "VN": ("Q881", 268),
}


@pytest.mark.parametrize("iso", sorted(WIKIDATA_ITEMS))
def test_wikidata_item_of_each_country_code(graph: Graph, iso: str) -> None:
    qid, line = WIKIDATA_ITEMS[iso]
    (owner,) = graph.subjects(URIRef(GSI + "iso3166Alpha2"), Literal(iso))
    # the Lao government is not the country Laos: a close match, not an exact one
    relation = (
        SKOS.closeMatch if owner == URIRef(GSD + "government-of-lao-pdr") else SKOS.exactMatch
    )
    assert set(graph.objects(owner, relation)) == {URIRef(WIKIDATA + qid)}
    assert not {o for p in LINKS - {relation} for o in graph.objects(owner, p)}
    record = URIRef(f"{vocab.IDENTIFIER_BASE}{str(owner)[len(GSD) :]}/wikidata/{qid}")
    sources = {str(s) for s in graph.objects(record, DCTERMS.source)}
    assert any(s.endswith(f"CountriesRegions.ts#L{line}") and "/blob/c7402d1" in s for s in sources)
    assert any(s.endswith("wkd2org.xsl") and "/blob/1819b96" in s for s in sources)


def test_every_country_code_has_its_wikidata_item(graph: Graph) -> None:
    codes = {str(o) for o in graph.objects(None, URIRef(GSI + "iso3166Alpha2"))}
    assert codes == set(WIKIDATA_ITEMS)


def test_sources_are_pinned_to_a_commit_or_their_content(graph: Graph) -> None:
    """A GitHub source names a commit; the one that cannot (KOICA's activity file, see
    SOURCES.md) says why and gives the SHA-256 of the file read."""
    pinned = re.compile(r"^https://github\.com/[^/]+/[^/]+/blob/[0-9a-f]{7,40}/")
    unpinned = set()
    for node in identifier_nodes(graph):
        for source in graph.objects(node, DCTERMS.source):
            if str(source).startswith("https://github.com/") and not pinned.match(str(source)):
                unpinned.add(node)
    assert unpinned == {URIRef(f"{vocab.IDENTIFIER_BASE}koica/iati-org-id/KR-GOV-051")}
    (node,) = unpinned
    comment = str(graph.value(node, RDFS.comment))
    assert "SOURCES.md gives this file at branch main only" in comment
    digest = re.search(r"SHA-256 of the file read ([0-9a-f]{64})", comment)
    assert digest is not None
    activity_file = SHARED / "activities" / "dportal_covid.xml"
    if activity_file.is_file():
        assert hashlib.sha256(activity_file.read_bytes()).hexdigest() == digest.group(1)


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
