"""Fact guard on the labelled set: recall of planted claims, clean texts flagged, speed.

    python bench/bench_factguard.py [--repeat 3] [--show 10]

Reads tests/data/factguard/labelled.jsonl (regenerate it with
tests/data/factguard/generate.py) and prints, for the tuning split, the
held-out split, the three batches of free-form held-out texts and all together: recall of
planted false claims (target >= 0.9), the share of clean texts with any flag
(target <= 0.05), stray flags in texts with planted claims, and texts checked
per second. Prints its figures; it asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shopify_app.ai.factguard import check_claims, index_facts  # noqa: E402
from shopify_app.ai.factguard.measure import measure  # noqa: E402

DATA = ROOT / "tests" / "data" / "factguard" / "labelled.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timing passes over the set")
    parser.add_argument("--show", type=int, default=0, help="print this many misses and "
                        "false flags per split")
    args = parser.parse_args()
    records = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    print(f"labelled set: {len(records)} texts, "
          f"{sum(len(r['planted']) for r in records)} planted claims")
    for name in ("dev", "holdout", "freeform", "freeform_fresh", "freeform_third", "all"):
        chosen = [r for r in records if name == "all" or r["split"] == name]
        result = measure(chosen)
        print(f"{name:8s} texts={result.texts:4d}  recall={result.recall:.3f} "
              f"({result.planted_found}/{result.planted})  clean flagged="
              f"{result.clean_flag_rate:.3f} ({result.clean_flagged}/{result.clean_texts})  "
              f"stray flags in planted texts={result.stray_flags}")
        for miss in result.missed[:args.show]:
            print("   missed:", miss["id"], miss["kind"], repr(miss["claim"]))
        for flag in result.false_flags[:args.show]:
            print("   false flag:", flag["id"], flag["claims"])
    for language in ("en", "de", "es", "fr"):  # compile the word lists before timing
        check_claims("warm-up", records[0]["facts"], language)
    count = args.repeat * len(records)
    indexed = [(record, index_facts(record["facts"])) for record in records]
    for label, pairs in (("facts indexed on every call", [(r, r["facts"]) for r in records]),
                         ("facts indexed once per product", indexed)):
        cpu_started, started = time.process_time(), time.perf_counter()
        for _ in range(args.repeat):
            for record, facts in pairs:
                check_claims(record["text"], facts, record["language"])
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        print(f"speed: {count / elapsed:,.0f} texts/s wall, {count / cpu:,.0f} texts/s CPU "
              f"({cpu / count * 1000:.2f} ms CPU per text, {label})")


if __name__ == "__main__":
    main()
