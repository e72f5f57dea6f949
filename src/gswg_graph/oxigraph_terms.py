"""RDF terms between rdflib and pyoxigraph, one way of writing them for the whole project.

Loading reads files with pyoxigraph's parser into rdflib graphs, and validation answers
pySHACL's SPARQL constraints with an Oxigraph copy of an rdflib graph: both need the same
mapping, including the one place the two libraries differ (RDF 1.1 plain literals, which rdflib
keeps apart from an explicit ``^^xsd:string`` and pyoxigraph does not).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier, Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: Any, blank_node: Callable[[str], BNode] = BNode) -> Identifier:
    """A pyoxigraph term as rdflib's; ``blank_node`` maps a blank-node label (by default to the
    same label; loading renames labels apart per file)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return blank_node(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == XSD_STRING else datatype)
    raise ValueError(f"unexpected term {term!r}")  # RDF-star


def to_oxigraph(term: Node) -> Any:
    """An rdflib term as pyoxigraph's; ValueError for what pyoxigraph would refuse or change
    (an invalid blank-node label or language tag, an upper-case tag, an explicit xsd:string)."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            if term.language != term.language.lower():
                raise ValueError("pyoxigraph would lower-case the language tag")
            return ox.Literal(str(term), language=term.language)
        if term.datatype is None:
            return ox.Literal(str(term))
        if str(term.datatype) == XSD_STRING:
            raise ValueError("pyoxigraph does not tell xsd:string from a plain literal")
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    raise TypeError(f"not an RDF term: {term!r}")
