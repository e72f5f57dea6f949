"""Render a query result as a table, CSV, TSV, JSON or Markdown.

Two audiences: people read ``table`` and ``md``, where an IRI is shown as its label in the chosen
language; programs read ``csv``, ``tsv`` and ``json``, which keep every IRI and add its label in
a ``<column>_label`` column, so nothing is lost and joins on IRIs still work.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from .querying import QueryResult, Term

FORMATS = ("table", "csv", "tsv", "json", "md")


def render(result: QueryResult, fmt: str) -> str:
    """The result in ``fmt`` (one of FORMATS), ending with a newline."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return renderer(result)


def _machine_value(term: Term | None) -> str:
    return "" if term is None else term.value


def _machine_rows(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    """Columns with label twins, and every cell as text: IRIs in full, literals lexically."""
    columns = result.columns()
    index = {name: i for i, name in enumerate(result.variables)}
    rows: list[list[str]] = []
    for row in result.rows:
        cells: list[str] = []
        for column in columns:
            if column in index:
                cells.append(_machine_value(row[index[column]]))
            else:
                term = row[index[column.removesuffix("_label")]]
                cells.append(
                    result.label_of(term) if term is not None and term.kind == "iri" else ""
                )
        rows.append(cells)
    return columns, rows


def _csv(result: QueryResult, delimiter: str = ",") -> str:
    columns, rows = _machine_rows(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


def _tsv(result: QueryResult) -> str:
    """Tab-separated, one row per line: tabs, newlines and backslashes in values are escaped."""
    columns, rows = _machine_rows(result)

    def escape(cell: str) -> str:
        return (
            cell.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )

    lines = ["\t".join(columns), *("\t".join(escape(cell) for cell in row) for row in rows)]
    return "\n".join(lines) + "\n"


def _json(result: QueryResult) -> str:
    document: dict[str, Any] = {
        "query": result.spec.name,
        "title": result.spec.title,
        "lang": result.lang,
        "parameters": {
            name: term.python() for name, term in result.bindings.items() if name != "lang"
        },
        "columns": result.columns(),
        "rows": result.records(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _human_rows(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    """The query's own columns, IRIs shown as labels: what a person wants to read."""
    rows = [[result.label_of(term) for term in row] for row in result.rows]
    return list(result.variables), rows


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: Lao vowel and tone marks take none, wide CJK take two."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _single_line(text: str) -> str:
    return " ".join(text.split()) if ("\n" in text or "\r" in text or "\t" in text) else text


def _table(result: QueryResult) -> str:
    columns, rows = _human_rows(result)
    rows = [[_single_line(cell) for cell in row] for row in rows]
    widths = [
        max([display_width(column), *(display_width(row[i]) for row in rows)])
        for i, column in enumerate(columns)
    ]
    lines = [
        "  ".join(_pad(column, widths[i]) for i, column in enumerate(columns)).rstrip(),
        "  ".join("-" * width for width in widths),
        *("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows),
    ]
    count = len(rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def _markdown(result: QueryResult) -> str:
    columns, rows = _human_rows(result)

    def cell(text: str) -> str:
        return _single_line(text).replace("\\", "\\\\").replace("|", "\\|")

    lines = [
        _md_row(cell(column) for column in columns),
        _md_row("---" for _ in columns),
        *(_md_row(cell(value) for value in row) for row in rows),
    ]
    return "\n".join(lines) + "\n"


def _md_row(cells: Sequence[str] | Any) -> str:
    return "| " + " | ".join(cells) + " |"


_RENDERERS: dict[str, Callable[[QueryResult], str]] = {
    "table": _table,
    "csv": _csv,
    "tsv": _tsv,
    "json": _json,
    "md": _markdown,
}
