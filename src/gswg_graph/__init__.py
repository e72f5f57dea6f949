"""gswg-graph: Lao PDR aid coordination (the 2015 GSWG guide) as an RDF knowledge graph."""

__version__ = "0.1.0"
