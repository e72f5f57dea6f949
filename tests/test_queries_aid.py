"""The aid queries (issue 5, part 4) on the GSWG graph with imported IATI activity files.

Expected values are read from the XML by hand (file and line in the comments), not from the
importer, and compared with what `gswg query NAME --with FILE ...` answers; every engine must
give the same rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gswg_graph.cli import gswg
from gswg_graph.iati import vocab
from gswg_graph.namespaces import GSD
from gswg_graph.querying import Backend, QueryLibrary, execute, local_backend

from . import guide_facts as facts
from .helpers import AID_QUERIES, GSWG_PARTNERS_WITHOUT_IATI_ID, REPO_ROOT, local

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "iati"
FIXTURE_FILES = sorted(FIXTURES.glob("lao_dportal_*.xml"))
SHARED = Path("/work/shared/data/iati/activities")


@dataclass(frozen=True)
class Activity:
    """One partner's governance activity: roles, share in DAC 151 sectors, money per year."""

    roles: str
    governance_percentage: str
    # (year, currency) -> (commitments, disbursements), as the query's decimal text
    money: dict[tuple[int, str], tuple[str, str]]


UNDP_PROGRAMME = "XM-DAC-41114-OUTPUT-00098059"
# lao_dportal_100.xml lines 3-659: reporting-org XM-DAC-41114 (line 5); participating-org CH-4
# role 1 (line 14) and XM-DAC-41114 role 1 (line 20); sector 15151 at 100 % (line 79).
# Disbursements (type 3) in 2020: 97523 + 57295 + 48764 + 101510 = 305092 (value lines 265,
# 277, 289, 301); in 2021: 131614 (line 313). Commitment (type 2) in 2021: 3900213 (line 487).
UNDP_PROGRAMME_MONEY = {(2020, "USD"): ("0", "305092"), (2021, "USD"): ("3900213", "131614")}
# lao_dportal_100.xml lines 660-1273: reporting-org XM-DAC-41114 (line 662), participating role
# 1 (line 680); sector 15151 at 100 % (line 719). Disbursements 2020: 18745 + 15174 + 22590 +
# 26922 = 83431 (lines 943, 955, 967, 979); 2021: 4807 (line 991). Commitment 2021: 475018
# (line 1174).
RADIO = "XM-DAC-41114-OUTPUT-00106305"
# lao_dportal_7.xml lines 3-91: reporting-org AU-5 (line 5), participating AU role 1 and AU-5
# role 3 (lines 11-14), sector 15160 at 6 % (line 47); one disbursement, 4799726 AUD dated
# 2020-06-30 (lines 82-85); no commitment.
AUSTRALIA = "AU-5-INN517-LA"

EXPECTED: dict[tuple[str, str], Activity] = {
    ("undp", UNDP_PROGRAMME): Activity("reporting, funding", "100", UNDP_PROGRAMME_MONEY),
    # SDC (CH-4) funds the UNDP programme without reporting it.
    ("sdc", UNDP_PROGRAMME): Activity("funding", "100", UNDP_PROGRAMME_MONEY),
    ("undp", RADIO): Activity(
        "reporting, funding",
        "100",
        {(2020, "USD"): ("0", "83431"), (2021, "USD"): ("475018", "4807")},
    ),
    ("australia", AUSTRALIA): Activity(
        "reporting, funding, extending", "6", {(2020, "AUD"): ("0", "4799726")}
    ),
}
# The other Lao activities of the fixtures have no 151xx sector: AFD and France 12182 and 72040
# (lao_dportal_19.xml lines 36, 179, 357, 465), KOICA 12220 and 12264 (lao_dportal_covid.xml
# lines 56, 242, 427).

# Partners of the GSWG: the development partners on the member lists of Annex 2 (the partner
# co-chairs, UNDP, SDC and the EU, and the Secretariat's supporters are among them).
GSWG_PARTNERS = set(facts.GSWG_PARTNERS) | set(facts.PSI_PARTNERS) | set(facts.LIO_PARTNERS)
# Partners that report or take part in a Lao activity of the fixtures (the crosswalk matches
# their refs: test_iati_activities checks each activity's organisations against the XML).
WITH_LAO_ACTIVITIES = {"undp", "sdc", "afd", "france", "australia", "korea", "koica"}
# data/crosswalk.ttl gives these partners no IATI identifier, current or former.
NO_IDENTIFIER = set(GSWG_PARTNERS_WITHOUT_IATI_ID)


