"""HTML documentation of the ontologies (pyLODE), in English and Lao, plus simple pages per body.

pyLODE renders one OWL ontology as one HTML page, and does it well, but it prints every label
of a term side by side ("sector working groupໜ່ວຍງານຂະແໜງການ") and derives anchors from whichever
label comes first.  So pyLODE gets a *documentation graph*: the ontology's own terms with their
English label as the title, anchors fixed to the terms' local names (``index.html#Mandate`` for
``gswg:Mandate``, stable across runs), and the ontology's restatements of W3C terms left out
(they are documented by W3C).  The Lao labels, a "Labels" row, property characteristics and
``lang`` attributes are added to pyLODE's HTML afterwards.

Every file is staged and replaced together (gswg_graph.atomic), so a failure leaves the
previous docs untouched.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS, VANN
from rdflib.term import Node

from .atomic import StagedFiles
from .errors import InputError, ReleaseError
from .loading import load_project, parse_file
from .progress import Progress
from .resources import ResourceRoot

if TYPE_CHECKING:
    from lxml.html import HtmlElement

GROUPS_DIR = "id"
BODIES_TITLE = "Coordination bodies and organisations · ກົນໄກປະສານງານ ແລະ ອົງການ"

TERM_TYPES: dict[URIRef, str] = {
    OWL.Class: "class",
    RDFS.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
    RDF.Property: "property",
}
CHARACTERISTICS: dict[URIRef, str] = {
    OWL.FunctionalProperty: "functional",
    OWL.InverseFunctionalProperty: "inverse functional",
    OWL.TransitiveProperty: "transitive",
    OWL.SymmetricProperty: "symmetric",
    OWL.AsymmetricProperty: "asymmetric",
    OWL.ReflexiveProperty: "reflexive",
    OWL.IrreflexiveProperty: "irreflexive",
}
DEFINITIONS = (SKOS.definition, RDFS.comment)
LABELS = (SKOS.prefLabel, RDFS.label)

_LAO = re.compile("[\u0e80-\u0eff]")
_LATIN = re.compile("[A-Za-z]")

CSS = """
:lang(lo) { font-family: "Phetsarath OT", "Noto Sans Lao", "Noto Serif Lao", sans-serif;
            line-height: 1.7; }
