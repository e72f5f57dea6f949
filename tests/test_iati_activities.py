"""IATI activity import: real Lao PDR activities checked against values read from the XML."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import XSD, Graph, Literal, URIRef

from gswg_graph.errors import InputError
from gswg_graph.iati import activities, crosswalk, synthetic, vocab
from gswg_graph.querying import local_backend

from .helpers import shared_iati_folder

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "iati"
SHARED = shared_iati_folder() / "activities"
CROSSWALK = REPO / "data" / "crosswalk.ttl"
GSD = "https://w3id.org/gswg/id/"
GSI = vocab.GSI
PREFIXES = f"PREFIX gsi: <{GSI}>\nPREFIX prov: <{vocab.PROV}>\nPREFIX dcterms: <{vocab.DCTERMS}>\n"


def convert(paths: list[Path], tmp_path: Path) -> tuple[Graph, activities.ImportSummary]:
    out = tmp_path / "out.nt"
    with open(out, "w", encoding="utf-8") as handle:
        summary = activities.convert(paths, handle, crosswalk.load(CROSSWALK))
    graph = Graph().parse(out, format="nt")
    assert len(graph) == summary.triples
    return graph, summary


def org(short: str | None) -> str | None:
    """'gsd:undp' -> GSWG IRI, 'org:01802' -> IATI-only organisation IRI, None -> no ref."""
    if short is None:
        return None
    prefix, local = short.split(":", 1)
    return GSD + local if prefix == "gsd" else vocab.org_iri(local)


@dataclass(frozen=True)
class Expected:
    """What a Lao activity contains, read by hand from the fixture (line numbers given)."""

    fixture: str
    reporting: str
    participating: frozenset[tuple[str | None, str]]  # (organisation, role code)
    sectors: frozenset[tuple[str, str, Decimal]]  # (code, vocabulary, percentage)
    # transaction type -> (number of transactions, total value, currency)
    transactions: dict[str, tuple[int, Decimal, str]] = field(default_factory=dict)


D = Decimal
LAO: dict[str, Expected] = {
    # lao_dportal_100.xml lines 3-659 (dportal_100.xml 229-885): the UNDP governance
    # programme. participating-org lines 14-22, sectors 75-80; transaction values summed from
    # the <value> lines 116-656 by transaction-type (grep/awk on the raw text).
    "XM-DAC-41114-OUTPUT-00098059": Expected(
        "lao_dportal_100.xml",
        "gsd:undp",
        frozenset({("gsd:sdc", "1"), ("org:01802", "4"), ("gsd:undp", "1")}),
        frozenset(
            {
                ("15151", "1", D(100)),
                ("18", "99", D(100)),
                ("1.3", "8", D(50)),
                ("16.7", "8", D(50)),
            }
        ),
        {
            "1": (2, D(1800000), "USD"),  # 800000 + 1000000
            "2": (1, D(3900213), "USD"),
            "3": (5, D(436706), "USD"),  # 97523 + 57295 + 48764 + 101510 + 131614
            "4": (19, D(3214658), "USD"),
            "11": (10, D(4554979), "USD"),
        },
    ),
    # lao_dportal_100.xml lines 660-1273: participating-org lines 671-682, sectors 715-721.
    "XM-DAC-41114-OUTPUT-00106305": Expected(
        "lao_dportal_100.xml",
        "gsd:undp",
        frozenset({("org:00043", "1"), ("org:01803", "4"), ("org:13449", "1"), ("gsd:undp", "1")}),
        frozenset(
            {
                ("18", "99", D(100)),
                ("1.3", "8", D("33.33")),
                ("15151", "1", D(100)),
                ("16.6", "8", D("33.33")),
                ("16.7", "8", D("33.33")),
            }
        ),
        {
            "1": (3, D(133940), "USD"),
            "2": (1, D(475018), "USD"),
            "3": (5, D(88238), "USD"),
            "4": (19, D(307168), "USD"),
            "11": (12, D(519057), "USD"),
        },
    ),
    # lao_dportal_19.xml lines 3-134: one participating-org (line 14), no transactions.
    "FR-3-CZZ2146": Expected(
        "lao_dportal_19.xml",
        "gsd:afd",
        frozenset({("gsd:france", "1")}),
        frozenset({("12182", "1", D(100)), ("1", "99", D(100))}),
    ),
    # lao_dportal_19.xml lines 135-312: transactions lines 282-300.
    "FR-3-CZZ214601": Expected(
        "lao_dportal_19.xml",
        "gsd:afd",
        frozenset({("gsd:afd", "3"), ("gsd:france", "1"), (None, "4")}),
        frozenset({("12182", "1", D(100)), ("1", "99", D(100))}),
        {"2": (1, D(4000000), "EUR"), "3": (2, D(3500000), "EUR")},  # 1500000 + 2000000
    ),
    # lao_dportal_19.xml lines 313-440: transactions lines 410-428.
    "FR-3-CZZ214602": Expected(
        "lao_dportal_19.xml",
        "gsd:afd",
        frozenset({("gsd:afd", "3"), ("gsd:france", "1"), (None, "4")}),
        frozenset({("12182", "1", D(100)), ("1", "99", D(100))}),
        {"2": (1, D(2000000), "EUR"), "3": (2, D(2000000), "EUR")},  # 1750090 + 249910
    ),
    # lao_dportal_19.xml lines 441-487 (France, Ministry for Europe and Foreign Affairs).
    "FR-6-LA-1983": Expected(
        "lao_dportal_19.xml",
        "gsd:france",
        frozenset({("gsd:france", "1"), (None, "4"), ("org:FR-99", "3")}),
        frozenset({("72040", "1", D(100))}),
        {"2": (1, D(700000), "EUR"), "3": (1, D(700000), "EUR")},
    ),
    # lao_dportal_7.xml lines 3-91: participating "AU" (ISO code) and "AU-5" (DFAT) are both
    # Australia; sectors lines 38-47; one expenditure, line 85.
    "AU-5-INN517-LA": Expected(
        "lao_dportal_7.xml",
        "gsd:australia",
        frozenset({("gsd:australia", "1"), ("gsd:australia", "3"), (None, "4")}),
        frozenset(
            {
                ("12264", "1", D(23)),
                ("72010", "1", D(50)),
                ("33150", "1", D(21)),
                ("15160", "1", D(6)),
            }
        ),
        {"3": (1, D(4799726), "AUD")},
    ),
    # lao_dportal_covid.xml lines 2-184: KR-GOV-051 is KOICA; transactions lines 104-181.
    "KR-GOV-051-2020070101344": Expected(
        "lao_dportal_covid.xml",
        "gsd:korea",
        frozenset({("gsd:koica", "3"), ("gsd:koica", "4"), ("org:KR-GOV-050", "1")}),
        frozenset({("12220", "1", D(100))}),
        {t: (1, D(192715000), "KRW") for t in ("1", "2", "3")},
    ),
    # lao_dportal_covid.xml lines 185-369.
    "KR-GOV-051-2020010102536": Expected(
        "lao_dportal_covid.xml",
        "gsd:korea",
        frozenset({("gsd:koica", "3"), ("gsd:koica", "4"), ("org:KR-GOV-050", "1")}),
        frozenset({("12264", "1", D(100))}),
        {t: (1, D(206625000), "KRW") for t in ("1", "2", "3")},
    ),
    # lao_dportal_covid.xml lines 370-554.
    "KR-GOV-051-2020010102478": Expected(
        "lao_dportal_covid.xml",
        "gsd:korea",
        frozenset({("gsd:koica", "3"), ("gsd:koica", "4"), ("org:KR-GOV-050", "1")}),
        frozenset({("12264", "1", D(100))}),
        {t: (1, D(621569120), "KRW") for t in ("1", "2", "3")},
    ),
}

# fixture -> (activities, of which in Lao PDR), counted with grep -c.
FIXTURE_COUNTS = {
    "lao_dportal_100.xml": (2, 2),
    "lao_dportal_19.xml": (4, 4),
    "lao_dportal_7.xml": (1, 1),
    "lao_dportal_covid.xml": (3, 3),
}
# The full exports in the shared folder (not on CI): grep -c '<iati-activity ' and
# grep -c 'recipient-country code="LA"' at activity level.
SHARED_COUNTS = {
    "dportal_100.xml": (100, 2),
    "dportal_19.xml": (100, 4),
    "dportal_7.xml": (100, 1),
    "dportal_covid.xml": (401, 3),
}


def test_fixtures_are_present() -> None:
    found = sorted(p.name for p in FIXTURES.glob("*.xml"))
    assert found == sorted(FIXTURE_COUNTS)
    assert len(LAO) == sum(lao for _, lao in FIXTURE_COUNTS.values())


@pytest.fixture(scope="module")
def lao_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, activities.ImportSummary]:
    paths = [FIXTURES / name for name in sorted(FIXTURE_COUNTS)]
    return convert(paths, tmp_path_factory.mktemp("lao"))


@pytest.mark.parametrize("name", sorted(FIXTURE_COUNTS))
def test_each_fixture_imports(name: str, tmp_path: Path) -> None:
    graph, summary = convert([FIXTURES / name], tmp_path)
    assert (summary.activities, summary.lao_activities) == FIXTURE_COUNTS[name]
    typed = set(graph.subjects(URIRef(vocab.RDF + "type"), URIRef(GSI + "Activity")))
    assert len(typed) == summary.activities


def test_shared_exports_are_all_there() -> None:
    if not SHARED.is_dir():
        pytest.skip("the shared IATI folder is not on this machine")
    assert sorted(p.name for p in SHARED.glob("*.xml")) == sorted(SHARED_COUNTS)


@pytest.mark.parametrize("name", sorted(SHARED_COUNTS))
def test_each_shared_export_imports(name: str, tmp_path: Path) -> None:
    if not (SHARED / name).is_file():
        pytest.skip("the shared IATI folder is not on this machine")
    _graph, summary = convert([SHARED / name], tmp_path)
    assert (summary.activities, summary.lao_activities) == SHARED_COUNTS[name]
    assert sorted(summary.lao_identifiers) == sorted(
        identifier for identifier, e in LAO.items() if e.fixture == f"lao_{name}"
    )
    assert summary.triples > 0 and summary.skipped is not None


def test_lao_activities_are_all_found(
    lao_graph: tuple[Graph, activities.ImportSummary],
) -> None:
    _graph, summary = lao_graph
    assert sorted(summary.lao_identifiers) == sorted(LAO)


@pytest.mark.parametrize("identifier", sorted(LAO))
def test_lao_activity_matches_the_xml(
    identifier: str, lao_graph: tuple[Graph, activities.ImportSummary]
) -> None:
    graph, _summary = lao_graph
    expected = LAO[identifier]
    act = URIRef(vocab.activity_iri(identifier))
    assert (act, URIRef(vocab.DCTERMS + "identifier"), Literal(identifier)) in graph
    assert (
        act,
        URIRef(GSI + "recipientCountry"),
        URIRef(vocab.concept_iri("Country", "LA")),
    ) in graph
    reporting = set(graph.objects(act, URIRef(GSI + "reportingOrganisation")))
    assert reporting == {URIRef(str(org(expected.reporting)))}

    rows = graph.query(
        PREFIXES
        + """SELECT ?agent ?role WHERE {
            ?act prov:qualifiedAssociation ?p . ?p prov:hadRole ?role .
            OPTIONAL { ?p prov:agent ?agent }
            FILTER (?role != gsi:reporting) }""",
        initBindings={"act": act},
    )
    participating = {
        (str(r.agent) if r.agent is not None else None, str(r.role).rsplit("/", 1)[-1])  # type: ignore[union-attr]
        for r in rows
    }
    assert participating == {(org(o), role) for o, role in expected.participating}

    rows = graph.query(
        PREFIXES
        + """SELECT ?code ?vocabulary ?pct WHERE {
            ?act gsi:sectorAllocation ?s . ?s gsi:code ?code ; gsi:sectorVocabulary ?vocabulary ;
            gsi:percentage ?pct }""",
        initBindings={"act": act},
    )
    sectors = {
        (str(r.code), str(r.vocabulary).rsplit("/", 1)[-1], r.pct.toPython())  # type: ignore[union-attr]
        for r in rows
    }
    assert sectors == set(expected.sectors)

    rows = graph.query(
        PREFIXES
        + """SELECT ?type (COUNT(?t) AS ?n) (SUM(?value) AS ?total) ?currency WHERE {
            ?act gsi:transaction ?t . ?t gsi:transactionType ?type ; gsi:value ?value ;
            gsi:currency ?currency } GROUP BY ?type ?currency""",
        initBindings={"act": act},
    )
    totals = {
        str(r.type).rsplit("/", 1)[-1]: (int(r.n), r.total.toPython(), str(r.currency))  # type: ignore[union-attr]
        for r in rows
    }
    assert totals == expected.transactions


def test_undp_governance_programme_is_linked_to_gswg_undp(
    lao_graph: tuple[Graph, activities.ImportSummary],
) -> None:
    graph, summary = lao_graph
    act = URIRef(vocab.activity_iri("XM-DAC-41114-OUTPUT-00098059"))
    undp = URIRef(GSD + "undp")
    title = Literal("The Governance for Inclusive Development Programme", lang="en")
    assert (act, URIRef(vocab.DCTERMS + "title"), title) in graph
    assert (act, URIRef(GSI + "reportingOrganisation"), undp) in graph
    assert (act, URIRef(GSI + "participatingOrganisation"), undp) in graph
    assert (act, URIRef(GSI + "sector"), URIRef(vocab.concept_iri("Sector", "15151"))) in graph
    # no second IRI was minted for UNDP
    assert (URIRef(vocab.org_iri("XM-DAC-41114")), None, None) not in graph
    assert "XM-DAC-41114" in summary.matched[GSD + "undp"].refs
    assert "United Nations Development Programme" in summary.matched[GSD + "undp"].names


def test_summary_lists_matched_organisations_with_names(
    lao_graph: tuple[Graph, activities.ImportSummary],
) -> None:
    _graph, summary = lao_graph
    assert set(summary.matched) == {
        GSD + name for name in ("undp", "sdc", "afd", "france", "australia", "korea", "koica")
    }
    assert summary.matched[GSD + "koica"].names == ["Korea International Cooperation Agency"]
    text = summary.render()
    assert "10 in Lao PDR" in text
    assert "gsd:koica <- KR-GOV-051" in text


UNKNOWN = """<?xml version="1.0"?>
<iati-activities version="2.02">
 <iati-activity default-currency="EUR" xml:lang="en">
  <iati-identifier>XX-TEST/1 a</iati-identifier>
  <reporting-org ref="XX-TEST" type="999"><narrative>Test "org"</narrative></reporting-org>
  <participating-org ref="XX-TEST" role="9"/>
  <recipient-country code="ZZ" percentage="100"/>
  <sector code="99999" vocabulary="1" percentage="50"/>
  <sector code="15110" percentage="50"/>
  <activity-date iso-date="2020-01-01" type="9"/>
  <transaction><transaction-type code="99"/><value>12.5</value></transaction>
  <transaction><transaction-type code="3"/><value>1,000</value></transaction>
  <budget type="1"><value>not a number</value></budget>
  <location/>
 </iati-activity>