def records(
    backend: Backend, library: QueryLibrary, name: str, **params: Any
) -> list[dict[str, Any]]:
    return execute(library.load(name), backend, params).records()


@pytest.fixture(scope="module")
def aid() -> Backend:
    """The default engine (pyoxigraph in memory) on the source files and the four fixtures."""
    return local_backend(with_files=FIXTURE_FILES)


@pytest.fixture(scope="module")
def governance(aid: Backend, library: QueryLibrary) -> list[dict[str, Any]]:
    return records(aid, library, "partner-governance-activities")


def by_activity(rows: list[dict[str, Any]]) -> dict[tuple[str, str], Activity]:
    found: dict[tuple[str, str], Activity] = {}
    for row in rows:
        key = (local(row["partner"]), row["identifier"])
        money = dict(found[key].money) if key in found else {}
        money[(row["year"], row["currency"])] = (row["commitments"], row["disbursements"])
        found[key] = Activity(row["roles"], row["governance_percentage"], money)
    return found


# ---- the facts used here agree with the data ----


def test_gswg_partners_are_the_41_of_the_guide() -> None:
    assert len(GSWG_PARTNERS) == 41
    assert facts.SECRETARIAT_SUPPORTERS <= GSWG_PARTNERS


# ---- partner-governance-activities ----


def test_governance_activities_per_partner(governance: list[dict[str, Any]]) -> None:
    assert set(by_activity(governance)) == set(EXPECTED)


@pytest.mark.parametrize("key", sorted(EXPECTED), ids=lambda key: "-".join(key))
def test_governance_activity_roles_share_and_money(
    governance: list[dict[str, Any]], key: tuple[str, str]
) -> None:
    assert by_activity(governance)[key] == EXPECTED[key]


def test_undp_governance_programme_is_linked_to_the_undp_node(
    governance: list[dict[str, Any]],
) -> None:
    rows = [row for row in governance if row["identifier"] == UNDP_PROGRAMME]
    assert {row["partner"] for row in rows} == {str(GSD.undp), str(GSD.sdc)}
    assert {row["activity"] for row in rows} == {vocab.activity_iri(UNDP_PROGRAMME)}
    undp = next(row for row in rows if row["partner"] == str(GSD.undp))
    assert undp["partner_label"] == "United Nations Development Programme"
    assert undp["activity_label"] == "The Governance for Inclusive Development Programme"


def test_governance_rows_are_ordered_by_partner_activity_year(
    governance: list[dict[str, Any]],
) -> None:
    keys = [(row["partner"], row["identifier"], row["year"]) for row in governance]
    assert keys == sorted(keys)


# ---- subgroup-aid ----

# Derived from EXPECTED: UNDP and Australia sit on both sub-groups, SDC on the PSI SSWG only
# (guide_facts: PSI_PARTNERS, LIO_PARTNERS, CHAIRS). Each activity counts once per sub-group.
SUBGROUP_AID = {
    # (sub-group, year, currency): (partners, activities, commitments, disbursements)
    **{
        (group, 2020, "AUD"): (partners, 1, "0", "4799726")
        for group, partners in (("psi-sswg", 3), ("lio-sswg", 2))
    },
    # 2020 USD: the programme's 305092 and the radio project's 83431.
    **{
        (group, 2020, "USD"): (partners, 2, "0", "388523")
        for group, partners in (("psi-sswg", 3), ("lio-sswg", 2))
    },
    # 2021 USD: commitments 3900213 + 475018, disbursements 131614 + 4807.
    **{
        (group, 2021, "USD"): (partners, 2, "4375231", "136421")
        for group, partners in (("psi-sswg", 3), ("lio-sswg", 2))
    },
}


