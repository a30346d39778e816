"""The catalog's PDF (WeasyPrint), rendered in parts so memory stays flat however long
the catalog is.

WeasyPrint holds every laid-out box of a document until it is written: a 1,000-row
line sheet in one document took about 150 MB. A long catalog is therefore laid out a
few hundred rows at a time. Each part starts on a new page, so a part's last page —
usually half full — is dropped and its rows open the next part instead; the rows on
it are known from their anchors (`row-N`, and `end-N` for a group's subtotal, which
must stay with the group's last row). The parts are joined with pypdf, and the page
numbers ("3 / 68"), which only the whole can know, are laid over every page at the end.

The renderer may fetch nothing from the network: every address it meets is answered
from the catalog's own images or refused.
"""
from __future__ import annotations

import io
import logging
from typing import Any

from .render import numbers_sheet, part_context, render_html

LOCAL_BASE = "https://catalog.invalid/"
# Rows laid out per part: small enough to bound memory, large enough that dropping
# and redoing one page per part costs little.
PART_ROWS = 150


def render_catalog_pdf(ctx: dict[str, Any], assets: dict[str, bytes],
                       custom_template: str | None = None,
                       part_rows: int = PART_ROWS) -> bytes:
    """The print-ready PDF of a catalog context (see ``render.context``)."""
    rows = len(ctx["rows"])
    if custom_template is not None or rows <= part_rows:
        # A custom layout is the merchant's own document: it is never cut into parts.
        return render_pdf(render_html(ctx, custom_template), assets)
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    start, page = 0, 1
    while start < rows:
        end = min(rows, start + part_rows)
        document = _html(render_html(part_context(ctx, start, end)), assets).render()
        pages = document.pages
        if end < rows and len(pages) > 1:
            carried = _first_row_on(pages[-1])
            if carried is not None and carried > start:
                pages, end = pages[:-1], carried
        writer.append(PdfReader(io.BytesIO(document.copy(pages).write_pdf())))
        del document  # its boxes are the memory this module exists to bound
        start, page = end, page + len(pages)
    numbers = PdfReader(io.BytesIO(render_pdf(numbers_sheet(ctx, page - 1), {})))
    for target, overlay in zip(writer.pages, numbers.pages, strict=True):
        target.merge_page(overlay)
        target.compress_content_streams()  # merging leaves the page's drawing uncompressed
    writer.add_metadata({"/Title": ctx["title"], "/Producer": "Shelf"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _first_row_on(page: Any) -> int | None:
    """The lowest row index anchored on a laid-out page (None: no row starts there)."""
    found = [int(name.split("-", 1)[1]) for name in page.anchors
             if name.startswith(("row-", "end-")) and name.split("-", 1)[1].isdigit()]
    return min(found) if found else None


def render_pdf(html: str, assets: dict[str, bytes]) -> bytes:
    """Print-ready PDF of one HTML document; page size and margins come from its CSS."""
    return _html(html, assets).write_pdf()


def _html(html: str, assets: dict[str, bytes]) -> Any:
    from PIL import ImageFile

    # WeasyPrint switches on Pillow's process-wide "load truncated images" when imported;
    # the image checks elsewhere in the worker (downloads, analysis) rely on it being off.
    accept_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    from weasyprint import HTML  # imported when needed: it is heavy

    ImageFile.LOAD_TRUNCATED_IMAGES = accept_truncated
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per page
    return HTML(string=html, base_url=LOCAL_BASE, url_fetcher=_offline_fetcher(assets))


def _offline_fetcher(assets: dict[str, bytes]) -> Any:
    """Answers the catalog's own files and data: URIs; refuses every other address, so a
    layout cannot make the worker fetch anything (no requests to internal services)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OfflineFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            name = url[len(LOCAL_BASE):] if url.startswith(LOCAL_BASE) else None
            if name is not None and name in assets:
                return URLFetcherResponse(url, assets[name], {"Content-Type": _mime(name)})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError("catalogs may not load anything from the network")

    return OfflineFetcher(allowed_protocols={"data", "https"}, allow_redirects=False)


def _mime(name: str) -> str:
    return "image/png" if name.endswith(".png") else "image/jpeg"
