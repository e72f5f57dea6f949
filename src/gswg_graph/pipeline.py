"""The build pipeline: load, check, then write; nothing is written unless every check passes.

Checks are plain callables (graph, resource root) run in order: SHACL validation against
shapes/, then OWL reasoning (consistency).  Imports of pySHACL and owlready2 happen inside the
check functions, so that importing this module stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from rdflib import Graph

from .loading import load_project
from .progress import Progress
from .release import ReleaseSummary, build_release
from .resources import ResourceRoot

# A check inspects the loaded release graph (and may read e.g. shapes/ from the root); it raises
# NonConformanceError (exit 1) when the data is wrong, InputError (exit 2) when a file is.
Check = Callable[[Graph, ResourceRoot], None]

# How many results a failed SHACL check lists in its error message (gswg validate shows all).
SHOWN_RESULTS = 10


def shacl_check(graph: Graph, root: ResourceRoot) -> None:
    """Refuse a graph with SHACL violations (warnings and infos do not stop a build)."""
    from .errors import NonConformanceError
    from .validation import Severity, iter_result_lines, load_shapes, summary_line, validate_graph

    report = validate_graph(graph, load_shapes(root), checked="the release graph")
    violations = report.of_severity(Severity.VIOLATION)
    if violations:
        lines = iter_result_lines(violations, SHOWN_RESULTS)
        more = len(violations) - len(lines)
        if more > 0:
            lines.append(f"... and {more} more")
        raise NonConformanceError(
            f"the data does not conform to the shapes ({summary_line(report)}):\n  "
            + "\n  ".join(lines),
            hint="run `gswg validate` for the full report; nothing was written",
        )


def consistency_check(graph: Graph, root: ResourceRoot) -> None:
    """Refuse a graph that HermiT finds inconsistent."""
    from .reasoning import inconsistency_error, reason

    result = reason(graph, infer=False)
    if not result.consistent:
        raise inconsistency_error(result)


DEFAULT_CHECKS: tuple[Check, ...] = (shacl_check, consistency_check)

# What a person watching the progress bar reads while a check runs.
CHECK_NOTES: dict[Check, str] = {
    shacl_check: "checking the SHACL shapes",
    consistency_check: "checking consistency (HermiT)",
}


def build(
    root: ResourceRoot,
    out_dir: Path,
    checks: Sequence[Check] | None = None,
    *,
    quiet: bool = False,
) -> ReleaseSummary:
    """Load the project, run the checks (default: DEFAULT_CHECKS), then write the release.

    A step-by-step bar is drawn on a terminal (never with ``quiet`` or in CI): the checks take
    seconds, and on large inputs a silent command looks hung.
    """
    to_run = DEFAULT_CHECKS if checks is None else tuple(checks)
    with Progress(len(to_run) + 2, enabled=None if not quiet else False) as progress:
        progress.step("loading ontology and data")
        graph = load_project(root)
        for check in to_run:
            progress.step(CHECK_NOTES.get(check, "checking"))
            check(graph, root)
        progress.step("writing the release")
        return build_release(graph, out_dir, sources=root)