def keyed(
    rows: list[dict[str, Any]], key: tuple[str, ...], value: tuple[str, ...]
) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The rows as {key columns: value columns}; no two rows may share a key."""
    found = {
        tuple(local(r[k]) if k == "subgroup" else r[k] for k in key): tuple(r[v] for v in value)
        for r in rows
    }
    assert len(found) == len(rows)
    return found


MONEY = ("commitments", "disbursements")


def test_subgroup_aid(aid: Backend, library: QueryLibrary) -> None:
    rows = records(aid, library, "subgroup-aid")
    key = ("subgroup", "year", "currency")
    assert keyed(rows, key, ("partners", "activities", *MONEY)) == SUBGROUP_AID


# ---- partners-without-iati-data ----


def test_partners_without_iati_data(aid: Backend, library: QueryLibrary) -> None:
    rows = records(aid, library, "partners-without-iati-data")
    assert sorted(local(row["partner"]) for row in rows) == sorted(
        GSWG_PARTNERS - WITH_LAO_ACTIVITIES
    )


def test_partners_without_any_identifier_say_so(aid: Backend, library: QueryLibrary) -> None:
    rows = records(aid, library, "partners-without-iati-data")
    none = {local(r["partner"]) for r in rows if r["iati_identifier"] is None}
    assert none == NO_IDENTIFIER
    assert all(
        r["reason"] == "no IATI organisation identifier in the crosswalk"
        for r in rows
        if r["iati_identifier"] is None
    )


@dataclass(frozen=True)
class Listed:
    """How partners-without-iati-data lists a partner: its identifier, why, and who now holds it."""

    identifier: str
    reason: str  # the start of the reason text
    holder: str | None  # the organisation the import gives activities under the identifier to


FORMER = "only a former IATI identifier"
LISTED = {
    # data/crosswalk.ttl: the World Bank's current identifier is the bare DAC code 44000.
    "world-bank": Listed("44000", "has an IATI identifier", None),
    # AU-5: AusAID's in the retired OrganisationIdentifier codelist, active for DFAT in the IATI
    # Registry (ReportingOrganisation.csv line 2), current for gsd:australia.
    "ausaid": Listed("AU-5", f"{FORMER}, now held by another organisation", "australia"),
    # Only in the retired codelist (LU-1 Lux-Development, LU-2 Ministry of Foreign Affairs):
    # no other organisation has them, so activities under them still go to these partners.
    "luxdev": Listed("LU-1", f"{FORMER}, held by no other organisation", None),
    "luxembourg": Listed("LU-2", f"{FORMER}, held by no other organisation", None),
    # 41128 is UNODC's retired IATI identifier and its own current CRS channel code.
    "unodc": Listed("41128", f"{FORMER}, held by no other organisation", None),
    # US-USAGOV is withdrawn in the IATI Registry (ReportingOrganisation.csv line 116).
    "usa": Listed("US-USAGOV", f"{FORMER}, held by no other organisation", None),
}


@pytest.mark.parametrize("partner", sorted(LISTED))
def test_partner_without_iati_data_shows_its_identifier(
    aid: Backend, library: QueryLibrary, partner: str
) -> None:
    expected = LISTED[partner]
    rows = records(aid, library, "partners-without-iati-data")
    (row,) = [r for r in rows if r["partner"] == str(GSD[partner])]
    assert row["iati_identifier"] == expected.identifier
    assert row["reason"].startswith(expected.reason)
    holder = str(GSD[expected.holder]) if expected.holder else None
    assert row["current_holder"] == holder


ONE_LAO_ACTIVITY = """<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity default-currency="USD">
  <iati-identifier>{ref}-TEST-1</iati-identifier>
  <reporting-org ref="{ref}" type="10"><narrative>test</narrative></reporting-org>
  <recipient-country code="LA"/>
 </iati-activity>
