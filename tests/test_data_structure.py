"""The structure the guide describes: groups, pillars, mandates, frameworks, the Secretariat."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal

from gswg_graph.namespaces import ORG

from .guide_facts import (
    MANDATES,
    PILLAR_COVERAGE,
    PILLAR_COVERAGE_EVIDENCE,
    RTP_FRAMEWORKS,
    SECTOR_WORKING_GROUPS,
    SUB_ITEMS,
)
from .helpers import iri, local, select


def test_ten_sector_working_groups_in_printed_order(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?g ?lo ?en ?n WHERE {
             ?g a gswg:SectorWorkingGroup ; org:subOrganizationOf gsd:round-table-process ;
                gswg:sequenceNumber ?n ; skos:prefLabel ?lo , ?en .
             FILTER(lang(?lo) = "lo" && lang(?en) = "en") } ORDER BY ?n""",
    )
    assert [(local(g), str(lo)) for g, lo, _, _ in rows] == [
        (k, lo) for k, lo, _ in SECTOR_WORKING_GROUPS
    ]
    for (_, _, en, _), (_, _, expected_word) in zip(rows, SECTOR_WORKING_GROUPS, strict=True):
        assert expected_word in str(en)


def test_round_table_process_has_the_ten_groups_as_sub_organisations(graph: Graph) -> None:
    rows = select(graph, "SELECT ?g WHERE { gsd:round-table-process org:hasSubOrganization ?g }")
    assert {local(r[0]) for r in rows} == {k for k, _, _ in SECTOR_WORKING_GROUPS}


@pytest.mark.parametrize("unit", ["psi-sswg", "lio-sswg", "gswg-secretariat"])
def test_units_of_the_gswg_both_directions(graph: Graph, unit: str) -> None:
    assert (iri(unit), ORG.subOrganizationOf, iri("gswg")) in graph
    assert (iri("gswg"), ORG.hasSubOrganization, iri(unit)) in graph


@pytest.mark.parametrize("pillar", sorted(PILLAR_COVERAGE))
def test_pillar_label_and_covering_group(graph: Graph, pillar: str) -> None:
    lao, body = PILLAR_COVERAGE[pillar]
    rows = select(
        graph,
        """SELECT ?lo ?body WHERE { ?p a gswg:GovernancePillar ; skos:prefLabel ?lo ; gswg:coveredBy ?body .
                                    FILTER(lang(?lo) = "lo") }""",
        p=iri(pillar),
    )
    assert [(str(lo), local(b)) for lo, b in rows] == [(lao, body)]


@pytest.mark.parametrize("pillar", sorted(PILLAR_COVERAGE_EVIDENCE))
def test_pillar_coverage_says_whether_the_guide_states_it(graph: Graph, pillar: str) -> None:
    rows = select(
        graph,
        "SELECT ?e WHERE { ?c a gswg:PillarCoverage ; gswg:pillar ?p ; gswg:evidence ?e }",
        p=iri(pillar),
    )
    assert [local(r[0]) for r in rows] == [PILLAR_COVERAGE_EVIDENCE[pillar]]


def test_only_the_gswg_is_dated_on_its_own(graph: Graph) -> None:
    """Line 47 dates the working groups together (2006); line 111 dates the GSWG itself."""
    rows = select(
        graph,
        """SELECT ?g WHERE { ?g a gswg:SectorWorkingGroup ; gswg:establishedIn "2006"^^xsd:gYear .
                             FILTER NOT EXISTS { ?g gswg:curationNote ?note
                                                 FILTER(CONTAINS(STR(?note), "line 47")) } }""",
    )
    assert [local(r[0]) for r in rows] == ["gswg"]


def test_exactly_four_pillars_all_held_by_the_gswg(graph: Graph) -> None:
    rows = select(
        graph, "SELECT ?p WHERE { ?p a gswg:GovernancePillar . gsd:gswg gswg:hasPillar ?p }"
    )
    assert {local(r[0]) for r in rows} == set(PILLAR_COVERAGE)


