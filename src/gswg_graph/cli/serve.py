"""``gswg serve``: a read-only SPARQL 1.1 endpoint (Oxigraph's server) on the graph and aid data."""

from __future__ import annotations

from pathlib import Path

import click

from .options import resources_option, traceback_option


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 127.0.0.1 is this machine only (0.0.0.0: every interface).",
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=7878, show_default=True, help="TCP port."
)
@click.option(
    "--with",
    "with_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also serve FILE (repeat for several): N-Triples (.nt), Turtle (.ttl), or IATI "
    "activity XML (.xml, imported on the fly).",
)
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Keep the store in DIR and reuse it next time (default: a temporary store, removed "
    "on exit).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Queries that run longer than this are stopped (see the README: gswg serve).",
)
@click.option(
    "--release",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Serve the release built in DIR (its gswg.nt). Default: ./dist when built, else the "
    "ontology and data files.",
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No progress bar and no notes: print only the line with the query URL.",
)
@resources_option
@traceback_option
def command(
    host: str,
    port: int,
    with_files: tuple[Path, ...],
    store: Path | None,
    timeout: float,
    release: Path | None,
    quiet: bool,
    resources: Path | None,
) -> None:
    """Serve the graph, and any aid data given with --with, at a read-only SPARQL endpoint.

    Runs Oxigraph's SPARQL 1.1 server on an on-disk store, prints the query URL and an example,
    and serves until Ctrl-C.
    """
    from ..progress import Feedback
    from ..serving import ServeOptions, serve

    def echo(line: str) -> None:
        click.echo(line)

    options = ServeOptions(
        host=host,
        port=port,
        timeout=timeout,
        release=release,
        resources=resources,
        store=store,
        with_files=with_files,
        quiet=quiet,
    )
    code = serve(options, echo, Feedback.for_command(quiet))
    if code:
        raise SystemExit(code)
