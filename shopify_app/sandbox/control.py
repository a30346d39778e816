"""/sandbox/...: JSON control endpoints for development, tests and benchmarks."""

from __future__ import annotations

import random
import threading
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request

from . import catalog
from .bucket import Plan
from .config import API_VERSION
from .ids import now_iso
from .images import dominant_colors
from .mutations import normalize_tags
from .state import SandboxState, ShopStore
from .webhooks import product_payload

blueprint = Blueprint("sandbox_control", __name__, url_prefix="/sandbox")

_EDITABLE = ("title", "descriptionHtml", "vendor", "productType", "status", "handle")


def _state() -> SandboxState:
    return current_app.extensions["sandbox"]


def _shop(domain: str) -> ShopStore:
    store = _state().shop(domain)
    if store is None:
        abort(404, description=f"no shop {domain}")
    return store


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def public(value: Any) -> Any:
    """A JSON-safe copy of a record (drops thread primitives, keeps bookkeeping keys)."""
    if isinstance(value, dict):
        return {k: public(v) for k, v in value.items() if not isinstance(v, threading.Event)}
    if isinstance(value, list):
        return [public(v) for v in value]
    return value


def _product(store: ShopStore, product_id: str) -> dict[str, Any]:
    number = product_id.rsplit("/", 1)[-1]
    product = store.products.get(int(number)) if number.isdigit() else None
    if product is None:
        abort(404, description=f"no product {product_id}")
    return product


@blueprint.errorhandler(400)
@blueprint.errorhandler(404)
def _json_error(error: Any) -> tuple[Response, int]:
    return jsonify({"error": getattr(error, "description", str(error))}), error.code


@blueprint.get("/")
@blueprint.get("/state")
def summary() -> Response:
    state = _state()
    return jsonify(
        {
            "origin": state.origin,
            "api_version": API_VERSION,
            "webhook_url": state.webhooks.url,
            "shops": {domain: store.summary() for domain, store in state.shops.items()},
            "faults": state.faults.as_dict(),
            "tokens": len(state.tokens),
            "webhook_deliveries": len(state.webhooks.deliveries),
        }
    )


@blueprint.post("/shops")
def create_shop() -> tuple[Response, int]:
    body = _body()
    domain = body.get("shop")
    if not domain or not str(domain).endswith(".myshopify.com"):
        abort(400, description="shop must be NAME.myshopify.com")
    store = _state().ensure_shop(domain, body.get("products"), body.get("plan"))
    out = store.summary()
    if body.get("token"):
        out["access_token"] = _state().mint_token(domain).token
    return jsonify(out), 201


@blueprint.post("/shops/<domain>/reset")
def reset_shop(domain: str) -> Response:
    return jsonify(_state().reset_shop(domain, _body().get("products")).summary())


@blueprint.post("/shops/<domain>/tokens")
def mint_token(domain: str) -> tuple[Response, int]:
    _shop(domain)
    record = _state().mint_token(domain, ttl=_body().get("ttl"))
    return jsonify(
        {
            "access_token": record.token,
            "shop": domain,
            "scope": record.scope,
            "expires_at": record.expires_at,
        }
    ), 201


@blueprint.route("/shops/<domain>/plan", methods=["GET", "PUT"])
def plan(domain: str) -> Response:
    store = _shop(domain)
    if request.method == "PUT":
        body = _body()
        try:
            if body.get("name") or body.get("restore_rate") or body.get("maximum"):
                store.bucket.set_plan(Plan.parse(body))
        except (ValueError, KeyError) as exc:
            abort(400, description=str(exc))
        if body.get("available") is not None:
            store.bucket.set_available(float(body["available"]))
    return jsonify({"plan": store.bucket.plan.as_dict(), "throttle_status": store.bucket.status(),
                    "points_spent": round(store.bucket.points_spent, 1)})


@blueprint.post("/shops/<domain>/products")
def create_product(domain: str) -> tuple[Response, int]:
    """A merchant adds a product in the admin: fires products/create."""
    store, body = _shop(domain), _body()
    with store.lock:
        index = len(store.products) + 1
        product = catalog.build_product(store, random.Random(f"{domain}/{index}"), index)
        _apply(product, body)
        store.add_product(product)
        store.record_write("productCreate", product["id"], _changes(body), "merchant")
    _send(store, "products/create", product)
    return jsonify(public(product)), 201


