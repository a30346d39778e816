"""Item rows of a catalog job: checking them, and reading them from pasted or uploaded text."""
from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from .money import parse_amount

MAX_SKU = 255
MAX_DESCRIPTION = 2000
MAX_QUANTITY = 1_000_000
MAX_PARSE_BYTES = 2 * 1024 * 1024
# Header words (any case) a spreadsheet may use for each field.
HEADERS = {
    "sku": {"sku", "variant sku", "item", "item number", "article", "code", "product code"},
    "description": {"description", "desc", "name", "title", "product"},
    "quantity": {"quantity", "qty", "units", "amount"},
    "price": {"price", "unit price", "cost", "rate"},
}
ORDER = ("sku", "description", "quantity", "price")


class RowProblem(ValueError):
    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field, self.detail = field, detail


def clean_row(raw: Any, index: int) -> dict[str, Any]:
    """One validated row; RowProblem names ``items[index].field`` (index counts from 1)."""
    where = f"items[{index}]"
    if not isinstance(raw, dict):
        raise RowProblem(where, f"{where} must be an object with a sku")
    unknown = sorted(set(raw) - set(ORDER))
    if unknown:
        raise RowProblem(f"{where}.{unknown[0]}", f"{where}.{unknown[0]} is not a known field "
                                                   f"(use {', '.join(ORDER)})")
    sku = raw.get("sku")
    if sku is None or (isinstance(sku, str) and not sku.strip()):
        raise RowProblem(f"{where}.sku", f"{where}.sku is required")
    if not isinstance(sku, str | int) or isinstance(sku, bool):
        raise RowProblem(f"{where}.sku", f"{where}.sku must be text")
    sku = str(sku).strip()
    if len(sku) > MAX_SKU or any(ord(c) < 32 for c in sku):
        raise RowProblem(f"{where}.sku", f"{where}.sku must be at most {MAX_SKU} printable "
                                         "characters")
    description = raw.get("description") or ""
    if not isinstance(description, str) or len(description) > MAX_DESCRIPTION:
        raise RowProblem(f"{where}.description", f"{where}.description must be text of at "
                                                 f"most {MAX_DESCRIPTION} characters")
    quantity = raw.get("quantity", 1)
    if quantity in (None, ""):
        quantity = 1
    if isinstance(quantity, str) and quantity.strip().isdigit():
        quantity = int(quantity.strip())
    if isinstance(quantity, float) and quantity.is_integer():
        quantity = int(quantity)
    if not isinstance(quantity, int) or isinstance(quantity, bool) \
            or not 1 <= quantity <= MAX_QUANTITY:
        raise RowProblem(f"{where}.quantity", f"{where}.quantity must be a whole number from 1 "
                                              f"to {MAX_QUANTITY:,}")
    try:
        price = parse_amount(raw.get("price"))
    except ValueError:
        price = Decimal(-1)
    if price is not None and (price < 0 or price > Decimal("1e9")):
        raise RowProblem(f"{where}.price", f"{where}.price must be a number such as 12.50")
    return {"sku": sku, "description": description.strip(), "quantity": quantity,
            "price": None if price is None else str(price)}


def parse_rows_text(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows from pasted spreadsheet cells or a CSV file: tab-, comma- or semicolon-separated,
    with or without a header line. Returns (rows, problems with their line numbers)."""
    if len(text.encode("utf-8", "replace")) > MAX_PARSE_BYTES:
        raise ValueError(f"the text is larger than {MAX_PARSE_BYTES // (1024 * 1024)} MB")
    text = text.lstrip("\ufeff")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return [], []
    delimiter = _delimiter(lines[0])
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    records = list(reader)
    columns = _header(records[0])
    start = 1 if columns else 0
    columns = columns or list(ORDER)
    rows: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    for number, record in enumerate(records[start:], start=start + 1):
        raw = {field: cell.strip() for field, cell in zip(columns, record, strict=False)
               if field and cell.strip()}
        try:
            rows.append(clean_row(raw, len(rows) + 1))
        except RowProblem as problem:
            detail = problem.detail.split(" ", 1)[1] if " " in problem.detail else problem.detail
            problems.append({"line": number, "field": problem.field.split(".")[-1],
                             "detail": f"line {number}: {problem.field.split('.')[-1]} "
                                       f"{detail}"})
    return rows, problems


def _delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in ("\t", ";", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header(record: list[str]) -> list[str | None] | None:
    """Field names when the first record is a header line, else None."""
    names: list[str | None] = []
    for cell in record:
        word = " ".join(cell.strip().lower().replace("_", " ").split())
        names.append(next((field for field, words in HEADERS.items() if word in words), None))
    return names if "sku" in names else None


def rows_csv(rows: list[dict[str, Any]]) -> str:
    """The CSV of a catalog's rows (in the ZIP)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["sku", "title", "variant", "description", "quantity", "unit_price",
                     "line_total", "currency", "status", "reason"])
    for row in rows:
        writer.writerow([_cell(row.get(key, "")) for key in (
            "sku", "title", "variant_title", "description", "quantity_value", "unit_price_amount",
            "line_total_amount", "currency", "status", "reason")])
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
