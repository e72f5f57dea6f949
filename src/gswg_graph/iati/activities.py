"""Stream IATI activity XML (standard 2.01-2.03) into N-Triples in the gsi: vocabulary.

Why streaming: IATI exports run to gigabytes, so each ``<iati-activity>`` is converted as soon
as it is complete and then freed (see :func:`gswg_graph.safexml.iter_elements`); triples are
formatted as text (:mod:`.ntriples`) rather than collected in an rdflib graph.  Memory is flat in
the file size; what grows is one small hash per activity (to drop duplicated activities) and one
entry per distinct unmatched organisation.

What is converted (vocabulary: ``ontology/gswg-iati.ttl``): iati-identifier, title and
description (every language), reporting-org and participating-org as n-ary participation nodes
(ref, type, role), recipient-country and recipient-region with percentages, sectors with
vocabulary and percentage, activity-status, activity-date by type, budgets and transactions.
Everything else is counted in the summary as "not converted".  Codes missing from the shipped
codelists are written anyway and counted as unknown.  Organisation refs found in the crosswalk
become the GSWG organisation IRI, so a GSWG partner and its IATI identity are one node.
"""

from __future__ import annotations

import datetime
import functools
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from lxml import etree

from .. import progress as progress_module
from .. import safexml
from ..errors import InputError
from . import codelists, vocab
from .crosswalk import Crosswalk
from .ntriples import XSD_DATE, XSD_DECIMAL, iri, language_tag, literal, typed

SUPPORTED_VERSIONS = ("2.01", "2.02", "2.03")
LAO_PDR = "LA"
MAX_LISTED = 1000  # Lao activity identifiers kept in the summary (the count is always exact)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_DECIMAL = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
# IATI dates are xsd:date in the form YYYY-MM-DD, optionally with a timezone; four-digit years only.
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-](\d{2}):(\d{2}))?$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T")
# ISO 4217 alphabetic codes are three capital letters; anything else is irregular.
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _p(local: str) -> str:
    return iri(vocab.GSI + local)


A = iri(vocab.RDF + "type")
RDFS_LABEL = iri(vocab.RDFS + "label")
DCT_IDENTIFIER = iri(vocab.DCTERMS + "identifier")
DCT_TITLE = iri(vocab.DCTERMS + "title")
DCT_DESCRIPTION = iri(vocab.DCTERMS + "description")
PROV_QUALIFIED_ASSOCIATION = iri(vocab.PROV + "qualifiedAssociation")
PROV_AGENT = iri(vocab.PROV + "agent")
PROV_HAD_ROLE = iri(vocab.PROV + "hadRole")

C_ACTIVITY = _p("Activity")
C_PARTICIPATION = _p("OrganisationParticipation")
C_ORGANISATION = _p("Organisation")
C_COUNTRY_ALLOCATION = _p("CountryAllocation")
C_REGION_ALLOCATION = _p("RegionAllocation")
C_SECTOR_ALLOCATION = _p("SectorAllocation")
C_ACTIVITY_DATE = _p("ActivityDate")
C_BUDGET = _p("Budget")
C_TRANSACTION = _p("Transaction")
ROLE_REPORTING = _p("reporting")

