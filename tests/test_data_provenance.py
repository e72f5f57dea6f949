"""Every membership, mandate and leadership statement is traced to a section of the guide."""

from __future__ import annotations

import pytest
from rdflib import Graph

from .helpers import select


@pytest.mark.parametrize(
    "kind", ["org:Membership", "gswg:Mandate", "gswg:LeadershipStatement", "gswg:Purpose"]
)
def test_derived_from_a_section_of_the_guide(graph: Graph, kind: str) -> None:
    total = select(graph, f"SELECT DISTINCT ?x WHERE {{ ?x a/rdfs:subClassOf* {kind} }}")
    assert total
    untraced = select(
        graph,
        f"""SELECT ?x WHERE {{ ?x a/rdfs:subClassOf* {kind} .
               FILTER NOT EXISTS {{ ?x prov:wasDerivedFrom ?s . ?s a gswg:GuideSection ; dcterms:isPartOf gsd:guide }} }}""",
    )
    assert untraced == []


def test_the_guide_has_title_year_and_publishers(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?title ?year (COUNT(DISTINCT ?pub) AS ?n) WHERE {
             gsd:guide a gswg:Guide ; dcterms:title ?title ; dcterms:issued ?year ; dcterms:publisher ?pub .
             FILTER(lang(?title) = "lo") } GROUP BY ?title ?year""",
    )
    assert len(rows) == 1
    title, year, publishers = rows[0]
    assert str(title).startswith("ບົດແນະນຳກ່ຽວກັບໜ່ວຍງານດ້ານການປົກຄອງ")
    assert str(year) == "2015"
    assert int(publishers) == 3


def test_memberships_are_dated_as_of_the_guide(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?d (COUNT(?m) AS ?n) WHERE { ?m a org:Membership ; dcterms:date ?d } GROUP BY ?d""",
    )
    by_year = {str(d): int(n) for d, n in rows}
    assert set(by_year) == {"2015", "2006"}
    assert by_year["2006"] == 1  # the Department of International Cooperation in 2006 (line 47)


def test_inferred_statements_say_so(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?x WHERE { ?x gswg:evidence gsd:evidence-inferred . FILTER NOT EXISTS { ?x gswg:curationNote ?n } }""",
    )
    assert rows == []
    inferred = select(
        graph,
        "SELECT ?m WHERE { ?m org:organization gsd:gswg ; gswg:evidence gsd:evidence-inferred }",
    )
    assert (
        len(inferred) == 3
    )  # the GSWG's chair and co-chair roles are inferred (line 111 with line 39)