</iati-activities>
"""


@pytest.mark.parametrize(
    "partner", sorted(p for p, x in LISTED.items() if x.reason.startswith(FORMER))
)
def test_the_reason_says_where_activities_under_a_former_identifier_go(
    library: QueryLibrary, partner: str, tmp_path: Path
) -> None:
    """Load a Lao activity reported under the former identifier: the organisation the reason
    names (the current holder, or the partner itself) is no longer listed."""
    expected = LISTED[partner]
    path = tmp_path / "former.xml"
    path.write_text(ONE_LAO_ACTIVITY.format(ref=expected.identifier), encoding="utf-8")
    rows = records(local_backend(with_files=[path]), library, "partners-without-iati-data")
    listed = {local(r["partner"]) for r in rows}
    gets_it = expected.holder or partner
    assert gets_it not in listed
    assert len(listed) == len(GSWG_PARTNERS) - 1


def test_without_aid_data_every_partner_lacks_it(
    local_engine: Backend, library: QueryLibrary
) -> None:
    rows = records(local_engine, library, "partners-without-iati-data")
    assert {local(row["partner"]) for row in rows} == GSWG_PARTNERS


@pytest.mark.parametrize("name", ["partner-governance-activities", "subgroup-aid", "pillar-aid"])
def test_without_aid_data_there_is_no_aid(
    local_engine: Backend, library: QueryLibrary, name: str
) -> None:
    assert records(local_engine, library, name) == []


# ---- pillar-aid ----

# (pillar number, activity, year, currency) -> (sectors, match, pillar_percentage, commitments,
# disbursements). The fixtures' activities with a code data/crosswalk.ttl links to a pillar,
# with the amounts read from the XML above (UNDP_PROGRAMME_MONEY and the radio project's):
# 15151 Elections is a narrow match of people's participation (2), 15160 Human rights a related
# match of the rule of law (3). No fixture activity has a code of pillars 1 or 4.
PillarRow = tuple[str, str, str, str, str]
PILLAR_AID: dict[tuple[str, str, int | None, str | None], PillarRow] = {
    ("2", UNDP_PROGRAMME, 2020, "USD"): ("15151", "narrow", "100", "0", "305092"),
    ("2", UNDP_PROGRAMME, 2021, "USD"): ("15151", "narrow", "100", "3900213", "131614"),
    ("2", RADIO, 2020, "USD"): ("15151", "narrow", "100", "0", "83431"),
    ("2", RADIO, 2021, "USD"): ("15151", "narrow", "100", "475018", "4807"),
    # lao_dportal_7.xml line 47: 15160 at 6 %.
    ("3", AUSTRALIA, 2020, "AUD"): ("15160", "related", "6", "0", "4799726"),
}


def pillar_rows(rows: list[dict[str, Any]]) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    key = ("number", "identifier", "year", "currency")
    return keyed(rows, key, ("sectors", "match", "pillar_percentage", *MONEY))


def test_pillar_aid_on_the_fixtures(aid: Backend, library: QueryLibrary) -> None:
    rows = records(aid, library, "pillar-aid")
    assert pillar_rows(rows) == PILLAR_AID
    labels = {r["number"]: r["pillar_label"] for r in rows}
    assert labels == {"2": "People's participation", "3": "Rule of law"}


# Small activities written for the pillar mapping: every pillar, several codes of one pillar,
# codes of two pillars in one activity, and what must not count (another country, the 3-digit
# vocabulary 2, the reporting organisation's own vocabulary 99, incoming funds).
PILLAR_XML = """<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity default-currency="USD">
  <iati-identifier>XX-PFM-1</iati-identifier>
  <recipient-country code="LA"/>
  <sector code="15111" percentage="40"/>
  <sector code="15117" percentage="30"/>
  <sector code="15142" percentage="20"/>
  <sector code="12220" percentage="10"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2019-03-01"/>
   <value>1000</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2019-06-30"/>
   <value>400</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2020-01-15"/>
   <value currency="EUR">250</value></transaction>
  <transaction><transaction-type code="1"/><transaction-date iso-date="2019-01-01"/>
   <value>9999</value></transaction>
 </iati-activity>
 <iati-activity default-currency="USD">
  <iati-identifier>XX-PSI-1</iati-identifier>
  <recipient-country code="LA"/>
  <sector code="15185"/>
  <sector code="151" vocabulary="2"/>
  <sector code="15110" vocabulary="99"/>
  <transaction><transaction-type code="3"/><value value-date="2021-02-01">50</value></transaction>
 </iati-activity>
 <iati-activity default-currency="USD">
  <iati-identifier>XX-KH-1</iati-identifier>
  <recipient-country code="KH"/>
  <sector code="15130"/>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2019-06-30"/>
   <value>70</value></transaction>
 </iati-activity>
 <iati-activity default-currency="USD">
  <iati-identifier>XX-TWO-1</iati-identifier>
  <recipient-country code="LA"/>
  <sector code="15130" percentage="50"/>
  <sector code="15150" percentage="50"/>
 </iati-activity>
