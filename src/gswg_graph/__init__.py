"""gswg-graph: the aid-coordination structure of Lao PDR (GSWG guide, 2015) as an RDF knowledge graph."""

__version__ = "0.1.0"
