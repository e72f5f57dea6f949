"""``gswg build``: load the ontology and data, run the checks, write the release files to dist/."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .options import out_dir_option, quiet_option, resources_option, traceback_option


@click.command("build")
@resources_option
@out_dir_option("dist")
@quiet_option
@traceback_option
def command(resources: Path | None, out_dir: Path, quiet: bool) -> None:
    """Build the release: dist/gswg.ttl, .nt, .jsonld, .owl and manifest.json.

    Nothing in the output folder changes unless every file parses, every check passes and
    every format is written.
    """
    # Imported here: rdflib is slow to import, and `gswg --help` should not wait for it.
    from ..pipeline import build
    from ..resources import locate

    summary = build(locate(resources), out_dir, quiet=quiet)
    if quiet:
        return
    click.echo(f"built the release in {_shown(summary.out_dir)}")
    click.echo("  checked: SHACL shapes conform (no violations), OWL consistent (HermiT)")
    for name, value in summary.counts().items():
        click.echo(f"  {name:<14}{value:>8}")
    click.echo("wrote:")
    for path in summary.files:
        click.echo(f"  {_shown(path)}")


def _shown(path: Path) -> str:
    """Paths relative to the working directory when below it: shorter, and what the user typed."""
    try:
        return (
            os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd()) else str(path)
        )
    except ValueError:
        return str(path)
