"""The coordination structure read out of the graph: bodies, organisations, memberships, pillars.

The diagrams and the HTML pages draw the same picture, so they read it through the same SPARQL
queries here.  Nothing is hard-coded but the public contract (README): the classes of bodies and
organisations, org:Membership with org:role from gsd:role-scheme, org:classification, pillars
covered through gswg:coversPillar.  A new group or member in data/ shows up without code changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef

from .namespaces import GSD, GSWG, PREFIXES

# Kinds of coordination body in the order a reader meets them: the process, its sector working
# groups, their sub-groups, the secretariats.
BODY_KINDS: tuple[URIRef, ...] = (
    GSWG.RoundTableProcess,
    GSWG.SectorWorkingGroup,
    GSWG.SubSectorWorkingGroup,
    GSWG.Secretariat,
)
ROLE_CHAIR = GSD["role-chair"]
ROLE_CO_CHAIR = GSD["role-co-chair"]
ROLE_MEMBER = GSD["role-member"]
ROLE_KEY = GSD["role-key-organisation"]
ROLE_SUPPORTING = GSD["role-supporting-partner"]
# Roles from the most to the least prominent, for sorting tables and legends.
ROLE_ORDER: tuple[URIRef, ...] = (
    ROLE_CHAIR,
    ROLE_CO_CHAIR,
    ROLE_KEY,
    ROLE_MEMBER,
    ROLE_SUPPORTING,
    GSD["role-government-representative"],
    GSD["role-head"],
    GSD["role-coordinator"],
)


def role_rank(role: URIRef) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


_ACRONYM = re.compile(r"^[A-Z][A-Za-z]{0,4}[A-Z]$")


@dataclass(frozen=True)
class Labels:
    """A name in English and in Lao (either may be empty when the graph has none)."""

    en: str
    lo: str

    def get(self, lang: str) -> str:
        """The name in ``lang`` ("en" or "lo"), falling back to the other language."""
        if lang == "lo":
            return self.lo or self.en
        return self.en or self.lo


@dataclass(frozen=True)
class Concept:
    """A SKOS concept used as a value: a role, an organisation category."""

    iri: URIRef
    notation: str
    labels: Labels


@dataclass(frozen=True)
class Body:
    """A coordination body (the Round Table Process, a working group, a secretariat)."""

    iri: URIRef
    labels: Labels
    kind: URIRef | None
    sequence: int | None
    parent: URIRef | None
    short: str

    @property
    def local(self) -> str:
        return local_name(self.iri)

    @property
    def rank(self) -> tuple[int, int, str]:
        kind = BODY_KINDS.index(self.kind) if self.kind in BODY_KINDS else len(BODY_KINDS)
        return (kind, self.sequence or 0, self.labels.en.casefold())


@dataclass(frozen=True)
class Organisation:
    """A government body or development partner, with its category in the guide's lists."""

    iri: URIRef
    labels: Labels
    short: str
    category: Concept | None
    top_category: Concept | None
    agency_of: URIRef | None

    @property
    def local(self) -> str:
        return local_name(self.iri)


@dataclass(frozen=True)
class Membership:
    """One org:Membership: who, in which body, in which role, through which office."""

    iri: URIRef
    member: URIRef
    body: URIRef
    role: Concept
    office: Labels | None
    first_line: int | None


@dataclass(frozen=True)
class Pillar:
    """A governance pillar and the bodies that cover it."""

    iri: URIRef
    notation: str
    labels: Labels
    covered_by: tuple[URIRef, ...]


@dataclass(frozen=True)
class OpenMembership:
    """The guide's "and others" closing a member list of a body, for one category."""

    body: URIRef
    category: Concept
    text: Labels


@dataclass
class Structure:
    """Everything the pictures and pages show, keyed by IRI where they refer to each other."""

    bodies: dict[URIRef, Body]
    organisations: dict[URIRef, Organisation]
    memberships: list[Membership]
    pillars: list[Pillar]
    open_memberships: list[OpenMembership]
    roles: dict[URIRef, Concept]
    categories: dict[URIRef, Concept]
    terms: dict[URIRef, Labels] = field(default_factory=dict)
    source: Labels = Labels("", "")
    source_year: str = ""
    pillar_scheme: Labels = Labels("", "")

    def bodies_in_order(self) -> list[Body]:
        return sorted(self.bodies.values(), key=lambda body: body.rank)

    def children(self, parent: URIRef) -> list[Body]:
        return sorted(
            (body for body in self.bodies.values() if body.parent == parent),
            key=lambda body: body.rank,
        )

    def memberships_of_body(self, body: URIRef, *roles: URIRef) -> list[Membership]:
        return [
            m for m in self.memberships if m.body == body and (not roles or m.role.iri in roles)
        ]

    def memberships_of_member(self, member: URIRef) -> list[Membership]:
        return [m for m in self.memberships if m.member == member]

    def term(self, iri: URIRef) -> Labels:
        """Labels of an ontology term (class or property), for legends and headings."""
        return self.terms.get(iri, Labels(local_name(iri), ""))


