"""Static HTML pages, one per coordination body and per organisation, and an index of them.

Plain generated HTML (no scripts, no external files) so the folder can be opened from disk or
served as is.  The page of ``gsd:moha`` is ``id/moha.html``: the same local name as the IRI.
Names are shown in English and Lao side by side; Lao text carries ``lang="lo"``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef

from .namespaces import GSWG, PREFIXES
from .structure import (
    Body,
    Labels,
    Membership,
    Organisation,
    Structure,
    read_structure,
    role_rank,
)

STYLE = """
body { font-family: "Noto Sans", "Noto Sans Lao", "Phetsarath OT", sans-serif; max-width: 60em;
       margin: 1.5em auto; padding: 0 1em; color: #1f2933; line-height: 1.45; }
:lang(lo) { font-family: "Noto Sans Lao", "Phetsarath OT", "Noto Serif Lao", sans-serif;
            line-height: 1.75; }
h1 { margin-bottom: .1em; } h1 + p.lo { font-size: 1.4em; margin-top: 0; }
nav { font-size: .9em; margin-bottom: 1em; } nav a { margin-right: 1em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1.2em 0; }
th, td { border: 1px solid #d2d6dc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f1f5f9; }
.muted { color: #6b7280; font-size: .9em; }
ul.plain { list-style: none; padding-left: 0; }
"""

INDEX_TITLE = Labels("Coordination bodies and organisations", "ກົນໄກປະສານງານ ແລະ ອົງການ")

PURPOSES = """
SELECT ?body ?statement ?text_en ?text_lo ?sequence WHERE {
  ?body gswg:hasPurpose ?statement .
  OPTIONAL { ?statement gswg:text ?text_en FILTER(lang(?text_en) = "en") }
  OPTIONAL { ?statement gswg:text ?text_lo FILTER(lang(?text_lo) = "lo") }
  OPTIONAL { ?statement gswg:firstLine ?sequence }
}
"""


# The identifiers aid datasets use for an organisation (data/crosswalk.ttl), each with its scheme,
# status (current or former) and source; and the entities elsewhere it is the same as.
IDENTIFIERS = """
PREFIX adms: <http://www.w3.org/ns/adms#>
PREFIX gsi: <https://w3id.org/gswg/iati#>
SELECT ?organisation ?notation ?scheme_en ?scheme_lo ?status_en ?source WHERE {
  ?organisation adms:identifier ?identifier .
  ?identifier skos:notation ?notation .
  OPTIONAL { ?identifier gsi:identifierScheme ?scheme }
  OPTIONAL { ?scheme rdfs:label ?scheme_en FILTER(lang(?scheme_en) = "en") }
  OPTIONAL { ?scheme rdfs:label ?scheme_lo FILTER(lang(?scheme_lo) = "lo") }
  OPTIONAL { ?identifier adms:status/rdfs:label ?status_en FILTER(lang(?status_en) = "en") }
  OPTIONAL { ?identifier dcterms:source ?source }
}
"""
SAME_AS = """
SELECT ?organisation ?other WHERE {
  ?organisation skos:exactMatch|owl:sameAs ?other . FILTER(isIRI(?other))
}
"""


@dataclass(frozen=True)
class Identifier:
    """One identifier of an organisation, as a page shows it."""

    scheme: Labels
    notation: str
    status: str
    source: str


def render_pages(
    graph: Graph, *, nav: Sequence[tuple[str, str]] = (), prefix: str = "id"
) -> dict[str, str]:
    """Every page as ``{relative path: HTML}``: ``<prefix>/index.html`` and one per entity."""
    structure = read_structure(graph)
    purposes = _purposes(graph)
    identifiers = _identifiers(graph)
    same_as = _same_as(graph)
    up = [(f"../{filename}", title.split(":", 1)[0]) for filename, title in nav]
    pages = {f"{prefix}/index.html": _index(structure, up)}
    for body in structure.bodies.values():
        pages[f"{prefix}/{body.local}.html"] = _body_page(
            structure, body, purposes.get(body.iri, []), up
        )
    for organisation in structure.organisations.values():
        pages[f"{prefix}/{organisation.local}.html"] = _organisation_page(
            structure,
            organisation,
            up,
            identifiers.get(organisation.iri, []),
            same_as.get(organisation.iri, []),
        )
    return pages


def _identifiers(graph: Graph) -> dict[URIRef, list[Identifier]]:
    found: dict[URIRef, set[Identifier]] = {}
    for row in graph.query(IDENTIFIERS, initNs=PREFIXES):
        organisation, notation, scheme_en, scheme_lo, status, source = row  # type: ignore[misc]
        if not isinstance(organisation, URIRef):
            continue
        found.setdefault(organisation, set()).add(
            Identifier(
                Labels(str(scheme_en or ""), str(scheme_lo or "")),
                str(notation),
                str(status or ""),
                str(source or ""),
            )
        )
    return {
        organisation: sorted(ids, key=lambda i: (i.scheme.en, i.notation, i.status, i.source))
        for organisation, ids in found.items()
    }


def _same_as(graph: Graph) -> dict[URIRef, list[str]]:
    found: dict[URIRef, set[str]] = {}
    for organisation, other in graph.query(SAME_AS, initNs=PREFIXES):  # type: ignore[misc]
        if isinstance(organisation, URIRef):
            found.setdefault(organisation, set()).add(str(other))
    return {organisation: sorted(others) for organisation, others in found.items()}


def _purposes(graph: Graph) -> dict[URIRef, list[Labels]]:
    found: dict[URIRef, dict[URIRef, tuple[int, Labels]]] = {}
    for row in graph.query(PURPOSES, initNs=PREFIXES):
        body, statement, text_en, text_lo, line = row  # type: ignore[misc]
        if not isinstance(body, URIRef) or not isinstance(statement, URIRef):
            continue
        order = int(line) if isinstance(line, Literal) else 0
        labels = Labels(str(text_en or ""), str(text_lo or ""))
        found.setdefault(body, {}).setdefault(statement, (order, labels))
    return {
        body: [labels for _order, labels in sorted(texts.values(), key=lambda t: (t[0], t[1].en))]
        for body, texts in found.items()
    }


# --------------------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _both(labels: Labels, separator: str = " · ") -> str:
    """English and Lao, the Lao marked as such."""
    parts = []
    if labels.en:
        parts.append(_e(labels.en))
    if labels.lo:
        parts.append(f'<span lang="lo">{_e(labels.lo)}</span>')
    return separator.join(parts)


def _page(title: Labels, body_html: str, nav: Sequence[tuple[str, str]], home: str) -> str:
    links = [f'<a href="{_e(href)}">{_e(text)}</a>' for href, text in nav]
    links.append(f'<a href="{_e(home)}">{_both(INDEX_TITLE)}</a>')
    lao = f'<p class="lo" lang="lo">{_e(title.lo)}</p>' if title.lo else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title.en or title.lo)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<nav>{' '.join(links)}</nav>\n"
        f"<h1>{_e(title.en or title.lo)}</h1>\n{lao}\n{body_html}\n</body>\n</html>\n"
    )


def _link(structure: Structure, iri: URIRef) -> str:
    entity: Body | Organisation | None = structure.bodies.get(iri) or structure.organisations.get(
        iri
    )
    if entity is None:
        return f"<code>{_e(str(iri))}</code>"
    return f'<a href="{_e(entity.local)}.html">{_both(entity.labels)}</a>'


def _iri_line(iri: URIRef) -> str:
    return f'<p class="muted">IRI: <code>{_e(str(iri))}</code></p>'


def _index(structure: Structure, nav: Sequence[tuple[str, str]]) -> str:
    parts = ['<h2>Coordination bodies · <span lang="lo">ກົນໄກປະສານງານ</span></h2>', "<ul>"]
    for body in structure.bodies_in_order():
        parts.append(f"<li>{_link(structure, body.iri)}</li>")
    parts.append("</ul>")
    parts.append('<h2>Organisations · <span lang="lo">ອົງການ</span></h2>')
    by_category: dict[str, list[Organisation]] = {}
    names: dict[str, Labels] = {}
    for organisation in structure.organisations.values():
        category = organisation.top_category
        key = category.notation if category else ""
        names[key] = category.labels if category else Labels("other", "")
        by_category.setdefault(key, []).append(organisation)
    for key in sorted(by_category, key=lambda k: (k != "government", k)):
        parts.append(f"<h3>{_both(names[key])}</h3><ul>")
        for organisation in sorted(by_category[key], key=lambda o: o.labels.en.casefold()):
            parts.append(f"<li>{_link(structure, organisation.iri)}</li>")
        parts.append("</ul>")
    return _page(INDEX_TITLE, "\n".join(parts), nav, "index.html")


def _body_page(
    structure: Structure, body: Body, purposes: Iterable[Labels], nav: Sequence[tuple[str, str]]
) -> str:
    parts = [_iri_line(body.iri)]
    facts = []
    if body.kind is not None:
        facts.append(("Kind", _both(structure.term(body.kind))))
    if body.parent is not None:
        facts.append(("Part of", _link(structure, body.parent)))
    children = structure.children(body.iri)
    if children:
        facts.append(("Sub-groups", "<br>".join(_link(structure, c.iri) for c in children)))
    covered = [p for p in structure.pillars if body.iri in p.covered_by]
    if covered:
        facts.append(
            (
                _both(structure.term(GSWG.coversPillar)),
                "<br>".join(_both(p.labels) for p in covered),
            )
        )
    if facts:
        parts.append("<table>")
        parts.extend(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in facts)
        parts.append("</table>")
    texts = list(purposes)
    if texts:
        parts.append(f"<h2>{_both(structure.term(GSWG.Purpose))}</h2>")
        for text in texts:
            if text.lo:
                parts.append(f'<p lang="lo">{_e(text.lo)}</p>')
            if text.en:
                parts.append(f"<p>{_e(text.en)}</p>")
    memberships = structure.memberships_of_body(body.iri)
    if memberships:
        parts.append(_memberships_table(structure, memberships, by="member"))
    open_lists = [o for o in structure.open_memberships if o.body == body.iri]
    for open_list in open_lists:
        parts.append(
            f'<p class="muted">{_both(open_list.category.labels)}: {_both(open_list.text)}</p>'
        )
    return _page(body.labels, "\n".join(parts), nav, "index.html")


def _organisation_page(
    structure: Structure,
    organisation: Organisation,
    nav: Sequence[tuple[str, str]],
    identifiers: Sequence[Identifier] = (),
    same_as: Sequence[str] = (),
) -> str:
    parts = [_iri_line(organisation.iri), "<table>"]
    if organisation.short and organisation.short != organisation.labels.en:
        parts.append(f"<tr><th>Short name</th><td>{_e(organisation.short)}</td></tr>")
    if organisation.category is not None:
        parts.append(f"<tr><th>Category</th><td>{_both(organisation.category.labels)}</td></tr>")
    if organisation.agency_of is not None:
        parts.append(
            f"<tr><th>{_both(structure.term(GSWG.agencyOf))}</th>"
            f"<td>{_link(structure, organisation.agency_of)}</td></tr>"
        )
    parts.append("</table>")
    memberships = structure.memberships_of_member(organisation.iri)
    if memberships:
        parts.append(_memberships_table(structure, memberships, by="body"))
    else:
        parts.append('<p class="muted">No role in a coordination body in the guide.</p>')
    if identifiers or same_as:
        parts.append(_identifiers_table(identifiers, same_as))
    return _page(organisation.labels, "\n".join(parts), nav, "index.html")


def _identifiers_table(identifiers: Sequence[Identifier], same_as: Sequence[str]) -> str:
    """What aid datasets call the organisation (not from the guide: each row names its source)."""
    rows = [
        '<h2>Identifiers in aid datasets · <span lang="lo">ລະຫັດໃນຖານຂໍ້ມູນການຊ່ວຍເຫຼືອ</span></h2>',
        '<p class="muted">From the crosswalk (data/crosswalk.ttl), not from the guide.</p>',
        "<table><tr><th>Scheme</th><th>Identifier</th><th>Status</th><th>Source</th></tr>",
    ]
    for identifier in identifiers:
        source = (
            f'<a href="{_e(identifier.source)}">source</a>'
            if identifier.source.startswith(("http://", "https://"))
            else _e(identifier.source)
        )
        rows.append(
            f"<tr><td>{_both(identifier.scheme)}</td><td><code>{_e(identifier.notation)}</code>"
            f"</td><td>{_e(identifier.status)}</td><td>{source}</td></tr>"
        )
    for other in same_as:
        rows.append(
            f'<tr><td>same entity</td><td><a href="{_e(other)}"><code>{_e(other)}</code></a>'
            "</td><td></td><td></td></tr>"
        )
    rows.append("</table>")
    return "\n".join(rows)


def _memberships_table(structure: Structure, memberships: list[Membership], by: str) -> str:
    """Memberships of a body (one row per member) or of an organisation (one row per body)."""

    def key(m: Membership) -> tuple[int, str]:
        other = m.member if by == "member" else m.body
        entity = structure.organisations.get(other) or structure.bodies.get(other)
        name = entity.labels.en.casefold() if entity is not None else str(other)
        return (role_rank(m.role.iri), name)

    head = "Member" if by == "member" else "Body"
    rows = [
        '<h2>Memberships · <span lang="lo">ສະມາຊິກ</span></h2>',
        f"<table><tr><th>{head}</th><th>Role</th><th>Office held</th><th>Guide line</th></tr>",
    ]
    for membership in sorted(memberships, key=key):
        other = membership.member if by == "member" else membership.body
        office = _both(membership.office) if membership.office else ""
        line = str(membership.first_line) if membership.first_line else ""
        rows.append(
            f"<tr><td>{_link(structure, other)}</td><td>{_both(membership.role.labels)}</td>"
            f"<td>{office}</td><td>{line}</td></tr>"
        )
    rows.append("</table>")
    return "\n".join(rows)
