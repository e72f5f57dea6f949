"""Generate synthetic IATI 2.03 activity files of any size, for tests and benchmarks.

Real exports are a few megabytes; memory and speed need files a hundred times larger, and tests
need ones whose contents are known exactly. Activities are written one by one, so generating
100,000 of them needs no more memory than generating one.  Every ``LAO_EVERY``-th activity is in
Lao PDR; refs cycle through organisations the crosswalk knows and some it does not.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

LAO_EVERY = 5
COUNTRIES = ("KH", "VN", "TH", "MM")
SECTORS = ("15110", "15111", "15113", "15130", "15150", "15151", "15153", "15160", "15170")
REPORTERS = (
    ("XM-DAC-41114", "40", "United Nations Development Programme"),
    ("CH-4", "10", "Swiss Agency for Development and Cooperation"),
    ("AU-5", "10", "Australia - Department of Foreign Affairs and Trade"),
    ("GB-CHC-0000000", "21", "Synthetic NGO (not in the crosswalk)"),
)
PARTNERS = (
    ("LA-COA-13", "10", "Ministry of Home Affairs"),
    ("LA-COA-3", "10", "Ministry of Justice"),
    ("XM-DAC-41122", "40", "UNICEF"),
    ("XX-LOCAL-7", "22", "A local partner"),
)


def activity_xml(index: int, rng: random.Random) -> str:
    """One ``<iati-activity>`` element, with budgets, transactions and an unconverted element."""
    reporter = REPORTERS[index % len(REPORTERS)]
    partner = PARTNERS[index % len(PARTNERS)]
    country = "LA" if index % LAO_EVERY == 0 else COUNTRIES[index % len(COUNTRIES)]
    sector_a, sector_b = rng.sample(SECTORS, 2)
    year = 2010 + index % 12
    identifier = f"{reporter[0]}-SYN-{index:07d}"
    parts = [
        '  <iati-activity default-currency="USD" xml:lang="en">',
        f"   <iati-identifier>{escape(identifier)}</iati-identifier>",
        f'   <reporting-org ref={quoteattr(reporter[0])} type="{reporter[1]}">'
        f"<narrative>{escape(reporter[2])}</narrative></reporting-org>",
        f"   <title><narrative>Synthetic governance activity {index}</narrative>"
        f'<narrative xml:lang="fr">Activite synthetique {index}</narrative></title>',
        "   <description><narrative>Generated for benchmarks &amp; tests; "
        "not real data.</narrative></description>",
        f'   <participating-org ref={quoteattr(reporter[0])} role="1" type="{reporter[1]}">'
        f"<narrative>{escape(reporter[2])}</narrative></participating-org>",
        f'   <participating-org ref={quoteattr(partner[0])} role="4" type="{partner[1]}">'
        f"<narrative>{escape(partner[2])}</narrative></participating-org>",
        '   <activity-status code="2"/>',
        f'   <activity-date iso-date="{year}-01-01" type="1"/>',
        f'   <activity-date iso-date="{year}-01-15" type="2"/>',
        f'   <activity-date iso-date="{year + 3}-12-31" type="3"/>',
        f'   <recipient-country code="{country}" percentage="100"/>',
        f'   <sector code="{sector_a}" vocabulary="1" percentage="60"/>',
        f'   <sector code="{sector_b}" vocabulary="1" percentage="40"/>',
        '   <sector code="16.7" vocabulary="8" percentage="100"/>',
        '   <location ref="synthetic"><name><narrative>Nowhere</narrative></name></location>',
    ]
    for offset in range(2):
        amount = rng.randrange(10_000, 2_000_000)
        parts.append(
            f'   <budget type="1" status="1"><period-start iso-date="{year + offset}-01-01"/>'
            f'<period-end iso-date="{year + offset}-12-31"/>'
            f'<value currency="USD" value-date="{year + offset}-01-01">{amount}</value></budget>'
        )
    for offset, kind in enumerate(("2", "3", "3", "4")):
        amount = rng.randrange(1_000, 500_000)
        parts.append(
            f'   <transaction><transaction-type code="{kind}"/>'
            f'<transaction-date iso-date="{year}-0{offset + 1}-15"/>'
            f'<value value-date="{year}-0{offset + 1}-15">{amount}.50</value>'
            f"<provider-org ref={quoteattr(reporter[0])}><narrative>{escape(reporter[2])}"
            "</narrative></provider-org>"
            f"<receiver-org ref={quoteattr(partner[0])}><narrative>{escape(partner[2])}"
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
