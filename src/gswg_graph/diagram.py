"""Pictures of the structure and of the memberships, drawn by Graphviz from the graph.

Two pictures, each as SVG (text stays text: searchable, selectable, translatable) and PNG:

* ``structure``: the Round Table Process, its ten sector working groups, the GSWG's sub-groups
  and Secretariat with their chairs, co-chairs, key organisations and supporting partners, and
  the governance pillars with the bodies that cover them;
* ``membership-matrix``: every organisation with a role in a body, by category, one column per
  body, plus the same matrix as CSV for spreadsheets.

Everything shown comes from SPARQL over the graph (gswg_graph.structure); the DOT text is built
here and handed to ``dot`` on stdin.  Lao needs a font with Lao glyphs: without one Graphviz
silently draws boxes, so a missing font (like a missing ``dot``) is an input error with the
install command as hint (exit 2).
"""

from __future__ import annotations

import csv
import html
import io
import shutil
import subprocess
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from .atomic import StagedFiles
from .errors import InputError, ReleaseError, UsageError
from .loading import load_project
from .namespaces import GSD, GSWG
from .progress import Progress
from .resources import ResourceRoot
from .structure import (
    ROLE_CHAIR,
    ROLE_CO_CHAIR,
    ROLE_KEY,
    ROLE_MEMBER,
    ROLE_SUPPORTING,
    Body,
    Concept,
    Labels,
    Organisation,
    Structure,
    read_structure,
    role_rank,
)

LANGUAGES = ("both", "en", "lo")
FORMATS = ("svg", "png")
STRUCTURE = "structure"
MATRIX = "membership-matrix"

# Fonts made for Lao, best first.  Noto Sans Lao (Debian's fonts-noto-core, which the setup
# installs) has a Latin companion, Noto Sans, so both scripts share one design; Phetsarath OT
# (fonts-lao, the Lao government's standard font) carries its own Latin letters.
LAO_FONTS = (
    "Noto Sans Lao",
    "Phetsarath OT",
    "Noto Sans Lao UI",
    "Noto Serif Lao",
    "Saysettha OT",
    "Noto Looped Lao",
)
# Listed before the Lao font so that Latin letters and digits come from the matching design.
LATIN_COMPANIONS = {
    "Noto Sans Lao": "Noto Sans",
    "Noto Sans Lao UI": "Noto Sans",
    "Noto Serif Lao": "Noto Serif",
    "Noto Looped Lao": "Noto Sans",
}
INSTALL_GRAPHVIZ = "apt-get install graphviz"
INSTALL_FONT = "apt-get install fonts-noto-core (or fonts-lao)"
DOT_TIMEOUT = 120.0
PNG_DPI = 150

# Roles shown inside the boxes of the structure picture, in this order (members are counted).
SHOWN_ROLES = (ROLE_CHAIR, ROLE_CO_CHAIR, ROLE_KEY, ROLE_SUPPORTING)
# Marks in the membership matrix: language-neutral, explained by a legend in both languages.
ROLE_MARKS: dict[URIRef, str] = {
    ROLE_CHAIR: "★",
    ROLE_CO_CHAIR: "☆",
    ROLE_KEY: "◆",
    ROLE_MEMBER: "●",
    ROLE_SUPPORTING: "◇",
    GSD["role-government-representative"]: "▲",
}
OPEN_MARK = "+"
# Top categories in the order of the guide's member lists (Annex 2: government, then partners).
TOP_CATEGORY_ORDER = (GSD["category-government"], GSD["category-development-partner"])

# The one heading that is not a label in the graph (org:Organization is W3C's, unlabelled here).
ORGANISATION = Labels("organisation", "ອົງການ")

COLOURS = {
    GSWG.RoundTableProcess: ("#fbe9c8", "#9a6a12"),
    GSWG.SectorWorkingGroup: ("#eef3f9", "#5a7aa0"),
    GSWG.SubSectorWorkingGroup: ("#e2f1e4", "#3d7a48"),
    GSWG.Secretariat: ("#f1e6f4", "#7a4d86"),
}
FOCUS_COLOURS = ("#cfe1f6", "#1f4e86")
PILLAR_COLOURS = ("#fff6cc", "#9c8300")


