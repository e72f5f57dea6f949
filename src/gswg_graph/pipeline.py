"""The build pipeline: load, check, then write; nothing is written unless every check passes.

Checks are plain callables so that SHACL validation and OWL reasoning can be added without
touching the CLI: append them to ``DEFAULT_CHECKS`` (imports of pyshacl/owlready2 belong inside
the check function, so that importing this module stays cheap).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from rdflib import Graph

from .loading import load_project
from .release import ReleaseSummary, build_release
from .resources import ResourceRoot

# A check inspects the loaded release graph (and may read e.g. shapes/ from the root); it raises
# NonConformanceError (exit 1) when the data is wrong, InputError (exit 2) when a file is.
Check = Callable[[Graph, ResourceRoot], None]

DEFAULT_CHECKS: tuple[Check, ...] = (
    # Later: SHACL validation against shapes/*.ttl, then OWL reasoning (consistency).
)


def build(
    root: ResourceRoot,
    out_dir: Path,
    checks: Sequence[Check] | None = None,
) -> ReleaseSummary:
    """Load the project, run the checks (default: DEFAULT_CHECKS), then write the release."""
    graph = load_project(root)
    for check in DEFAULT_CHECKS if checks is None else checks:
        check(graph, root)
    return build_release(graph, out_dir)
