"""The IATI codelists shipped in this package, as Python sets and as SKOS concept schemes.

The converter needs the codes to tell known from unknown ones; queries need the labels and the
sector hierarchy (a 5-digit DAC purpose code is ``skos:broader`` its 3-digit category), so the
same XML files serve both.  The files are copies of the IATI releases (CC BY 4.0, see
``codelists/README.md``) so an installed wheel works without the shared data folder.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from lxml import etree
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS, XSD

from .. import safexml
from ..errors import InputError
from . import vocab

# Every codelist the converter checks codes against; all are shipped and exported as SKOS.
SHIPPED: tuple[str, ...] = (
    "ActivityDateType",
    "ActivityStatus",
    "BudgetType",
    "Country",
    "Currency",
    "OrganisationRole",
    "OrganisationType",
    "Region",
    "Sector",
    "SectorCategory",
    "SectorVocabulary",
    "TransactionType",
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Currency.xml (ISO 4217, as replicated by IATI) is a copy of this commit of
# IATI/IATI-Codelists-NonEmbedded, read through the project's search tool (see codelists/README.md).
CURRENCY_COMMIT = "09706e0799959de5832c68c10bdf3f4a4fd5f53b"
ATTRIBUTION = "IATI Standard (http://iatistandard.org/), CC BY 4.0"


@dataclass(frozen=True)
class CodelistItem:
    """One ``codelist-item``: its code, names and descriptions by language, category, status."""

    code: str
    names: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    category: str | None = None
    withdrawn: bool = False


@dataclass(frozen=True)
class Codelist:
    """A parsed IATI codelist file."""

    name: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    url: str | None
    category_codelist: str | None
    items: tuple[CodelistItem, ...]

    def codes(self) -> frozenset[str]:
        return frozenset(item.code for item in self.items)


def codelist_dir() -> Path:
    """The folder holding the shipped codelist XML files (inside the installed package)."""
    return Path(str(resources.files("gswg_graph.iati") / "codelists"))


def codelist_path(name: str) -> Path:
    if name not in SHIPPED:
        raise InputError(f"codelist {name!r} is not shipped", hint=f"known: {', '.join(SHIPPED)}")
    return codelist_dir() / f"{name}.xml"


def _narratives(parent: etree._Element | None, default_lang: str) -> dict[str, str]:
    """Collect ``narrative`` children by language (the codelist's xml:lang is the default)."""
    texts: dict[str, str] = {}
    if parent is None:
        return texts
    for narrative in parent.findall("narrative"):
        text = " ".join((narrative.text or "").split())
        if text:
            texts.setdefault((narrative.get(XML_LANG) or default_lang).lower(), text)
    return texts


@functools.cache
def load(name: str) -> Codelist:
    """Parse one shipped codelist (cached: the files never change at run time)."""
    path = codelist_path(name)
    root = safexml.parse(path).getroot()
    if root.tag != "codelist":
        raise InputError(f"not an IATI codelist (root element <{root.tag}>)", path=path)
    lang = (root.get(XML_LANG) or "en").lower()
    metadata = root.find("metadata")
    items = []
    for element in root.iterfind("codelist-items/codelist-item"):
        code = (element.findtext("code") or "").strip()
        if not code:
            continue
        category = (element.findtext("category") or "").strip() or None
        items.append(
            CodelistItem(
                code=code,
                names=_narratives(element.find("name"), lang),
                descriptions=_narratives(element.find("description"), lang),
                category=category,
                withdrawn=element.get("status") == "withdrawn",
            )
        )
    return Codelist(
        name=root.get("name") or name,
        titles=_narratives(metadata.find("name") if metadata is not None else None, lang),
        descriptions=_narratives(
            metadata.find("description") if metadata is not None else None, lang
        ),
        url=((metadata.findtext("url") or "").strip() or None) if metadata is not None else None,
        category_codelist=root.get("category-codelist"),
        items=tuple(items),
    )


@functools.cache
def known_codes(name: str) -> frozenset[str]:
    """The codes of a shipped codelist, for telling known from unknown codes."""
    return load(name).codes()


def add_to_graph(graph: Graph, names: Iterable[str] = SHIPPED) -> Graph:
    """Add each codelist as a ``skos:ConceptScheme`` with one ``skos:Concept`` per code."""
    for name in names:
        codelist = load(name)
        scheme = URIRef(vocab.codelist_iri(name))
        graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        for lang, title in codelist.titles.items():
            graph.add((scheme, SKOS.prefLabel, Literal(title, lang=lang)))
        for lang, text in codelist.descriptions.items():
            graph.add((scheme, SKOS.definition, Literal(text, lang=lang)))
        graph.add((scheme, SKOS.notation, Literal(name)))
        graph.add((scheme, DCTERMS.rights, Literal(ATTRIBUTION)))
        graph.add((scheme, DCTERMS.source, URIRef(_upstream(name))))
        for item in codelist.items:
            concept = URIRef(vocab.concept_iri(name, item.code))
            graph.add((concept, RDF.type, SKOS.Concept))
            graph.add((concept, SKOS.inScheme, scheme))
            graph.add((concept, SKOS.notation, Literal(item.code)))
            for lang, label in item.names.items():
                graph.add((concept, SKOS.prefLabel, Literal(label, lang=lang)))
            for lang, text in item.descriptions.items():
                graph.add((concept, SKOS.definition, Literal(text, lang=lang)))
            if item.withdrawn:
                graph.add((concept, OWL.deprecated, Literal(True, datatype=XSD.boolean)))
            if item.category and codelist.category_codelist:
                broader = URIRef(vocab.concept_iri(codelist.category_codelist, item.category))
                graph.add((concept, SKOS.broader, broader))
            else:
                graph.add((concept, SKOS.topConceptOf, scheme))
    return graph


def _upstream(name: str) -> str:
    """Where IATI publishes the codelist (embedded lists live in IATI-Codelists)."""
    embedded = {
        "ActivityDateType",
        "ActivityStatus",
        "BudgetType",
        "OrganisationRole",
        "TransactionType",
    }
    if name in embedded:
        return f"https://github.com/IATI/IATI-Codelists/blob/version-2.03/xml/{name}.xml"
    if name == "Currency":  # not in the shared folder: copied from this commit (README.md)
        return f"https://github.com/IATI/IATI-Codelists-NonEmbedded/blob/{CURRENCY_COMMIT}/xml/{name}.xml"
    return f"https://github.com/IATI/IATI-Codelists-NonEmbedded/blob/master/xml/{name}.xml"


def to_graph(names: Iterable[str] = SHIPPED) -> Graph:
    graph = Graph()
    for prefix, namespace in vocab.PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("cl", vocab.CODELIST_BASE)
    return add_to_graph(graph, names)
