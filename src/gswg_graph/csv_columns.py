"""The columns of a memberships CSV, described once for the importer, ``--help`` and the README.

Kept free of heavy imports so that ``gswg validate --help`` can list them without loading rdflib.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CsvColumn:
    name: str
    required: bool
    meaning: str


CSV_COLUMNS: tuple[CsvColumn, ...] = (
    CsvColumn(
        "group", True, "the coordination body: IRI, prefixed name (gsd:gswg), acronym or label"
    ),
    CsvColumn(
        "member",
        True,
        "the organisation: IRI, prefixed name, acronym or label of a known one; "
        "a new organisation needs an IRI or prefixed name (gsd:new-org)",
    ),
    CsvColumn(
        "role", True, "notation, label or IRI of a role of gsd:role-scheme (member, co-chair)"
    ),
    CsvColumn("date", True, "a year (2015, xsd:gYear) or a day (2015-06-30, xsd:date)"),
    CsvColumn(
        "source",
        True,
        "the section of the guide: IRI, prefixed name, local name (annex-2-gswg) or notation",
    ),
    CsvColumn("member_label_lo", False, "preferred label in Lao, for a new organisation"),
    CsvColumn("member_label_en", False, "preferred label in English, for a new organisation"),
    CsvColumn(
        "category",
        False,
        "organisation category (government, un-agency ...): notation, label or IRI",
    ),
    CsvColumn("office", False, "the office held (org:Post): IRI, prefixed name or label"),
    CsvColumn("email", False, "contact e-mail address(es), separated by ';'"),
    CsvColumn("telephone", False, "contact telephone number(s) as printed, e.g. 856 (21) 212 710"),
)

CSV_COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in CSV_COLUMNS)
REQUIRED_CSV_COLUMNS: tuple[str, ...] = tuple(c.name for c in CSV_COLUMNS if c.required)


def csv_columns_help() -> str:
    """The column list as plain text lines (for click's help, which keeps \\b paragraphs)."""
    width = max(len(c.name) for c in CSV_COLUMNS)
    lines = []
    for column in CSV_COLUMNS:
        flag = "required" if column.required else "optional"
        lines.append(f"  {column.name:<{width}}  {flag}: {column.meaning}")
    return "\n".join(lines)
