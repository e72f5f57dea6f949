"""The ``gswg`` command line: a click group whose subcommands live in one module each.

Command modules are imported only when their command is looked up, and they import heavy
libraries (pyshacl, owlready2, pyoxigraph, lxml, even rdflib) inside the command function, so
``gswg --version`` and ``gswg query`` start without paying for what they do not use.
"""

from __future__ import annotations

import importlib
import traceback
from collections.abc import Mapping, Sequence
from typing import Any

import click

from .. import __version__
from ..errors import EXIT_INTERNAL, GswgError
from .options import stdout_closed_by_reader, traceback_option, wants_traceback

# Register a command with one line: "name": "module" (the module defines ``command``).
COMMANDS: Mapping[str, str] = {
    "build": "gswg_graph.cli.build",
    "diagram": "gswg_graph.cli.diagram",
    "docs": "gswg_graph.cli.docs",
    "iati": "gswg_graph.cli.iati",
    "publish": "gswg_graph.cli.publish",
    "queries": "gswg_graph.cli.queries",
    "query": "gswg_graph.cli.query",
    "reason": "gswg_graph.cli.reason",
    "serve": "gswg_graph.cli.serve",
    "validate": "gswg_graph.cli.validate",
}


class GswgGroup(click.Group):
    """Loads command modules on demand and turns GswgError into ``gswg: error: ...`` + exit code."""

    def __init__(self, *args: Any, lazy_commands: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            self.add_command(_load_command(cmd_name, self.lazy_commands[cmd_name]))
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GswgError as exc:
            if wants_traceback(ctx):
                click.echo(traceback.format_exc(), err=True, nl=False)
            click.echo(f"gswg: error: {exc.render()}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            stdout_closed_by_reader()  # `gswg docs | head -3`: the reader had enough
            ctx.exit(0)
        except Exception as exc:
            # Not a GswgError: a bug, not bad input. Always show where it happened.
            click.echo(traceback.format_exc(), err=True, nl=False)
            click.echo(
                f"gswg: internal error: {type(exc).__name__}: {exc}\n"
                "  hint: this is a bug in gswg-graph; please report it with the traceback above",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


def _load_command(name: str, module_name: str) -> click.Command:
    module = importlib.import_module(module_name)
    command = getattr(module, "command", None)
    if not isinstance(command, click.Command):
        raise TypeError(f"{module_name} must define `command`, a click command, for `gswg {name}`")
    if command.name != name:
        raise TypeError(f"{module_name}.command is named {command.name!r}, registered as {name!r}")
    return command


@click.group(
    cls=GswgGroup, lazy_commands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, "--version", "-V", prog_name="gswg")
@traceback_option
def gswg() -> None:
    """Build, check and query the GSWG knowledge graph (Lao PDR Round Table Process, 2015 guide)."""


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point. Exit codes: 0 ok, 1 non-conforming, 2 bad input/usage, 3 bug."""
    gswg.main(args=list(argv) if argv is not None else None, prog_name="gswg")
