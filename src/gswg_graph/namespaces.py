"""The IRIs of the public contract, defined once so code, queries and tests agree."""

from rdflib import Namespace

GSWG = Namespace("https://w3id.org/gswg/ontology#")
GSD = Namespace("https://w3id.org/gswg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
TIME = Namespace("http://www.w3.org/2006/time#")
PROV = Namespace("http://www.w3.org/ns/prov#")

ONTOLOGY_IRI = "https://w3id.org/gswg/ontology"

PREFIXES: dict[str, str] = {
    "gswg": str(GSWG),
    "gsd": str(GSD),
    "org": str(ORG),
    "vcard": str(VCARD),
    "time": str(TIME),
    "prov": str(PROV),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}