def test_public_financial_management_has_no_sub_group(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?body ?text WHERE { ?c gswg:pillar gsd:pillar-public-financial-management ;
                                         gswg:coveringBody ?body ; gswg:text ?text . FILTER(lang(?text) = "en") }""",
    )
    assert len(rows) == 1
    body, text = rows[0]
    assert local(body) == "swg-macroeconomics"
    assert "representatives" in str(text)
    assert (
        select(
            graph,
            "SELECT ?s WHERE { ?s a gswg:SubSectorWorkingGroup ; gswg:coversPillar gsd:pillar-public-financial-management }",
        )
        == []
    )


@pytest.mark.parametrize("group", sorted(MANDATES))
def test_number_of_functions_and_terms_of_reference(graph: Graph, group: str) -> None:
    functions, tors, printed = MANDATES[group]
    f = select(graph, "SELECT ?m WHERE { ?g gswg:hasFunction ?m }", g=iri(group))
    t = select(
        graph,
        "SELECT ?n ?seq WHERE { ?g gswg:hasTermOfReference ?m . ?m gswg:printedNumber ?n ; gswg:sequenceNumber ?seq } ORDER BY ?seq",
        g=iri(group),
    )
    assert len(f) == functions
    assert len(t) == tors
    assert [str(n) for n, _ in t] == printed


@pytest.mark.parametrize("parent", sorted(SUB_ITEMS))
def test_lettered_sub_items(graph: Graph, parent: str) -> None:
    rows = select(
        graph,
        "SELECT ?n WHERE { ?p gswg:hasSubItem ?s . ?s gswg:subItemOf ?p ; gswg:printedNumber ?n } ORDER BY ?n",
        p=iri(parent),
    )
    assert [str(r[0]) for r in rows] == ["a", "b", "c"][: SUB_ITEMS[parent]]


@pytest.mark.parametrize("group", sorted(MANDATES))
def test_every_mandate_has_number_lao_english_and_source(graph: Graph, group: str) -> None:
    rows = select(
        graph,
        """SELECT ?m (COUNT(DISTINCT ?lo) AS ?nlo) (COUNT(DISTINCT ?en) AS ?nen) (COUNT(DISTINCT ?src) AS ?nsrc) WHERE {
             ?g gswg:hasFunction|gswg:hasTermOfReference ?top . ?top gswg:hasSubItem* ?m .
             ?m gswg:sequenceNumber ?seq .
             OPTIONAL { ?m gswg:text ?lo FILTER(lang(?lo) = "lo") }
             OPTIONAL { ?m gswg:text ?en FILTER(lang(?en) = "en") }
             OPTIONAL { ?m prov:wasDerivedFrom ?src }
           } GROUP BY ?m""",
        g=iri(group),
    )
    assert rows
    for m, nlo, nen, nsrc in rows:
        assert (int(nlo), int(nen), int(nsrc) >= 1) == (1, 1, True), m


def test_gswg_set_up_in_2006_with_two_coordination_levels(graph: Graph) -> None:
    year = select(graph, "SELECT ?y WHERE { gsd:gswg gswg:establishedIn ?y }")
    assert [str(r[0]) for r in year] == ["2006"]
    levels = select(
        graph,
        "SELECT ?l ?body WHERE { gsd:gswg gswg:hasCoordinationLevel ?l . ?l gswg:levelRealisedBy ?body }",
    )
    assert {(local(level), local(body)) for level, body in levels} == {
        ("gswg-level-working-group", "gswg"),
        ("gswg-level-sub-group", "psi-sswg"),
        ("gswg-level-sub-group", "lio-sswg"),
    }


@pytest.mark.parametrize("group", ["gswg", "psi-sswg", "lio-sswg"])
def test_who_may_be_invited(graph: Graph, group: str) -> None:
    rows = select(graph, "SELECT ?c WHERE { ?g gswg:mayInvite ?c }", g=iri(group))
    assert {local(r[0]) for r in rows} == {
        "invitee-private-sector",
        "invitee-ngos",
        "invitee-associations",
        "invitee-foundations",
    }


def test_round_table_process_frameworks(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?f WHERE { gsd:round-table-process ?p ?f . ?p rdfs:subPropertyOf* gswg:followsFramework }""",
    )
    assert {local(r[0]) for r in rows} == RTP_FRAMEWORKS


