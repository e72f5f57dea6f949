"""``gswg docs``: HTML documentation of the ontology (pyLODE, English and Lao) into dist/docs/."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .build import _shown
from .options import out_dir_option, quiet_option, resources_option, traceback_option


@click.command("docs")
@resources_option
@out_dir_option("dist/docs")
@quiet_option
@traceback_option
def command(resources: Path | None, out_dir: Path, quiet: bool) -> None:
    """Write the ontology documentation and a page per group and organisation.

    index.html documents ontology/gswg.ttl (every class and property with its labels in
    English and Lao and its definition), iati.html the IATI vocabulary, id/ one page per
    coordination body and organisation.  Files are replaced all together or not at all.
    """
    # Imported here: rdflib, lxml and pyLODE are slow to import.
    from ..docs import build_docs
    from ..progress import Progress, wanted
    from ..resources import locate

    progress = Progress(1, sys.stderr, enabled=wanted(sys.stderr, quiet=quiet))
    with progress:
        summary = build_docs(locate(resources), out_dir, progress=progress)
    if quiet:
        return
    click.echo(f"documented {len(summary.ontologies)} ontologies in {_shown(summary.out_dir)}")
    for page in summary.ontologies:
        classes = sum(term.kind == "class" for term in page.terms)
        properties = len(page.terms) - classes
        click.echo(
            f"  {page.filename:<12}{classes:>4} classes {properties:>4} properties  "
            f"({page.source.name})"
        )
    click.echo(f"  id/{'':<9}{summary.entity_pages:>4} pages of groups and organisations")
    click.echo(f"open {_shown(summary.out_dir / 'index.html')}")