</iati-activities>
"""
# Read from PILLAR_XML: 15111 (close), 15117 (narrow) and 15142 (related) are public financial
# management (4), 40 + 30 + 20 = 90 %; 15185 (narrow) public service improvement (1), without a
# percentage; 15130 rule of law (3) and 15150 people's participation (2), both close, 50 % each,
# no transactions; XX-KH-1 is not in Lao PDR.
PILLAR_XML_AID: dict[tuple[str, str, int | None, str | None], PillarRow] = {
    ("1", "XX-PSI-1", 2021, "USD"): ("15185", "narrow", "100", "0", "50"),
    ("2", "XX-TWO-1", None, None): ("15150", "close", "50", "0", "0"),
    ("3", "XX-TWO-1", None, None): ("15130", "close", "50", "0", "0"),
    ("4", "XX-PFM-1", 2019, "USD"): ("15111 ... 15142 (3 codes)", "close", "90", "1000", "400"),
    ("4", "XX-PFM-1", 2020, "EUR"): ("15111 ... 15142 (3 codes)", "close", "90", "0", "250"),
}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_pillar_aid_on_every_pillar(library: QueryLibrary, tmp_path: Path, engine: str) -> None:
    path = tmp_path / "pillars.xml"
    path.write_text(PILLAR_XML, encoding="utf-8")
    backend = local_backend(engine=engine, with_files=[path])
    rows = records(backend, library, "pillar-aid")
    assert pillar_rows(rows) == PILLAR_XML_AID
    assert [r["number"] for r in rows] == sorted(r["number"] for r in rows)


# ---- the same answers from every engine and every form of the data ----


@pytest.fixture(scope="module")
def aid_rdflib() -> Backend:
    return local_backend(engine="rdflib", with_files=FIXTURE_FILES)


@pytest.fixture(scope="module")
def aid_store(tmp_path_factory: pytest.TempPathFactory) -> Backend:
    return local_backend(store=tmp_path_factory.mktemp("aid") / "store", with_files=FIXTURE_FILES)


def same_result(a: Backend, b: Backend, library: QueryLibrary, name: str) -> None:
    one = execute(library.load(name), a)
    other = execute(library.load(name), b)
    assert one.variables == other.variables
    assert Counter(one.rows) == Counter(other.rows)
    assert one.labels == other.labels


@pytest.mark.parametrize("name", AID_QUERIES)
def test_rdflib_gives_the_same_aid_rows(
    aid: Backend, aid_rdflib: Backend, library: QueryLibrary, name: str
) -> None:
    same_result(aid, aid_rdflib, library, name)


@pytest.mark.parametrize("name", AID_QUERIES)
def test_on_disk_store_gives_the_same_aid_rows(
    aid: Backend, aid_store: Backend, library: QueryLibrary, name: str
) -> None:
    same_result(aid, aid_store, library, name)


@pytest.mark.parametrize("name", AID_QUERIES)
def test_imported_ntriples_give_the_same_rows_as_the_xml(
    aid: Backend, library: QueryLibrary, name: str, tmp_path: Path
) -> None:
    out = tmp_path / "aid.nt"
    result = CliRunner().invoke(
        gswg, ["iati", "import", *map(str, FIXTURE_FILES), "-o", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    same_result(aid, local_backend(with_files=[out]), library, name)


@pytest.mark.parametrize("name", AID_QUERIES)
def test_full_exports_give_the_rows_of_their_lao_excerpts(
    aid: Backend, library: QueryLibrary, name: str
) -> None:
    """Every activity file of the shared folder (the exports the fixtures were cut from)."""
    files = sorted(SHARED.glob("*.xml")) if SHARED.is_dir() else []
    if len(files) != len(FIXTURE_FILES):
        pytest.skip("the shared IATI folder is not on this machine")
    same_result(aid, local_backend(with_files=files), library, name)


# ---- through the command line ----


def test_cli_with_iati_xml(runner: CliRunner) -> None:
    args = ["query", "partner-governance-activities", "-f", "csv"]
    args += [arg for path in FIXTURE_FILES for arg in ("--with", str(path))]
    result = runner.invoke(gswg, args)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("partner,partner_label,activity,activity_label,identifier,roles")
    assert len(lines) == 1 + sum(len(a.money) for a in EXPECTED.values())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("aid.csv", "a,b\n", "cannot tell what 'aid.csv' holds from its extension"),
        ("feed.xml", "<rss/>\n", "not an IATI activity file: root element is <rss>"),
        ("broken.nt", "<a> <b> .\n", "cannot read RDF"),
    ],
)
def test_cli_with_a_bad_file(
    runner: CliRunner, tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(gswg, ["query", "chairs", "--with", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "hint:" in result.stderr


def test_cli_with_a_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(gswg, ["query", "chairs", "--with", str(tmp_path / "none.nt")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr
