"""Copy the Lao PDR activities of the shared IATI exports into small test fixtures.

The test suite must not depend on /work/shared (CI machines do not have it), so the activities
the tests check by hand are copied byte for byte: the XML declaration and root start tag of the
source file, the lines of each Lao activity, and the closing root tag. Line ranges were found
with ``grep -n`` and are verified here against the identifier they must contain.

Run: ``python scripts/extract_iati_fixtures.py [--sources DIR]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

SOURCES = Path("/work/shared/data/iati/activities")
OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "iati"

# source file -> [(first line, last line, iati-identifier)], 1-based and inclusive
RANGES: dict[str, list[tuple[int, int, str]]] = {
    "dportal_100.xml": [
        (229, 885, "XM-DAC-41114-OUTPUT-00098059"),
        (22230, 22843, "XM-DAC-41114-OUTPUT-00106305"),
    ],
    "dportal_19.xml": [
        (1984, 2115, "FR-3-CZZ2146"),
        (2116, 2293, "FR-3-CZZ214601"),
        (2294, 2421, "FR-3-CZZ214602"),
        (5482, 5528, "FR-6-LA-1983"),
    ],
    "dportal_7.xml": [(3, 91, "AU-5-INN517-LA")],
    "dportal_covid.xml": [
        (30377, 30559, "KR-GOV-051-2020070101344"),
        (36825, 37009, "KR-GOV-051-2020010102536"),
        (42190, 42374, "KR-GOV-051-2020010102478"),
    ],
}


def extract(sources: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, ranges in RANGES.items():
        lines = (sources / name).read_bytes().splitlines(keepends=True)
        head = [
            line for line in lines[:2] if line.lstrip().startswith((b"<?xml", b"<iati-activities"))
        ]
        body: list[bytes] = []
        for first, last, identifier in ranges:
            chunk = lines[first - 1 : last]
            assert chunk[0].lstrip().startswith(b"<iati-activity"), (name, first)
            assert chunk[-1].strip() == b"</iati-activity>", (name, last)
            assert f"<iati-identifier>{identifier}</iati-identifier>".encode() in b"".join(chunk)
            body.extend(chunk)
        target = out / name.replace("dportal_", "lao_dportal_")
        target.write_bytes(b"".join(head) + b"".join(body) + b"</iati-activities>\n")
        print(f"wrote {target} ({len(ranges)} activities)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sources", type=Path, default=SOURCES)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    extract(args.sources, args.out)