def local_name(iri: URIRef) -> str:
    return re.split(r"[#/]", str(iri))[-1]


# skos:prefLabel per language, else rdfs:label (data from elsewhere may only have that).
_LABELS = """
OPTIONAL { ?%(v)s skos:prefLabel ?%(v)s_pen FILTER(lang(?%(v)s_pen) = "en") }
OPTIONAL { ?%(v)s skos:prefLabel ?%(v)s_plo FILTER(lang(?%(v)s_plo) = "lo") }
OPTIONAL { ?%(v)s rdfs:label ?%(v)s_len FILTER(lang(?%(v)s_len) IN ("en", "")) }
OPTIONAL { ?%(v)s rdfs:label ?%(v)s_llo FILTER(lang(?%(v)s_llo) = "lo") }
BIND(COALESCE(?%(v)s_pen, ?%(v)s_len) AS ?%(v)s_en)
BIND(COALESCE(?%(v)s_plo, ?%(v)s_llo) AS ?%(v)s_lo)
"""


def _labels(var: str) -> str:
    return _LABELS % {"v": var}


BODIES = f"""
SELECT ?body ?kind ?sequence ?parent ?acronym ?body_en ?body_lo WHERE {{
  ?body rdf:type/rdfs:subClassOf* gswg:CoordinationBody .
  OPTIONAL {{ ?body rdf:type ?kind . VALUES ?kind {{ {" ".join(k.n3() for k in BODY_KINDS)} }} }}
  OPTIONAL {{ ?body gswg:sequenceNumber ?sequence }}
  OPTIONAL {{ ?body org:subOrganizationOf ?parent .
             ?parent rdf:type/rdfs:subClassOf* gswg:CoordinationBody }}
  OPTIONAL {{ ?body gswg:acronym ?acronym }}
  {_labels("body")}
}}
"""

ORGANISATIONS = f"""
SELECT ?org ?category ?agency_of ?acronym ?org_en ?org_lo WHERE {{
  VALUES ?class {{ gswg:GovernmentBody gswg:DevelopmentPartner }}
  ?org rdf:type/rdfs:subClassOf* ?class .
  OPTIONAL {{ ?org org:classification ?category }}
  OPTIONAL {{ ?org gswg:agencyOf ?agency_of }}
  OPTIONAL {{ ?org gswg:acronym ?acronym }}
  {_labels("org")}
}}
"""

SHORT_NAMES = """
SELECT ?org ?alt WHERE { ?org skos:altLabel ?alt FILTER(lang(?alt) = "en") }
"""

CONCEPTS = f"""
SELECT ?concept ?notation ?broader ?concept_en ?concept_lo WHERE {{
  VALUES ?scheme {{ gsd:role-scheme gsd:organisation-categories }}
  ?concept skos:inScheme ?scheme .
  OPTIONAL {{ ?concept skos:notation ?notation }}
  OPTIONAL {{ ?concept skos:broader ?broader }}
  {_labels("concept")}
}}
"""

MEMBERSHIPS = f"""
SELECT ?membership ?member ?body ?role ?line ?office_en ?office_lo WHERE {{
  ?membership a org:Membership ; org:member ?member ; org:organization ?body ; org:role ?role .
  OPTIONAL {{ ?membership gswg:firstLine ?line }}
  OPTIONAL {{ ?membership gswg:officeHeld ?office . {_labels("office")} }}
}}
"""

PILLARS = f"""
SELECT ?pillar ?notation ?body ?pillar_en ?pillar_lo ?scheme_en ?scheme_lo WHERE {{
  ?pillar a gswg:GovernancePillar .
  OPTIONAL {{ ?pillar skos:notation ?notation }}
  OPTIONAL {{ ?pillar skos:inScheme ?scheme . {_labels("scheme")} }}
  OPTIONAL {{ ?body gswg:coversPillar ?pillar }}
  {_labels("pillar")}
}}
"""

OPEN_MEMBERSHIPS = """
SELECT ?body ?category ?text_en ?text_lo WHERE {
  ?body gswg:hasOpenMembership ?open .
  ?open gswg:forCategory ?category .
  OPTIONAL { ?open gswg:text ?text_en FILTER(lang(?text_en) = "en") }
  OPTIONAL { ?open gswg:text ?text_lo FILTER(lang(?text_lo) = "lo") }
}
"""

