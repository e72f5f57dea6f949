"""IRIs of the IATI vocabulary (ontology/gswg-iati.ttl) and of the data the converter mints.

Kept apart from the converter so tests, the codelist builder and the crosswalk loader agree on
one spelling. Terms are plain strings: the bulk converter writes N-Triples without rdflib.
"""

from __future__ import annotations

from urllib.parse import quote

GSI = "https://w3id.org/gswg/iati#"
IATI_BASE = "https://w3id.org/gswg/iati/"
ACTIVITY_BASE = IATI_BASE + "activity/"
CODELIST_BASE = IATI_BASE + "codelist/"
ORG_BASE = IATI_BASE + "org/"
IDENTIFIER_BASE = IATI_BASE + "identifier/"

DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
ADMS = "http://www.w3.org/ns/adms#"

PREFIXES: dict[str, str] = {
    "gsi": GSI,
    "gsd": "https://w3id.org/gswg/id/",
    "dcterms": DCTERMS,
    "prov": PROV,
    "skos": SKOS,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "adms": ADMS,
}


def pct(text: str) -> str:
    """Percent-encode everything except RFC 3986 unreserved characters (so '/' is encoded)."""
    return quote(text, safe="-._~")


def activity_iri(iati_identifier: str) -> str:
    return ACTIVITY_BASE + pct(iati_identifier)


def codelist_iri(codelist: str) -> str:
    """The skos:ConceptScheme of one IATI codelist."""
    return CODELIST_BASE + codelist


def concept_iri(codelist: str, code: str) -> str:
    """A code of an IATI codelist, e.g. ``.../codelist/Sector/15110``."""
    return f"{CODELIST_BASE}{codelist}/{pct(code)}"


def org_iri(ref: str) -> str:
    """An organisation known only by its IATI ref (no GSWG match in the crosswalk)."""
    return ORG_BASE + pct(ref)
