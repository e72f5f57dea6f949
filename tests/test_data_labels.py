"""Labels: one IRI per organisation however the guide spells it, and Lao text kept verbatim."""

from __future__ import annotations

import unicodedata

import pytest
from rdflib import Graph, Literal

from .guide_facts import ACRONYMS, PRINTED_CONTACTS, PRINTED_EMAILS, SPELLING_VARIANTS
from .helpers import iri, select

ORGANISATIONS = """
SELECT DISTINCT ?o WHERE { ?o a/rdfs:subClassOf* ?c . VALUES ?c { gswg:GovernmentBody gswg:DevelopmentPartner } }"""


@pytest.mark.parametrize(
    ("label", "entity"), SPELLING_VARIANTS, ids=[e for _, e in SPELLING_VARIANTS]
)
def test_spelling_variant_resolves_to_one_entity(graph: Graph, label: str, entity: str) -> None:
    rows = select(
        graph,
        "SELECT DISTINCT ?s WHERE { ?s skos:prefLabel|skos:altLabel ?label }",
        label=Literal(label, lang="lo"),
    )
    assert [r[0] for r in rows] == [iri(entity)]


@pytest.mark.parametrize(("acronym", "entity"), ACRONYMS, ids=[a for a, _ in ACRONYMS])
def test_acronym_names_its_entity(graph: Graph, acronym: str, entity: str) -> None:
    rows = select(graph, "SELECT DISTINCT ?s WHERE { ?s gswg:acronym ?a }", a=Literal(acronym))
    assert [r[0] for r in rows] == [iri(entity)]
    alt = select(
        graph,
        "SELECT ?s WHERE { ?s skos:prefLabel|skos:altLabel ?a }",
        a=Literal(acronym, lang="en"),
    )
    assert iri(entity) in {r[0] for r in alt}


def test_every_organisation_has_one_preferred_label_per_language(graph: Graph) -> None:
    organisations = [r[0] for r in select(graph, ORGANISATIONS)]
    assert len(organisations) > 70
    for org in organisations:
        labels = select(graph, "SELECT ?l WHERE { ?o skos:prefLabel ?l }", o=org)
        languages = sorted(
            r[0].language
            for r in labels
            if isinstance(r[0], Literal) and r[0].language in {"lo", "en"}
        )
        assert languages == ["en", "lo"], org


def test_no_two_organisations_share_an_english_label(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?l (COUNT(DISTINCT ?o) AS ?n) WHERE {
             ?o a/rdfs:subClassOf* ?c ; skos:prefLabel ?l . FILTER(lang(?l) = "en")
             VALUES ?c { gswg:GovernmentBody gswg:DevelopmentPartner } } GROUP BY ?l HAVING (COUNT(DISTINCT ?o) > 1)""",
    )
    assert rows == []


def test_each_organisation_in_a_membership_has_one_category(graph: Graph) -> None:
    rows = select(
        graph,
        """SELECT ?o (COUNT(DISTINCT ?cat) AS ?n) WHERE { ?m org:member ?o . OPTIONAL { ?o org:classification ?cat } }
           GROUP BY ?o HAVING (COUNT(DISTINCT ?cat) != 1)""",
    )
    assert rows == []


VERBATIM_LAO = """
SELECT DISTINCT ?s ?v WHERE {
  { ?s gswg:text ?v } UNION { ?s gswg:printedAs ?v } UNION { ?s vcard:fn ?v } UNION { ?s vcard:role ?v }
  UNION { ?s a/rdfs:subClassOf* ?c ; skos:prefLabel|skos:altLabel|skos:hiddenLabel ?v .
          VALUES ?c { gswg:GovernmentBody gswg:DevelopmentPartner gswg:CoordinationBody gswg:PolicyFramework org:Post } }
  FILTER(lang(?v) = "lo")
}"""

# Lao labels the curators composed (the guide prints the words, not this exact string).
COMPOSED = {
    "ແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມແຫ່ງຊາດຄັ້ງທີ 8",  # line 43 prints "...ຄັ້ງທີ 7 ແລະ ຄັ້ງທີ 8"
    "ໜ່ວຍງານການຄຸ້ມຄອງການເງິນມະຫາພາກ",  # line 154 prints "ໜ່ວຍງານການຄຸ້ມ ຄອງ..." (line-break space)
}


def test_lao_text_and_names_occur_verbatim_in_the_guide(graph: Graph, guide_text: str) -> None:
    unwrapped = guide_text.replace("\n", "")
    rows = select(graph, VERBATIM_LAO)
    assert len(rows) > 300
    missing = [
        (str(s), str(v))
        for s, v in rows
        if str(v) not in guide_text and str(v) not in unwrapped and str(v) not in COMPOSED
    ]
    assert missing == []


def test_lao_text_is_not_normalised(graph: Graph, guide_text: str) -> None:
    # The guide mixes the precomposed AM vowel (U+0EB3) and its decomposed form (U+0ECD U+0EB2);
    # the data must keep whichever the guide printed, so NFKC-normalising would break the match.
    assert "\u0ecd\u0eb2" in guide_text and "\u0eb3" in guide_text
    # Function 3 of the GSWG (line 124) prints both forms: ກິດຈະກຳ (U+0EB3) and ນໍາໃຊ້ (U+0ECD U+0EB2).
    rows = select(
        graph, "SELECT ?t WHERE { gsd:gswg-function-3 gswg:text ?t FILTER(lang(?t) = 'lo') }"
    )
    text = str(rows[0][0])
    assert "\u0ecd\u0eb2" in text and "\u0eb3" in text
    assert unicodedata.normalize("NFKC", text) != text


@pytest.mark.parametrize("printed", PRINTED_CONTACTS)
def test_telephone_numbers_kept_as_printed(graph: Graph, printed: str) -> None:
    assert select(graph, "SELECT ?t WHERE { ?t gswg:printedAs ?p }", p=Literal(printed))


@pytest.mark.parametrize("email", PRINTED_EMAILS)
def test_emails_as_mailto(graph: Graph, email: str) -> None:
    from rdflib import URIRef

    assert select(graph, "SELECT ?c WHERE { ?c vcard:hasEmail ?e }", e=URIRef(f"mailto:{email}"))