</iati-activities>
"""


def test_unknown_codes_are_kept_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "unknown.xml"
    path.write_text(UNKNOWN, encoding="utf-8")
    graph, summary = convert([path], tmp_path)
    assert summary.unknown_codes == {
        ("OrganisationType", "999"): 1,
        ("OrganisationRole", "9"): 1,
        ("Country", "ZZ"): 1,
        ("Sector", "99999"): 1,
        ("ActivityDateType", "9"): 1,
        ("TransactionType", "99"): 1,
    }
    act = URIRef(vocab.activity_iri("XX-TEST/1 a"))
    assert str(act).endswith("/activity/XX-TEST%2F1%20a")
    assert (act, URIRef(GSI + "sector"), URIRef(vocab.concept_iri("Sector", "99999"))) in graph
    assert (act, URIRef(GSI + "sector"), URIRef(vocab.concept_iri("Sector", "15110"))) in graph
    assert (
        act,
        URIRef(GSI + "recipientCountry"),
        URIRef(vocab.concept_iri("Country", "ZZ")),
    ) in graph
    assert summary.skipped == {
        "transaction: no value, or value not a decimal": 1,
        "budget: no value, or value not a decimal": 1,
    }
    assert summary.not_converted == {"location": 1}
    assert summary.lao_activities == 0
    text = summary.render()
    assert "Sector '99999' x1" in text and "location x1" in text


@pytest.mark.parametrize("version", activities.SUPPORTED_VERSIONS)
def test_supported_versions(version: str, tmp_path: Path) -> None:
    path = tmp_path / "v.xml"
    path.write_text(UNKNOWN.replace('version="2.02"', f'version="{version}"'), encoding="utf-8")
    _graph, summary = convert([path], tmp_path)
    assert summary.activities == 1


@pytest.mark.parametrize(
    ("root", "problem"),
    [
        ('<iati-activities version="1.05">', "unsupported IATI version"),
        ('<iati-activities version="2.04">', "unsupported IATI version"),
        ("<iati-activities>", "no version attribute"),
        ('<iati-organisations version="2.03">', "root element is <iati-organisations>"),
        ("<rss>", "not an IATI activity file"),
    ],
)
def test_unknown_version_or_root_is_refused(root: str, problem: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    tag = root[1:].split()[0].rstrip(">")
    path.write_text(f'<?xml version="1.0"?>\n\n{root}\n</{tag}>\n', encoding="utf-8")
    with pytest.raises(InputError, match=problem) as caught:
        convert([path], tmp_path)
    assert caught.value.path == path
    assert caught.value.line == 3


def test_duplicate_activities_are_skipped(tmp_path: Path) -> None:
    path = FIXTURES / "lao_dportal_7.xml"
    _graph, summary = convert([path, path], tmp_path)
    assert summary.activities == 1
    assert summary.skipped["iati-activity: duplicate iati-identifier (first kept)"] == 1


def test_five_hundred_synthetic_activities(tmp_path: Path) -> None:
    source = synthetic.write_file(tmp_path / "synthetic.xml", 500)
    graph, summary = convert([source], tmp_path)
    assert summary.activities == 500
    assert summary.lao_activities == synthetic.expected_lao(500)
    activities_typed = set(graph.subjects(URIRef(vocab.RDF + "type"), URIRef(GSI + "Activity")))
    assert len(activities_typed) == 500
    # known refs resolve to GSWG organisations, unknown ones get one IATI-only node each
    assert {GSD + "undp", GSD + "sdc", GSD + "australia", GSD + "moha", GSD + "moj"} <= set(
        summary.matched
    )
    assert summary.unmatched_organisations == 2  # GB-CHC-0000000 and XX-LOCAL-7
    assert summary.unknown_codes == {}
    assert summary.not_converted == {"location": 500}


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal() -> None:
    terminal = _Terminal()
    bar = activities.Progress(2_000_000, terminal, interval=0)
    bar.update(1_000_000)
    bar.finish()
    text = terminal.getvalue()
    assert "\r[###############...............]  50% 1.0/2.0 MB" in text
    assert text.endswith("100% 2.0/2.0 MB\n")
    pipe = io.StringIO()
    quiet = activities.Progress(10, pipe, interval=0)
    quiet.update(5)
    quiet.finish()
    assert pipe.getvalue() == ""


def test_progress_follows_the_bytes_read(tmp_path: Path) -> None:
    terminal = _Terminal()
    source = synthetic.write_file(tmp_path / "s.xml", 300)
    bar = activities.Progress(source.stat().st_size, terminal, interval=0)
    with open(tmp_path / "out.nt", "w", encoding="utf-8") as handle:
        activities.convert([source], handle, crosswalk.load(CROSSWALK), progress=bar)
    assert bar.done == source.stat().st_size
    assert terminal.getvalue().count("\r[") >= 3


# ---- bad values inside an activity: left out or flagged, and reported in the summary ----

ONE_ACTIVITY = """<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity default-currency="{currency}">
  <iati-identifier>XX-TEST-DATES</iati-identifier>
  <reporting-org ref="XX-TEST" type="10"/>
  {body}
 </iati-activity>