GUIDE = """
SELECT ?title_en ?title_lo ?issued WHERE {
  ?guide a gswg:Guide .
  OPTIONAL { ?guide dcterms:title ?title_en FILTER(lang(?title_en) = "en") }
  OPTIONAL { ?guide dcterms:title ?title_lo FILTER(lang(?title_lo) = "lo") }
  OPTIONAL { ?guide dcterms:issued ?issued }
}
ORDER BY ?guide
LIMIT 1
"""

TERMS = """
SELECT ?term ?term_en ?term_lo WHERE {
  ?term rdfs:isDefinedBy <https://w3id.org/gswg/ontology> .
  OPTIONAL { ?term skos:prefLabel ?term_en FILTER(lang(?term_en) = "en") }
  OPTIONAL { ?term skos:prefLabel ?term_lo FILTER(lang(?term_lo) = "lo") }
}
"""


def _rows(graph: Graph, query: str) -> Iterable[dict[str, Any]]:
    result = graph.query(query, initNs=PREFIXES)
    names = [str(v) for v in (result.vars or [])]
    for row in result:
        yield dict(zip(names, row, strict=True))  # type: ignore[arg-type]


def _text(value: object) -> str:
    return str(value) if isinstance(value, Literal) else ""


def _int(value: object) -> int | None:
    if isinstance(value, Literal):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def _iri(value: object) -> URIRef | None:
    return value if isinstance(value, URIRef) else None


def _named(iri: URIRef, en: str, lo: str) -> Labels:
    """The labels, or the IRI's local name when the graph gives none: never an empty box."""
    return Labels(en, lo) if en or lo else Labels(local_name(iri), "")


def _pick(values: Iterable[str]) -> str:
    """One value out of several rows (OPTIONALs multiply rows): the first in sorted order."""
    return min((v for v in values if v), default="")


def read_structure(graph: Graph) -> Structure:
    """Run the queries and assemble the structure; deterministic whatever the triple order."""
    concepts = _read_concepts(graph)
    roles = {iri: c for iri, (c, _broader) in concepts.items() if str(iri).startswith(GSD["role-"])}
    categories = {iri: c for iri, (c, _b) in concepts.items() if iri not in roles}
    broader = {iri: b for iri, (_c, b) in concepts.items() if b is not None}

    def top(category: URIRef | None) -> URIRef | None:
        seen: set[URIRef] = set()
        while category is not None and category in broader and category not in seen:
            seen.add(category)
            category = broader[category]
        return category

    bodies = _read_bodies(graph)
    organisations = _read_organisations(graph, categories, top)
    memberships = _read_memberships(graph, roles)
    pillars, pillar_scheme = _read_pillars(graph)
    open_memberships = sorted(
        (
            OpenMembership(body, categories[category], Labels(_text(en), _text(lo)))
            for row in _rows(graph, OPEN_MEMBERSHIPS)
            if (body := _iri(row["body"])) is not None
            and (category := _iri(row["category"])) in categories
            for en, lo in [(row["text_en"], row["text_lo"])]
        ),
        key=lambda o: (str(o.body), str(o.category.iri)),
    )
    terms = {
        term: Labels(_text(row["term_en"]), _text(row["term_lo"]))
        for row in _rows(graph, TERMS)
        if (term := _iri(row["term"])) is not None
    }
    guide = next(iter(_rows(graph, GUIDE)), None)
    source = Labels(_text(guide["title_en"]), _text(guide["title_lo"])) if guide else Labels("", "")
    return Structure(
        bodies,
        organisations,
        memberships,
        pillars,
        open_memberships,
        roles,
        categories,
        terms,
        source=source,
        source_year=_text(guide["issued"]) if guide else "",
        pillar_scheme=pillar_scheme,
    )


def _read_concepts(graph: Graph) -> dict[URIRef, tuple[Concept, URIRef | None]]:
    found: dict[URIRef, tuple[Concept, URIRef | None]] = {}
    for row in sorted(_rows(graph, CONCEPTS), key=lambda r: [str(v) for v in r.values()]):
        iri = _iri(row["concept"])
        if iri is None or iri in found:
            continue
        concept = Concept(
            iri,
            _text(row["notation"]) or local_name(iri),
            Labels(_text(row["concept_en"]), _text(row["concept_lo"])),
        )
        found[iri] = (concept, _iri(row["broader"]))
    return found