def test_ten_year_strategy_reached_through_the_long_term_strategy(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?f WHERE { gsd:round-table-process gswg:guidedBy ?g . ?g gswg:supportsFramework ?f }""",
    )
    assert {local(r[0]) for r in rows} == {"ten-year-strategy-2001-2010", "nsedp"}


def test_accra_forum_dates_and_place(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?b ?e ?place ?country WHERE {
             gsd:accra-agenda-for-action gswg:adoptedAt ?f . ?f gswg:ordinal 3 ;
               dcterms:temporal [ time:hasBeginning/time:inXSDDate ?b ; time:hasEnd/time:inXSDDate ?e ] ;
               gswg:location ?p . ?p skos:prefLabel ?place ; gswg:inCountry/skos:prefLabel ?country .
             FILTER(lang(?place) = "en" && lang(?country) = "en") }""",
    )
    assert [(str(b), str(e), str(p), str(c)) for b, e, p, c in rows] == [
        ("2008-09-02", "2008-09-04", "Accra", "Ghana")
    ]


@pytest.mark.parametrize(
    ("framework", "year"),
    [("mdgs", "2015"), ("ldc-graduation-2020", "2020"), ("long-term-strategy-2020", "2020")],
)
def test_target_years(graph: Graph, framework: str, year: str) -> None:
    rows = select(graph, "SELECT ?y WHERE { ?f gswg:targetYear ?y }", f=iri(framework))
    assert [str(r[0]) for r in rows] == [year]


def test_ten_year_strategy_period(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?b ?e WHERE { gsd:ten-year-strategy-2001-2010 dcterms:temporal
             [ time:hasBeginning/time:inXSDgYear ?b ; time:hasEnd/time:inXSDgYear ?e ] }""",
    )
    assert [(str(b), str(e)) for b, e in rows] == [("2001", "2010")]


def test_seventh_and_eighth_plans_facilitated(graph: Graph) -> None:
    rows = select(
        graph,
        "SELECT ?p ?n WHERE { gsd:round-table-process gswg:facilitatedPreparationOf ?p . ?p gswg:ordinal ?n }",
    )
    assert sorted(int(n) for _, n in rows) == [7, 8]


def test_working_groups_formally_set_up_in_2006_with_dic_representing_government(
    graph: Graph,
) -> None:
    rows = select(
        graph,
        """SELECT ?date ?dept ?former WHERE { ?m org:organization gsd:round-table-process ;
             org:role gsd:role-government-representative ; org:member ?dept ; dcterms:date ?date .
             ?dept gswg:formerlyUnitOf ?former }""",
    )
    assert [(str(d), local(dept), local(f)) for d, dept, f in rows] == [("2006", "dic", "mofa")]


def test_secretariat_host_head_and_establishment(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?host ?ministry ?by ?with ?name WHERE {
             gsd:gswg-secretariat gswg:hostDepartment ?host ; gswg:establishedBy ?by ;
               gswg:establishedInCoordinationWith ?with ; org:hasPost ?post .
             ?host org:subOrganizationOf ?ministry .
             ?post org:role gsd:role-head ; org:heldBy/foaf:name ?name . FILTER(lang(?name) = "lo") }""",
    )
    assert [tuple(str(x) if isinstance(x, Literal) else local(x) for x in r) for r in rows] == [
        ("moha-dpc", "moha", "moha", "moj", "ນິສິດ ແກ້ວປັນຍາ")
    ]


@pytest.mark.parametrize(
    "arrangement",
    [
        "gswg-secretariat-rotation",
        "gswg-secretariat-working-modalities",
        "meeting-and-reporting-system",
    ],
)
def test_secretariat_arrangements_are_recorded(graph: Graph, arrangement: str) -> None:
    rows = select(
        graph,
        "SELECT ?t WHERE { gsd:gswg-secretariat gswg:hasWorkingArrangement ?a . ?a gswg:text ?t }",
        a=iri(arrangement),
    )
    assert {r[0].language for r in rows} == {"lo", "en"}


def test_role_scheme_has_the_contract_roles(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?l WHERE { ?r a org:Role ; skos:inScheme gsd:role-scheme ; skos:prefLabel ?l . FILTER(lang(?l) = "en") }""",
    )
    assert {"member", "chair", "co-chair", "key organisation"} <= {str(r[0]) for r in rows}
