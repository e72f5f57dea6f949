"""gswg docs: the ontology pages list every class and property with labels in both languages and
its definition; pages per body and organisation; all-or-nothing writing; the CLI."""

from __future__ import annotations

import html.parser
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from gswg_graph.cli import gswg
from gswg_graph.docs import DocsSummary, build_docs
from gswg_graph.namespaces import GSWG
from gswg_graph.resources import ResourceRoot

from .helpers import REPO_ROOT, break_line, snapshot

GSI = "https://w3id.org/gswg/iati#"
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


class Element:
    """A parsed element: tag, attributes, children and text, enough to check the pages."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element] = []
        self.parts: list[str] = []

    def text(self) -> str:
        """All text below this element, whitespace collapsed."""
        pieces: list[str] = []

        def walk(element: Element) -> None:
            pieces.extend(element.parts)
            for child in element.children:
                walk(child)

        walk(self)
        return " ".join(" ".join(pieces).split())

    def iter(self) -> list[Element]:
        found = [self]
        for child in self.children:
            found.extend(child.iter())
        return found


class Page(html.parser.HTMLParser):
    """A strict-enough parser: every end tag must close the element that is open."""

    VOID: ClassVar[frozenset[str]] = frozenset(
        {"meta", "link", "br", "img", "hr", "input", "col", "area", "base", "wbr", "source"}
    )

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root
        self.feed(text)
        self.close()
        assert self.current is self.root, f"unclosed <{self.current.tag}>"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in self.VOID:
            self.current = element

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        assert self.current.parent is not None
        self.current = self.current.parent

    def handle_data(self, data: str) -> None:
        self.current.parts.append(data)

    def by_id(self) -> dict[str, Element]:
        ids: dict[str, Element] = {}
        for element in self.root.iter():
            if "id" in element.attrs:
                assert element.attrs["id"] not in ids, f"duplicate id {element.attrs['id']!r}"
                ids[element.attrs["id"]] = element
        return ids


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> DocsSummary:
    return build_docs(ResourceRoot(REPO_ROOT), tmp_path_factory.mktemp("docs"))


def terms(path: Path, namespace: str) -> list[URIRef]:
    graph = Graph().parse(path)
    found = {
        s
        for kind in TERM_TYPES
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(namespace)
    }
    assert found, f"no terms of {namespace} in {path}"
    return sorted(found)


def values(graph: Graph, subject: URIRef, predicate: URIRef, lang: str) -> list[str]:
    return [
        str(v)
        for v in graph.objects(subject, predicate)
        if isinstance(v, Literal) and (v.language or "") == lang
    ]


def test_every_file_is_written(built: DocsSummary) -> None:
    names = {str(path.relative_to(built.out_dir)) for path in built.files}
    assert {"index.html", "iati.html", "id/index.html", "id/gswg.html", "id/moha.html"} <= names
    for path in built.files:
        assert path.stat().st_size > 0


@pytest.mark.parametrize(
    ("page", "source", "namespace"),
    [("index.html", "gswg.ttl", str(GSWG)), ("iati.html", "gswg-iati.ttl", GSI)],
)
def test_every_class_and_property_is_documented_with_its_definition(
    built: DocsSummary, page: str, source: str, namespace: str
) -> None:
    path = REPO_ROOT / "ontology" / source
    graph = Graph().parse(path)
    document = Page((built.out_dir / page).read_text(encoding="utf-8"))
    sections = document.by_id()
    for term in terms(path, namespace):
        anchor = str(term)[len(namespace) :]
        assert anchor in sections, f"{term} has no section #{anchor} in {page}"
        text = sections[anchor].text()
        assert str(term) in text
        definitions = values(graph, term, SKOS.definition, "en") or values(
            graph, term, RDFS.comment, "en"
        )
        assert definitions, f"{term} has no definition in the ontology"
        assert " ".join(definitions[0].split()) in text, f"definition of {term} missing"
        for lang in ("en", "lo"):
            for label in values(graph, term, SKOS.prefLabel, lang):
                assert label in text, f"{lang} label of {term} missing"


def test_lao_labels_are_marked_as_lao(built: DocsSummary) -> None:
    document = Page((built.out_dir / "index.html").read_text(encoding="utf-8"))
    section = document.by_id()["SectorWorkingGroup"]
    lao = [e for e in section.iter() if e.attrs.get("lang") == "lo"]
    assert any(e.text() == "ໜ່ວຍງານຂະແໜງການ" for e in lao)
    assert document.root.children[0].attrs.get("lang") == "en"


def test_headings_show_english_then_lao(built: DocsSummary) -> None:
    document = Page((built.out_dir / "index.html").read_text(encoding="utf-8"))
    heading = next(e for e in document.by_id()["Mandate"].children if e.tag == "h3")
    assert heading.text().startswith("mandate · ໜ້າທີ່ ແລະ ພາລະບົດບາດ")


def test_functional_property_is_documented_once_with_its_characteristic(
    built: DocsSummary,
) -> None:
    document = Page((built.out_dir / "index.html").read_text(encoding="utf-8"))
    section = document.by_id()["sequenceNumber"]  # by_id asserts ids are unique
    assert "Characteristics functional" in section.text()


def test_both_titles_of_the_ontology(built: DocsSummary) -> None:
    document = Page((built.out_dir / "index.html").read_text(encoding="utf-8"))
    title = next(e for e in document.by_id()["metadata"].children if e.tag == "h1").text()
    assert "GSWG ontology" in title
    assert "ອອນໂທໂລຈີ ໜ່ວຍງານດ້ານການປົກຄອງ" in title


def test_pages_per_body_and_organisation(built: DocsSummary, graph: Graph) -> None:
    out = built.out_dir / "id"
    gswg_page = Page((out / "gswg.html").read_text(encoding="utf-8")).root.text()
    for name in (
        "Governance Sector Working Group",
        "ໜ່ວຍງານດ້ານການປົກຄອງ",
        "Minister of Home Affairs",
    ):
        assert name in gswg_page
    assert "chair · ປະທານ" in gswg_page
    moha = Page((out / "moha.html").read_text(encoding="utf-8")).root.text()
    assert "Ministry of Home Affairs" in moha
    assert "ກະຊວງພາຍໃນ" in moha
    index = Page((out / "index.html").read_text(encoding="utf-8")).root
    links = {e.attrs["href"] for e in index.iter() if e.tag == "a" and "href" in e.attrs}
    for link in links - {"../index.html", "../iati.html", "index.html"}:
        assert (out / link).is_file(), link


@pytest.mark.parametrize(
    ("page", "identifier"),
    [("undp", "XM-DAC-41114"), ("ausaid", "AU-5"), ("cambodia", "KH")],
)
def test_organisation_pages_show_their_identifiers_in_aid_datasets(
    built: DocsSummary, page: str, identifier: str
) -> None:
    """UNDP's IATI identifier (issue text, IATI Registry), AusAID's (the Registry's AU-5, now
    DFAT's), Cambodia's ISO 3166-1 code: each in the identifiers table, with a source link."""
    text = (built.out_dir / "id" / f"{page}.html").read_text(encoding="utf-8")
    table = text.split("Identifiers in aid datasets", 1)[1]
    assert f"<code>{identifier}</code>" in table
    assert '<a href="https://github.com/' in table


def test_docs_are_reproducible(built: DocsSummary, tmp_path: Path) -> None:
    again = build_docs(ResourceRoot(REPO_ROOT), tmp_path / "again")
    assert snapshot(again.out_dir) == snapshot(built.out_dir)


def test_cli_docs_summary(runner: CliRunner, tmp_path: Path) -> None:
    from .helpers import FIXTURE_ROOT

    result = runner.invoke(gswg, ["docs", "--resources", str(FIXTURE_ROOT)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("documented 1 ontologies in dist/docs\n")
    assert "index.html" in result.stdout
    assert (tmp_path / "dist" / "docs" / "index.html").is_file()  # conftest chdirs to tmp_path
    quiet = runner.invoke(gswg, ["docs", "--resources", str(FIXTURE_ROOT), "-q"])
    assert quiet.exit_code == 0
    assert quiet.output == ""


def test_broken_ontology_keeps_the_previous_docs(
    runner: CliRunner, mini: ResourceRoot, tmp_path: Path
) -> None:
    out = tmp_path / "docs"
    first = runner.invoke(gswg, ["docs", "--resources", str(mini.root), "--out-dir", str(out)])
    assert first.exit_code == 0, first.output
    before = snapshot(out)
    break_line(mini.ontology_file, 9, '    rdfs:label "unterminated')
    result = runner.invoke(gswg, ["docs", "--resources", str(mini.root), "--out-dir", str(out)])
    assert result.exit_code == 2
    assert "gswg.ttl:9" in result.stderr
    assert snapshot(out) == before


def test_an_ontology_file_without_an_ontology_is_an_input_error(
    runner: CliRunner, mini: ResourceRoot, tmp_path: Path
) -> None:
    (mini.ontology_dir / "extra.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<https://e.org/C> a owl:Class .\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        gswg, ["docs", "--resources", str(mini.root), "--out-dir", str(tmp_path / "d")]
    )
    assert result.exit_code == 2
    assert "expected exactly one owl:Ontology" in result.stderr
    assert not (tmp_path / "d").exists()
