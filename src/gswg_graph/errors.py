"""Typed errors that carry what went wrong, where, and what to do; the CLI maps them to exit codes.

Exit codes follow pySHACL: 0 success or conforms, 1 data does not conform (or is inconsistent),
2 bad usage or bad input. 3 is reserved for bugs (an exception that is not a GswgError), so a
script can tell "your data is wrong" from "the tool is broken".
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_NONCONFORMING = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3


class GswgError(Exception):
    """Base error: a message a person can act on, plus the exit code the CLI should use."""

    exit_code = EXIT_BAD_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(self.render())

    def location(self) -> str:
        if self.path is None:
            return ""
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def render(self) -> str:
        text = f"{self.location()}: {self.message}" if self.path is not None else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class InputError(GswgError):
    """A file is missing, unreadable, unparsable or of an unknown format (exit 2)."""


class UsageError(GswgError):
    """The command was called wrongly: unknown query, missing parameter (exit 2)."""


class RemoteError(GswgError):
    """An endpoint or store could not be reached or refused the request (exit 2)."""


class ReleaseError(GswgError):
    """The graph cannot be written in a release format, or the output folder is unusable (2)."""


class ReasonerError(GswgError):
    """The OWL reasoner could not run: no Java, or Java/HermiT failed (exit 2)."""


class NonConformanceError(GswgError):
    """The data breaks the shapes or is logically inconsistent (exit 1)."""

    exit_code = EXIT_NONCONFORMING


class QueryTimeoutError(GswgError):
    """A query ran longer than the time allowed and was stopped (exit 2)."""
