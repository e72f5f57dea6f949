"""Resolve organisation refs found in IATI data to GSWG organisation IRIs via the crosswalk.

The crosswalk (``data/crosswalk.ttl``) gives each GSWG organisation its identifiers as
``adms:Identifier`` nodes with a status.  A ref matches an organisation when it equals any of
its notations, current or former, in any scheme but two that IATI data never use as
organisation refs: Wikidata QIDs (links, not refs) and OECD DAC donor codes (bare numbers of
one to four digits, which would catch local codes; IATI writes a donor as
XM-DAC-{code}-{agency}).  When the same notation belongs to several organisations, a current
identifier beats a former one (AU-5 is DFAT's now, so it resolves to ``gsd:australia`` rather
than to ``gsd:ausaid``); a tie that status cannot break is an error in the crosswalk, reported
when it is loaded rather than guessed at import time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from ..errors import InputError
from ..resources import locate
from . import vocab

ADMS = Namespace(vocab.ADMS)
GSI = Namespace(vocab.GSI)
_STATUS_RANK = {str(GSI.current): 0, str(GSI.former): 1}
NOT_REFS = frozenset({"WikidataScheme", "DacDonorCodeScheme"})  # schemes never matched to refs


@dataclass(frozen=True)
class Identifier:
    """One crosswalk identifier of one organisation."""

    organisation: str
    notation: str
    scheme: str
    status: str  # "current" | "former"
    source_label: str | None


@dataclass(frozen=True)
class Match:
    """The organisation a ref resolved to, and through which identifier."""

    organisation: str
    identifier: Identifier


class Crosswalk:
    """Lookup from notation to GSWG organisation, built from the crosswalk identifiers."""

    def __init__(self, identifiers: list[Identifier], source: Path | None = None) -> None:
        self.identifiers = identifiers
        self.source = source
        by_notation: dict[str, list[Identifier]] = defaultdict(list)
        for identifier in identifiers:
            by_notation[identifier.notation].append(identifier)
        self._index: dict[str, Match] = {}
        for notation, candidates in by_notation.items():
            best = min(_rank(c) for c in candidates)
            winners = sorted({c.organisation for c in candidates if _rank(c) == best})
            if len(winners) > 1:
                raise InputError(
                    f"identifier {notation!r} is {candidates[0].status} for several "
                    f"organisations: {', '.join(winners)}",
                    path=source,
                    hint="an identifier must name one organisation; mark the older use former",
                )
            chosen = next(c for c in candidates if c.organisation == winners[0])
            self._index[notation] = Match(winners[0], chosen)

    def match(self, ref: str) -> Match | None:
        return self._index.get(ref.strip())

    def __len__(self) -> int:
        return len(self._index)


def _rank(identifier: Identifier) -> int:
    return 0 if identifier.status == "current" else 1


def default_path() -> Path:
    """``data/crosswalk.ttl`` from the checkout or the installed wheel."""
    try:
        return locate().data_dir / "crosswalk.ttl"
    except FileNotFoundError as exc:
        raise InputError(str(exc), hint="pass --crosswalk FILE") from exc


def load(path: Path | None = None) -> Crosswalk:
    """Read the crosswalk Turtle file (small: a few hundred triples, so rdflib is fine)."""
    path = Path(path) if path is not None else default_path()
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError as exc:
        raise InputError("crosswalk file not found", path=path) from exc
    except Exception as exc:  # rdflib raises many parser exception types
        raise InputError(f"cannot parse crosswalk: {exc}", path=path) from exc
    identifiers: list[Identifier] = []
    for organisation, node in graph.subject_objects(ADMS.identifier):
        notation = graph.value(node, SKOS.notation)
        status = graph.value(node, ADMS.status)
        scheme = graph.value(node, GSI.identifierScheme)
        if notation is None or status is None or not isinstance(organisation, URIRef):
            raise InputError(
                f"identifier {node} of {organisation} lacks skos:notation or adms:status",
                path=path,
            )
        if str(status) not in _STATUS_RANK:
            raise InputError(f"identifier {node} has unknown status {status}", path=path)
        label = graph.value(node, GSI.sourceLabel)
        if scheme is not None and str(scheme).rsplit("#", 1)[-1] in NOT_REFS:
            continue
        identifiers.append(
            Identifier(
                organisation=str(organisation),
                notation=str(notation),
                scheme=str(scheme).rsplit("#", 1)[-1] if scheme is not None else "",
                status="current" if str(status) == str(GSI.current) else "former",
                source_label=str(label) if label is not None else None,
            )
        )
    identifiers.sort(key=lambda i: (i.organisation, i.scheme, i.notation, i.status))
    return Crosswalk(identifiers, source=path)
