"""Speed and memory of the spreadsheet library.

Reads a generated 50,000-row CSV and XLSX into the change model (rows per
second, peak memory), and writes 100,000 rows to CSV and XLSX (time, peak
memory). Each phase runs in a fresh child process so its peak RSS is its
own; writing is also run with a fifth of the rows to show that its memory
stays flat as the row count grows. ``--tracemalloc`` adds Python-heap peaks
(slower).

    python bench/bench_spreadsheets.py [--rows 50000] [--write-rows 100000] [--tracemalloc]
"""
from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shopify_app.spreadsheets import (  # noqa: E402
    SHELF_NUMERIC,
    ImportReader,
    read_changes,
    shelf_headers,
    write_csv,
    write_xlsx,
)

COLUMNS = ["id", "handle", "title", "vendor", "tags", "description_html", "seo_title",
           "seo_description", "variant_id", "sku", "price", "compare_at_price"]
WORDS = ("linen", "cotton", "wool", "merino", "soft", "breathable", "tailored", "relaxed",
         "classic", "summer", "winter", "handmade", "durable", "recycled", "organic", "light",
         "warm", "everyday", "travel", "gift")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_rows(count: int) -> Iterator[list[Any]]:
    """Rows in our export layout, one variant per row, realistic text lengths."""
    for n in range(count):
        words = " ".join(WORDS[(n + i * 7) % len(WORDS)] for i in range(40))
        price = f"{10 + n % 190}.{n % 100:02d}"
        yield [f"gid://shopify/Product/{1_000_000 + n}", f"product-{n}",
               f"Product {n} {WORDS[n % len(WORDS)]}", f"Vendor {n % 40}",
               f"{WORDS[n % 7]}, {WORDS[n % 11]}", f"<p>{words}.</p><ul><li>{words[:60]}</li></ul>",
               f"Product {n} – {WORDS[n % 13]}"[:70], words[:300],
               f"gid://shopify/ProductVariant/{2_000_000 + n}", f"SKU-{n:07d}", price,
               f"{20 + n % 190}.{n % 100:02d}" if n % 3 else ""]


def _measure(work: Callable[[], int], use_tracemalloc: bool) -> dict[str, float]:
    if use_tracemalloc:
        tracemalloc.start()
    start_rss = _rss_mb()
    started = time.perf_counter()
    rows = work()
    seconds = time.perf_counter() - started
    result = {"rows": rows, "seconds": seconds, "rss_before_mb": start_rss,
              "peak_rss_mb": _rss_mb()}
    if use_tracemalloc:
        result["heap_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return result


def _child(queue: Any, name: str, args: tuple, use_tracemalloc: bool) -> None:
    queue.put(_measure(lambda: PHASES[name](*args), use_tracemalloc))


def in_child(name: str, *args: Any, use_tracemalloc: bool = False) -> dict[str, float]:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(queue, name, args, use_tracemalloc))
    process.start()
    result = queue.get()
    process.join()
    return result


def write_file(path: str, fmt: str, count: int) -> int:
    writer = write_csv if fmt == "csv" else write_xlsx
    with open(path, "wb") as out:
        return writer(out, shelf_headers(COLUMNS), make_rows(count), numeric=SHELF_NUMERIC)


def write_excel_like(path: str, count: int) -> int:
    """An XLSX the way Excel saves one: shared strings and a dimension record
    (openpyxl's streaming writer uses inline strings and no dimension, which
    are slower to read back)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(shelf_headers(COLUMNS))
    for row in make_rows(count):
        sheet.append(row)
    book.save(path)
    return count


def parse_to_changes(path: str) -> int:
    result = read_changes(path)
    assert not result.changes.failed, result.changes.failed[:3]
    return result.changes.rows_read


def stream_rows(path: str) -> int:
    with ImportReader(path) as reader:
        return sum(1 for _ in reader.results())


PHASES: dict[str, Callable[..., int]] = {"write": write_file, "parse": parse_to_changes,
                                         "stream": stream_rows, "excel": write_excel_like}


def report(label: str, result: dict[str, float]) -> None:
    rate = result["rows"] / result["seconds"] if result["seconds"] else float("inf")
    heap = f", heap peak {result['heap_peak_mb']:.1f} MB" if "heap_peak_mb" in result else ""
    print(f"{label:<38} {result['rows']:>7,} rows  {result['seconds']:6.1f} s  "
          f"{rate:>8,.0f} rows/s  peak RSS {result['peak_rss_mb']:6.1f} MB "
          f"(start {result['rss_before_mb']:.1f}){heap}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--write-rows", type=int, default=100_000)
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    trace = args.tracemalloc
    with tempfile.TemporaryDirectory(prefix="shelf-bench-sheets-") as tmp:
        print(f"Writing ({len(COLUMNS)} columns, descriptions ~600 characters)")
        for fmt in ("csv", "xlsx"):
            for count in (args.write_rows // 5, args.write_rows):
                path = f"{tmp}/write-{count}.{fmt}"
                result = in_child("write", path, fmt, count, use_tracemalloc=trace)
                size = Path(path).stat().st_size / 1024 / 1024
                report(f"  write {fmt.upper()} ({size:.0f} MB)", result)
        print(f"Reading {args.rows:,} rows into the change model")
        for fmt, label in (("csv", "CSV"), ("xlsx", "XLSX (streamed)"),
                           ("excel", "XLSX (Excel-like)")):
            path = f"{tmp}/read-{fmt}.{'csv' if fmt == 'csv' else 'xlsx'}"
            if fmt == "excel":
                in_child("excel", path, args.rows)  # its memory is not the reader's
            else:
                write_file(path, fmt, args.rows)
            size = Path(path).stat().st_size / 1024 / 1024
            report(f"  stream {label} ({size:.0f} MB)",
                   in_child("stream", path, use_tracemalloc=trace))
            report(f"  parse {label} to changes", in_child("parse", path, use_tracemalloc=trace))


if __name__ == "__main__":
    main()
