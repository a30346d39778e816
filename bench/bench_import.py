"""Speed and memory of an import's comparing stage: a 50,000-row file in our export
layout → the items to review, against a catalog held in memory (the store's answers
are the Shopify client's business, measured by bench_shopify.py).

Every tenth row changes its description and every seventh its price; one row in a
thousand names an unknown handle. Runs in a fresh child process so the peak RSS is
the import's own.

    python bench/bench_import.py [--rows 50000]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_spreadsheets import COLUMNS, in_child, make_rows, report  # noqa: E402
from bench.bench_spreadsheets import PHASES as SHEET_PHASES  # noqa: E402
from shopify_app.jobs.kinds.import_sheet.compare import compare_file  # noqa: E402
from shopify_app.jobs.kinds.import_sheet.targets import Index  # noqa: E402
from shopify_app.shopify import Product, Variant  # noqa: E402
from shopify_app.spreadsheets import (  # noqa: E402
    SHELF_NUMERIC,
    ImportSettings,
    shelf_headers,
    write_csv,
)


def _catalog(count: int) -> Index:
    """The products the file was exported from (before the edits)."""
    index = Index()
    for row in make_rows(count):
        (pid, handle, title, vendor, tags, description, seo_title, seo_description,
         vid, sku, price, compare) = row
        index.add(Product(
            id=pid, title=title, handle=handle, status="ACTIVE", vendor=vendor,
            product_type="", tags=tuple(t.strip() for t in tags.split(",")), updated_at=None,
            description_html=description, seo_title=seo_title, seo_description=seo_description,
            media=(), variants=(Variant(id=vid, sku=sku, price=price, title="Default Title",
                                        compare_at_price=compare or None),)))
    return index


def write_edited(path: str, count: int) -> int:
    def rows():  # type: ignore[no-untyped-def]
        for n, row in enumerate(make_rows(count)):
            if n % 10 == 0:
                row[5] = f"<p>Rewritten description {n}</p>"
            if n % 7 == 0:
                row[10] = f"{500 + n % 300}.00"
            if n % 1000 == 999:
                row[0], row[1] = "", f"unknown-product-{n}"
            yield row

    with open(path, "wb") as out:
        return write_csv(out, shelf_headers(COLUMNS), rows(), numeric=SHELF_NUMERIC)


def compare(path: str, count: int) -> int:
    # As the job does: keys, then the index of the named products, then rows one by one.
    settings = ImportSettings(defer_checks=True)
    compared = compare_file(path, settings, lambda wanted: _catalog(count))
    plan, summary = compared.plan, compared.summary
    print(f"    {len(plan.items):,} items, {summary['failed_rows']:,} failed rows, fields "
          + ", ".join(f"{k} {v['change']}/{v['unchanged']}/{v['invalid']}"
                      for k, v in summary["fields"].items()), flush=True)
    return compared.changes.rows_read


SHEET_PHASES.update({"edited": write_edited, "compare": compare})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="shelf-bench-import-") as tmp:
        path = f"{tmp}/edited.csv"
        in_child("edited", path, args.rows)
        size = Path(path).stat().st_size / 1024 / 1024
        print(f"Comparing a {args.rows:,}-row CSV ({size:.0f} MB) with the catalog "
              "(change/unchanged/invalid per field)")
        report("  file → items to review (incl. catalog)", in_child("compare", path, args.rows))


if __name__ == "__main__":
    main()
