"""``gswg reason``: run the OWL reasoner (HermiT) over the ontology and data."""

from __future__ import annotations

from pathlib import Path

import click

from .options import quiet_option, resources_option, traceback_option


@click.command("reason")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the inferred triples (class memberships, inverse properties, "
    "org:transitiveSubOrganizationOf closure) to this file, atomically: .ttl or .nt.",
)
@resources_option
@quiet_option
@traceback_option
def command(files: tuple[Path, ...], out: Path | None, resources: Path | None, quiet: bool) -> None:
    """Check that the ontology plus data is consistent (HermiT, through owlready2; needs Java).

    With FILEs (any format `gswg validate` reads, CSV included), checks the project's graph
    with them added. An inconsistency is reported with the individuals and classes involved
    (exit 1); nothing is written then.
    """
    from ..loading import load_project
    from ..reasoning import inconsistency_error, reason, write_inferred
    from ..resources import locate
    from ..validation import check_files, read_update

    if out is not None and out.suffix.lower() not in (".ttl", ".nt"):
        from ..errors import UsageError

        raise UsageError(
            f"cannot tell the output format from {out.name!r}",
            hint="use --out FILE.ttl (Turtle) or FILE.nt (N-Triples)",
        )
    check_files(list(files))
    root = locate(resources)
    graph = load_project(root)
    if files:
        graph += read_update(list(files), graph).graph
    result = reason(graph, infer=out is not None or not quiet)
    if not result.consistent:
        raise inconsistency_error(result)
    if out is not None:
        write_inferred(result.inferred, out)
    if quiet:
        return
    click.echo(f"consistent: {result.triples} triples (HermiT, {result.seconds:.1f} s)")
    click.echo(f"inferred {len(result.inferred)} triples:")
    for kind, count in result.inferred_counts().items():
        click.echo(f"  {count:>6}  {kind}")
    if out is not None:
        click.echo(f"wrote {out}")
