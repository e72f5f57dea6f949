"""IATI (International Aid Transparency Initiative) data as RDF linked to the GSWG graph.

* :mod:`.activities` streams IATI activity XML into N-Triples;
* :mod:`.codelists` turns the shipped IATI codelists into SKOS concept schemes;
* :mod:`.crosswalk` reads ``data/crosswalk.ttl`` so IATI organisation refs resolve to GSWG IRIs.
"""
