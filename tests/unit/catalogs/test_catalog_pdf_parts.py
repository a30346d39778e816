"""A long catalog's PDF is laid out in parts and joined: every row exactly once, each
group's heading and subtotal once, one grand total, pages numbered over the whole."""
from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from pypdf import PdfReader

from shopify_app.catalogs.definitions import DEFAULTS
from shopify_app.catalogs.pdf import render_catalog_pdf
from shopify_app.catalogs.render import context, part_context, present_rows

TYPES = ("Lamps", "Rugs", "Vases")


def catalog(rows: int, *, cover: bool) -> dict:
    settings = {**DEFAULTS, "layout": "line_sheet", "grouping": "product_type",
                "columns": ["title", "sku", "quantity", "unit_price", "line_total"],
                "branding": {**DEFAULTS["branding"], "cover_page": cover}}
    items = [{"sku": f"ROW-{n:03d}", "title": f"Product {n}", "quantity": 2, "row_price": "5.00",
              "store_price": "6.00", "product_type": TYPES[n % 3], "vendor": "V"}
             for n in range(rows)]
    definition = {"id": "d", "name": "Wholesale", "layout": "line_sheet", "settings": settings}
    return context(present_rows(items, settings, lambda row: None), definition,
                   {"customer": {"name": "Buyer"}, "reference": "PO-7"}, logo=None,
                   generated=datetime(2026, 5, 1, tzinfo=UTC))


def pages_text(pdf: bytes) -> list[str]:
    return ["".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_parts_hold_each_row_once_and_number_the_whole() -> None:
    whole = catalog(100, cover=True)
    pages = pages_text(render_catalog_pdf(whole, {}, part_rows=45))
    # A part's half-full last page is dropped and its rows open the next part, so the
    # joined PDF has as many pages as the catalog laid out in one piece.
    assert len(pages) == len(pages_text(render_catalog_pdf(whole, {}, part_rows=1000)))
    text = "".join(pages)
    assert sorted(re.findall(r"ROW-\d{3}", text)) == [f"ROW-{n:03d}" for n in range(100)]
    assert text.count("Subtotal") == 3 and text.count("Total:100items") == 1
    assert all(text.count(kind) == 1 for kind in TYPES)  # a heading where its group starts
    assert "Preparedfor" in pages[0] and "/" not in pages[0][-8:]  # the cover is unnumbered
    for number, page in enumerate(pages[1:], start=2):
        assert page.endswith(f"{number}/{len(pages)}"), page[-20:]


def test_a_part_shows_only_what_belongs_to_it() -> None:
    whole = catalog(9, cover=True)
    middle = part_context(whole, 3, 6)
    assert [row["row_index"] for row in middle["rows"]] == [3, 4, 5]
    assert not middle["opening"] and not middle["closing"] and not middle["cover_page"]
    assert not middle["page_numbers"]
    # Rows are grouped (Lamps 0-2, Rugs 3-5, Vases 6-8): the middle part is one whole group.
    assert [(g["name"], g["starts"], g["ends"]) for g in middle["groups"]] == [
        ("Rugs", True, True)]
    tail = part_context(whole, 4, 9)
    assert [(g["name"], g["starts"], g["ends"]) for g in tail["groups"]] == [
        ("Rugs", False, True), ("Vases", True, True)]
    assert tail["closing"] and not tail["opening"]
