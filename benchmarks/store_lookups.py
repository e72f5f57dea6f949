"""Benchmark: the floor under the aid queries on the on-disk pyoxigraph store.

The aid queries (partner-governance-activities, subgroup-aid, pillar-aid) add up the
commitments and disbursements of the governance activities in Lao PDR.  In IATI's model, as
``gswg iati import`` writes it, each transaction is a node of its own, so reading one property
of every transaction of those activities costs one index lookup per transaction, however the
query is written.  This script measures, on a store that ``benchmarks/run.py`` built, each step
as its own COUNT query (no rows to decode), median of ``--repeat`` runs:

1. the governance activities in Lao PDR (the sub-select every aid query starts from);
2. the same, joined to their transactions;
3. the same, joined to one property of each transaction (its value);
4. a scan of one transaction property over the whole store, for comparison;

and prints the cost per lookup, (3 - 2) / transactions, beside the cost per scanned triple.
Run it by hand after ``benchmarks/run.py`` has made the store:

    python benchmarks/store_lookups.py [--store benchmarks/work/stores/graph-100k] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from run import WORK

PREFIXES = """PREFIX gsi: <https://w3id.org/gswg/iati#>
"""
# The governance activities in Lao PDR, written as in queries/partner-governance-activities.rq.
GOVERNANCE = """{ SELECT DISTINCT ?activity WHERE {
    ?activity gsi:recipientCountry <https://w3id.org/gswg/iati/codelist/Country/LA> ;
      gsi:sectorAllocation ?allocation .
    { ?allocation gsi:sectorVocabulary <https://w3id.org/gswg/iati/codelist/SectorVocabulary/1> ;
        gsi:code ?code .
      FILTER (STRLEN(?code) = 5 && STRSTARTS(?code, "151")) }
    UNION
    { ?allocation gsi:sectorVocabulary <https://w3id.org/gswg/iati/codelist/SectorVocabulary/2> ;
        gsi:code "151" . } } }"""
STEPS = {
    "governance activities": GOVERNANCE,
    "+ their transactions": GOVERNANCE + " ?activity gsi:transaction ?transaction .",
    "+ one value each": GOVERNANCE
    + " ?activity gsi:transaction ?transaction . ?transaction gsi:value ?value .",
    "scan: every transaction type": "?transaction gsi:transactionType ?type .",
}


def timed_count(store: Any, pattern: str) -> tuple[float, int]:
    """One COUNT query: the join is evaluated, no row is decoded."""
    started = time.perf_counter()
    rows = list(store.query(PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"))
    seconds = time.perf_counter() - started
    return seconds, int(rows[0]["n"].value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=WORK / "stores" / "graph-100k")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    database = args.store / "oxigraph"
    if not database.is_dir():
        print(
            f"error: no pyoxigraph store in {database}: run `python benchmarks/run.py` first "
            "(it builds benchmarks/work/stores/graph-100k), or pass --store DIR",
            file=sys.stderr,
        )
        return 2
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(database))
    timed_count(store, GOVERNANCE)  # the first query also warms the page cache
    measured: dict[str, tuple[float, int]] = {}
    print(f"{'step':<32}{'median s':>10}{'rows':>12}")
    for name, pattern in STEPS.items():
        runs = [timed_count(store, pattern) for _ in range(args.repeat)]
        measured[name] = (statistics.median(s for s, _ in runs), runs[0][1])
        print(f"{name:<32}{measured[name][0]:>10.3f}{measured[name][1]:>12,}")
    joined, transactions = measured["+ their transactions"]
    valued, _ = measured["+ one value each"]
    scanned, scanned_rows = measured["scan: every transaction type"]
    per_lookup = (valued - joined) / max(transactions, 1)
    print(
        f"one lookup per transaction: {per_lookup * 1e6:.1f} µs, "
        f"{transactions:,} transactions: {valued - joined:.2f} s for one property of each\n"
        f"one scanned triple: {scanned / max(scanned_rows, 1) * 1e6:.2f} µs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
