"""Signed webhook deliveries to the app, sent from a background thread."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import requests

from .config import API_VERSION
from .ids import now_iso, parse_gid, rest_time
from .state import PRODUCT_IMAGE_BASE

log = logging.getLogger(__name__)


def sign(body: bytes, secret: str) -> str:
    """X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def _image_id(media: dict[str, Any]) -> int:
    return PRODUCT_IMAGE_BASE + media["_n"] % 10_000_000_000_000


def product_payload(
    product: dict[str, Any], image_url: Callable[[dict[str, Any]], str]
) -> dict[str, Any]:
    """The REST-shaped product that products/create and products/update carry."""
    product_id = product["_n"]
    images = []
    for position, media in enumerate(product["media"], start=1):
        spec = media["_image"]
        images.append(
            {
                "id": _image_id(media),
                "product_id": product_id,
                "position": position,
                "created_at": rest_time(media["createdAt"]),
                "updated_at": rest_time(media["updatedAt"]),
                "alt": media.get("alt") or None,
                "width": spec["width"],
                "height": spec["height"],
                "src": image_url(media),
                "variant_ids": [
                    v["_n"] for v in product["variants"] if v.get("_media_id") == media["_n"]
                ],
                "admin_graphql_api_id": f"gid://shopify/ProductImage/{_image_id(media)}",
            }
        )
    variants = []
    for variant in product["variants"]:
        options = [o["value"] for o in variant["selectedOptions"]] + [None, None, None]
        media_n = variant.get("_media_id")
        variants.append(
            {
                "id": variant["_n"],
                "product_id": product_id,
                "title": variant["title"],
                "price": variant["price"],
                "sku": variant.get("sku") or "",
                "position": variant["position"],
                "compare_at_price": variant.get("compareAtPrice"),
                "option1": options[0],
                "option2": options[1],
                "option3": options[2],
                "barcode": variant.get("barcode"),
                "inventory_quantity": variant.get("inventoryQuantity", 0),
                "inventory_policy": str(variant.get("inventoryPolicy", "DENY")).lower(),
                "taxable": variant.get("taxable", True),
                "image_id": PRODUCT_IMAGE_BASE + media_n % 10_000_000_000_000 if media_n else None,
                "created_at": rest_time(variant["createdAt"]),
                "updated_at": rest_time(variant["updatedAt"]),
                "admin_graphql_api_id": variant["id"],
            }
        )
    return {
        "id": product_id,
        "title": product["title"],
        "body_html": product["descriptionHtml"],
        "vendor": product["vendor"],
        "product_type": product["productType"],
        "handle": product["handle"],
        "status": product["status"].lower(),
        "tags": ", ".join(product["tags"]),
        "template_suffix": product.get("templateSuffix"),
        "published_scope": "global",
        "created_at": rest_time(product["createdAt"]),
        "updated_at": rest_time(product["updatedAt"]),
        "published_at": rest_time(product.get("publishedAt")),
        "variants": variants,
        "options": [
            {
                "id": parse_gid(o["id"])[1] if parse_gid(o["id"]) else None,
                "product_id": product_id,
                "name": o["name"],
                "position": o["position"],
                "values": o["values"],
            }
            for o in product["options"]
        ],
        "images": images,
        "image": images[0] if images else None,
        "admin_graphql_api_id": product["id"],
    }


def bulk_payload(operation: dict[str, Any]) -> dict[str, Any]:
    """bulk_operations/finish: status and type in lower case, as Shopify sends them."""
    return {
        "admin_graphql_api_id": operation["id"],
        "completed_at": rest_time(operation.get("completedAt")),
        "created_at": rest_time(operation["createdAt"]),
        "error_code": operation["errorCode"].lower() if operation.get("errorCode") else None,
        "status": operation["status"].lower(),
        "type": operation["type"].lower(),
    }


class WebhookSender:
    """Queues deliveries and posts them one by one; failures are logged, never raised."""

    def __init__(
        self,
        url: str | None,
        secret: str,
        duplicate: Callable[[], bool] = lambda: False,
        timeout: float = 5.0,
    ) -> None:
        self.url = url
        self.secret = secret
        self.timeout = timeout
        self.deliveries: list[dict[str, Any]] = []
        self._duplicate = duplicate
        self._queue: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def send(self, shop: str, topic: str, payload: dict[str, Any]) -> str | None:
        """Queue one delivery; returns its webhook id (None when no URL is configured)."""
        if not self.url:
            return None
        body = json.dumps(payload, separators=(",", ":")).encode()
        delivery = {
            "webhook_id": str(uuid.uuid4()),
            "event_id": str(uuid.uuid4()),
            "topic": topic,
            "shop": shop,
            "url": self.url,
            "triggered_at": now_iso().replace("Z", ".000Z"),
            "body": body,
        }
        self._start()
        self._queue.put(delivery)
        if self._duplicate():
            self._queue.put(dict(delivery))
        return delivery["webhook_id"]

    def _start(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="sandbox-webhooks", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while True:
            delivery = self._queue.get()
            try:
                if delivery is None:
                    return
                self._deliver(delivery)
            finally:
                self._queue.task_done()

    def _deliver(self, delivery: dict[str, Any]) -> None:
        headers = {
            "Content-Type": "application/json",
            "X-Shopify-Topic": delivery["topic"],
            "X-Shopify-Shop-Domain": delivery["shop"],
            "X-Shopify-API-Version": API_VERSION,
            "X-Shopify-Webhook-Id": delivery["webhook_id"],
            "X-Shopify-Event-Id": delivery["event_id"],
            "X-Shopify-Triggered-At": delivery["triggered_at"],
            "X-Shopify-Hmac-Sha256": sign(delivery["body"], self.secret),
        }
        record = {k: v for k, v in delivery.items() if k != "body"}
        record["payload"] = json.loads(delivery["body"])
        started = time.monotonic()
        try:
            response = requests.post(
                delivery["url"], data=delivery["body"], headers=headers, timeout=self.timeout
            )
            record["status"] = response.status_code
        except requests.RequestException as exc:
            record["status"] = None
            record["error"] = f"{type(exc).__name__}: {exc}"
            log.warning("webhook %s to %s failed: %s", delivery["topic"], delivery["url"], exc)
        record["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
        with self._lock:
            self.deliveries.append(record)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued delivery has been attempted."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def stop(self) -> None:
        with self._lock:
            thread = self._thread
        if thread is not None and thread.is_alive():
            self._queue.put(None)
            thread.join(timeout=5)
