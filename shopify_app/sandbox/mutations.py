"""Product, file, tag and staged-upload mutations: they really change the store."""

from __future__ import annotations

import secrets
from typing import Any

from . import metafields as mf
from .ids import gid, now_iso, parse_gid
from .state import ExecContext, ShopStore
from .webhooks import product_payload

MAX_TAGS = 250
MAX_TAG_LENGTH = 255
MAX_ALT_LENGTH = 512
MAX_INPUT_ARRAY = 250
_PRODUCT_FIELDS = (
    "title",
    "descriptionHtml",
    "handle",
    "productType",
    "vendor",
    "status",
    "templateSuffix",
)


def _user_error(field: list[str] | None, message: str, **extra: Any) -> dict[str, Any]:
    return {"field": field, "message": message, **extra}


def normalize_tags(values: list[str]) -> list[str]:
    """Split comma-separated entries, trim, and drop case-insensitive duplicates."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        for part in str(value).split(","):
            tag = part.strip()
            if tag and tag.casefold() not in seen:
                seen.add(tag.casefold())
                out.append(tag)
    return out


def _tag_errors(tags: list[str], field: str = "tags") -> list[dict[str, Any]]:
    if len(tags) > MAX_TAGS:
        return [_user_error([field], f"Exceeded the maximum number of tags ({MAX_TAGS}).")]
    long = [t for t in tags if len(t) > MAX_TAG_LENGTH]
    if long:
        return [_user_error([field], f"Tags can't be longer than {MAX_TAG_LENGTH} characters.")]
    return []


def emit_product(ctx: ExecContext, product: dict[str, Any], topic: str = "products/update") -> None:
    state = ctx.state
    state.webhooks.send(
        ctx.shop.domain, topic, product_payload(product, lambda m: state.url(m["_path"]))
    )


def _product_for(shop: ShopStore, args: dict[str, Any]) -> tuple[dict[str, Any] | None, dict]:
    data = dict(args.get("product") or args.get("input") or {})
    identifier = args.get("identifier") or {}
    product_id = data.pop("id", None) or identifier.get("id")
    if product_id:
        return shop.lookup(product_id) if (parse_gid(product_id) or ("",))[
            0
        ] == "Product" else None, data
    handle = identifier.get("handle")
    if handle:
        return next((p for p in shop.products.values() if p["handle"] == handle), None), data
    return None, data


def product_update(ctx: ExecContext, args: dict[str, Any]) -> dict[str, Any]:
    shop = ctx.shop
    with shop.lock:
        product, data = _product_for(shop, args)
        if product is None:
            return {"product": None, "userErrors": [_user_error(["id"], "Product does not exist")]}
        errors = _product_errors(shop, product, data)
        if errors:
            return {"product": product, "userErrors": errors}
        changes: dict[str, Any] = {}
        for key in _PRODUCT_FIELDS:
            if key in data and data[key] is not None and data[key] != product.get(key):
                changes[key] = data[key]
        if data.get("tags") is not None:
            tags = normalize_tags(data["tags"])
            if tags != product["tags"]:
                changes["tags"] = tags
        if data.get("seo") is not None:
            seo = {**product["seo"], **{k: v for k, v in data["seo"].items()}}
            if seo != product["seo"]:
                changes["seo"] = seo
        if "handle" in changes:
            changes["handle"] = shop.unique_handle(changes["handle"])
        _apply_collections(shop, product, data, changes)
        if data.get("metafields"):
            entries = [{**m, "ownerId": product["id"]} for m in data["metafields"]]
            meta_errors = mf.validate_all(shop, entries)
            if meta_errors:
                return {
                    "product": product,
                    "userErrors": [
                        _user_error(["metafields", *e["field"][1:]], e["message"])
                        for e in meta_errors
                    ],
                }
            mf.apply(shop, entries, ctx.via, "productUpdate")
        if changes:  # like Shopify, a save that changes nothing is not an update
            product.update(changes)
            if "status" in changes:
                product["publishedAt"] = product.get("publishedAt") or now_iso()
            product["updatedAt"] = now_iso()
        logged = _loggable(changes)
        if "_collections" in changes:
            logged["collections"] = [gid("Collection", c) for c in changes["_collections"]]
        shop.record_write("productUpdate", product["id"], logged, ctx.via, bool(changes))
    if changes:
        emit_product(ctx, product)
    return {"product": product, "userErrors": []}


def _loggable(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in changes.items() if not k.startswith("_")}


def _product_errors(shop: ShopStore, product: dict[str, Any], data: dict[str, Any]) -> list[dict]:
    errors = []
    if "title" in data and data["title"] is not None and not data["title"].strip():
        errors.append(_user_error(["title"], "Title can't be blank"))
    if data.get("tags") is not None:
        errors += _tag_errors(normalize_tags(data["tags"]))
    if data.get("handle") is not None and not data["handle"].strip():
        errors.append(_user_error(["handle"], "Handle can't be blank"))
    for key in ("collectionsToJoin", "collectionsToLeave"):
        for collection_id in data.get(key) or []:
            if shop.lookup(collection_id) is None or not collection_id.startswith(
                "gid://shopify/Collection/"
            ):
                errors.append(_user_error([key], f"Collection {collection_id} does not exist"))
    return errors


def _apply_collections(
    shop: ShopStore, product: dict[str, Any], data: dict[str, Any], changes: dict[str, Any]
) -> None:
    joined = [parse_gid(c)[1] for c in data.get("collectionsToJoin") or []]
    left = {parse_gid(c)[1] for c in data.get("collectionsToLeave") or []}
    if not joined and not left:
        return
    members = [c for c in product["_collections"] if c not in left]
    members += [c for c in joined if c not in members]
    for number, collection in shop.collections.items():
        ids = collection["_product_ids"]
        if number in members and product["_n"] not in ids:
            collection["_product_ids"] = [*ids, product["_n"]]
        elif number not in members and product["_n"] in ids:
            collection["_product_ids"] = [i for i in ids if i != product["_n"]]
    changes["_collections"] = members


def file_update(ctx: ExecContext, args: dict[str, Any]) -> dict[str, Any]:
    files = list(args.get("files") or [])
    if len(files) > MAX_INPUT_ARRAY:
        return {
            "files": None,
            "userErrors": [
                _user_error(
                    ["files"],
                    f"Too many files: at most {MAX_INPUT_ARRAY} per call.",
                    code="TOO_MANY_ARGUMENTS",
                )
            ],
        }
    shop = ctx.shop
    with shop.lock:
        errors = []
        for index, entry in enumerate(files):
            media = (
                shop.lookup(entry["id"])
                if entry["id"].startswith("gid://shopify/MediaImage/")
                else None
            )
            if media is None:
                errors.append(
                    _user_error(
                        ["files", str(index), "id"],
                        f"File id {entry['id']} does not exist.",
                        code="FILE_DOES_NOT_EXIST",
                    )
                )
            elif entry.get("alt") is not None and len(entry["alt"]) > MAX_ALT_LENGTH:
                errors.append(
                    _user_error(
                        ["files", str(index), "alt"],
                        f"The alt value exceeds the maximum limit of {MAX_ALT_LENGTH} characters.",
                        code="ALT_VALUE_LIMIT_EXCEEDED",
                    )
                )
        if errors:
            return {"files": None, "userErrors": errors}
        out = []
        for entry in files:
            media = shop.lookup(entry["id"])
            changes = {}
            if entry.get("alt") is not None and entry["alt"] != media.get("alt"):
                changes["alt"] = entry["alt"]
            if entry.get("filename"):
                changes["_filename"] = entry["filename"]
            media.update(changes)
            media["updatedAt"] = now_iso()
            shop.record_write("fileUpdate", media["id"], _loggable(changes), ctx.via, bool(changes))
            out.append(media)
    return {"files": out, "userErrors": []}


def _tags_change(ctx: ExecContext, args: dict[str, Any], add: bool) -> dict[str, Any]:
    shop = ctx.shop
    operation = "tagsAdd" if add else "tagsRemove"
    with shop.lock:
        target = shop.lookup(args["id"])
        if target is None or target.get("__typename") != "Product":
            return {"node": None, "userErrors": [_user_error(["id"], "Product does not exist")]}
        requested = normalize_tags(args.get("tags") or [])
        if add:
            tags = normalize_tags([*target["tags"], *requested])
            errors = _tag_errors(tags)
            if errors:
                return {"node": None, "userErrors": errors}
        else:
            drop = {t.casefold() for t in requested}
            tags = [t for t in target["tags"] if t.casefold() not in drop]
        changed = tags != target["tags"]
        if changed:
            target["tags"] = tags
            target["updatedAt"] = now_iso()
        shop.record_write(operation, target["id"], {"tags": requested}, ctx.via, changed)
    if changed:
        emit_product(ctx, target)
    return {"node": target, "userErrors": []}


def tags_add(ctx: ExecContext, args: dict[str, Any]) -> dict[str, Any]:
    return _tags_change(ctx, args, add=True)


def tags_remove(ctx: ExecContext, args: dict[str, Any]) -> dict[str, Any]:
    return _tags_change(ctx, args, add=False)


def staged_uploads_create(ctx: ExecContext, args: dict[str, Any]) -> dict[str, Any]:
    """Targets on the sandbox itself, carrying the form fields a storage bucket would need."""
    inputs = list(args.get("input") or [])
    if len(inputs) > MAX_INPUT_ARRAY:
        return {
            "stagedTargets": None,
            "userErrors": [_user_error(["input"], f"At most {MAX_INPUT_ARRAY} uploads per call.")],
        }
    state, targets = ctx.state, []
    for entry in inputs:
        folder = "bulk" if entry["resource"] == "BULK_MUTATION_VARIABLES" else "files"
        key = f"tmp/{ctx.shop.number}/{folder}/{secrets.token_hex(16)}/{entry['filename']}"
        method = entry.get("httpMethod") or "PUT"
        params = {
            "Content-Type": entry["mimeType"],
            "success_action_status": "201",
            "acl": "private",
            "key": key,
            "x-goog-date": now_iso().replace("-", "").replace(":", ""),
            "x-goog-credential": "sandbox-uploads/auto/storage/goog4_request",
            "x-goog-algorithm": "GOOG4-HMAC-SHA256",
            "x-goog-signature": secrets.token_hex(32),
            "policy": secrets.token_urlsafe(48),
        }
        state.staged[key] = {
            "shop": ctx.shop.domain,
            "resource": entry["resource"],
            "method": method,
            "params": params,
            "data": None,
            "filename": entry["filename"],
        }
        if method == "POST":
            url = state.url("/sandbox/staged-uploads")
            parameters = [{"name": k, "value": v} for k, v in params.items()]
        else:
            url = state.url(f"/sandbox/staged-uploads/{key}")
            parameters = [
                {"name": "content_type", "value": entry["mimeType"]},
                {"name": "acl", "value": "private"},
            ]
        targets.append(
            {
                "url": url,
                "resourceUrl": state.url(f"/sandbox/staged-uploads/{key}"),
                "parameters": parameters,
            }
        )
    return {"stagedTargets": targets, "userErrors": []}


RESOLVERS = {
    "productUpdate": product_update,
    "fileUpdate": file_update,
    "tagsAdd": tags_add,
    "tagsRemove": tags_remove,
    "stagedUploadsCreate": staged_uploads_create,
}
