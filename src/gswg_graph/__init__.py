"""gswg-graph: Lao PDR aid coordination (the 2015 GSWG guide) as an RDF knowledge graph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"


if TYPE_CHECKING:
    from .querying import run_query as run_query


def __getattr__(name: str) -> Any:
    """``from gswg_graph import run_query`` without importing the query machinery up front."""
    if name == "run_query":
        from .querying import run_query

        return run_query
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["__version__", "run_query"]
