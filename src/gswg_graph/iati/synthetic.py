"""Generate synthetic IATI 2.03 activity files of any size, for tests and benchmarks.

Real exports are a few megabytes; memory and speed need files a hundred times larger, and tests
need ones whose contents are known exactly. Activities are written one by one, so generating
100,000 of them needs no more memory than generating one.

The files are shaped like a donor's multi-country portfolio, so that the aid queries have
realistic work to do:

* every ``LAO_EVERY``-th activity is in Lao PDR (some of them shared with Thailand), the others
  in neighbouring countries;
* one to three DAC sectors (vocabulary 1) with percentages adding up to 100, plus now and then
  an SDG target (vocabulary 8) or a DAC category (vocabulary 2); about ``GOVERNANCE_SHARE`` of
  the activities have a 151xx sector ("Government and civil society, general");
* a reporting organisation and three to five participating ones (funding, accountable,
  extending, implementing), from refs the crosswalk knows and two it does not (GB-CHC-0000000,
  XX-LOCAL-7);
* one to three budgets and ``MIN_TRANSACTIONS`` to ``MAX_TRANSACTIONS`` transactions of types
  1-4 (incoming funds, commitments, disbursements, expenditure) over several years, some in
  another currency than the activity's default, some dated only by their value date.

The same ``seed`` gives the same file.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

LAO_EVERY = 10
GOVERNANCE_SHARE = 0.35
MIN_TRANSACTIONS = 5
MAX_TRANSACTIONS = 20
COUNTRIES = ("KH", "VN", "TH", "MM")
GOVERNANCE_SECTORS = (
    "15110",
    "15111",
    "15112",
    "15113",
    "15130",
    "15150",
    "15151",
    "15152",
    "15153",
    "15160",
    "15170",
    "15180",
    "15190",
)
OTHER_SECTORS = ("11110", "12220", "16010", "21020", "31120", "41010", "43040")
# (ref, organisation type, name, default currency)
REPORTERS = (
    ("XM-DAC-41114", "40", "United Nations Development Programme", "USD"),
    ("CH-4", "10", "Swiss Agency for Development and Cooperation", "CHF"),
    ("AU-5", "10", "Australia - Department of Foreign Affairs and Trade", "AUD"),
    ("XI-IATI-EC_INTPA", "15", "European Commission - International Partnerships", "EUR"),
    ("DE-1", "10", "Germany - Federal Ministry for Economic Cooperation and Development", "EUR"),
    ("44000", "40", "World Bank", "USD"),
    ("GB-CHC-0000000", "21", "Synthetic NGO (not in the crosswalk)", "USD"),
)
PARTNERS = (
    ("LA-COA-13", "10", "Ministry of Home Affairs"),
    ("LA-COA-3", "10", "Ministry of Justice"),
    ("XM-DAC-41122", "40", "UNICEF"),
    ("XM-DAC-41146", "40", "UN Women"),
    ("XX-LOCAL-7", "22", "A local partner"),
)
CURRENCIES = ("USD", "EUR", "AUD", "CHF")
# transaction types: 1 incoming funds, 2 commitment, 3 disbursement, 4 expenditure
TRANSACTION_TYPES = ("1", "2", "2", "3", "3", "3", "3", "4", "4")


def _percentages(rng: random.Random, parts: int) -> list[int]:
    """``parts`` whole percentages, each at least 10, adding up to 100."""
    if parts == 1:
        return [100]
    cuts = sorted(rng.sample(range(1, 10), parts - 1))
    bounds = [0, *cuts, 10]
    return [10 * (bounds[i + 1] - bounds[i]) for i in range(parts)]


def _sectors(index: int, rng: random.Random) -> list[str]:
    count = rng.randint(1, 3)
    governance = rng.random() < GOVERNANCE_SHARE
    codes = rng.sample(OTHER_SECTORS, count)
    if governance:
        codes[0] = rng.choice(GOVERNANCE_SECTORS)
    lines = [
        f'   <sector code="{code}" vocabulary="1" percentage="{share}"/>'
        for code, share in zip(codes, _percentages(rng, count), strict=True)
    ]
    if index % 3 == 0:
        lines.append('   <sector code="16.7" vocabulary="8" percentage="100"/>')
    if governance and index % 7 == 0:
        lines.append('   <sector code="151" vocabulary="2" percentage="100"/>')
    return lines


def _org(tag: str, ref: str, org_type: str, name: str, role: str | None = None) -> str:
    role_attr = f' role="{role}"' if role is not None else ""
    return (
        f"   <{tag} ref={quoteattr(ref)}{role_attr} type={quoteattr(org_type)}>"
        f"<narrative>{escape(name)}</narrative></{tag}>"
    )


def activity_xml(index: int, rng: random.Random) -> str:
    """One ``<iati-activity>`` element, with budgets, transactions and an unconverted element."""
    reporter = REPORTERS[index % len(REPORTERS)]
    ref, org_type, name, default_currency = reporter
    funder = reporter if rng.random() < 0.6 else rng.choice(REPORTERS)
    implementers = rng.sample(PARTNERS, rng.randint(1, 3))
    year = 2010 + index % 12
    identifier = f"{ref}-SYN-{index:07d}"
    parts = [
        f'  <iati-activity default-currency="{default_currency}" xml:lang="en">',
        f"   <iati-identifier>{escape(identifier)}</iati-identifier>",
        _org("reporting-org", ref, org_type, name),
        f"   <title><narrative>Synthetic governance activity {index}</narrative>"
        f'<narrative xml:lang="fr">Activite synthetique {index}</narrative></title>',
        "   <description><narrative>Generated for benchmarks &amp; tests; "
        "not real data.</narrative></description>",
        _org("participating-org", funder[0], funder[1], funder[2], "1"),
        _org("participating-org", ref, org_type, name, "3"),
        *(_org("participating-org", p[0], p[1], p[2], "4") for p in implementers),
        '   <activity-status code="2"/>',
        f'   <activity-date iso-date="{year}-01-01" type="1"/>',
        f'   <activity-date iso-date="{year}-01-15" type="2"/>',
        f'   <activity-date iso-date="{year + 3}-12-31" type="3"/>',
    ]
    if index % LAO_EVERY == 0:
        if index % 4 == 0:
            parts.append('   <recipient-country code="LA" percentage="70"/>')
            parts.append('   <recipient-country code="TH" percentage="30"/>')
        else:
            parts.append('   <recipient-country code="LA" percentage="100"/>')
    else:
        country = COUNTRIES[index % len(COUNTRIES)]
        parts.append(f'   <recipient-country code="{country}" percentage="100"/>')
    parts.extend(_sectors(index, rng))
    parts.append(
        '   <location ref="synthetic"><name><narrative>Nowhere</narrative></name></location>'
    )
    for offset in range(rng.randint(1, 3)):
        amount = rng.randrange(10_000, 2_000_000)
        parts.append(
            f'   <budget type="1" status="1"><period-start iso-date="{year + offset}-01-01"/>'
            f'<period-end iso-date="{year + offset}-12-31"/>'
            f'<value value-date="{year + offset}-01-01">{amount}</value></budget>'
        )
    for number in range(rng.randint(MIN_TRANSACTIONS, MAX_TRANSACTIONS)):
        kind = rng.choice(TRANSACTION_TYPES)
        day = f"{year + rng.randrange(5)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        amount = rng.randrange(1_000, 500_000)
        cents = f".{rng.randrange(100):02d}" if number % 2 else ""
        currency = f" currency={quoteattr(rng.choice(CURRENCIES))}" if rng.random() < 0.1 else ""
        dated = f'<transaction-date iso-date="{day}"/>' if rng.random() < 0.9 else ""
        receiver = rng.choice(implementers)
        parts.append(
            f'   <transaction><transaction-type code="{kind}"/>{dated}'
            f'<value value-date="{day}"{currency}>{amount}{cents}</value>'
            f"<provider-org ref={quoteattr(funder[0])}><narrative>{escape(funder[2])}"
            "</narrative></provider-org>"
            f"<receiver-org ref={quoteattr(receiver[0])}><narrative>{escape(receiver[2])}"
            "</narrative></receiver-org></transaction>"
        )
    parts.append("  </iati-activity>\n")
    return "\n".join(parts)


def write_activities(out: IO[str], count: int, *, seed: int = 2015) -> None:
    """Write an ``<iati-activities version="2.03">`` document with ``count`` activities."""
    rng = random.Random(seed)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<iati-activities version="2.03" generated-datetime="2015-01-01T00:00:00Z">\n')
    for index in range(count):
        out.write(activity_xml(index, rng))
    out.write("</iati-activities>\n")


def write_file(path: Path, count: int, *, seed: int = 2015) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        write_activities(handle, count, seed=seed)
    return path


def expected_lao(count: int) -> int:
    """How many of ``count`` generated activities are in Lao PDR."""
    return len(range(0, count, LAO_EVERY))
