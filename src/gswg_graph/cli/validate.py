"""``gswg validate``: check the project graph, or an analyst's update, against shapes/."""

from __future__ import annotations

from pathlib import Path

import click

from ..csv_columns import csv_columns_help
from .options import quiet_option, resources_option, traceback_option

HELP = f"""Check the graph against the SHACL shapes in shapes/.

Without FILE, validates the project's graph (ontology/ and data/). With FILEs (Turtle .ttl,
N-Triples .nt, JSON-LD .jsonld/.json, RDF/XML .rdf/.owl, or a CSV of memberships .csv),
validates them as they would be after merging: together with the ontology and the project's
data (--alone: with the ontology and the SKOS concept schemes only), reporting the results
about the nodes the files mention.

Exit status: 0 conforms (infos never fail), 1 violations (or warnings with --strict),
2 bad input (unreadable or unparsable file, unknown format, CSV with missing columns).

\b
CSV of memberships: a header line naming the columns (any order), then one membership per row.
Names are resolved against the project (with --alone, name groups, members and sources by IRI);
a name that resolves to nothing is kept as text and reported by the shapes.
{csv_columns_help()}
"""


@click.command("validate", help=HELP)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
    help="Report format: text for people (grouped by node, with names), turtle (the SHACL "
    "validation report), json.",
)
@click.option(
    "--inference",
    type=click.Choice(["none", "rdfs"]),
    default="none",
    show_default=True,
    help="Expand the data with RDFS entailments (rdfs:subClassOf, domains, ranges) first.",
)
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option(
    "--alone",
    is_flag=True,
    help="Validate FILEs with the ontology and the SKOS schemes only, not the project's data.",
)
@resources_option
@quiet_option
@traceback_option
@click.pass_context
def command(
    ctx: click.Context,
    files: tuple[Path, ...],
    fmt: str,
    inference: str,
    strict: bool,
    alone: bool,
    resources: Path | None,
    quiet: bool,
) -> None:
    # Imported here: rdflib and pySHACL are slow to import; `gswg --help` should not wait.
    from ..errors import UsageError
    from ..resources import locate
    from ..validation import render, validate_files, validate_project

    root = locate(resources)
    if alone and not files:
        raise UsageError("--alone needs FILEs to validate", hint="gswg validate --alone FILE ...")
    if files:
        report = validate_files(root, list(files), alone=alone, inference=inference)
    else:
        report = validate_project(root, inference=inference)
    code = report.exit_code(strict)
    if not (quiet and code == 0):
        click.echo(render(report, fmt, strict=strict), nl=False)
    ctx.exit(code)
