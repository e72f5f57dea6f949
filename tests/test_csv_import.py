"""Reading a memberships CSV: how cells name things, telephone numbers as the guide prints them,
and rows that cannot become RDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from gswg_graph.csv_columns import CSV_COLUMN_NAMES, REQUIRED_CSV_COLUMNS, csv_columns_help
from gswg_graph.csv_import import mailto, normalise_telephone, read_memberships
from gswg_graph.errors import InputError
from gswg_graph.namespaces import GSD, GSWG, ORG, PROV, VCARD

from .helpers import iri

HEADER = ",".join(CSV_COLUMN_NAMES) + "\n"


def one_row(tmp_path: Path, graph: Graph, **cells: str) -> Graph:
    row = ",".join(_quoted(cells.get(name, "")) for name in CSV_COLUMN_NAMES)
    path = tmp_path / "update.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    return read_memberships(path, graph).graph


def _quoted(text: str) -> str:
    return f'"{text}"' if "," in text or ";" in text else text


ROW = {"group": "gsd:gswg", "member": "gsd:undp", "role": "member", "date": "2015",
       "source": "annex-2-gswg"}  # fmt: skip


@pytest.mark.parametrize(
    ("printed", "values"),
    [
        # As printed in the guide (posts-and-contacts.ttl keeps the same normalisation).
        ("856 (21) 212 710", ["tel:+856-21-212710"]),
        ("856 (21) 25 17 94", ["tel:+856-21-251794"]),
        ("856 (21) 213646; 212710", ["tel:+856-21-213646", "tel:+856-21-212710"]),
        ("+856 21 212545, 213646, 212710",
         ["tel:+856-21-212545", "tel:+856-21-213646", "tel:+856-21-212710"]),
        ("856 (21) 212710, 856 (20) 55555180", ["tel:+856-21-212710", "tel:+856-20-55555180"]),
        # The faxes give no area code: kept as printed only.
        ("(856) 217619, 213649", []),
        ("021 212710", ["tel:+856-21-212710"]),
        ("call the Secretariat", []),
    ],
)  # fmt: skip
def test_telephone_numbers_as_printed(printed: str, values: list[str]) -> None:
    assert normalise_telephone(printed) == values


def test_project_telephones_match_the_normalisation(graph: Graph) -> None:
    """The printed numbers of the guide normalise to the tel: values the data holds."""
    for contact in set(graph.subjects(VCARD.hasTelephone, None)):
        phones = list(graph.objects(contact, VCARD.hasTelephone))
        printed = {str(graph.value(p, GSWG.printedAs)) for p in phones}
        held = sorted(str(graph.value(p, VCARD.hasValue)) for p in phones
                      if graph.value(p, VCARD.hasValue) is not None)  # fmt: skip
        assert sorted({v for text in printed for v in normalise_telephone(text)}) == sorted(
            set(held)
        ), contact


def test_mailto_keeps_the_address_and_encodes_what_iris_cannot_hold() -> None:
    assert mailto("Nisith.keopanya@moha.gov.la") == URIRef("mailto:Nisith.keopanya@moha.gov.la")
    assert mailto("mailto:gswg-sec@moha.gov.la") == URIRef("mailto:gswg-sec@moha.gov.la")
    assert mailto("info at moha") == URIRef("mailto:info%20at%20moha")


@pytest.mark.parametrize(
    ("column", "cell", "expected"),
    [
        ("member", "UNDP", "undp"),
        ("member", "United Nations Development Programme", "undp"),
        ("member", "ກະຊວງພາຍໃນ", "moha"),
        ("member", "moha", "moha"),
        ("member", "gsd:moj", "moj"),
        ("member", "<https://w3id.org/gswg/id/jica>", "jica"),
        ("group", "PSI SSWG", "psi-sswg"),
        ("group", "ໜ່ວຍງານຍ່ອຍດ້ານນິຕິກຳ", "lio-sswg"),
        ("role", "co-chair", "role-co-chair"),
        ("role", "ປະທານຮ່ວມ", "role-co-chair"),
        ("role", "Key Organisation", "role-key-organisation"),
        ("source", "annex-2-psi", "annex-2-psi"),
    ],
)
def test_names_resolve_to_the_project_iri(
    tmp_path: Path, graph: Graph, column: str, cell: str, expected: str
) -> None:
    update = one_row(tmp_path, graph, **{**ROW, column: cell})
    prop = {"member": ORG.member, "group": ORG.organization, "role": ORG.role,
            "source": PROV.wasDerivedFrom}[column]  # fmt: skip
    assert list(update.objects(None, prop)) == [iri(expected)]


def test_a_membership_is_named_like_the_data(tmp_path: Path, graph: Graph) -> None:
    update = one_row(tmp_path, graph, **{**ROW, "group": "PSI SSWG", "role": "co-chair",
                                          "member": "SDC"})  # fmt: skip
    membership = GSD["membership-psi-sswg-co-chair-sdc"]
    assert (membership, RDF.type, ORG.Membership) in update
    assert (membership, DCTERMS.date, Literal("2015", datatype=XSD.gYear)) in update
    # The same IRI as data/sub-groups.ttl gives the co-chair membership:
    assert (membership, ORG.member, GSD.sdc) in graph


def test_unknown_names_stay_text_for_the_shapes(tmp_path: Path, graph: Graph) -> None:
    update = one_row(tmp_path, graph, **{**ROW, "role": "president", "date": "June 2015"})
    assert list(update.objects(None, ORG.role)) == [Literal("president")]
    assert list(update.objects(None, DCTERMS.date)) == [Literal("June 2015")]


def test_a_new_member_gets_labels_category_class_and_source(tmp_path: Path, graph: Graph) -> None:
    update = one_row(
        tmp_path,
        graph,
        **{**ROW, "member": "gsd:new-network", "member_label_lo": "ເຄືອຂ່າຍໃໝ່",
           "member_label_en": "New Network", "category": "non-profit-network"},
    )  # fmt: skip
    new = GSD["new-network"]
    assert set(update.objects(new, SKOS.prefLabel)) == {
        Literal("ເຄືອຂ່າຍໃໝ່", lang="lo"),
        Literal("New Network", lang="en"),
    }
    assert (new, RDF.type, GSWG.NonProfitNetwork) in update
    assert (new, ORG.classification, GSD["category-non-profit-network"]) in update
    assert (new, PROV.wasDerivedFrom, GSD["annex-2-gswg"]) in update


def test_contacts_keep_the_printed_number(tmp_path: Path, graph: Graph) -> None:
    update = one_row(
        tmp_path, graph, **{**ROW, "email": "a@example.org; b@example.org",
                            "telephone": "856 (21) 213646; 212710"}
    )  # fmt: skip
    contact = GSD["contact-membership-gswg-member-undp"]
    assert set(update.objects(contact, VCARD.hasEmail)) == {
        URIRef("mailto:a@example.org"),
        URIRef("mailto:b@example.org"),
    }
    phones = list(update.objects(contact, VCARD.hasTelephone))
    assert {str(update.value(p, VCARD.hasValue)) for p in phones} == {
        "tel:+856-21-213646",
        "tel:+856-21-212710",
    }
    assert {str(update.value(p, GSWG.printedAs)) for p in phones} == {"856 (21) 213646; 212710"}


def test_header_names_are_forgiving_about_case_and_spaces(tmp_path: Path, graph: Graph) -> None:
    path = tmp_path / "update.csv"
    path.write_text(
        "Group,Member,Role,Date,Source,Member Label En\nGSWG,gsd:x,member,2015,annex-2-gswg,X\n",
        encoding="utf-8",
    )
    imported = read_memberships(path, graph)
    assert (GSD.x, SKOS.prefLabel, Literal("X", lang="en")) in imported.graph
    assert imported.rows == 1
    assert imported.origins[GSD["membership-gswg-member-x"]] == 2


def test_a_quoted_cell_over_two_lines_keeps_the_row_line(tmp_path: Path, graph: Graph) -> None:
    path = tmp_path / "update.csv"
    path.write_text(
        "group,member,role,date,source,member_label_en\n"
        'GSWG,gsd:x,member,2015,annex-2-gswg,"two\nlines"\n'
        "GSWG,gsd:y,member,2015,annex-2-gswg,Y\n",
        encoding="utf-8",
    )
    origins = read_memberships(path, graph).origins
    assert origins[GSD["membership-gswg-member-y"]] == 4


def test_an_unclosed_quote_is_named_as_such(tmp_path: Path, graph: Graph) -> None:
    path = tmp_path / "update.csv"
    path.write_text(
        "group,member,role,date,source\n"
        "GSWG,gsd:x,member,2015,annex-2-gswg\n"
        'GSWG,"gsd:y,member,2015,annex-2-gswg\n'
        "GSWG,gsd:z,member,2015,annex-2-gswg\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_memberships(path, graph)
    assert caught.value.line == 3
    assert "a quote opened on this line is not closed" in caught.value.message


def test_an_ambiguous_name_is_reported_with_its_cell(tmp_path: Path) -> None:
    graph = Graph()
    for name in ("a", "b"):
        graph.add((GSD[name], RDF.type, GSWG.GovernmentBody))
        graph.add((GSD[name], SKOS.altLabel, Literal("MOX", lang="en")))
    graph.add((GSWG.GovernmentBody, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")))
    graph.add((GSWG.GovernmentBody, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
               ORG.Organization))  # fmt: skip
    with pytest.raises(InputError) as caught:
        one_row(tmp_path, graph, **{**ROW, "member": "MOX"})
    assert (caught.value.line, caught.value.column) == (2, 2)
    assert "member 'MOX' is ambiguous: it names gsd:a, gsd:b" in caught.value.message


def test_columns_are_documented() -> None:
    text = csv_columns_help()
    for name in CSV_COLUMN_NAMES:
        assert f"  {name} " in text
    assert set(REQUIRED_CSV_COLUMNS) == {"group", "member", "role", "date", "source"}
