"""Built catalogs: the list the Catalogs page shows, one catalog with its links, logos."""
from __future__ import annotations

import io
from typing import Any

from sqlalchemy import and_, func, or_, select

from shopify_app.errors import ApiError, ValidationError
from shopify_app.extensions import db
from shopify_app.jobs.ids import encode_cursor
from shopify_app.jobs.queries import (
    Page,
    _carried_total,
    _decode,
    _escape_like,
    _job_position,
    parse_limit,
)
from shopify_app.models import Catalog, CatalogDefinition, Job, Shop
from shopify_app.storage import definition_prefix, storage
from shopify_app.vision.decode import open_image
from shopify_app.vision.errors import ImageError

MAX_LOGO_BYTES = 2 * 1024 * 1024
LOGO_PIXELS = 800
MAX_LINK_DAYS = 90


MODES = ("production", "test")


def list_catalogs(shop: Shop, args: dict[str, str]) -> Page:
    """Newest first; ``q`` searches customer and reference, ``mode`` keeps the catalogs of
    production (delivered to the customer) or test (sent only to the merchant) jobs."""
    problems: list[tuple[str, str]] = []
    limit = parse_limit(args.get("limit"))
    cursor = _decode(args.get("cursor"), problems, _job_position)  # (created_at, id) too
    mode = args.get("mode") or None
    if mode is not None and mode not in MODES:
        problems.append(("mode", "mode must be production or test"))
    if problems:
        raise ValidationError(problems)
    conditions = [Catalog.shop_id == shop.id]
    if mode is not None:
        # A catalog's job is its one row in jobs (same shop): the mode lives there.
        conditions.append(Catalog.job_id.in_(
            select(Job.id).where(Job.shop_id == shop.id, Job.mode == mode)))
    text = (args.get("q") or "").strip().lower()
    if text:
        pattern = f"%{_escape_like(text)}%"
        conditions.append(or_(func.lower(Catalog.customer_name).like(pattern, escape="\\"),
                              func.lower(Catalog.reference).like(pattern, escape="\\"),
                              func.lower(Catalog.customer_email).like(pattern, escape="\\")))
    total = _carried_total(cursor, 2)
    if total is None:
        total = db.session.scalar(select(func.count()).select_from(Catalog)
                                  .where(*conditions)) or 0
    stmt = select(Catalog).where(*conditions)
    if cursor:
        created_at, catalog_id = _job_position(cursor)
        stmt = stmt.where(or_(Catalog.created_at < created_at,
                              and_(Catalog.created_at == created_at, Catalog.id < catalog_id)))
    rows = list(db.session.scalars(stmt.order_by(Catalog.created_at.desc(), Catalog.id.desc())
                                   .limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].created_at, rows[-1].id, total])
    return Page(rows, total, next_cursor)


def has_catalogs(shop: Shop) -> bool:
    return db.session.scalar(select(Catalog.id).where(Catalog.shop_id == shop.id)
                             .limit(1)) is not None


MEDIAN_SAMPLE = 500


def catalog_kpis(shop: Shop) -> dict[str, Any]:
    """Catalogs built, rows resolved and unknown, and the median build time (of the
    latest catalogs: one indexed read, however many the shop has built)."""
    built, resolved, unknown = db.session.execute(select(
        func.count(), func.coalesce(func.sum(Catalog.rows), 0),
        func.coalesce(func.sum(Catalog.unknown_rows), 0)).where(
        Catalog.shop_id == shop.id)).one()
    seconds = sorted(s for s in db.session.scalars(
        select(Catalog.build_seconds).where(Catalog.shop_id == shop.id)
        .order_by(Catalog.created_at.desc()).limit(MEDIAN_SAMPLE)) if s is not None)
    median = None
    if seconds:
        middle = len(seconds) // 2
        median = seconds[middle] if len(seconds) % 2 else (seconds[middle - 1]
                                                           + seconds[middle]) / 2
    return {"catalogs_built": int(built), "rows_resolved": int(resolved),
            "rows_unknown": int(unknown),
            "median_build_seconds": None if median is None else round(median, 2)}


