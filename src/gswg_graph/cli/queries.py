"""``gswg queries``: the named queries with their titles and parameters."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from .options import resources_option, traceback_option


@click.command("queries")
@resources_option
@traceback_option
def command(resources: Path | None) -> None:
    """List the named queries: name, title, and the parameters each takes."""
    from ..querying import QueryLibrary
    from ..resources import locate

    specs = QueryLibrary(locate(resources)).all()
    if not specs:
        click.echo("no queries found")
        return
    width = max(len(spec.name) for spec in specs)
    indent = " " * (width + 2)
    for spec in specs:
        click.echo(f"{spec.name:<{width}}  {spec.title}")
        for param in spec.params:
            default = "required" if param.default is None else f"default: {param.default}"
            text = f"--param {param.name}=VALUE  {param.meaning} ({default})"
            click.echo(
                textwrap.fill(
                    text, width=100, initial_indent=indent, subsequent_indent=indent + "    "
                )
            )
    click.echo(
        "\nRun one with: gswg query NAME [--param NAME=VALUE ...] [--format table|csv|tsv|json|md]"
    )
