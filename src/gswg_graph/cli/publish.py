"""``gswg publish``: replace a named graph of a triple store with the release (GSP)."""

from __future__ import annotations

from pathlib import Path

import click

from .options import traceback_option


@click.command("publish")
@click.option(
    "--store",
    "store",
    required=True,
    metavar="URL",
    help="Graph Store Protocol URL of the store, e.g. http://127.0.0.1:7878/store (Oxigraph) "
    "or http://HOST:3030/DATASET/data (Fuseki).",
)
@click.option(
    "--graph",
    default="https://w3id.org/gswg/release",
    show_default=True,
    metavar="IRI",
    help="The named graph to replace with the release.",
)
@click.option(
    "--release",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    metavar="DIR",
    help="The release folder (its gswg.nt is published).",
)
@click.option(
    "--query-endpoint",
    metavar="URL",
    default=None,
    help="Count the published triples with SPARQL on this query URL instead of reading the "
    "graph back.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="Give up when the store does not answer a request within this time.",
)
@click.option(
    "--quiet", "-q", is_flag=True, help="No progress bar, and nothing printed on success."
)
@traceback_option
def command(
    store: str,
    graph: str,
    release: Path,
    query_endpoint: str | None,
    timeout: float,
    quiet: bool,
) -> None:
    """Put the release into a triple store, replacing the named graph in one request, and check
    the triple count.

    Login, if the store needs one: the environment variables GSWG_STORE_USER and
    GSWG_STORE_PASSWORD (HTTP basic authentication); never on the command line.
    """
    from ..progress import Feedback
    from ..publishing import credentials_from_env, publish

    def warn(message: str) -> None:
        click.echo(message, err=True)

    result = publish(
        release,
        store,
        graph,
        timeout=timeout,
        credentials=credentials_from_env(),
        query_endpoint=query_endpoint,
        warn=warn,
        feedback=Feedback.for_command(quiet),
    )
    if not quiet:
        click.echo(result.render())