def get_catalog(shop: Shop, catalog_id: str) -> Catalog:
    found = (db.session.get(Catalog, catalog_id)
             if isinstance(catalog_id, str) and len(catalog_id) <= 26 else None)
    if found is None or found.shop_id != shop.id:
        raise ApiError(404, f"Catalog {catalog_id} was not found")
    return found


def job_modes(catalogs: list[Catalog]) -> dict[str, str]:
    """Job id → mode for a page of catalogs, in one read."""
    ids = [c.job_id for c in catalogs]
    if not ids:
        return {}
    return dict(db.session.execute(select(Job.id, Job.mode).where(Job.id.in_(ids))).all())


def catalog_json(catalog: Catalog, ttl: int | None = None, *,
                 mode: str | None = None) -> dict[str, Any]:
    from shopify_app.jobs.serialize import file_links, iso

    links = file_links(catalog.files) if ttl is None else _links(catalog.files, ttl)
    if mode is None:
        mode = db.session.scalar(select(Job.mode).where(Job.id == catalog.job_id))
    return {"id": catalog.id, "job_id": catalog.job_id, "mode": mode,
            "definition_id": catalog.definition_id,
            "definition_name": catalog.definition_name,
            "customer": {"name": catalog.customer_name, "email": catalog.customer_email},
            "reference": catalog.reference, "rows": catalog.rows,
            "unknown_rows": catalog.unknown_rows, "currency": catalog.currency,
            "size": catalog.size_bytes, "build_seconds": catalog.build_seconds,
            "files": links, "created_at": iso(catalog.created_at)}


def _links(files: list[dict[str, Any]], ttl: int) -> list[dict[str, Any]]:
    from shopify_app.storage import url_for_key

    return [{"name": f["name"], "kind": f.get("kind"), "size": f.get("size"),
             **url_for_key(f["key"], filename=f["name"], ttl=ttl,
                           inline=f.get("content_type") in ("text/html", "application/pdf"))}
            for f in files]


def share_links(catalog: Catalog, body: dict[str, Any]) -> dict[str, Any]:
    """Fresh links that last ``days`` (1 to 90), for sharing by hand."""
    days = body.get("days", 7)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_LINK_DAYS:
        raise ValidationError([("days", f"days must be a whole number from 1 to "
                                        f"{MAX_LINK_DAYS}")])
    return catalog_json(catalog, ttl=days * 24 * 3600)


def store_logo(definition: CatalogDefinition, data: bytes) -> CatalogDefinition:
    """Check an uploaded logo (JPEG, PNG, WebP or GIF), shrink it and keep it as PNG."""
    if not data:
        raise ValidationError([("logo", "logo is empty; upload a PNG, JPEG or WebP image")])
    if len(data) > MAX_LOGO_BYTES:
        raise ApiError(413, f"The logo is larger than {MAX_LOGO_BYTES // (1024 * 1024)} MB")
    try:
        image, _info = open_image(data, max_pixels=40_000_000)
        with image:
            image.thumbnail((LOGO_PIXELS, LOGO_PIXELS))
            out = io.BytesIO()
            image.convert("RGBA").save(out, "PNG", optimize=True)
    except (ImageError, OSError) as exc:
        detail = getattr(exc, "message", None) or "the file is not a readable image"
        raise ValidationError([("logo", f"logo: {detail}")]) from exc
    key = definition_prefix(definition.shop_id, definition.id) + "logo.png"
    storage().put(key, out.getvalue(), "image/png")
    definition.logo_key = key
    db.session.commit()
    return definition


def remove_logo(definition: CatalogDefinition) -> CatalogDefinition:
    if definition.logo_key:
        storage().delete(definition.logo_key)
    definition.logo_key = None
    db.session.commit()
    return definition