</iati-activities>
"""
TRANSACTION = (
    '<transaction><transaction-type code="3"/><transaction-date iso-date="{date}"/>'
    '<value value-date="2020-06-30">10</value></transaction>'
)
BUDGET = (
    '<budget type="1"><period-start iso-date="{start}"/><period-end iso-date="{end}"/>'
    '<value value-date="{value_date}">10</value></budget>'
)


@dataclass(frozen=True)
class BadDate:
    """A date that must be left out, the property it would have been, and the reason given."""

    body: str
    prop: str
    skipped: str


BAD_DATES = {
    "transaction-date month 13": BadDate(
        TRANSACTION.format(date="2020-13-45"),
        "transactionDate",
        "transaction-date: invalid @iso-date (date left out)",
    ),
    "transaction-date 29 February of a common year": BadDate(
        TRANSACTION.format(date="2021-02-29"),
        "transactionDate",
        "transaction-date: invalid @iso-date (date left out)",
    ),
    "transaction-date timezone beyond +14:00": BadDate(
        TRANSACTION.format(date="2020-06-30+15:00"),
        "transactionDate",
        "transaction-date: invalid @iso-date (date left out)",
    ),
    "transaction-date missing": BadDate(
        TRANSACTION.replace(' iso-date="{date}"', ""),
        "transactionDate",
        "transaction-date: no @iso-date (date left out)",
    ),
    "transaction value-date day 31 of June": BadDate(
        '<transaction><transaction-type code="3"/><transaction-date iso-date="2020-06-30"/>'
        '<value value-date="2020-06-31">10</value></transaction>',
        "valueDate",
        "transaction/value: invalid @value-date (date left out)",
    ),
    "budget period-start month 00": BadDate(
        BUDGET.format(start="2020-00-10", end="2020-12-31", value_date="2020-01-01"),
        "periodStart",
        "budget/period-start: invalid @iso-date (date left out)",
    ),
    "budget period-end day 45": BadDate(
        BUDGET.format(start="2020-01-01", end="2020-12-45", value_date="2020-01-01"),
        "periodEnd",
        "budget/period-end: invalid @iso-date (date left out)",
    ),
    "budget value-date not a date": BadDate(
        BUDGET.format(start="2020-01-01", end="2020-12-31", value_date="31/12/2020"),
        "valueDate",
        "budget/value: invalid @value-date (date left out)",
    ),
    "activity-date day 30 of February": BadDate(
        '<activity-date type="1" iso-date="2019-02-30"/>',
        "plannedStartDate",
        "activity-date: invalid @iso-date (date left out)",
    ),
}


def import_text(text: str, tmp_path: Path) -> tuple[Graph, activities.ImportSummary]:
    path = tmp_path / "activity.xml"
    path.write_text(text, encoding="utf-8")
    return convert([path], tmp_path)


@pytest.mark.parametrize("case", sorted(BAD_DATES))
def test_an_invalid_date_is_left_out_and_reported(case: str, tmp_path: Path) -> None:
    bad = BAD_DATES[case]
    graph, summary = import_text(ONE_ACTIVITY.format(currency="USD", body=bad.body), tmp_path)
    assert summary.skipped == {bad.skipped: 1}
    assert (None, URIRef(GSI + bad.prop), None) not in graph
    # every date that was written is a valid xsd:date
    dates = [o for o in graph.objects() if isinstance(o, Literal) and o.datatype == XSD.date]
    assert all(not d.ill_typed for d in dates)
    assert bad.skipped in summary.render()


def test_a_datetime_keeps_its_valid_date(tmp_path: Path) -> None:
    body = TRANSACTION.format(date="2020-06-30T12:00:00")
    graph, summary = import_text(ONE_ACTIVITY.format(currency="USD", body=body), tmp_path)
    assert summary.skipped == {}
    dates = set(graph.objects(None, URIRef(GSI + "transactionDate")))
    assert dates == {Literal("2020-06-30", datatype=XSD.date)}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_engines_agree_on_the_dates_that_are_kept(engine: str, tmp_path: Path) -> None:
    """Only valid dates are written, so both engines read the same years from them."""
    body = "".join(bad.body for bad in BAD_DATES.values())
    body += TRANSACTION.format(date="2020-06-30")  # the one valid transaction date
    path = tmp_path / "dates.xml"
    path.write_text(ONE_ACTIVITY.format(currency="USD", body=body), encoding="utf-8")
    query = (
        f"PREFIX gsi: <{GSI}>\n"
        "SELECT ?p (YEAR(?d) AS ?year) WHERE { ?t ?p ?d . "
        "FILTER (?p IN (gsi:transactionDate, gsi:valueDate, gsi:periodStart, gsi:periodEnd, "
        "gsi:plannedStartDate)) }"
    )
    answer = local_backend(engine=engine, with_files=[path]).select(query)
    found = Counter(
        (str(p.value).rsplit("#", 1)[-1], int(str(y.value)))
        for p, y in answer.rows
        if p is not None and y is not None
    )
    # Counted from BAD_DATES: value-dates 2020-06-30 of the five transactions whose value-date
    # is good (four bad transaction dates, one valid transaction) and 2020-01-01 of the two
    # budgets whose value-date is good; the transaction dates of the valid transaction and of
    # the one with the bad value-date; the good period dates of the three budgets.
    assert found == Counter(
        {
            ("valueDate", 2020): 7,  # 5 transactions + 2 budgets
            ("transactionDate", 2020): 2,  # the valid one and the bad-value-date transaction's
            ("periodStart", 2020): 2,
            ("periodEnd", 2020): 2,
        }
    )


@dataclass(frozen=True)
class BadCurrency:
    """A currency as printed, kept, and how the summary reports it."""

    currency: str
    unknown: bool
    note: str


BAD_CURRENCIES = [
    BadCurrency("usd", True, "Currency 'usd' x1 (irregular: not three capital letters)"),
    BadCurrency("US$", True, "Currency 'US$' x1 (irregular: not three capital letters)"),
    BadCurrency("XYZ", True, "Currency 'XYZ' x1\n"),  # the pattern fits, ISO 4217 has no XYZ
    BadCurrency("LAK", False, ""),  # Lao kip (Currency.xml)
]


@pytest.mark.parametrize("bad", BAD_CURRENCIES, ids=lambda b: b.currency)
def test_currencies_are_kept_as_printed_and_irregular_ones_reported(
    bad: BadCurrency, tmp_path: Path
) -> None:
    body = TRANSACTION.format(date="2020-06-30")
    graph, summary = import_text(ONE_ACTIVITY.format(currency=bad.currency, body=body), tmp_path)
    assert set(graph.objects(None, URIRef(GSI + "currency"))) == {Literal(bad.currency)}
    expected = {("Currency", bad.currency): 1} if bad.unknown else {}
    assert summary.unknown_codes == expected
    assert bad.note in summary.render() + "\n"


def test_a_value_currency_overrides_an_irregular_default(tmp_path: Path) -> None:
    body = TRANSACTION.format(date="2020-06-30").replace("<value ", '<value currency="EUR" ')
    graph, summary = import_text(ONE_ACTIVITY.format(currency="eur", body=body), tmp_path)
    assert set(graph.objects(None, URIRef(GSI + "currency"))) == {Literal("EUR")}
    assert summary.unknown_codes == {}


@pytest.mark.parametrize(
    "transaction",
    [
        '<transaction><transaction-date iso-date="2020-06-30"/><value>5</value></transaction>',
        '<transaction><transaction-type code=" "/><value>5</value></transaction>',
    ],
    ids=["no transaction-type", "empty code"],
)
def test_a_transaction_without_type_is_kept_and_counted_incomplete(
    transaction: str, tmp_path: Path
) -> None:
    graph, summary = import_text(ONE_ACTIVITY.format(currency="USD", body=transaction), tmp_path)
    transactions = set(graph.subjects(URIRef(vocab.RDF + "type"), URIRef(GSI + "Transaction")))
    assert len(transactions) == 1
    assert (None, URIRef(GSI + "transactionType"), None) not in graph
    reason = "transaction: no transaction-type (kept without a type)"
    assert summary.incomplete == {reason: 1}
    assert f"incomplete elements (kept): 1\n  {reason} x1" in summary.render()


def test_typed_transactions_are_not_incomplete(
    lao_graph: tuple[Graph, activities.ImportSummary],
) -> None:
    _graph, summary = lao_graph
    assert summary.incomplete == {}
    assert "incomplete elements" not in summary.render()
