"""``gswg query``: run a named query (queries/*.rq) or a .rq file, locally or on an endpoint."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .options import resources_option, traceback_option

FORMAT_CHOICES = ("table", "csv", "tsv", "json", "md")


@click.command("query")
@click.argument("query", metavar="NAME|FILE")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of the query (repeat for several); `gswg queries` lists them.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default="table",
    show_default=True,
    help="table and md show labels; csv, tsv and json keep IRIs and add <column>_label.",
)
@click.option(
    "--lang",
    type=click.Choice(("en", "lo")),
    default="en",
    show_default=True,
    help="Language of labels and texts.",
)
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Send the query to this SPARQL 1.1 endpoint instead of running it locally.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="With --endpoint: give up when the endpoint does not answer within this time.",
)
@click.option(
    "--release",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Query the release built in DIR (its gswg.nt). Default: ./dist when built, "
    "else the ontology and data files.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Write the result to FILE instead of standard output.",
)
@resources_option
@traceback_option
def command(
    query: str,
    params: tuple[str, ...],
    fmt: str,
    lang: str,
    endpoint: str | None,
    timeout: float,
    release: Path | None,
    out: Path | None,
    resources: Path | None,
) -> None:
    """Run the query NAME (see `gswg queries`) or the SPARQL file FILE and print its rows.

    Parameters are bound as RDF terms, never pasted into the query text.
    """
    # Imported here so that `gswg --help` and other commands do not pay for them.
    from ..atomic import atomic_write_text
    from ..formats import render
    from ..querying import Backend, QueryLibrary, check_syntax, execute, local_backend
    from ..resources import locate

    given = _parse_params(params)
    if endpoint is not None and release is not None:
        from ..errors import UsageError

        raise UsageError(
            "--release and --endpoint cannot be combined: the endpoint holds its own data",
            hint="leave out --release to query the endpoint, or --endpoint to query the release",
        )
    spec = QueryLibrary(locate(resources)).resolve(query)
    backend: Backend
    if endpoint is not None:
        from ..remote import RemoteBackend

        backend = RemoteBackend(endpoint, timeout=timeout)
        spec.bind(given, lang)  # unknown or missing parameters fail before any request
    else:
        check_syntax(spec)
        backend = local_backend(release, resources)
    text = render(execute(spec, backend, given, lang), fmt)
    if out is not None:
        atomic_write_text(out, text)
    else:
        emit(text)


def emit(text: str) -> None:
    """Write to stdout; a reader that stops early (``| head``) is its choice, not an error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null so that Python's final flush does not complain again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    from ..errors import UsageError

    given: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(
                f"--param takes NAME=VALUE, not {item!r}",
                hint="for example: --param group=GSWG",
            )
        if name in given:
            raise UsageError(f"parameter {name!r} is given twice")
        given[name] = value
    return given
