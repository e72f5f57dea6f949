"""``gswg query``: run a named query (queries/*.rq) or a .rq file, locally or on an endpoint."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import resources_option, stdout_closed_by_reader, traceback_option

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
    "--graph",
    metavar="IRI",
    default=None,
    help="With --endpoint: query this named graph (e.g. the one `gswg publish` wrote) as the "
    "default graph.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query when it runs longer than this (with --endpoint: when the endpoint does "
    "not answer within this time).",
)
@click.option(
    "--with",
    "with_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also load FILE (repeat for several): N-Triples (.nt), Turtle (.ttl), or IATI activity "
    "XML (.xml, imported on the fly).",
)
@click.option(
    "--engine",
    type=click.Choice(("oxigraph", "rdflib")),
    default=None,
    help="Local SPARQL engine: oxigraph (default, fast) or rdflib (the reference, slower).",
)
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Keep the data in an on-disk Oxigraph store in DIR: loaded once, reused by later runs "
    "and by `gswg serve --store DIR`. Without it, --with files of about a million triples or "
    "more go to a store chosen automatically in the cache folder ($GSWG_CACHE_DIR).",
)
@click.option(
    "--no-store",
    "no_store",
    is_flag=True,
    help="Load the --with files into memory however large they are (no automatic store).",
)
@click.option(
    "--service",
    "services",
    multiple=True,
    metavar="IRI=URL",
    help="Send the query's SERVICE <IRI> to URL instead (a mirror or local copy of that "
    "endpoint); repeat for several.",
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
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No progress bar and no notes on stderr (import summaries); the answer is the same.",
)
@resources_option
@traceback_option
def command(
    query: str,
    params: tuple[str, ...],
    fmt: str,
    lang: str,
    endpoint: str | None,
    graph: str | None,
    timeout: float,
    with_files: tuple[Path, ...],
    engine: str | None,
    store: Path | None,
    no_store: bool,
    services: tuple[str, ...],
    release: Path | None,
    out: Path | None,
    quiet: bool,
    resources: Path | None,
) -> None:
    """Run the query NAME (see `gswg queries`) or the SPARQL file FILE and print its rows.

    Parameters are bound as RDF terms, never pasted into the query text.
    """
    # Imported here so that `gswg --help` and other commands do not pay for them.
    from ..atomic import atomic_write_text
    from ..formats import render
    from ..progress import Feedback
    from ..querying import Backend, QueryLibrary, check_syntax, execute, local_backend
    from ..resources import locate

    given = _parse_params(params)
    redirect = _parse_services(services)
    _check_combination(endpoint, graph, release, with_files, engine, store)
    if no_store and store is not None:
        from ..errors import UsageError

        raise UsageError(
            "--store and --no-store contradict each other",
            hint="--store DIR keeps the data on disk in DIR; --no-store loads it into memory",
        )
    spec = QueryLibrary(locate(resources)).resolve(query)
    if redirect:
        spec = spec.with_services(redirect)
    # A syntax error is located in the user's file (line, column) before anything runs, also
    # for an endpoint, whose own message would point into the text with parameters bound.
    check_syntax(spec)
    backend: Backend
    if endpoint is not None:
        from ..remote import RemoteBackend

        backend = RemoteBackend(endpoint, timeout=timeout, default_graph=graph)
        spec.bind(given, lang)  # unknown or missing parameters fail before any request
    else:
        backend = local_backend(
            release,
            resources,
            engine=engine or "oxigraph",
            store=store,
            with_files=with_files,
            feedback=Feedback.for_command(quiet),
            auto_store=not no_store,
        )
        notice = getattr(backend, "notice", None)
        if notice and not quiet:
            click.echo(f"gswg: {notice}", err=True)
    # The timeout bounds the whole run: for an endpoint the socket timeout alone would let a
    # server that trickles bytes (or answers the label lookup slowly) go on for ever.
    text = render(execute(spec, backend, given, lang, timeout=timeout), fmt)
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
        stdout_closed_by_reader()


def _check_combination(
    endpoint: str | None,
    graph: str | None,
    release: Path | None,
    with_files: tuple[Path, ...],
    engine: str | None,
    store: Path | None,
) -> None:
    """Options for local runs and options for endpoints do not mix."""
    from ..errors import UsageError

    if endpoint is None:
        if graph is not None:
            raise UsageError(
                "--graph names a graph of an endpoint; it needs --endpoint",
                hint="a local run queries everything it loads (--release, --with)",
            )
        return
    local = [
        name
        for name, value in (
            ("--release", release),
            ("--with", with_files or None),
            ("--engine", engine),
            ("--store", store),
        )
        if value is not None
    ]
    if local:
        raise UsageError(
            f"{' and '.join(local)} and --endpoint cannot be combined: the endpoint holds its "
            "own data and runs its own engine",
            hint=f"leave out {local[0]} to query the endpoint, or --endpoint to query locally",
        )


def _parse_services(services: tuple[str, ...]) -> dict[str, str]:
    from ..errors import UsageError

    redirect: dict[str, str] = {}
    for item in services:
        # Both sides are URLs that may hold "=" themselves: split where the second one starts.
        starts = (item.find("=http://"), item.find("=https://"))
        split = min((i for i in starts if i > 0), default=-1)
        source, target = (item[:split], item[split + 1 :]) if split > 0 else (item, "")
        source, target = source.strip().strip("<>"), target.strip()
        if not source or not target:
            raise UsageError(
                f"--service takes IRI=URL, not {item!r}",
                hint="for example: --service https://query.wikidata.org/sparql="
                "http://127.0.0.1:7879/query",
            )
        redirect[source] = target
    return redirect


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
