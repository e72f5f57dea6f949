"""``gswg iati``: import IATI activity XML as RDF, and export the IATI codelists as SKOS.

Registered in the main command table as ``"iati": "gswg_graph.cli.iati"`` (``command`` below).
Heavy imports (lxml, rdflib) happen inside the commands so ``gswg --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..atomic import atomic_write_text, atomic_writer
from ..errors import GswgError, UsageError

IMPORT_FORMATS = {".nt": "nt", ".ttl": "ttl"}
CODELIST_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml"}


class _IatiGroup(click.Group):
    """Reports a GswgError as ``gswg: error: ...`` with its exit code, like the main group.

    The main ``gswg`` group does the same; doing it here too keeps the group usable (and
    testable) on its own.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GswgError as exc:
            click.echo(f"gswg: error: {exc.render()}", err=True)
            ctx.exit(exc.exit_code)


@click.group("iati", cls=_IatiGroup)
def iati() -> None:
    """IATI aid data: activities as RDF linked to the GSWG organisations, codelists as SKOS."""


command = iati


def _suffix_format(out: Path | None, formats: dict[str, str], default: str) -> str:
    if out is None:
        return default
    fmt = formats.get(out.suffix.lower())
    if fmt is None:
        raise UsageError(
            f"cannot tell the output format from {out.name!r}",
            hint=f"use one of the extensions {', '.join(formats)}",
        )
    return fmt


@iati.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Output file, written atomically: .nt (N-Triples) or .ttl (the same triples after "
    "@prefix lines, still streamed). Default: N-Triples on stdout, summary on stderr.",
)
@click.option(
    "--crosswalk",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Identifier crosswalk (Turtle). Default: data/crosswalk.ttl of the GSWG resources.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def import_command(
    files: tuple[Path, ...], out: Path | None, crosswalk: Path | None, quiet: bool
) -> None:
    """Convert IATI activity files (versions 2.01-2.03) to RDF.

    Organisations whose IATI identifier is in the crosswalk get their GSWG IRI. Prints what was
    converted: activities, those in Lao PDR, triples, matched organisations, unknown codes and
    skipped elements.
    """
    from ..iati import crosswalk as crosswalk_module
    from ..iati.ntriples import prefix_header
    from ..progress import Feedback
    from ..stores import import_iati

    fmt = _suffix_format(out, IMPORT_FORMATS, "nt")
    table = crosswalk_module.load(crosswalk)
    feedback = Feedback.for_command(quiet)
    if out is None:
        summary = import_iati(files, sys.stdout, table, feedback)
    else:
        with atomic_writer(out) as handle:
            if fmt == "ttl":
                handle.write(prefix_header())
            summary = import_iati(files, handle, table, feedback)
    if not quiet:
        click.echo(summary.render(), err=out is None)


@iati.command("codelists")
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Output file, written atomically; format from the extension "
    "(.ttl, .nt, .jsonld, .rdf). Default: Turtle on stdout.",
)
def codelists_command(out: Path | None) -> None:
    """Write the shipped IATI codelists as SKOS concept schemes (IATI Standard, CC BY 4.0)."""
    from ..iati import codelists

    fmt = _suffix_format(out, CODELIST_FORMATS, "turtle")
    text = codelists.to_graph().serialize(format=fmt)
    if out is None:
        click.echo(text, nl=False)
    else:
        atomic_write_text(out, text)