def _read_bodies(graph: Graph) -> dict[URIRef, Body]:
    rows: dict[URIRef, list[dict[str, Any]]] = {}
    for row in _rows(graph, BODIES):
        if (iri := _iri(row["body"])) is not None:
            rows.setdefault(iri, []).append(row)
    bodies: dict[URIRef, Body] = {}
    for iri, group in rows.items():
        kinds = {k for r in group if (k := _iri(r["kind"])) is not None}
        kind = next((k for k in BODY_KINDS if k in kinds), None)
        parents = sorted({p for r in group if (p := _iri(r["parent"])) is not None})
        labels = _named(
            iri,
            _pick(_text(r["body_en"]) for r in group),
            _pick(_text(r["body_lo"]) for r in group),
        )
        acronym = _pick(_text(r["acronym"]) for r in group)
        sequences = [s for r in group if (s := _int(r["sequence"])) is not None]
        bodies[iri] = Body(
            iri=iri,
            labels=labels,
            kind=kind,
            sequence=min(sequences) if sequences else None,
            parent=parents[0] if parents else None,
            short=acronym or labels.en,
        )
    return bodies


def _read_organisations(
    graph: Graph,
    categories: dict[URIRef, Concept],
    top: Callable[[URIRef | None], URIRef | None],
) -> dict[URIRef, Organisation]:
    alternatives: dict[URIRef, list[str]] = {}
    for row in _rows(graph, SHORT_NAMES):
        if (iri := _iri(row["org"])) is not None:
            alternatives.setdefault(iri, []).append(_text(row["alt"]))
    rows: dict[URIRef, list[dict[str, Any]]] = {}
    for row in _rows(graph, ORGANISATIONS):
        if (iri := _iri(row["org"])) is not None:
            rows.setdefault(iri, []).append(row)
    organisations: dict[URIRef, Organisation] = {}
    for iri, group in rows.items():
        labels = _named(
            iri, _pick(_text(r["org_en"]) for r in group), _pick(_text(r["org_lo"]) for r in group)
        )
        found = sorted({c for r in group if (c := _iri(r["category"])) in categories})
        category = categories[found[0]] if found else None
        top_iri = top(category.iri) if category is not None else None
        acronyms = sorted(
            (a for a in alternatives.get(iri, []) if _ACRONYM.match(a)), key=lambda a: (len(a), a)
        )
        short = _pick(_text(r["acronym"]) for r in group) or (acronyms[0] if acronyms else "")
        agencies = sorted({a for r in group if (a := _iri(r["agency_of"])) is not None})
        organisations[iri] = Organisation(
            iri=iri,
            labels=labels,
            short=short or labels.en,
            category=category,
            top_category=categories.get(top_iri) if top_iri is not None else None,
            agency_of=agencies[0] if agencies else None,
        )
    return organisations


def _read_memberships(graph: Graph, roles: dict[URIRef, Concept]) -> list[Membership]:
    found: dict[URIRef, Membership] = {}
    for row in sorted(_rows(graph, MEMBERSHIPS), key=lambda r: [str(v) for v in r.values()]):
        iri, member, body, role = (_iri(row[k]) for k in ("membership", "member", "body", "role"))
        if iri is None or member is None or body is None or role not in roles or iri in found:
            continue
        office = Labels(_text(row["office_en"]), _text(row["office_lo"]))
        found[iri] = Membership(
            iri=iri,
            member=member,
            body=body,
            role=roles[role],
            office=office if office.en or office.lo else None,
            first_line=_int(row["line"]),
        )
    return sorted(found.values(), key=lambda m: (str(m.body), str(m.role.iri), str(m.member)))


def _read_pillars(graph: Graph) -> tuple[list[Pillar], Labels]:
    rows: dict[URIRef, list[dict[str, Any]]] = {}
    found = list(_rows(graph, PILLARS))
    scheme = Labels(
        _pick(_text(r["scheme_en"]) for r in found), _pick(_text(r["scheme_lo"]) for r in found)
    )
    for row in found:
        if (iri := _iri(row["pillar"])) is not None:
            rows.setdefault(iri, []).append(row)
    pillars = [
        Pillar(
            iri=iri,
            notation=_pick(_text(r["notation"]) for r in group),
            labels=Labels(
                _pick(_text(r["pillar_en"]) for r in group),
                _pick(_text(r["pillar_lo"]) for r in group),
            ),
            covered_by=tuple(sorted({b for r in group if (b := _iri(r["body"])) is not None})),
        )
        for iri, group in rows.items()
    ]
    return sorted(pillars, key=lambda p: (p.notation.zfill(4), str(p.iri))), scheme