P_REPORTING_ORG = _p("reportingOrganisation")
P_PARTICIPATING_ORG = _p("participatingOrganisation")
P_ORG_REF = _p("organisationRef")
P_ORG_TYPE = _p("organisationType")
P_REPORTED_NAME = _p("reportedName")
P_RECIPIENT_COUNTRY = _p("recipientCountry")
P_RECIPIENT_COUNTRY_ALLOCATION = _p("recipientCountryAllocation")
P_COUNTRY = _p("country")
P_RECIPIENT_REGION = _p("recipientRegion")
P_RECIPIENT_REGION_ALLOCATION = _p("recipientRegionAllocation")
P_REGION = _p("region")
P_REGION_VOCABULARY = _p("regionVocabulary")
P_PERCENTAGE = _p("percentage")
P_CODE = _p("code")
P_SECTOR = _p("sector")
P_SECTOR_ALLOCATION = _p("sectorAllocation")
P_SECTOR_CODE = _p("sectorCode")
P_SECTOR_VOCABULARY = _p("sectorVocabulary")
P_ACTIVITY_STATUS = _p("activityStatus")
P_ACTIVITY_DATE = _p("activityDate")
P_DATE_TYPE = _p("dateType")
P_DATE = _p("date")
P_BUDGET = _p("budget")
P_BUDGET_TYPE = _p("budgetType")
P_PERIOD_START = _p("periodStart")
P_PERIOD_END = _p("periodEnd")
P_VALUE = _p("value")
P_CURRENCY = _p("currency")
P_VALUE_DATE = _p("valueDate")
P_TRANSACTION = _p("transaction")
P_TRANSACTION_TYPE = _p("transactionType")
P_TRANSACTION_DATE = _p("transactionDate")
P_PROVIDER_ORG = _p("providerOrganisation")
P_PROVIDER_NAME = _p("providerOrganisationName")
P_PROVIDER_ACTIVITY = _p("providerActivity")
P_RECEIVER_ORG = _p("receiverOrganisation")
P_RECEIVER_NAME = _p("receiverOrganisationName")
P_RECEIVER_ACTIVITY = _p("receiverActivity")

# activity-date/@type (ActivityDateType codes 1-4) -> a direct date property on the activity
DATE_PROPERTIES = {
    "1": _p("plannedStartDate"),
    "2": _p("actualStartDate"),
    "3": _p("plannedEndDate"),
    "4": _p("actualEndDate"),
}
SECTOR_CODELISTS = {"1": "Sector", "2": "SectorCategory"}  # vocabularies we can check


@dataclass
class MatchedOrganisation:
    """A GSWG organisation that IATI refs resolved to, with what the data called it."""

    iri: str
    refs: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)
    statuses: set[str] = field(default_factory=set)
    occurrences: int = 0


@dataclass
class ImportSummary:
    """What an import did; returned to callers and printed by ``gswg iati import``."""

    files: list[str] = field(default_factory=list)
    bytes_read: int = 0
    seconds: float = 0.0
    activities: int = 0
    lao_activities: int = 0
    lao_identifiers: list[str] = field(default_factory=list)
    triples: int = 0
    matched: dict[str, MatchedOrganisation] = field(default_factory=dict)
    unmatched_organisations: int = 0
    unknown_codes: Counter[tuple[str, str]] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)  # "element: reason" -> count
    incomplete: Counter[str] = field(default_factory=Counter)  # kept, but lacking: "what" -> n
    not_converted: Counter[str] = field(default_factory=Counter)  # element path -> count

    @property
    def triples_per_second(self) -> float:
        return self.triples / self.seconds if self.seconds > 0 else 0.0

    def render(self) -> str:
        """A human summary; lists are sorted so the text is stable between runs."""
        lines = [
            f"imported {len(self.files)} file(s), {self.bytes_read / 1e6:.1f} MB in "
            f"{self.seconds:.2f} s: {self.activities} activities, {self.lao_activities} in "
            f"Lao PDR (recipient-country LA), {self.triples} triples "
            f"({self.triples_per_second:,.0f} triples/s)"
        ]
        if self.lao_identifiers:
            shown = self.lao_identifiers[:20]
            more = self.lao_activities - len(shown)
            lines.append(
                "Lao PDR activities: " + ", ".join(shown) + (f" and {more} more" if more else "")
            )
        lines.append(
            f"matched GSWG organisations: {len(self.matched)} "
            f"(unmatched organisations: {self.unmatched_organisations})"
        )
        for org in sorted(self.matched.values(), key=lambda m: m.iri):
            short = org.iri.replace("https://w3id.org/gswg/id/", "gsd:")
            names = "; ".join(org.names) or "(no name given)"
            via = "" if org.statuses == {"current"} else " [via a former identifier]"
            lines.append(
                f"  {short} <- {', '.join(sorted(org.refs))} x{org.occurrences}{via}: {names}"
            )
        total_unknown = sum(self.unknown_codes.values())
        lines.append(f"unknown codes (kept, not in the shipped codelists): {total_unknown}")
        for (codelist, code), count in sorted(self.unknown_codes.items()):
            irregular = codelist == "Currency" and not _CURRENCY.match(code)
            note = " (irregular: not three capital letters)" if irregular else ""
            lines.append(f"  {codelist} {code!r} x{count}{note}")
        lines.append(f"skipped elements (invalid or incomplete): {sum(self.skipped.values())}")
        for reason, count in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {reason} x{count}")
        if self.incomplete:
            lines.append(f"incomplete elements (kept): {sum(self.incomplete.values())}")
            for reason, count in sorted(self.incomplete.items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"  {reason} x{count}")
        ordered = sorted(self.not_converted.items(), key=lambda kv: (-kv[1], kv[0]))
        lines.append(
            f"skipped elements (not converted: outside the covered subset): "
            f"{sum(self.not_converted.values())}"
        )
        if ordered:
            lines.append("  " + ", ".join(f"{path} x{count}" for path, count in ordered))
        return "\n".join(lines)


def _texts(element: etree._Element, default_lang: str | None) -> list[tuple[str, str | None]]:
    """The non-empty ``narrative`` children of an element, with their language tags."""
    out = []
    for narrative in element.iterfind("narrative"):
        text = narrative.text
        if text and not text.isspace():
            out.append((text.strip(), language_tag(narrative.get(XML_LANG)) or default_lang))
    return out


def _decimal(raw: str | None) -> str | None:
    if raw is None:
        return None
    raw = raw.strip()
    return raw if _DECIMAL.match(raw) else None


def _date(raw: str | None) -> str | None:
    """The value as a valid xsd:date, or None.

    A dateTime where a date belongs keeps its date part. The pattern alone is not enough:
    ``2020-13-45`` or ``2021-02-29`` would be written as ill-typed literals, which rdflib keeps
    as text and Oxigraph rejects, so the engines would disagree; such dates are refused here.
    """
    if raw is None:
        return None
    raw = raw.strip()
    timestamp = _DATETIME.match(raw)
    if timestamp is not None:
        raw = timestamp.group(1)
    match = _DATE.match(raw)
    if match is None:
        return None
    year, month, day, hours, minutes = match.groups()
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:  # month 13, day 45, 29 February of a common year, year 0000
        return None
    if hours is not None and (int(hours) * 60 + int(minutes) > 14 * 60 or int(minutes) > 59):
        return None  # timezones run from -14:00 to +14:00
    return raw


class _Converter:
    """Turns one ``<iati-activity>`` element into N-Triples lines; keeps the running summary."""

    def __init__(self, crosswalk: Crosswalk, summary: ImportSummary) -> None:
        self.crosswalk = crosswalk
        self.summary = summary
        self.known = {name: codelists.known_codes(name) for name in codelists.SHIPPED}
        self.seen: set[int] = set()
        self.emitted_orgs: set[str] = set()

    # -- helpers ---------------------------------------------------------------------------
    def concept(self, codelist: str, code: str) -> str:
        """The concept IRI for a code; unknown codes are kept and counted."""
        self.check(codelist, code)
        return _concept_term(codelist, code)

    def check(self, codelist: str, code: str) -> None:
        """Count a code the shipped codelist does not have (it is kept as reported)."""
        if code not in self.known[codelist]:
            self.summary.unknown_codes[(codelist, code)] += 1

    def day(self, element: etree._Element, what: str) -> str | None:
        """The element's @iso-date as a valid xsd:date; a missing or invalid one is left out and
        counted as skipped under ``what``."""
        raw = element.get("iso-date")
        value = _date(raw)
        if value is None:
            reason = "no @iso-date" if raw is None or not raw.strip() else "invalid @iso-date"
            self.summary.skipped[f"{what}: {reason} (date left out)"] += 1
        return value

    def organisation(
        self, ref: str | None, names: Sequence[tuple[str, str | None]], out: list[str]
    ) -> str | None:
        """The IRI term for an organisation ref: the GSWG one if the crosswalk knows it."""
        if ref is None:
            return None
        ref = ref.strip()
        if not ref:
            return None
        match = self.crosswalk.match(ref)
        if match is not None:
            record = self.summary.matched.get(match.organisation)
            if record is None:
                record = self.summary.matched[match.organisation] = MatchedOrganisation(
                    match.organisation
                )
            record.refs.add(ref)
            record.statuses.add(match.identifier.status)
            record.occurrences += 1
            for text, _lang in names:
                if len(record.names) < 3 and text not in record.names:
                    record.names.append(text)
            return iri(match.organisation)
        term = iri(vocab.org_iri(ref))
        if ref not in self.emitted_orgs:
            self.emitted_orgs.add(ref)
            self.summary.unmatched_organisations += 1
            out.append(f"{term} {A} {C_ORGANISATION} .\n")
            out.append(f"{term} {P_ORG_REF} {literal(ref)} .\n")
            if names:
                text, lang = names[0]
                out.append(f"{term} {RDFS_LABEL} {literal(text, lang)} .\n")
        return term

    def value(
        self,
        node: str,
        element: etree._Element | None,
        currency: str | None,
        what: str,
        out: list[str],
    ) -> bool:
        """Write value, currency and value-date of a ``<value>``; False if there is no value.

        The currency is written as reported; one that is not in the shipped ISO 4217 list
        (Currency codelist), such as ``usd``, is counted as an unknown code.
        """
        if element is None:
            return False
        amount = _decimal(element.text)
        if amount is None:
            return False
        out.append(f"{node} {P_VALUE} {typed(amount, XSD_DECIMAL)} .\n")
        currency = (element.get("currency") or currency or "").strip()
        if currency:
            self.check("Currency", currency)
            out.append(f"{node} {P_CURRENCY} {literal(currency)} .\n")
        raw = element.get("value-date")
        value_date = _date(raw)
        if value_date:
            out.append(f"{node} {P_VALUE_DATE} {typed(value_date, XSD_DATE)} .\n")
        elif raw is not None and raw.strip():
            self.summary.skipped[f"{what}/value: invalid @value-date (date left out)"] += 1
        return True

    # -- the activity ------------------------------------------------------------------------
    def activity(self, element: etree._Element, root_lang: str | None) -> list[str] | None:
        skipped = self.summary.skipped
        identifier = (element.findtext("iati-identifier") or "").strip()
        if not identifier:
            skipped["iati-activity: no iati-identifier (activity skipped)"] += 1
            return None
        key = hash(identifier)
        if key in self.seen:
            skipped["iati-activity: duplicate iati-identifier (first kept)"] += 1
            return None
        self.seen.add(key)
        base = vocab.activity_iri(identifier)
        s = iri(base)
        out = [f"{s} {A} {C_ACTIVITY} .\n", f"{s} {DCT_IDENTIFIER} {literal(identifier)} .\n"]
        lang = language_tag(element.get(XML_LANG)) or root_lang
        currency = element.get("default-currency")
        counts: Counter[str] = Counter()
        lao = False
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # comments, processing instructions
            if tag == "iati-identifier":
                continue
            counts[tag] += 1
            n = counts[tag]
            if tag == "title" or tag == "description":
                predicate = DCT_TITLE if tag == "title" else DCT_DESCRIPTION
                for text, text_lang in _texts(child, lang):
                    out.append(f"{s} {predicate} {literal(text, text_lang)} .\n")
            elif tag == "reporting-org" or tag == "participating-org":
                self.participation(s, f"{base}/{tag}/{n}", child, lang, out)
            elif tag == "recipient-country":
                code = (child.get("code") or "").strip()
                if not code:
                    skipped["recipient-country: no @code"] += 1
                    continue
                lao = lao or code == LAO_PDR
                node = iri(f"{base}/recipient-country/{n}")
                concept = self.concept("Country", code)
                out.append(f"{s} {P_RECIPIENT_COUNTRY} {concept} .\n")
                out.append(f"{s} {P_RECIPIENT_COUNTRY_ALLOCATION} {node} .\n")
                out.append(f"{node} {A} {C_COUNTRY_ALLOCATION} .\n")
                out.append(f"{node} {P_COUNTRY} {concept} .\n")
                self.percentage(node, child, "recipient-country", out)
            elif tag == "recipient-region":
                self.region(s, f"{base}/recipient-region/{n}", child, out)
            elif tag == "sector":
                self.sector(s, f"{base}/sector/{n}", child, out)
            elif tag == "activity-status":
                code = (child.get("code") or "").strip()
                if code:
                    out.append(
                        f"{s} {P_ACTIVITY_STATUS} {self.concept('ActivityStatus', code)} .\n"
                    )
                else:
                    skipped["activity-status: no @code"] += 1
            elif tag == "activity-date":
                self.activity_date(s, f"{base}/activity-date/{n}", child, out)
            elif tag == "budget":
                self.budget(s, f"{base}/budget/{n}", child, currency, out)
            elif tag == "transaction":
                self.transaction(s, f"{base}/transaction/{n}", child, currency, lang, out)
            else:
                self.summary.not_converted[tag] += 1
        self.summary.activities += 1
        if lao:
            self.summary.lao_activities += 1
            if len(self.summary.lao_identifiers) < MAX_LISTED:
                self.summary.lao_identifiers.append(identifier)
        return out

    def participation(
        self, s: str, node_iri: str, element: etree._Element, lang: str | None, out: list[str]
    ) -> None:
        node = iri(node_iri)
        names = _texts(element, lang)
        reporting = element.tag == "reporting-org"
        out.append(f"{s} {PROV_QUALIFIED_ASSOCIATION} {node} .\n")
        out.append(f"{node} {A} {C_PARTICIPATION} .\n")
        ref = (element.get("ref") or "").strip()
        org = self.organisation(ref, names, out)
        if org is not None:
            out.append(f"{node} {PROV_AGENT} {org} .\n")
            shortcut = P_REPORTING_ORG if reporting else P_PARTICIPATING_ORG
            out.append(f"{s} {shortcut} {org} .\n")
            out.append(f"{node} {P_ORG_REF} {literal(ref)} .\n")
        if reporting:
            out.append(f"{node} {PROV_HAD_ROLE} {ROLE_REPORTING} .\n")
        else:
            role = (element.get("role") or "").strip()
            if role:
                out.append(f"{node} {PROV_HAD_ROLE} {self.concept('OrganisationRole', role)} .\n")
        org_type = (element.get("type") or "").strip()
        if org_type:
            out.append(f"{node} {P_ORG_TYPE} {self.concept('OrganisationType', org_type)} .\n")
        for text, text_lang in names:
            out.append(f"{node} {P_REPORTED_NAME} {literal(text, text_lang)} .\n")

    def percentage(self, node: str, element: etree._Element, what: str, out: list[str]) -> None:
        raw = element.get("percentage")
        if raw is None:
            return
        value = _decimal(raw)
        if value is None:
            self.summary.skipped[f"{what}/@percentage: not a decimal"] += 1
        else:
            out.append(f"{node} {P_PERCENTAGE} {typed(value, XSD_DECIMAL)} .\n")

    def region(self, s: str, node_iri: str, element: etree._Element, out: list[str]) -> None:
        code = (element.get("code") or "").strip()
        if not code:
            self.summary.skipped["recipient-region: no @code"] += 1
            return
        node = iri(node_iri)
        vocabulary = (element.get("vocabulary") or "1").strip()
        out.append(f"{s} {P_RECIPIENT_REGION_ALLOCATION} {node} .\n")
        out.append(f"{node} {A} {C_REGION_ALLOCATION} .\n")
        out.append(f"{node} {P_CODE} {literal(code)} .\n")
        out.append(f"{node} {P_REGION_VOCABULARY} {literal(vocabulary)} .\n")
        if vocabulary == "1":  # OECD DAC regions: the shipped Region codelist
            concept = self.concept("Region", code)
            out.append(f"{s} {P_RECIPIENT_REGION} {concept} .\n")
            out.append(f"{node} {P_REGION} {concept} .\n")
        self.percentage(node, element, "recipient-region", out)

    def sector(self, s: str, node_iri: str, element: etree._Element, out: list[str]) -> None:
        code = (element.get("code") or "").strip()
        if not code:
            self.summary.skipped["sector: no @code"] += 1
            return
        node = iri(node_iri)
        vocabulary = (element.get("vocabulary") or "1").strip()  # 2.0x default: DAC 5-digit
        out.append(f"{s} {P_SECTOR_ALLOCATION} {node} .\n")
        out.append(f"{node} {A} {C_SECTOR_ALLOCATION} .\n")
        out.append(f"{node} {P_CODE} {literal(code)} .\n")
        out.append(
            f"{node} {P_SECTOR_VOCABULARY} {self.concept('SectorVocabulary', vocabulary)} .\n"
        )
        codelist = SECTOR_CODELISTS.get(vocabulary)
        if codelist is not None:
            concept = self.concept(codelist, code)
            out.append(f"{s} {P_SECTOR} {concept} .\n")
            out.append(f"{node} {P_SECTOR_CODE} {concept} .\n")
        self.percentage(node, element, "sector", out)

    def activity_date(self, s: str, node_iri: str, element: etree._Element, out: list[str]) -> None:
        date_type = (element.get("type") or "").strip()
        if not date_type:
            self.summary.skipped["activity-date: no @type (date left out)"] += 1
            return
        date = self.day(element, "activity-date")
        if date is None:
            return
        concept = self.concept("ActivityDateType", date_type)
        prop = DATE_PROPERTIES.get(date_type)
        if prop is not None:
            out.append(f"{s} {prop} {typed(date, XSD_DATE)} .\n")
        else:  # an unknown type: keep it as an n-ary date
            node = iri(node_iri)
            out.append(f"{s} {P_ACTIVITY_DATE} {node} .\n")
            out.append(f"{node} {A} {C_ACTIVITY_DATE} .\n")
            out.append(f"{node} {P_DATE_TYPE} {concept} .\n")
            out.append(f"{node} {P_DATE} {typed(date, XSD_DATE)} .\n")

    def budget(
        self, s: str, node_iri: str, element: etree._Element, currency: str | None, out: list[str]
    ) -> None:
        node = iri(node_iri)
        lines: list[str] = []
        if not self.value(node, element.find("value"), currency, "budget", lines):
            self.summary.skipped["budget: no value, or value not a decimal"] += 1
            return
        out.append(f"{s} {P_BUDGET} {node} .\n")
        out.append(f"{node} {A} {C_BUDGET} .\n")
        budget_type = (element.get("type") or "").strip()
        if budget_type:
            out.append(f"{node} {P_BUDGET_TYPE} {self.concept('BudgetType', budget_type)} .\n")
        for child_tag, prop in (("period-start", P_PERIOD_START), ("period-end", P_PERIOD_END)):
            child = element.find(child_tag)
            day = self.day(child, f"budget/{child_tag}") if child is not None else None
            if day is not None:
                out.append(f"{node} {prop} {typed(day, XSD_DATE)} .\n")
        out.extend(lines)

    def transaction(
        self,
        s: str,
        node_iri: str,
        element: etree._Element,
        currency: str | None,
        lang: str | None,
        out: list[str],
    ) -> None:
        node = iri(node_iri)
        lines: list[str] = []
        if not self.value(node, element.find("value"), currency, "transaction", lines):
            self.summary.skipped["transaction: no value, or value not a decimal"] += 1
            return
        out.append(f"{s} {P_TRANSACTION} {node} .\n")
        out.append(f"{node} {A} {C_TRANSACTION} .\n")
        out.extend(lines)
        typed_transaction = False
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag == "value":
                continue
            if tag == "transaction-type":
                code = (child.get("code") or "").strip()
                if code:
                    typed_transaction = True
                    concept = self.concept("TransactionType", code)
                    out.append(f"{node} {P_TRANSACTION_TYPE} {concept} .\n")
            elif tag == "transaction-date":
                day = self.day(child, "transaction-date")
                if day is not None:
                    out.append(f"{node} {P_TRANSACTION_DATE} {typed(day, XSD_DATE)} .\n")
            elif tag == "provider-org" or tag == "receiver-org":
                provider = tag == "provider-org"
                names = _texts(child, lang)
                org = self.organisation(child.get("ref"), names, out)
                if org is not None:
                    out.append(f"{node} {P_PROVIDER_ORG if provider else P_RECEIVER_ORG} {org} .\n")
                name_prop = P_PROVIDER_NAME if provider else P_RECEIVER_NAME
                for text, text_lang in names:
                    out.append(f"{node} {name_prop} {literal(text, text_lang)} .\n")
                linked = child.get("provider-activity-id" if provider else "receiver-activity-id")
                if linked and linked.strip():
                    prop = P_PROVIDER_ACTIVITY if provider else P_RECEIVER_ACTIVITY
                    out.append(f"{node} {prop} {iri(vocab.activity_iri(linked.strip()))} .\n")
            else:
                self.summary.not_converted[f"transaction/{tag}"] += 1
        if not typed_transaction:
            # Kept, but no query counts it as a commitment or disbursement.
            self.summary.incomplete["transaction: no transaction-type (kept without a type)"] += 1


@functools.lru_cache(maxsize=4096)
def _concept_term(codelist: str, code: str) -> str:
    """``<...codelist/NAME/CODE>``: a few hundred distinct codes, written millions of times."""
    return iri(vocab.concept_iri(codelist, code))


def check_root(path: Path) -> tuple[str, str | None]:
    """Refuse anything but an IATI 2.01-2.03 activity file; return its version and xml:lang."""
    root = safexml.read_root(path)
    line: int | None = getattr(root, "sourceline", None)  # untyped in the lxml stubs
    if root.tag != "iati-activities":
        what = root.tag if isinstance(root.tag, str) else "?"
        hint = (
            "this is an IATI organisation file; only activity files are imported"
            if what == "iati-organisations"
            else 'an IATI activity file starts with <iati-activities version="2.0x">'
        )
        raise InputError(
            f"not an IATI activity file: root element is <{what}>",
            path=path,
            line=line,
            hint=hint,
        )
    version = (root.get("version") or "").strip()
    if version not in SUPPORTED_VERSIONS:
        shown = f"version {version!r}" if version else "no version attribute"
        raise InputError(
            f"unsupported IATI version: <iati-activities> has {shown}",
            path=path,
            line=line,
            hint=f"supported versions: {', '.join(SUPPORTED_VERSIONS)}",
        )
    return version, language_tag(root.get(XML_LANG))


