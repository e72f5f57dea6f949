"""Options shared by several commands, defined once so their names and help never drift apart."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

TRACEBACK_KEY = "gswg.traceback"
ENV_TRACEBACK = "GSWG_TRACEBACK"


def _remember_traceback(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    # ctx.meta is shared by the group and its subcommand, so either position of the flag works.
    if value:
        ctx.meta[TRACEBACK_KEY] = True


def wants_traceback(ctx: click.Context | None) -> bool:
    """True when --traceback was given anywhere on the command line, or $GSWG_TRACEBACK is set."""
    if os.environ.get(ENV_TRACEBACK, "").strip().lower() in {"1", "true", "yes", "on"}:
        return True
    return bool(ctx is not None and ctx.meta.get(TRACEBACK_KEY))


def traceback_option(f: F) -> F:
    return click.option(
        "--traceback",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_remember_traceback,
        help=f"On error, show the Python traceback too (or set {ENV_TRACEBACK}=1).",
    )(f)


def resources_option(f: F) -> F:
    return click.option(
        "--resources",
        "resources",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        metavar="DIR",
        help="Folder holding ontology/, data/, shapes/ and queries/ "
        "(default: $GSWG_RESOURCES, else this checkout, else the installed package).",
    )(f)


def out_dir_option(default: str = "dist") -> Callable[[F], F]:
    def decorate(f: F) -> F:
        return click.option(
            "--out-dir",
            "out_dir",
            type=click.Path(file_okay=False, path_type=Path),
            default=Path(default),
            show_default=True,
            metavar="DIR",
            help="Folder to write the output files into (created if missing).",
        )(f)

    return decorate


def quiet_option(f: F) -> F:
    return click.option(
        "--quiet", "-q", is_flag=True, default=False, help="Print nothing on success."
    )(f)


def stdout_closed_by_reader() -> None:
    """The reader of stdout stopped early (``| head``): its choice, not an error. Point stdout at
    /dev/null so that Python's final flush does not complain again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
