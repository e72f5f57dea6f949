"""Every named query gives the answer the guide gives (tests/guide_facts.py, with line numbers).

The queries run the way `gswg query` runs them before any build: pyoxigraph on the ontology and
data files. Expected sets are organisations (IRIs), not only counts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gswg_graph.errors import UsageError
from gswg_graph.namespaces import GSD
from gswg_graph.querying import OxigraphBackend, QueryLibrary, execute

from . import guide_facts as facts
from .helpers import REPO_ROOT, local

ONTOLOGY = "https://w3id.org/gswg/ontology#"


def ask(
    library: QueryLibrary,
    backend: OxigraphBackend,
    query: str,
    /,
    lang: str = "en",
    **params: Any,
) -> list[dict[str, Any]]:
    return execute(library.load(query), backend, params, lang).records()


def locals_of(rows: list[dict[str, Any]], column: str) -> set[str]:
    return {local(row[column]) for row in rows}


# ---- partners and government bodies on both sub-groups ----


def test_the_facts_agree_on_partners_in_both_subgroups() -> None:
    """The hand-written answers follow from the hand-written member lists."""
    assert set(facts.PSI_PARTNERS) & set(facts.LIO_PARTNERS) == facts.PARTNERS_IN_BOTH_SUBGROUPS
    psi = {facts.AGENCY_OF.get(p, p) for p in facts.PSI_PARTNERS}
    lio = {facts.AGENCY_OF.get(p, p) for p in facts.LIO_PARTNERS}
    assert psi & lio == facts.PARTNERS_IN_BOTH_SUBGROUPS_ROLLED_UP


def test_partners_in_both_subgroups(library: QueryLibrary, local_engine: OxigraphBackend) -> None:
    rows = ask(library, local_engine, "partners-in-both-subgroups")
    assert locals_of(rows, "partner") == facts.PARTNERS_IN_BOTH_SUBGROUPS
    assert len(rows) == 11


def test_partners_in_both_subgroups_rolled_up(
    library: QueryLibrary, local_engine: OxigraphBackend
) -> None:
    rows = ask(library, local_engine, "partners-in-both-subgroups", rollup="true")
    assert locals_of(rows, "partner") == facts.PARTNERS_IN_BOTH_SUBGROUPS_ROLLED_UP
    assert len(rows) == 10


def test_rollup_false_is_the_default(library: QueryLibrary, local_engine: OxigraphBackend) -> None:
    assert ask(library, local_engine, "partners-in-both-subgroups", rollup=False) == ask(
        library, local_engine, "partners-in-both-subgroups"
    )


def test_agencies_roll_up_to_the_countries_of_the_guide(
    library: QueryLibrary, local_engine: OxigraphBackend
) -> None:
    rows = local_engine.select(
        "SELECT ?a ?c WHERE { ?a <https://w3id.org/gswg/ontology#agencyOf> ?c }"
    ).rows
    assert {(local_name(a), local_name(c)) for a, c in rows} == set(facts.AGENCY_OF.items())


def local_name(term: object) -> str:
    return local(getattr(term, "value", term))


def test_government_in_both_subgroups(library: QueryLibrary, local_engine: OxigraphBackend) -> None:
    rows = ask(library, local_engine, "government-in-both-subgroups")
    assert locals_of(rows, "organisation") == facts.GOVERNMENT_IN_BOTH_SUBGROUPS
    assert (
        set(facts.PSI_GOVERNMENT) & set(facts.LIO_GOVERNMENT) == facts.GOVERNMENT_IN_BOTH_SUBGROUPS
    )


# ---- members of a group ----

GROUP_SPELLINGS = {
    "gswg": [
        "GSWG",
        "gswg",
        "gsd:gswg",
        "https://w3id.org/gswg/id/gswg",
        "ໜ່ວຍງານດ້ານການປົກຄອງ",
        "Governance Sector Working Group",
        "governance sector working group",
        "Sector Working Group on Governance",
    ],
    "psi-sswg": [
        "PSI SSWG",
        "psi-sswg",
        "PSI-SSWG",
        "ໜ່ວຍງານຍ່ອຍດ້ານການປັບປຸງບໍລິຫານລັດຖະການ",  # line 19
        "ໜ່ວຍງານຍ່ອຍດ້ານປັບປຸງການບໍລິຫານລັດຖະການ",  # line 162
    ],
    "lio-sswg": ["LIO SSWG", "lio sswg", "ໜ່ວຍງານຍ່ອຍດ້ານນິຕິກຳ", "gsd:lio-sswg"],
}


@pytest.mark.parametrize("group", ["gswg", "psi-sswg", "lio-sswg"])
def test_members_of_group_in_printed_order_by_category(
    library: QueryLibrary, local_engine: OxigraphBackend, group: str
) -> None:
    rows = ask(library, local_engine, "members-of-group", group=group)
    categories = [local(row["category"]) for row in rows]
    government = facts.MEMBER_LISTS[(group, "government")]
    partners = facts.MEMBER_LISTS[(group, "development-partner")]
    assert categories == ["category-government"] * len(government) + [
        "category-development-partner"
    ] * len(partners)
    assert [local(row["member"]) for row in rows] == government + partners


@pytest.mark.parametrize(
    ("spelling", "group"),
    [(spelling, group) for group, spellings in GROUP_SPELLINGS.items() for spelling in spellings],
)
def test_members_of_group_by_any_name_of_the_group(
    library: QueryLibrary, local_engine: OxigraphBackend, spelling: str, group: str
) -> None:
    rows = ask(library, local_engine, "members-of-group", group=spelling)
    expected = (
        facts.MEMBER_LISTS[(group, "government")]
        + facts.MEMBER_LISTS[(group, "development-partner")]
    )
    assert [local(row["member"]) for row in rows] == expected


def test_members_of_group_defaults_to_the_gswg(
    library: QueryLibrary, local_engine: OxigraphBackend
) -> None:
    rows = ask(library, local_engine, "members-of-group")
    assert locals_of(rows, "member") == set(facts.GSWG_GOVERNMENT) | set(facts.GSWG_PARTNERS)


def test_members_of_the_secretariat(library: QueryLibrary, local_engine: OxigraphBackend) -> None:
    rows = ask(library, local_engine, "members-of-group", group="GSWG Secretariat")
    assert locals_of(rows, "member") == facts.SECRETARIAT_MEMBERS
    assert {local(row["category"]) for row in rows} == {"category-government"}


def test_members_keep_the_name_as_printed(
    library: QueryLibrary, local_engine: OxigraphBackend
) -> None:
    rows = ask(library, local_engine, "members-of-group", group="LIO SSWG")
    printed = {local(row["member"]): row["printed_as"] for row in rows}
    assert printed["japan"] == "ຍີ່ປຸ່ນ"  # line 403
    assert printed["jica"] == "ອົງການຮ່ວມມືສາກົນປະເທດຢີປຸນ (JICA)"  # line 415
    assert printed["molsw"] == "ກະຊວງແຮງງານ ແລະ ຫວັດດິການສັງຄົມ"  # line 402


@pytest.mark.parametrize(
    ("query", "group", "closest"),
    [
        ("members-of-group", "PSI", "PSI SSWG"),
        ("mandates", "lio", "LIO SSWG"),
        ("contacts", "GSWG Secretariatt", "GSWG Secretariat"),
        ("members-of-group", "no such group", None),
    ],
)
def test_an_unknown_group_is_an_error_naming_the_closest(
    library: QueryLibrary,
    local_engine: OxigraphBackend,
    query: str,
    group: str,
    closest: str | None,
) -> None:
    with pytest.raises(UsageError, match=f"no group named '{group}'") as raised:
        ask(library, local_engine, query, group=group)
    if closest is None:
        assert "closest" not in raised.value.message
    else:
        assert closest in raised.value.message.split("closest: ", 1)[1].split(", ")


@pytest.mark.parametrize("group", ["swg-education", "Education Sector Working Group"])
def test_a_known_group_without_members_is_an_empty_answer(
    library: QueryLibrary, local_engine: OxigraphBackend, group: str
) -> None:
    """The guide lists no members for the other nine sector working groups."""
    assert ask(library, local_engine, "members-of-group", group=group) == []


# ---- sub-groups against the GSWG ----


def test_subgroup_members_not_in_gswg(library: QueryLibrary, local_engine: OxigraphBackend) -> None:
    rows = ask(library, local_engine, "subgroup-members-not-in-gswg")
    assert {
        (local(r["body"]), local(r["member"])) for r in rows
    } == facts.SUBGROUP_MEMBERS_NOT_IN_GSWG
    listed = set(facts.GSWG_GOVERNMENT) | set(facts.GSWG_PARTNERS)
    expected = {m for m in facts.LIO_GOVERNMENT + facts.LIO_PARTNERS if m not in listed}
    assert {member for _, member in facts.SUBGROUP_MEMBERS_NOT_IN_GSWG} == expected


@pytest.mark.parametrize(("subgroup", "count"), [("PSI SSWG", 0), ("LIO SSWG", 14), ("*", 14)])
def test_subgroup_members_not_in_gswg_per_subgroup(
    library: QueryLibrary, local_engine: OxigraphBackend, subgroup: str, count: int
) -> None:
    assert (
        len(ask(library, local_engine, "subgroup-members-not-in-gswg", subgroup=subgroup)) == count
    )


def test_gswg_partners_in_no_subgroup(library: QueryLibrary, local_engine: OxigraphBackend) -> None:
    rows = ask(library, local_engine, "gswg-partners-in-no-subgroup")
    assert [local(row["partner"]) for row in rows] == facts.GSWG_PARTNERS_IN_NO_SUBGROUP
    in_subgroups = set(facts.PSI_PARTNERS) | set(facts.LIO_PARTNERS)
    assert [
        p for p in facts.GSWG_PARTNERS if p not in in_subgroups
    ] == facts.GSWG_PARTNERS_IN_NO_SUBGROUP


# ---- chairs, pillars, mandates ----


def test_chairs(library: QueryLibrary, local_engine: OxigraphBackend) -> None:
    rows = ask(library, local_engine, "chairs")
    found = {
        (
            local(r["body"]),
            local(r["organisation"]),
            local(r["role"]).removeprefix("role-"),
            local(r["office"]) if r["office"] else None,
        )
        for r in rows
    }
    assert found == facts.CHAIRS
    assert len(rows) == len(facts.CHAIRS)


def test_chairs_of_the_gswg_are_inferred(
    library: QueryLibrary, local_engine: OxigraphBackend
) -> None:
    """Section II (line 111) names the leadership without saying who chairs."""
    rows = ask(library, local_engine, "chairs")
    evidence = {(local(r["body"]), local(r["organisation"])): local(r["evidence"]) for r in rows}
    assert {key for key, value in evidence.items() if value == "evidence-inferred"} == {
        ("gswg", "moha"),
        ("gswg", "moj"),
        ("gswg", "undp"),
        ("round-table-process", "government-of-lao-pdr"),  # line 27 says "led by"
    }


def test_pillars(library: QueryLibrary, local_engine: OxigraphBackend) -> None:
    rows = ask(library, local_engine, "pillars", lang="lo")
    found = {local(r["pillar"]): (r["pillar_label"], local(r["body"])) for r in rows}
    assert found == facts.PILLAR_COVERAGE
    assert [r["number"] for r in rows] == ["1", "2", "3", "4"]


def test_public_financial_management_is_covered_by_another_sector_working_group(
    library: QueryLibrary, local_engine: OxigraphBackend, guide_text: str
) -> None:
    """Section III, line 154: no sub-group; representatives of the Macroeconomic SWG."""
    rows = {local(r["pillar"]): r for r in ask(library, local_engine, "pillars", lang="lo")}
    pfm = rows["pillar-public-financial-management"]
    assert pfm["body_type"] == ONTOLOGY + "SectorWorkingGroup"
    assert "ການຄຸ້ມຄອງການເງິນຈະບໍ່ໄດ້ມີການສ້າງໜ່ວຍງານຍ່ອຍຂຶ້ນອີກຕ່າງຫາກ" in pfm["how"]
    assert pfm["how"] in guide_text.splitlines()[153]
    others = [r for key, r in rows.items() if key != "pillar-public-financial-management"]
    assert {r["body_type"] for r in others} == {ONTOLOGY + "SubSectorWorkingGroup"}


@pytest.mark.parametrize("group", sorted(facts.MANDATES))
def test_mandates_of_each_group(
    library: QueryLibrary, local_engine: OxigraphBackend, group: str
) -> None:
    functions, tor_items, tor_numbers = facts.MANDATES[group]
    rows = ask(library, local_engine, "mandates", group=f"gsd:{group}")
    assert {local(r["body"]) for r in rows} == {group}
    assert sum(r["kind"] == ONTOLOGY + "Function" for r in rows) == functions
    tors = [r for r in rows if r["kind"] == ONTOLOGY + "TermOfReference"]
    top = [r["number"] for r in tors if not r["number"][-1].isalpha()]
    assert top == tor_numbers
    assert len(top) == tor_items


def test_mandate_sub_items_are_numbered_with_their_parent(
    library: QueryLibrary, local_engine: OxigraphBackend
) -> None:
    rows = ask(library, local_engine, "mandates")
    lettered = {
        local(r["mandate"]): r["number"] for r in rows if r["number"] and r["number"][-1].isalpha()
    }
    assert set(lettered) == {f"{parent}{letter}" for parent in facts.SUB_ITEMS for letter in "abc"}
    assert lettered["gswg-tor-3a"] == "3a"
    assert lettered["lio-sswg-tor-2c"] == "2c"


def test_all_mandates(library: QueryLibrary, local_engine: OxigraphBackend) -> None:
    rows = ask(library, local_engine, "mandates")
    expected = sum(f + len(numbers) for f, _, numbers in facts.MANDATES.values())
    assert len(rows) == expected + sum(facts.SUB_ITEMS.values())


@pytest.mark.parametrize(
    ("keyword", "lang"), [("gender", "en"), ("Gender", "lo"), ("ຍິງ-ຊາຍ", "lo"), ("ຍິງຊາຍ", "en")]
)
def test_mandates_on_gender(
    library: QueryLibrary, local_engine: OxigraphBackend, keyword: str, lang: str
) -> None:
    rows = ask(library, local_engine, "mandates", lang=lang, keyword=keyword)
    assert locals_of(rows, "mandate") == facts.MANDATES_ON_GENDER


@pytest.mark.parametrize("keyword", ["capacity", "ສາມາດ"])
def test_mandates_on_capacity(
    library: QueryLibrary, local_engine: OxigraphBackend, keyword: str
) -> None:
    rows = ask(library, local_engine, "mandates", keyword=keyword)
    assert locals_of(rows, "mandate") == facts.MANDATES_ON_CAPACITY


def test_mandate_keyword_ignores_the_decomposed_am(
    library: QueryLibrary, local_engine: OxigraphBackend
) -> None:
    """Lines 266, 288 and 309 print ອໍານວຍ (ໍ + າ); the keyword uses the single letter ຳ."""
    rows = ask(library, local_engine, "mandates", keyword="ອຳນວຍຄວາມສະດວກໃນການພັດທະນາຄວາມອາດສາມາດ")
    assert locals_of(rows, "mandate") == {"gswg-tor-6", "psi-sswg-tor-4", "lio-sswg-tor-3"}


def test_mandates_of_one_group_on_a_keyword(
    library: QueryLibrary, local_engine: OxigraphBackend
) -> None:
    rows = ask(library, local_engine, "mandates", group="LIO SSWG", keyword="gender")
    assert locals_of(rows, "mandate") == {"lio-sswg-tor-3"}


def test_mandate_text_in_lao_is_the_guide_verbatim(
    library: QueryLibrary, local_engine: OxigraphBackend, guide_text: str
) -> None:
    rows = ask(library, local_engine, "mandates", lang="lo", group="GSWG", keyword="gender")
    text = {local(r["mandate"]): r["text"] for r in rows}
    assert guide_text.splitlines()[125] == f"5. {text['gswg-function-5']}"  # line 126


# ---- the matrix and the counts ----


RANK = [
    "chair",
    "co-chair",
    "key-organisation",
    "member",
    "supporting-partner",
    "government-representative",
]
MATRIX_COLUMNS = {
    "round-table-process": "round_table_process",
    "gswg": "gswg",
    "psi-sswg": "psi_sswg",
    "lio-sswg": "lio_sswg",
    "gswg-secretariat": "gswg_secretariat",
}


def expected_matrix() -> dict[str, dict[str, str]]:
    """Each organisation's first role in each group, from the guide's lists."""
    roles: dict[tuple[str, str], set[str]] = {}

    def add(group: str, organisation: str, role: str) -> None:
        roles.setdefault((organisation, group), set()).add(role)

    for (group, _category), members in facts.MEMBER_LISTS.items():
        for member in members:
            add(group, member, "member")
    for group, organisation, role, _office in facts.CHAIRS:
        add(group, organisation, role)
    for group, organisations in facts.KEY_ORGANISATIONS.items():
        for organisation in organisations:
            add(group, organisation, "key-organisation")
    for organisation in facts.SECRETARIAT_MEMBERS:
        add("gswg-secretariat", organisation, "member")
    for organisation in facts.SECRETARIAT_SUPPORTERS:
        add("gswg-secretariat", organisation, "supporting-partner")
    for organisation, role in facts.RTP_ROLES.items():
        add("round-table-process", organisation, role)
    matrix: dict[str, dict[str, str]] = {}
    for (organisation, group), held in roles.items():
        matrix.setdefault(organisation, {})[group] = min(held, key=RANK.index)
    return matrix


def test_membership_matrix(library: QueryLibrary, local_engine: OxigraphBackend) -> None:
    rows = ask(library, local_engine, "membership-matrix")
    found = {
        local(r["organisation"]): {
            group: local(r[column]).removeprefix("role-")
            for group, column in MATRIX_COLUMNS.items()
            if r[column] is not None
        }
        for r in rows
    }
    expected = expected_matrix()
    expected.update({organisation: {} for organisation in facts.NO_ROLE_ORGANISATIONS})
    assert found == expected
    assert len(rows) == 81  # every organisation the guide names (README)


def test_membership_matrix_shows_roles_in_lao(
    library: QueryLibrary, local_engine: OxigraphBackend
) -> None:
    rows = ask(library, local_engine, "membership-matrix", lang="lo")
    moha = next(r for r in rows if r["organisation"] == str(GSD["moha"]))
    assert moha["psi_sswg_label"] == "ປະທານ"  # line 179: ປະທານໜ່ວຍງານຍ່ອຍ...
    undp = next(r for r in rows if r["organisation"] == str(GSD["undp"]))
    assert undp["lio_sswg_label"] == "ປະທານຮ່ວມ"  # line 214


def test_member_counts(library: QueryLibrary, local_engine: OxigraphBackend) -> None:
    rows = ask(library, local_engine, "member-counts")
    found = {
        (local(r["body"]), local(r["category"]).removeprefix("category-")): r["members"]
        for r in rows
    }
    assert found == facts.MEMBER_COUNTS
    assert all(r["open"] is True for r in rows)  # every list ends "and others"


# ---- contacts, the ten groups, frameworks ----


def contact_tuples(rows: list[dict[str, Any]]) -> set[tuple[str | None, ...]]:
    return {
        (
            local(r["body"]),
            local(r["role"]).rsplit("#", 1)[-1],
            local(r["holder"]) if r["holder"] else None,
            r["kind"],
            r["value"],
        )
        for r in rows
    }


def test_contacts(library: QueryLibrary, local_engine: OxigraphBackend) -> None:
    assert contact_tuples(ask(library, local_engine, "contacts")) == facts.CONTACTS


@pytest.mark.parametrize("group", ["psi-sswg", "lio-sswg", "gswg", "gswg-secretariat"])
def test_contacts_of_one_group(
    library: QueryLibrary, local_engine: OxigraphBackend, group: str
) -> None:
    rows = ask(library, local_engine, "contacts", group=f"gsd:{group}")
    assert contact_tuples(rows) == {c for c in facts.CONTACTS if c[0] == group}


def test_contact_names_in_lao_as_printed(
    library: QueryLibrary, local_engine: OxigraphBackend
) -> None:
    rows = ask(library, local_engine, "contacts", lang="lo", group="PSI SSWG")
    names = {local(r["holder"]): r["name"] for r in rows}
    assert names["moha"] == "ລັດຖະມົນຕີຊ່ວຍວ່າການກະຊວງພາຍໃນ"  # line 177
    assert names["sdc"] == "ຮອງຜູ້ຕາງໜ້າອົງການພັດທະນາແລະຮ່ວມມືປະເທດສະວິດເຊີແລນ"  # line 180


def test_sector_working_groups(library: QueryLibrary, local_engine: OxigraphBackend) -> None:
    rows = ask(library, local_engine, "sector-working-groups", lang="lo")
    assert [(r["number"], local(r["group"]), r["group_label"]) for r in rows] == [
        (number, iri, lao)
        for number, (iri, lao, _english) in enumerate(facts.SECTOR_WORKING_GROUPS, start=1)
    ]
    assert {r["established"] for r in rows} == {"2006"}  # line 47


def test_sector_working_groups_in_english(
    library: QueryLibrary, local_engine: OxigraphBackend
) -> None:
    rows = ask(library, local_engine, "sector-working-groups", lang="en")
    for row, (_iri, _lao, english) in zip(rows, facts.SECTOR_WORKING_GROUPS, strict=True):
        assert english in row["group_label"]


def test_frameworks(library: QueryLibrary, local_engine: OxigraphBackend) -> None:
    rows = ask(library, local_engine, "frameworks")
    assert locals_of(rows, "framework") == facts.RTP_FRAMEWORKS | set(facts.RTP_RELATED_FRAMEWORKS)
    related = {
        local(r["framework"]): (
            str(r["relation"]).rsplit("#", 1)[-1],
            local(r["via"]) if r["via"] else None,
        )
        for r in rows
        if local(r["framework"]) in facts.RTP_RELATED_FRAMEWORKS
    }
    assert related == facts.RTP_RELATED_FRAMEWORKS
    dates = {
        local(r["framework"]): (r["start"], r["end"], r["target_year"])
        for r in rows
        if r["start"] or r["end"] or r["target_year"]
    }
    assert dates == facts.FRAMEWORK_DATES


def test_accra_agenda_is_dated_by_its_forum(
    library: QueryLibrary, local_engine: OxigraphBackend
) -> None:
    rows = {local(r["framework"]): r for r in ask(library, local_engine, "frameworks")}
    assert local(rows["accra-agenda-for-action"]["adopted_at"]) == "hlf-3"  # line 33


# ---- finding an organisation ----


@pytest.mark.parametrize(("spelling", "organisation"), facts.FIND_ORGANISATION)
def test_find_organisation(
    library: QueryLibrary, local_engine: OxigraphBackend, spelling: str, organisation: str
) -> None:
    rows = ask(library, local_engine, "find-organisation", name=spelling)
    assert {local(r["organisation"]) for r in rows if r["match"] == "exact"} == {organisation}


def test_find_organisation_lists_partial_matches_after_exact_ones(
    library: QueryLibrary, local_engine: OxigraphBackend
) -> None:
    rows = ask(library, local_engine, "find-organisation", name="ຍີ່ປຸ່ນ")
    assert [(local(r["organisation"]), r["match"]) for r in rows] == [
        ("japan", "exact"),
        ("jica", "partial"),  # ອົງການຮ່ວມມືສາກົນປະເທດຢີປຸ່ນ, line 370
    ]


@pytest.mark.parametrize("nothing", ["", "  ", "...", "-", "no such organisation"])
def test_find_organisation_without_a_name_finds_nothing(
    library: QueryLibrary, local_engine: OxigraphBackend, nothing: str
) -> None:
    assert ask(library, local_engine, "find-organisation", name=nothing) == []


QUERY_FILES = sorted((REPO_ROOT / "queries").glob("*.rq"))


def test_the_query_library_was_found() -> None:
    assert len(QUERY_FILES) >= 17


@pytest.mark.parametrize("path", QUERY_FILES, ids=[path.stem for path in QUERY_FILES])
def test_every_query_file_has_its_answer_checked_here(path: Path) -> None:
    """A new queries/*.rq file needs expected answers from the guide in this module (or, for the
    queries on IATI aid data, from the XML in test_queries_aid.py)."""
    source = Path(__file__).read_text(encoding="utf-8")
    source += Path(__file__).with_name("test_queries_aid.py").read_text(encoding="utf-8")
    assert f'"{path.stem}"' in source, f"no expected answer for {path.stem}"