def _megabytes(done: int, total: int) -> str:
    return f"{done / 1e6:.1f}/{total / 1e6:.1f} MB"


class Progress(progress_module.Progress):
    """The shared progress bar (gswg_graph.progress), counting megabytes read."""

    def __init__(
        self,
        total: int,
        stream: IO[str] | None = None,
        interval: float = 0.2,
        *,
        enabled: bool | None = None,
    ) -> None:
        super().__init__(total, stream, enabled=enabled, interval=interval, amount=_megabytes)


def convert(
    paths: Iterable[Path],
    out: IO[str],
    crosswalk: Crosswalk,
    *,
    progress: Progress | None = None,
) -> ImportSummary:
    """Convert IATI activity files into N-Triples written to ``out``; return the summary.

    Every file's root is checked before any of its triples are written, so a wrong file fails
    fast; callers write to a temporary file (``atomic_writer``) so a failure leaves no output.
    """
    paths = [Path(p) for p in paths]
    summary = ImportSummary(files=[str(p) for p in paths])
    headers = []
    for path in paths:
        if not path.is_file():
            raise InputError("no such file", path=path)
        headers.append(check_root(path))
    converter = _Converter(crosswalk, summary)
    started = time.perf_counter()
    offset = 0
    for path, (_version, root_lang) in zip(paths, headers, strict=True):
        on_read: Callable[[int], None] | None = None
        if progress is not None:
            base = offset

            def on_read(done: int, base: int = base) -> None:
                progress.update(base + done)

        for element in safexml.iter_elements(path, "iati-activity", on_read=on_read):
            lines = converter.activity(element, root_lang)
            if lines:
                unique = dict.fromkeys(lines)  # drop repeated shortcut triples, keep order
                summary.triples += len(unique)
                out.write("".join(unique))
        size = path.stat().st_size
        offset += size
        summary.bytes_read += size
    if progress is not None:
        progress.finish()
    summary.seconds = time.perf_counter() - started
    return summary
