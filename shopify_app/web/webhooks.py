"""POST /webhooks: verify, record once, answer fast; a worker does the real work."""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request
from werkzeug.wrappers import Response

from shopify_app.auth.hmac_check import valid_webhook_hmac
from shopify_app.auth.session_token import is_shop_domain
from shopify_app.errors import ApiError
from shopify_app.web.request_body import read_body
from shopify_app.webhooks import intake

bp = Blueprint("webhooks", __name__)
log = logging.getLogger(__name__)


@bp.post("/webhooks")
@bp.post("/webhooks/<path:topic_path>")
def receive(topic_path: str | None = None) -> Response:
    body = read_body(request)
    if not valid_webhook_hmac(body, request.headers.get("X-Shopify-Hmac-Sha256"),
                              current_app.config["SHOPIFY_API_SECRET"]):
        raise ApiError(401, "Webhook HMAC signature is missing or wrong")
    topic = request.headers.get("X-Shopify-Topic", "").strip()
    shop = request.headers.get("X-Shopify-Shop-Domain", "").strip().lower()
    event_id = (request.headers.get("X-Shopify-Event-Id")
                or request.headers.get("X-Shopify-Webhook-Id") or "").strip()
    if not topic or not event_id:
        raise ApiError(400, "Webhook is missing X-Shopify-Topic or an event/webhook id")
    if not is_shop_domain(shop):
        raise ApiError(400, "X-Shopify-Shop-Domain is not a myshopify.com domain")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "Webhook body is not UTF-8 JSON") from exc
    event = intake.record(intake.Delivery(
        topic=topic, shop_domain=shop, event_id=event_id[:255],
        webhook_id=request.headers.get("X-Shopify-Webhook-Id"),
        api_version=request.headers.get("X-Shopify-API-Version"),
        triggered_at=intake.parse_timestamp(request.headers.get("X-Shopify-Triggered-At")),
        body=text,
    ))
    if event is None:
        log.info("duplicate webhook %s %s for %s ignored", topic, event_id, shop)
        return jsonify({"data": {"status": "duplicate"}})
    intake.enqueue(event)
    return jsonify({"data": {"status": "accepted"}})