@dataclass(frozen=True)
class Toolchain:
    """The ``dot`` program, the Lao font chosen and the family list handed to Graphviz."""

    dot: str
    lao_font: str
    fonts: tuple[str, ...]

    @property
    def fontname(self) -> str:
        """A CSS-style family list: pango and browsers take each glyph from the first having it."""
        return ",".join((*self.fonts, "sans-serif"))


@dataclass(frozen=True)
class DiagramSummary:
    """What ``gswg diagram`` wrote, and with which font."""

    out_dir: Path
    lang: str
    font: str
    organisations: int
    bodies: int
    files: tuple[Path, ...]


# --------------------------------------------------------------------------------------------
# Finding Graphviz and a Lao font
# --------------------------------------------------------------------------------------------


def find_dot() -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise InputError(
            "Graphviz is not installed: the `dot` program is not on PATH",
            hint=f"install Graphviz: {INSTALL_GRAPHVIZ} (Debian/Ubuntu; with sudo if not root), "
            f"and a font with Lao glyphs: {INSTALL_FONT}",
        )
    return dot


def lao_font_families() -> list[str]:
    """Font families that fontconfig says cover Lao (``fc-list :lang=lo family``)."""
    return _font_families(":lang=lo")


def _font_families(pattern: str) -> list[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise InputError(
            "cannot look for a Lao font: fontconfig's `fc-list` is not on PATH",
            hint="install fontconfig and a font with Lao glyphs: "
            "apt-get install fontconfig fonts-noto-core (or fonts-lao)",
        )
    try:
        done = subprocess.run(
            [fc_list, pattern, "family"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(
            f"fc-list failed: {exc}",
            hint="check the fontconfig installation (apt-get install fontconfig)",
        ) from None
    families: list[str] = []
    for line in done.stdout.splitlines():
        for name in line.split(","):
            name = name.strip().replace("\\-", "-")
            if name and name not in families:
                families.append(name)
    return families


def choose_fonts(
    available: Sequence[str], requested: str | None = None, installed: Sequence[str] = ()
) -> tuple[str, ...]:
    """The family list: Latin companion, the requested or best Lao font, the other Lao fonts.

    ``available`` are the families with Lao glyphs, ``installed`` all families (to find the
    Latin companion of a Noto font).
    """
    if requested is not None:
        if requested not in available:
            shown = ", ".join(available) or "none"
            raise UsageError(
                f"the font {requested!r} has no Lao glyphs according to fontconfig "
                f"(fonts with Lao: {shown})",
                hint=f"pick one of those with --font, or install one: {INSTALL_FONT}",
            )
        first = requested
    else:
        first = next((name for name in LAO_FONTS if name in available), "")
        if not first:
            first = sorted(available)[0] if available else ""
    if not first:
        raise InputError(
            "no font with Lao glyphs is installed, so the Lao labels would be drawn as boxes",
            hint=f"install a font with Lao glyphs: {INSTALL_FONT}, or use --lang en",
        )
    others = [name for name in LAO_FONTS if name in available and name != first]
    companion = LATIN_COMPANIONS.get(first)
    latin = (companion,) if companion is not None and companion in installed else ()
    return (*latin, first, *others)


def find_toolchain(lang: str, font: str | None = None) -> Toolchain:
    """``dot`` and the fonts; a Lao font is required unless the pictures are English only."""
    dot = find_dot()
    try:
        lao = lao_font_families()
        fonts = choose_fonts(lao, font, _font_families(":") if lao else ())
    except InputError:
        if lang != "en":
            raise
        return Toolchain(dot, "", (font,) if font else ())
    lao_font = next(name for name in fonts if name in lao)
    return Toolchain(dot, lao_font, fonts)


def render(dot_source: str, fmt: str, toolchain: Toolchain, timeout: float = DOT_TIMEOUT) -> bytes:
    """Run ``dot -T<fmt>`` on the DOT text; Graphviz problems become input errors (exit 2)."""
    args = [toolchain.dot, f"-T{fmt}"]
    if fmt == "png":
        args.append(f"-Gdpi={PNG_DPI}")
    try:
        done = subprocess.run(
            args,
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(
            f"Graphviz did not finish the {fmt.upper()} picture within {timeout:.0f} s",
            hint="check that `dot -V` works; a very large graph may need a faster machine",
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot run Graphviz ({toolchain.dot}): {exc.strerror or exc}",
            hint=f"reinstall Graphviz: {INSTALL_GRAPHVIZ}",
        ) from None
    if done.returncode != 0 or not done.stdout:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(
            f"Graphviz failed to draw {fmt.upper()} (exit {done.returncode}): "
            f"{reason[-1] if reason else 'no output'}",
            hint=f"check the Graphviz installation ({INSTALL_GRAPHVIZ}; PNG needs its cairo "
            "plugin, which Debian's package has)",
        )
    return done.stdout


# --------------------------------------------------------------------------------------------
# Text in Graphviz HTML-like labels
# --------------------------------------------------------------------------------------------


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _wrap(text: str, width: int) -> list[str]:
    """Break at spaces only: Lao writes words together and must never be cut inside a syllable."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def _names(labels: Labels, lang: str) -> list[tuple[str, str]]:
    """(text, language) lines for a name in the chosen language(s)."""
    if lang == "both":
        return [(text, code) for text, code in ((labels.en, "en"), (labels.lo, "lo")) if text]
    return [(labels.get(lang), lang)]


def _joined(labels: Labels, lang: str, separator: str = " · ") -> str:
    return separator.join(text for text, _code in _names(labels, lang))


def _rows(
    lines: Iterable[str],
    *,
    bold: bool = False,
    size: float | None = None,
    colour: str | None = None,
    align: str = "CENTER",
) -> str:
    out = []
    for line in lines:
        text = _esc(line)
        if bold:
            text = f"<B>{text}</B>"
        if size is not None or colour is not None:
            attrs = (f' POINT-SIZE="{size}"' if size else "") + (
                f' COLOR="{colour}"' if colour else ""
            )
            text = f"<FONT{attrs}>{text}</FONT>"
        out.append(f'<TR><TD ALIGN="{align}">{text}</TD></TR>')
    return "".join(out)


def _table(rows: str, fill: str, border: str, width: int = 1) -> str:
    return (
        f'<<TABLE BORDER="{width}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" '
        f'BGCOLOR="{fill}" COLOR="{border}" STYLE="ROUNDED">{rows}</TABLE>>'
    )


def _caption(structure: Structure, lang: str) -> str:
    """The source of the picture, the guide, as the graph's title (empty if the data has none)."""
    names = _names(structure.source, lang)
    if not any(text for text, _code in names):
        return ""
    year = f" ({_esc(structure.source_year)})" if structure.source_year else ""
    return f"<{'<BR/>'.join(_esc(text) for text, _code in names)}{year}>"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --------------------------------------------------------------------------------------------
# The structure picture
# --------------------------------------------------------------------------------------------


def _node_id(iri: URIRef) -> str:
    return _quoted(str(iri))


def _who(structure: Structure, member: URIRef, office: Labels | None) -> Labels:
    """An office when the guide names it (the Minister of Home Affairs), else the organisation."""
    if office is not None:
        return office
    organisation = structure.organisations.get(member)
    return organisation.labels if organisation is not None else Labels(str(member), "")


def _short(structure: Structure, member: URIRef, lang: str) -> str:
    organisation = structure.organisations.get(member)
    if organisation is None:
        return str(member)
    return organisation.labels.lo if lang == "lo" and organisation.labels.lo else organisation.short


def _body_label(structure: Structure, body: Body, lang: str, focus: bool) -> str:
    width = 34
    rows: list[str] = []
    names = _names(body.labels, lang)
    for index, (text, _code) in enumerate(names):
        lines = _wrap(text, width)
        if body.sequence is not None and body.kind == GSWG.SectorWorkingGroup and index == 0:
            lines[0] = f"{body.sequence}. {lines[0]}"
        rows.append(_rows(lines, bold=index == 0, size=13 if index == 0 else 12))
    members = structure.memberships_of_body(body.iri, ROLE_MEMBER)
    for role_iri in SHOWN_ROLES:
        held = structure.memberships_of_body(body.iri, role_iri)
        if not held:
            continue
        role = structure.roles[role_iri]
        title = _joined(role.labels, lang)
        colour = "#444444"
        if role_iri == ROLE_KEY:
            # Key organisations as in the guide's chart: a list of names, not of offices.
            names_en = ", ".join(_short(structure, m.member, "en") for m in held)
            rows.append(_rows([f"{title}:"], size=10, colour=colour, align="LEFT"))
            if lang in ("en", "both"):
                rows.append(_rows(_wrap(names_en, 44), size=10, align="LEFT"))
            if lang in ("lo", "both"):
                names_lo = ", ".join(_short(structure, m.member, "lo") for m in held)
                rows.append(_rows(_wrap(names_lo, 44), size=10, align="LEFT"))
            continue
        rows.append(_rows([f"{title}:"], size=10, colour=colour, align="LEFT"))
        for membership in held:
            who = _who(structure, membership.member, membership.office)
            for text, _code in _names(who, lang):
                rows.append(_rows([f"  {line}" for line in _wrap(text, 46)], size=10, align="LEFT"))
    if members:
        member_role = structure.roles[ROLE_MEMBER]
        rows.append(
            _rows(
                [f"{_joined(member_role.labels, lang)}: {len(members)}"],
                size=10,
                colour="#444444",
                align="LEFT",
            )
        )
    fill, border = (
        FOCUS_COLOURS
        if focus
        else COLOURS.get(body.kind or GSWG.CoordinationBody, COLOURS[GSWG.SectorWorkingGroup])
    )
    return _table("".join(rows), fill, border, 2 if focus else 1)


def structure_dot(structure: Structure, lang: str, fontname: str) -> str:
    """DOT text of the structure picture, left to right: process, groups, sub-groups, pillars."""
    bodies = structure.bodies_in_order()
    # The body with its own sub-groups and memberships is the picture's focus (the GSWG).
    with_children = {body.parent for body in bodies if body.parent is not None}
    focus = {
        body.iri
        for body in bodies
        if body.iri in with_children and body.kind != GSWG.RoundTableProcess
    }
    lines = [
        "digraph structure {",
        f"  graph [rankdir=LR, fontname={_quoted(fontname)}, fontsize=16, labelloc=t, "
        'nodesep=0.18, ranksep="0.55", pad=0.3, newrank=true, bgcolor="white"];',
        f"  node [shape=plain, fontname={_quoted(fontname)}, fontsize=12];",
        f'  edge [fontname={_quoted(fontname)}, fontsize=10, color="#6b7280", arrowsize=0.6];',
    ]
    if caption := _caption(structure, lang):
        lines.append(f"  label={caption};")
    for body in bodies:
        label = _body_label(structure, body, lang, body.iri in focus)
        lines.append(f"  {_node_id(body.iri)} [label={label}];")
    # Sector working groups in one column, in the guide's order.
    by_level: dict[URIRef | None, list[Body]] = {}
    for body in bodies:
        by_level.setdefault(body.kind, []).append(body)
    for kind, members in by_level.items():
        if kind is not None and len(members) > 1:
            ids = "; ".join(_node_id(b.iri) for b in members)
            lines.append(f"  {{ rank=same; {ids}; }}")
    for body in bodies:
        if body.parent is not None and body.parent in structure.bodies:
            lines.append(f"  {_node_id(body.parent)} -> {_node_id(body.iri)} [arrowhead=none];")
    if structure.pillars:
        fill, border = PILLAR_COLOURS
        scheme = _names(structure.pillar_scheme, lang)
        lines.append("  subgraph cluster_pillars {")
        lines.append(
            f'    style="rounded,dashed"; color="{border}"; fontsize=12; '
            f"label=<{'<BR/>'.join(_esc(line) for t, _c in scheme for line in _wrap(t, 30))}>;"
        )
        for pillar in structure.pillars:
            rows = "".join(
                _rows(_wrap(text, 26), bold=index == 0, size=12 if index == 0 else 11)
                for index, (text, _code) in enumerate(_names(pillar.labels, lang))
            )
            rows = _rows([pillar.notation], size=10, colour=border) + rows
            lines.append(f"    {_node_id(pillar.iri)} [label={_table(rows, fill, border)}];")
        lines.append("  }")
        lines.append(
            "  { rank=same; " + "; ".join(_node_id(p.iri) for p in structure.pillars) + "; }"
        )
        covers = _joined(structure.term(GSWG.coversPillar), lang, "\n")
        for pillar in structure.pillars:
            for covering in pillar.covered_by:
                lines.append(
                    f"  {_node_id(covering)} -> {_node_id(pillar.iri)} "
                    f'[style=dashed, color="{border}", fontsize=9, fontcolor="{border}", '
                    f"label={_quoted(covers)}];"
                )
    lines.append("}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# The membership matrix
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixRow:
    """One organisation and its roles per body (role notations, in the order of ROLE_MARKS)."""

    organisation: Organisation
    roles: dict[URIRef, tuple[Concept, ...]]


@dataclass(frozen=True)
class Matrix:
    bodies: tuple[Body, ...]
    sections: tuple[tuple[Concept | None, Concept | None, tuple[MatrixRow, ...]], ...]

    def rows(self) -> list[MatrixRow]:
        return [row for _top, _kind, rows in self.sections for row in rows]


def lao_sort_key(text: str) -> str:
    """Lao order: a leading vowel (ເ ແ ໂ ໃ ໄ) is written first but sorted after its consonant."""
    chars = list(text)
    index = 0
    while index < len(chars) - 1:
        if chars[index] in "ເແໂໃໄ":
            chars[index], chars[index + 1] = chars[index + 1], chars[index]
            index += 2
        else:
            index += 1
    return "".join(chars)


def _name_key(organisation: Organisation, lang: str) -> tuple[str, str]:
    if lang == "lo":
        return (lao_sort_key(organisation.labels.lo), str(organisation.iri))
    return (organisation.labels.en.casefold(), str(organisation.iri))


def membership_matrix(structure: Structure, lang: str = "en") -> Matrix:
    """Organisations with a role in some body, by category; columns are the bodies with members."""
    cells: dict[URIRef, dict[URIRef, list[Concept]]] = {}
    for membership in structure.memberships:
        if membership.member not in structure.organisations:
            continue
        cells.setdefault(membership.member, {}).setdefault(membership.body, []).append(
            membership.role
        )
    body_iris = {body for roles in cells.values() for body in roles}
    bodies = tuple(b for b in structure.bodies_in_order() if b.iri in body_iris)

    def category_key(concept: Concept | None) -> tuple[int, str]:
        if concept is None:
            return (len(TOP_CATEGORY_ORDER) + 1, "")
        rank = (
            TOP_CATEGORY_ORDER.index(concept.iri)
            if concept.iri in TOP_CATEGORY_ORDER
            else len(TOP_CATEGORY_ORDER)
        )
        return (rank, concept.labels.en.casefold())

    grouped: dict[tuple[URIRef | None, URIRef | None], list[MatrixRow]] = {}
    for iri, by_body in cells.items():
        organisation = structure.organisations[iri]
        roles = {
            body: tuple(sorted(set(found), key=lambda c: (role_rank(c.iri), c.notation)))
            for body, found in by_body.items()
        }
        top = organisation.top_category
        # Below the top category, the kind of partner (UN agency, partner country...); the
        # government list has no kinds.
        kind = organisation.category if organisation.category != top else None
        grouped.setdefault((top.iri if top else None, kind.iri if kind else None), []).append(
            MatrixRow(organisation, roles)
        )
    sections = []
    for (top_iri, kind_iri), rows in grouped.items():
        top = structure.categories.get(top_iri) if top_iri else None
        kind = structure.categories.get(kind_iri) if kind_iri else None
        rows.sort(key=lambda r: _name_key(r.organisation, lang))
        sections.append((top, kind, tuple(rows)))
    sections.sort(key=lambda s: (category_key(s[0]), s[1].labels.en.casefold() if s[1] else ""))
    return Matrix(bodies, tuple(sections))


def matrix_csv(structure: Structure) -> str:
    """The matrix as CSV: one row per organisation, one column per body, role notations in cells.

    ``category`` is the list the guide puts the organisation in (government, development
    partner); ``kind`` its own category; cells list role notations separated by ``;``.
    """
    matrix = membership_matrix(structure, "en")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "organisation",
            "name_en",
            "name_lo",
            "category",
            "kind",
            *(b.local for b in matrix.bodies),
        ]
    )
    for row in matrix.rows():
        organisation = row.organisation
        writer.writerow(
            [
                str(organisation.iri),
                organisation.labels.en,
                organisation.labels.lo,
                organisation.top_category.notation if organisation.top_category else "",
                organisation.category.notation if organisation.category else "",
                *(
                    ";".join(role.notation for role in row.roles.get(body.iri, ()))
                    for body in matrix.bodies
                ),
            ]
        )
    return out.getvalue()


def matrix_dot(structure: Structure, lang: str, fontname: str) -> str:
    """DOT text of the matrix: one HTML table, sections per category, marks per role."""
    matrix = membership_matrix(structure, lang)
    name_columns = ["en", "lo"] if lang == "both" else [lang]
    span = len(name_columns) + len(matrix.bodies)
    header = "".join(
        f'<TD BGCOLOR="#e5e7eb"><B>{_esc(ORGANISATION.get(code))}</B></TD>' for code in name_columns
    )
    for body in matrix.bodies:
        lines = []
        if lang in ("en", "both"):
            lines.append(f"<B>{_esc(body.short)}</B>")
        if lang in ("lo", "both"):
            lines.extend(_esc(line) for line in _wrap(body.labels.lo, 18))
        header += f'<TD BGCOLOR="#e5e7eb">{"<BR/>".join(lines)}</TD>'
    rows = [f"<TR>{header}</TR>"]
    open_by_top: dict[URIRef, set[URIRef]] = {}
    for open_membership in structure.open_memberships:
        open_by_top.setdefault(open_membership.category.iri, set()).add(open_membership.body)
    shown_top: URIRef | None = None
    sections = list(matrix.sections)
    for index, (top, kind, section_rows) in enumerate(sections):
        if top is not None and top.iri != shown_top:
            shown_top = top.iri
            rows.append(
                f'<TR><TD COLSPAN="{span}" ALIGN="LEFT" BGCOLOR="#cfe1f6">'
                f"<B>{_esc(_joined(top.labels, lang))}</B></TD></TR>"
            )
        if kind is not None:
            rows.append(
                f'<TR><TD COLSPAN="{span}" ALIGN="LEFT" BGCOLOR="#eef3f9">'
                f"<I>{_esc(_joined(kind.labels, lang))}</I></TD></TR>"
            )
        for row in section_rows:
            cells = "".join(
                f'<TD ALIGN="LEFT">{_esc(row.organisation.labels.get(code))}</TD>'
                for code in name_columns
            )
            for body in matrix.bodies:
                roles = row.roles.get(body.iri, ())
                marks = "".join(ROLE_MARKS.get(role.iri, "?") for role in roles)
                fill = ' BGCOLOR="#dbeafe"' if roles else ""
                text = f'<FONT POINT-SIZE="13">{_esc(marks)}</FONT>' if marks else ""
                cells += f"<TD{fill}>{text}</TD>"
            rows.append(f"<TR>{cells}</TR>")
        last_of_top = index + 1 == len(sections) or sections[index + 1][0] != top
        if top is not None and last_of_top and top.iri in open_by_top:
            open_label = _joined(structure.term(GSWG.OpenMembership), lang)
            cells = f'<TD ALIGN="LEFT" COLSPAN="{len(name_columns)}"><I>{_esc(open_label)}</I></TD>'
            for body in matrix.bodies:
                mark = OPEN_MARK if body.iri in open_by_top[top.iri] else ""
                cells += f'<TD><FONT POINT-SIZE="13">{mark}</FONT></TD>' if mark else "<TD></TD>"
            rows.append(f"<TR>{cells}</TR>")
    legend = [
        f"{ROLE_MARKS[iri]} {_joined(structure.roles[iri].labels, lang)}"
        for iri in ROLE_MARKS
        if iri in structure.roles and any(m.role.iri == iri for m in structure.memberships)
    ]
    legend.append(f"{OPEN_MARK} {_joined(structure.term(GSWG.OpenMembership), lang)}")
    left_break = '<BR ALIGN="LEFT"/>'
    rows.append(
        f'<TR><TD COLSPAN="{span}" ALIGN="LEFT" BORDER="0">'
        f"{left_break.join(_esc(item) for item in legend)}{left_break}</TD></TR>"
    )
    table = (
        '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" COLOR="#9ca3af">'
        + "".join(rows)
        + "</TABLE>>"
    )
    caption = f"  label={label};\n" if (label := _caption(structure, lang)) else ""
    return (
        "digraph matrix {\n"
        f"  graph [fontname={_quoted(fontname)}, fontsize=14, labelloc=t, pad=0.3, "
        'bgcolor="white"];\n'
        f"{caption}"
        f"  node [shape=plain, fontname={_quoted(fontname)}, fontsize=11];\n"
        f"  matrix [label={table}];\n"
        "}\n"
    )


# --------------------------------------------------------------------------------------------
# The command's work
# --------------------------------------------------------------------------------------------


def build_diagrams(
    root: ResourceRoot,
    out_dir: Path,
    *,
    lang: str = "both",
    font: str | None = None,
    progress: Progress | None = None,
    timeout: float = DOT_TIMEOUT,
) -> DiagramSummary:
    """Draw both pictures as SVG and PNG, and the matrix as CSV, into ``out_dir``."""
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r}", hint=f"use one of {', '.join(LANGUAGES)}")
    toolchain = find_toolchain(lang, font)
    if progress is not None:
        progress.total = 2 + len(FORMATS) * 2
        progress.step("loading the graph")
    structure = read_structure(load_project(root))
    if not structure.bodies:
        raise InputError(
            "the graph has no coordination bodies to draw",
            hint="check data/ (gswg:CoordinationBody instances) or --resources",
        )
    fontname = toolchain.fontname
    sources = {
        STRUCTURE: structure_dot(structure, lang, fontname),
        MATRIX: matrix_dot(structure, lang, fontname),
    }
    payloads: dict[str, bytes] = {}
    for name, source in sources.items():
        for fmt in FORMATS:
            if progress is not None:
                progress.step(f"drawing {name}.{fmt}")
            payloads[f"{name}.{fmt}"] = render(source, fmt, toolchain, timeout)
    if progress is not None:
        progress.step("writing the files")
    payloads[f"{MATRIX}.csv"] = matrix_csv(structure).encode("utf-8")
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReleaseError(
            f"cannot create the output folder {out_dir}: {exc.strerror or exc}",
            hint="choose another --out-dir or fix its permissions",
        ) from None
    with StagedFiles() as staged:
        for filename in sorted(payloads):
            staged.write(out_dir / filename, payloads[filename])
    matrix = membership_matrix(structure)
    return DiagramSummary(
        out_dir=out_dir,
        lang=lang,
        font=toolchain.lao_font or (toolchain.fonts[0] if toolchain.fonts else "sans-serif"),
        organisations=len(matrix.rows()),
        bodies=len(structure.bodies),
        files=tuple(out_dir / filename for filename in sorted(payloads)),
    )