.label-lo { font-weight: normal; color: #444; }
nav.gswg { margin: 0 0 1em 0; padding: .4em .6em; background: #f4f7fb;
           border: 1px solid #d0d8e4; font-size: .95em; }
nav.gswg a { margin-right: 1.2em; }
nav.gswg .here { font-weight: bold; margin-right: 1.2em; }
ul.labels { list-style: none; padding-left: 0; margin: 0; }
ul.labels .lang { color: #777; font-size: .85em; margin-left: .4em; }
"""


@dataclass(frozen=True)
class Term:
    """One documented class or property, as the page presents it."""

    iri: URIRef
    anchor: str
    kind: str
    labels: dict[str, str]
    definition: str
    characteristics: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.labels.get("en") or self.labels.get("") or self.anchor


@dataclass(frozen=True)
class OntologyPage:
    """One ontology file and the HTML page documenting it."""

    source: Path
    filename: str
    iri: URIRef
    namespace: str
    titles: dict[str, str]
    terms: tuple[Term, ...]

    @property
    def title(self) -> str:
        return self.titles.get("en") or self.titles.get("") or str(self.iri)


@dataclass(frozen=True)
class DocsSummary:
    """What ``gswg docs`` wrote: the ontology pages and the pages per group and organisation."""

    out_dir: Path
    ontologies: tuple[OntologyPage, ...]
    entity_pages: int
    files: tuple[Path, ...]


def page_name(source: Path, main: Path) -> str:
    """``index.html`` for the main ontology (ontology/gswg.ttl), ``<name>.html`` for the others."""
    if source.name == main.name:
        return "index.html"
    return f"{source.stem.removeprefix('gswg-')}.html"


def ontology_sources(root: ResourceRoot) -> list[Path]:
    """ontology/*.ttl, the main file first; an empty or missing folder is an input error."""
    files = sorted(root.ontology_dir.glob("*.ttl")) if root.ontology_dir.is_dir() else []
    if not files:
        raise InputError(
            f"no ontology to document: {root.ontology_dir} has no Turtle files",
            hint="pass --resources DIR pointing at a folder with ontology/gswg.ttl",
        )
    return sorted(files, key=lambda p: (p.name != root.ontology_file.name, p.name))


def build_docs(
    root: ResourceRoot, out_dir: Path, *, progress: Progress | None = None
) -> DocsSummary:
    """Write the ontology pages and the group/organisation pages into ``out_dir``."""
    from . import pages

    out_dir = Path(out_dir)
    sources = ontology_sources(root)
    if progress is not None:
        progress.total = len(sources) + 3
    payloads: dict[str, str] = {}
    documented: list[OntologyPage] = []
    for source in sources:
        if progress is not None:
            progress.step(f"documenting {source.name}")
        page, html = document_ontology(source, page_name(source, root.ontology_file))
        documented.append(page)
        payloads[page.filename] = html
    if progress is not None:
        progress.step("loading the data")
    graph = load_project(root)
    if progress is not None:
        progress.step("writing pages per group and organisation")
    nav = [(page.filename, page.title) for page in documented]
    entity_pages = pages.render_pages(graph, nav=nav, prefix=GROUPS_DIR)
    for page in documented:
        payloads[page.filename] = add_navigation(
            payloads[page.filename], nav, page.filename, f"{GROUPS_DIR}/index.html"
        )
    payloads.update(entity_pages)
    if progress is not None:
        progress.step("writing the files")
    files = _write(out_dir, payloads)
    return DocsSummary(out_dir, tuple(documented), len(entity_pages), tuple(files))


def _write(out_dir: Path, payloads: dict[str, str]) -> list[Path]:
    try:
        for relative in {Path(name).parent for name in payloads}:
            (out_dir / relative).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReleaseError(
            f"cannot create the output folder {out_dir}: {exc.strerror or exc}",
            hint="choose another --out-dir or fix its permissions",
        ) from None
    with StagedFiles() as staged:
        for name in sorted(payloads):
            staged.write(out_dir / name, payloads[name].encode("utf-8"))
    written = [out_dir / name for name in sorted(payloads)]
    # Pages of bodies that are no longer in the data would otherwise linger with stale links.
    keep = set(written)
    for stale in sorted((out_dir / GROUPS_DIR).glob("*.html")):
        if stale not in keep:
            stale.unlink()
    return written


def document_ontology(source: Path, filename: str) -> tuple[OntologyPage, str]:
    """Parse one ontology file and return its page description and its HTML."""
    graph = parse_file(source)
    page = describe(graph, source, filename)
    html = _run_pylode(documentation_graph(graph, page), page)
    return page, postprocess(html, page)


def describe(graph: Graph, source: Path, filename: str) -> OntologyPage:
    """The ontology IRI, its namespace, titles and the terms it defines, read from the graph."""
    ontologies = sorted(u for u in graph.subjects(RDF.type, OWL.Ontology) if isinstance(u, URIRef))
    if len(ontologies) != 1:
        found = ", ".join(f"<{o}>" for o in ontologies) or "none"
        raise InputError(
            f"expected exactly one owl:Ontology to document, found {found}",
            path=source,
            hint="declare the ontology once: <IRI> a owl:Ontology ; dcterms:title ...",
        )
    iri = ontologies[0]
    preferred = graph.value(iri, VANN.preferredNamespaceUri)
    namespace = str(preferred) if preferred is not None else f"{iri}#"
    titles = _by_language(graph, iri, (DCTERMS.title, *LABELS))
    terms: list[Term] = []
    declared = {s for t in TERM_TYPES for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef)}
    for subject in sorted(declared):
        own = str(subject).startswith(namespace)
        definition = _first_text(graph, subject, DEFINITIONS)
        # A reused W3C term is documented only where this ontology says something about it.
        if not own and definition is None:
            continue
        kind = next(
            label
            for rdf_type, label in TERM_TYPES.items()
            if (subject, RDF.type, rdf_type) in graph
        )
        characteristics = tuple(
            name
            for rdf_type, name in CHARACTERISTICS.items()
            if (subject, RDF.type, rdf_type) in graph
        )
        terms.append(
            Term(
                iri=subject,
                anchor=_local_name(subject),
                kind=kind,
                labels=_by_language(graph, subject, LABELS),
                definition=definition or "",
                characteristics=characteristics,
            )
        )
    return OntologyPage(source, filename, iri, namespace, titles, tuple(terms))


def documentation_graph(graph: Graph, page: OntologyPage) -> Graph:
    """What pyLODE sees: the ontology header and the documented terms, one English title each."""
    keep = {page.iri, *(term.iri for term in page.terms)}
    doc = Graph()
    for prefix, namespace in graph.namespaces():
        doc.bind(prefix, namespace, override=True, replace=True)
    for subject in sorted(keep):
        for triple in _closure(graph, subject):
            doc.add(triple)
    for term in page.terms:
        for predicate in (*LABELS, DCTERMS.title):
            doc.remove((term.iri, predicate, None))
        doc.add((term.iri, DCTERMS.title, Literal(term.label, lang="en")))
        if term.kind != "class":
            # pyLODE lists a functional datatype property in two sections with one anchor;
            # the characteristics go into a row of their own instead.
            for rdf_type in CHARACTERISTICS:
                doc.remove((term.iri, RDF.type, rdf_type))
    if (page.iri, VANN.preferredNamespaceUri, None) not in doc:
        # pyLODE links terms of "its" namespace inside the page; tell it which one that is.
        doc.add((page.iri, VANN.preferredNamespaceUri, URIRef(page.namespace)))
    return doc


def _closure(graph: Graph, subject: URIRef | BNode) -> Iterator[tuple[Node, Node, Node]]:
    """The subject's triples and those of the blank nodes below it (restrictions, lists)."""
    seen: set[BNode] = set()
    pending: list[URIRef | BNode] = [subject]
    while pending:
        current = pending.pop()
        for triple in graph.triples((current, None, None)):
            yield triple
            obj = triple[2]
            if isinstance(obj, BNode) and obj not in seen:
                seen.add(obj)
                pending.append(obj)


def _run_pylode(doc: Graph, page: OntologyPage) -> str:
    # Imported here: pyLODE pulls in httpx, markdown and dominate, which only this command needs.
    from pylode.profiles.ontpub import OntPub

    quiet = io.StringIO()
    pylode_logger = logging.getLogger()
    level = pylode_logger.level
    try:
        # pyLODE prints and logs to the root logger; neither belongs in our output.
        pylode_logger.setLevel(logging.ERROR)
        with contextlib.redirect_stdout(quiet):
            publisher = OntPub(doc, sort_subjects=True)
            # Anchors from local names: stable, and the same as the IRIs' fragments.
            publisher.fids = {str(term.iri): term.anchor for term in page.terms}
            html = publisher.make_html()
    except PermissionError as exc:
        # pyLODE caches its background ontologies as pickles inside its own package folder.
        raise InputError(
            f"pyLODE cannot write its cache: {exc}",
            hint="run `gswg docs` once as the user who installed pyLODE, or use a virtual "
            "environment (scripts/run makes one)",
        ) from exc
    except Exception as exc:  # pyLODE raises plain Exceptions for what it cannot document
        raise InputError(
            f"pyLODE cannot document this ontology: {type(exc).__name__}: {exc}",
            path=page.source,
            hint="give the ontology a dcterms:title and its terms labels and definitions",
        ) from exc
    finally:
        pylode_logger.setLevel(level)
    if not isinstance(html, str):
        raise TypeError("pyLODE's make_html() returned no text")
    return html


def postprocess(html: str, page: OntologyPage) -> str:
    """Add what pyLODE leaves out: Lao labels, a Labels row, characteristics, lang attributes."""
    from lxml import etree
    from lxml import html as lxml_html

    doc = lxml_html.document_fromstring(html)
    doc.set("lang", "en")
    head = doc.find("head")
    assert head is not None
    style = etree.SubElement(head, "style")
    style.text = CSS
    title = head.find("title")
    if title is not None:
        title.text = page.title
    heading = doc.find(".//div[@id='metadata']/h1")
    if heading is not None:
        heading.text = page.title
        for child in list(heading):
            heading.remove(child)
        if lao := page.titles.get("lo"):
            etree.SubElement(heading, "br")
            _span(heading, lao, "lo", "title-lo")
    for term in page.terms:
        _decorate_term(doc, term)
    for anchor in doc.iterfind(".//div[@id='toc']//a"):
        target = _term_by_anchor(page, (anchor.get("href") or "").lstrip("#"))
        if target is not None and (lao := target.labels.get("lo")):
            anchor.set("title", lao)
    _mark_lao(doc)
    return str(lxml_html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>"))


def add_navigation(html: str, nav: list[tuple[str, str]], current: str, bodies: str) -> str:
    """A bar at the top linking the ontology pages and the index of groups and organisations."""
    from lxml import html as lxml_html

    doc = lxml_html.document_fromstring(html)
    content = doc.find(".//div[@id='content']")
    if content is None:
        return html
    bar = lxml_html.Element("nav")
    bar.set("class", "gswg")
    for filename, title in [*nav, (bodies, BODIES_TITLE)]:
        short = title.split(":", 1)[0]
        link = lxml_html.Element("span" if filename == current else "a")
        if filename == current:
            link.set("class", "here")
        else:
            link.set("href", filename)
        link.text = short
        bar.append(link)
    content.insert(0, bar)
    return str(lxml_html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>"))


def _decorate_term(doc: HtmlElement, term: Term) -> None:
    from lxml import etree

    matches = doc.xpath(f"//div[@id='{term.anchor}']")
    if len(matches) != 1:
        raise RuntimeError(f"pyLODE did not give {term.iri} exactly one section ({len(matches)})")
    section = matches[0]
    heading = section.find("h3")
    table = section.find("table")
    if heading is None or table is None:
        raise RuntimeError(f"unexpected pyLODE layout for {term.iri}")
    heading.text = term.label
    if lao := term.labels.get("lo"):
        heading.text += " · "
        span = _span(None, lao, "lo", "label-lo")
        span.tail = " "
        heading.insert(0, span)
    for name in term.characteristics:
        if name == "functional":
            mark = etree.SubElement(heading, "sup")
            mark.set("class", "sup-fp")
            mark.set("title", "OWL Functional Property")
            mark.text = "fp"
    rows = [_labels_row(term)]
    if term.characteristics:
        rows.append(_row("Characteristics", ", ".join(term.characteristics)))
    for offset, row in enumerate(rows, start=1):
        table.insert(offset, row)


def _labels_row(term: Term) -> HtmlElement:
    from lxml import etree
    from lxml import html as lxml_html

    row = lxml_html.Element("tr")
    etree.SubElement(row, "th").text = "Labels"
    cell = etree.SubElement(row, "td")
    items = etree.SubElement(cell, "ul")
    items.set("class", "labels")
    for lang in sorted(term.labels, key=lambda code: (code != "en", code)):
        item = etree.SubElement(items, "li")
        _span(item, term.labels[lang], lang or None)
        marker = etree.SubElement(item, "span")
        marker.set("class", "lang")
        marker.text = f"@{lang}" if lang else "(no language)"
    return row


def _row(header: str, value: str) -> HtmlElement:
    from lxml import etree
    from lxml import html as lxml_html

    row = lxml_html.Element("tr")
    etree.SubElement(row, "th").text = header
    etree.SubElement(row, "td").text = value
    return row


def _span(parent: HtmlElement | None, text: str, lang: str | None, css: str = "") -> HtmlElement:
    from lxml import etree
    from lxml import html as lxml_html

    span = lxml_html.Element("span") if parent is None else etree.SubElement(parent, "span")
    if lang:
        span.set("lang", lang)
    if css:
        span.set("class", css)
    span.text = text
    return span


def _mark_lao(doc: HtmlElement) -> None:
    """lang="lo" on every element whose own text is Lao, so the Lao font and line height apply."""
    for element in doc.iter():
        if not isinstance(element.tag, str) or element.get("lang") is not None:
            continue
        text = element.text or ""
        if _LAO.search(text) and not _LATIN.search(text) and len(element) == 0:
            element.set("lang", "lo")


def _term_by_anchor(page: OntologyPage, anchor: str) -> Term | None:
    return next((term for term in page.terms if term.anchor == anchor), None)


def _by_language(graph: Graph, subject: URIRef, predicates: tuple[URIRef, ...]) -> dict[str, str]:
    """The first value of the first predicate that has one, per language ("" = no language)."""
    found: dict[str, str] = {}
    for predicate in predicates:
        values = sorted(v for v in graph.objects(subject, predicate) if isinstance(v, Literal))
        for value in values:
            found.setdefault(value.language or "", str(value))
    return found


def _first_text(graph: Graph, subject: URIRef, predicates: tuple[URIRef, ...]) -> str | None:
    for predicate in predicates:
        values = sorted(
            (v for v in graph.objects(subject, predicate) if isinstance(v, Literal)),
            key=lambda v: (v.language != "en", str(v)),
        )
        if values:
            return str(values[0])
    return None


def _local_name(iri: URIRef) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1] or text
