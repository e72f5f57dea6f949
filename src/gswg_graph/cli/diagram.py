"""``gswg diagram``: pictures of the structure and of the memberships (Graphviz), and a CSV."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .build import _shown
from .options import out_dir_option, quiet_option, resources_option, traceback_option


@click.command("diagram")
@resources_option
@out_dir_option("dist/diagrams")
@click.option(
    "--lang",
    type=click.Choice(["both", "en", "lo"]),
    default="both",
    show_default=True,
    help="Language of the names in the pictures.",
)
@click.option(
    "--font",
    metavar="FAMILY",
    default=None,
    help="Font family with Lao glyphs (default: Noto Sans Lao, else Phetsarath OT, else any "
    "font that `fc-list :lang=lo` lists).",
)
@quiet_option
@traceback_option
def command(
    resources: Path | None, out_dir: Path, lang: str, font: str | None, quiet: bool
) -> None:
    """Draw the structure and the membership matrix as SVG and PNG, and the matrix as CSV.

    structure.svg/.png: the Round Table Process, the ten sector working groups, the GSWG with
    its sub-groups and Secretariat, chairs, co-chairs and key organisations, and the pillars with
    the bodies covering them.  membership-matrix.svg/.png/.csv: organisations by category, one
    column per body.  Needs Graphviz (`dot`) and, unless --lang en, a font with Lao glyphs.
    """
    # Imported here: rdflib is slow to import.
    from ..diagram import build_diagrams
    from ..progress import Progress, wanted
    from ..resources import locate

    progress = Progress(1, sys.stderr, enabled=wanted(sys.stderr, quiet=quiet))
    with progress:
        summary = build_diagrams(
            locate(resources), out_dir, lang=lang, font=font, progress=progress
        )
    if quiet:
        return
    click.echo(
        f"drew {summary.bodies} bodies and {summary.organisations} organisations "
        f"(names: {summary.lang}, font: {summary.font}) in {_shown(summary.out_dir)}"
    )
    for path in summary.files:
        click.echo(f"  {_shown(path)}")