@blueprint.get("/shops/<domain>/products/<product_id>")
def get_product(domain: str, product_id: str) -> Response:
    return jsonify(public(_product(_shop(domain), product_id)))


@blueprint.patch("/shops/<domain>/products/<product_id>")
def edit_product(domain: str, product_id: str) -> Response:
    """A merchant edits a product in the admin: fires products/update."""
    store, body = _shop(domain), _body()
    with store.lock:
        product = _product(store, product_id)
        _apply(product, body)
        product["updatedAt"] = now_iso()
        store.record_write("productUpdate", product["id"], _changes(body), "merchant")
    _send(store, "products/update", product)
    return jsonify(public(product))


def _apply(product: dict[str, Any], body: dict[str, Any]) -> None:
    for key in _EDITABLE:
        if key in body:
            product[key] = body[key]
    if "tags" in body:
        product["tags"] = normalize_tags(body["tags"])
    if "seo" in body:
        product["seo"] = {**product["seo"], **body["seo"]}
    for alt_edit in body.get("media_alt", []):  # [{"id": gid, "alt": text}]
        for media in product["media"]:
            if media["id"] == alt_edit["id"]:
                media["alt"] = alt_edit["alt"]


def _changes(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k in (*_EDITABLE, "tags", "seo", "media_alt")}


def _send(store: ShopStore, topic: str, product: dict[str, Any]) -> None:
    state = _state()
    state.webhooks.send(
        store.domain, topic, product_payload(product, lambda m: state.url(m["_path"]))
    )


@blueprint.get("/shops/<domain>/media/<media_id>")
def get_media(domain: str, media_id: str) -> Response:
    store = _shop(domain)
    number = media_id.rsplit("/", 1)[-1]
    media = store.media.get(int(number)) if number.isdigit() else None
    if media is None:
        abort(404, description=f"no media {media_id}")
    out = public(media)
    out["url"] = _state().url(media["_path"])
    out["dominant_colors"] = dominant_colors(media["_image"])
    return jsonify(out)


@blueprint.route("/shops/<domain>/writes", methods=["GET", "DELETE"])
def writes(domain: str) -> Response:
    store = _shop(domain)
    if request.method == "DELETE":
        with store.lock:
            store.writes.clear()
        return jsonify({"writes": []})
    since = int(request.args.get("since", 0))
    items = [w for w in store.writes if w["seq"] > since]
    for key in ("operation", "target", "via"):
        if request.args.get(key):
            items = [w for w in items if w[key] == request.args[key]]
    return jsonify({"writes": items})


@blueprint.get("/shops/<domain>/bulk-operations")
def bulk_operations(domain: str) -> Response:
    return jsonify({"bulk_operations": public(list(_shop(domain).bulk_operations.values()))})


@blueprint.post("/shops/<domain>/webhooks")
def send_webhook(domain: str) -> tuple[Response, int]:
    """Send any topic (e.g. app/uninstalled, shop/redact) with the given payload."""
    _shop(domain)
    body = _body()
    if not body.get("topic"):
        abort(400, description="topic is required")
    webhook_id = _state().webhooks.send(domain, body["topic"], body.get("payload") or {})
    return jsonify({"webhook_id": webhook_id}), 202


@blueprint.route("/webhooks", methods=["GET", "DELETE"])
def deliveries() -> Response:
    sender = _state().webhooks
    if request.method == "DELETE":
        sender.deliveries.clear()
    elif request.args.get("wait"):
        sender.flush(float(request.args["wait"]))
    return jsonify({"deliveries": sender.deliveries})


@blueprint.route("/faults", methods=["GET", "PUT", "DELETE"])
def faults() -> Response:
    holder = _state().faults
    if request.method == "DELETE":
        return jsonify(holder.reset())
    if request.method == "PUT":
        try:
            return jsonify(holder.update(_body()))
        except (ValueError, TypeError) as exc:
            abort(400, description=str(exc))
    return jsonify(holder.as_dict())
