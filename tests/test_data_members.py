"""Annex 2 member lists, chairs, co-chairs and key organisations against the guide."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from .guide_facts import (
    CHAIRS,
    KEY_ORGANISATIONS,
    MEMBER_LISTS,
    SECRETARIAT_MEMBERS,
    SECRETARIAT_SUPPORTERS,
)
from .helpers import iri, local, select

CATEGORY_CLASS = {
    "government": "https://w3id.org/gswg/ontology#GovernmentBody",
    "development-partner": "https://w3id.org/gswg/ontology#DevelopmentPartner",
}

MEMBERS_BY_CATEGORY = """
SELECT ?member WHERE {
  ?m a org:Membership ; org:organization ?group ; org:role gsd:role-member ; org:member ?member .
  ?member a/rdfs:subClassOf* ?category .
}"""

MEMBERSHIPS_WITH_ROLE = """
SELECT ?group ?member ?role ?office WHERE {
  ?m a org:Membership ; org:organization ?group ; org:member ?member ; org:role ?role .
  OPTIONAL { ?m gswg:officeHeld ?office }
}"""


@pytest.mark.parametrize(("group", "category"), sorted(MEMBER_LISTS), ids=lambda v: str(v))
def test_member_list_matches_annex_2(graph: Graph, group: str, category: str) -> None:
    rows = select(
        graph, MEMBERS_BY_CATEGORY, group=iri(group), category=URIRef(CATEGORY_CLASS[category])
    )
    found = sorted(local(r[0]) for r in rows)
    expected = MEMBER_LISTS[(group, category)]
    assert found == sorted(expected)
    assert len(set(expected)) == len(expected), "an organisation listed twice by hand"


# Annex 2 as counted by hand: (group, category, members listed).
ANNEX_2_COUNTS = [
    ("gswg", "government", 24),
    ("gswg", "development-partner", 36),
    ("psi-sswg", "government", 18),
    ("psi-sswg", "development-partner", 24),
    ("lio-sswg", "government", 31),
    ("lio-sswg", "development-partner", 19),
]


@pytest.mark.parametrize(("group", "category", "count"), ANNEX_2_COUNTS)
def test_member_counts_per_category(graph: Graph, group: str, category: str, count: int) -> None:
    assert len(MEMBER_LISTS[(group, category)]) == count
    rows = select(
        graph, MEMBERS_BY_CATEGORY, group=iri(group), category=URIRef(CATEGORY_CLASS[category])
    )
    assert len({r[0] for r in rows}) == count


def test_chairs_and_co_chairs_with_office(graph: Graph) -> None:
    found = set()
    for group, member, role, office in select(graph, MEMBERSHIPS_WITH_ROLE):
        if local(role) in {"role-chair", "role-co-chair"}:
            found.add(
                (local(group), local(member), local(role)[5:], local(office) if office else None)
            )
    assert found == CHAIRS


@pytest.mark.parametrize("group", sorted(KEY_ORGANISATIONS))
def test_key_organisations_from_the_chart(graph: Graph, group: str) -> None:
    found = {
        local(member)
        for g, member, role, _ in select(graph, MEMBERSHIPS_WITH_ROLE)
        if g == iri(group) and role == iri("role-key-organisation")
    }
    assert found == KEY_ORGANISATIONS[group]


def test_secretariat_members_and_supporting_partners(graph: Graph) -> None:
    by_role: dict[str, set[str]] = {}
    for g, member, role, _ in select(graph, MEMBERSHIPS_WITH_ROLE):
        if g == iri("gswg-secretariat"):
            by_role.setdefault(local(role), set()).add(local(member))
    assert by_role == {
        "role-member": SECRETARIAT_MEMBERS,
        "role-supporting-partner": SECRETARIAT_SUPPORTERS,
    }


@pytest.mark.parametrize(
    ("group", "category_concept"),
    [
        ("gswg", "category-government"),
        ("gswg", "category-development-partner"),
        ("psi-sswg", "category-government"),
        ("psi-sswg", "category-development-partner"),
        ("lio-sswg", "category-government"),
        ("lio-sswg", "category-development-partner"),
    ],
)
def test_and_others_is_open_membership_not_a_member(
    graph: Graph, group: str, category_concept: str
) -> None:
    query = """
    SELECT ?om ?text WHERE { ?group gswg:hasOpenMembership ?om . ?om gswg:forCategory ?cat ; gswg:text ?text .
                              FILTER(lang(?text) = "lo") }"""
    rows = select(graph, query, group=iri(group), cat=iri(category_concept))
    assert len(rows) == 1
    assert str(rows[0][1]).replace(" ", "") == "ແລະອື່ນໆ"


def test_no_member_is_labelled_and_others(graph: Graph) -> None:
    query = """SELECT ?x WHERE { ?m org:member ?x . ?x skos:prefLabel ?l . FILTER(CONTAINS(STR(?l), "ອື່ນໆ")) }"""
    assert select(graph, query) == []
