"""In-memory state: shops and their catalogs, tokens, files, and the write log.

Writers hold the shop's lock and replace values rather than mutating lists
in place, so readers (GraphQL queries, bulk exports) need no lock.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import catalog
from .bucket import PLAN_DISPLAY_NAMES, LeakyBucket, Plan
from .faults import Faults
from .ids import gid, now_iso, parse_gid

if TYPE_CHECKING:
    from .bulk import BulkRunner
    from .config import SandboxConfig
    from .images import ImageCache
    from .webhooks import WebhookSender

# Numeric id ranges per resource kind (large, like Shopify's, to catch int32 bugs).
ID_BASES = {
    "Product": 7_000_000_000_000,
    "ProductVariant": 45_000_000_000_000,
    "ProductOption": 9_000_000_000_000,
    "MediaImage": 32_000_000_000_000,
    "Collection": 450_000_000_000,
    "Metafield": 30_000_000_000_000,
    "BulkOperation": 5_000_000_000,
}
PRODUCT_IMAGE_BASE = 40_000_000_000_000  # REST image ids differ from MediaImage ids
APP_ID = 31_000_001  # the sandbox app's id, used in the `$app` metafield namespace


def metafield_digest(namespace: str, key: str, type_: str, value: str) -> str:
    return hashlib.sha256(json.dumps([namespace, key, type_, value]).encode()).hexdigest()


class ShopStore:
    """One shop: its catalog, bucket, bulk operations and the writes made to it."""

    def __init__(self, domain: str, plan: Plan) -> None:
        self.domain = domain
        self.lock = threading.RLock()
        self.offset = int(hashlib.sha256(domain.encode()).hexdigest()[:8], 16) % 9000
        self.number = 60_000_000_000 + self.offset
        self.bucket = LeakyBucket(plan)
        self.products: dict[int, dict[str, Any]] = {}
        self.variants: dict[int, dict[str, Any]] = {}
        self.media: dict[int, dict[str, Any]] = {}
        self.collections: dict[int, dict[str, Any]] = {}
        self.metafields: dict[int, dict[str, Any]] = {}
        self.bulk_operations: dict[int, dict[str, Any]] = {}
        self.writes: list[dict[str, Any]] = []
        self.metafields_by_owner: dict[str, list[dict[str, Any]]] = {}
        self._handles: set[str] = set()
        self._counters: dict[str, itertools.count[int]] = {}

    # -- ids ---------------------------------------------------------------------------
    def next_id(self, kind: str) -> int:
        counter = self._counters.setdefault(kind, itertools.count(1))
        return ID_BASES.get(kind, 1_000_000_000) + self.offset * 10_000_000 + next(counter)

    def unique_handle(self, base: str) -> str:
        handle, n = base or "product", 1
        while handle in self._handles:
            n += 1
            handle = f"{base}-{n}"
        self._handles.add(handle)
        return handle

    # -- records -----------------------------------------------------------------------
    def add_product(self, product: dict[str, Any]) -> None:
        self.products[product["_n"]] = product
        self._handles.add(product["handle"])
        for variant in product["variants"]:
            self.variants[variant["_n"]] = variant
        for media in product["media"]:
            self.media[media["_n"]] = media

    def add_collection(self, collection: dict[str, Any]) -> None:
        self.collections[collection["_n"]] = collection
        for product_n in collection["_product_ids"]:
            product = self.products.get(product_n)
            if product is not None:
                product["_collections"] = [*product["_collections"], collection["_n"]]

    def new_metafield(
        self, owner_id: str, namespace: str, key: str, type_: str, value: str, at: str | None = None
    ) -> dict[str, Any]:
        number = self.next_id("Metafield")
        stamp = at or now_iso()
        owner = parse_gid(owner_id)
        record = {
            "__typename": "Metafield",
            "_n": number,
            "_owner": owner_id,
            "id": gid("Metafield", number),
            "legacyResourceId": str(number),
            "namespace": namespace,
            "key": key,
            "type": type_,
            "value": value,
            "compareDigest": metafield_digest(namespace, key, type_, value),
            "ownerType": _OWNER_TYPES.get(owner[0] if owner else "", "PRODUCT"),
            "createdAt": stamp,
            "updatedAt": stamp,
        }
        self.metafields[number] = record
        return record

    def owner_metafields(self, owner_id: str) -> list[dict[str, Any]]:
        if owner_id == gid("Shop", self.number):
            return self.metafields_by_owner.get(owner_id, [])
        owner = self.lookup(owner_id)
        return [] if owner is None else owner.get("metafields", [])

    def set_owner_metafields(self, owner_id: str, metafields: list[dict[str, Any]]) -> None:
        """Replace an owner's metafield list (a new list, so readers never see it half-done)."""
        if owner_id == gid("Shop", self.number):
            self.metafields_by_owner[owner_id] = metafields
            return
        owner = self.lookup(owner_id)
        if owner is not None:
            owner["metafields"] = metafields

    def lookup(self, global_id: str) -> dict[str, Any] | None:
        parsed = parse_gid(global_id)
        if parsed is None:
            return None
        kind, number = parsed
        if kind == "Shop":
            return self.node() if number == self.number else None
        table = {
            "Product": self.products,
            "ProductVariant": self.variants,
            "MediaImage": self.media,
            "Collection": self.collections,
            "Metafield": self.metafields,
            "BulkOperation": self.bulk_operations,
        }.get(kind)
        return None if table is None else table.get(number)

    def node(self) -> dict[str, Any]:
        """The Shop object as GraphQL presents it."""
        name = self.domain.split(".")[0].replace("-", " ").title()
        plan = self.bucket.plan
        return {
            "__typename": "Shop",
            "_n": self.number,
            "id": gid("Shop", self.number),
            "name": name,
            "myshopifyDomain": self.domain,
            "email": f"owner@{self.domain}",
            "contactEmail": f"owner@{self.domain}",
            "currencyCode": "USD",
            "ianaTimezone": "Etc/UTC",
            "timezoneAbbreviation": "UTC",
            "url": f"https://{self.domain}",
            "primaryDomain": {
                "id": gid("Domain", self.number),
                "host": self.domain,
                "url": f"https://{self.domain}",
                "sslEnabled": True,
            },
            "plan": {
                "publicDisplayName": PLAN_DISPLAY_NAMES.get(plan.name, "Basic"),
                "partnerDevelopment": False,
                "shopifyPlus": plan.name in ("plus", "enterprise"),
            },
            "metafields": self.metafields_by_owner.get(gid("Shop", self.number), []),
        }

    # -- write log -----------------------------------------------------------------------
    def record_write(
        self, operation: str, target: str, fields: dict[str, Any], via: str, changed: bool = True
    ) -> dict[str, Any]:
        entry = {
            "seq": len(self.writes) + 1,
            "at": now_iso(),
            "operation": operation,
            "target": target,
            "fields": fields,
            "via": via,
            "changed": changed,
        }
        self.writes.append(entry)
        return entry

    def summary(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "shop_id": gid("Shop", self.number),
            "products": len(self.products),
            "variants": len(self.variants),
            "media": len(self.media),
            "collections": len(self.collections),
            "metafields": len(self.metafields),
            "bulk_operations": len(self.bulk_operations),
            "writes": len(self.writes),
            "plan": self.bucket.plan.as_dict(),
            "throttle_status": self.bucket.status(),
        }


_OWNER_TYPES = {
    "Product": "PRODUCT",
    "ProductVariant": "PRODUCTVARIANT",
    "Collection": "COLLECTION",
    "Shop": "SHOP",
    "MediaImage": "MEDIA_IMAGE",
}


@dataclass
class TokenRecord:
    token: str
    shop: str
    scope: str
    expires_at: float | None  # epoch seconds; None never expires


@dataclass
class RefreshRecord:
    token: str
    shop: str
    scope: str
    expires_at: float
    retired: bool = False


@dataclass
class AuthCode:
    code: str
    shop: str
    scope: str
    expires_at: float
    used: bool = False


@dataclass
class SandboxState:
    """Everything the sandbox knows; one per server."""

    config: SandboxConfig
    faults: Faults
    images: ImageCache
    webhooks: WebhookSender
    origin: str = ""
    shops: dict[str, ShopStore] = field(default_factory=dict)
    tokens: dict[str, TokenRecord] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshRecord] = field(default_factory=dict)
    auth_codes: dict[str, AuthCode] = field(default_factory=dict)
    staged: dict[str, dict[str, Any]] = field(default_factory=dict)  # staged uploads by key
    files: dict[str, bytes] = field(default_factory=dict)  # bulk results by path
    bulk: BulkRunner | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)

    def shop(self, domain: str) -> ShopStore | None:
        return self.shops.get(domain)

    def ensure_shop(
        self, domain: str, products: int | None = None, plan: str | None = None
    ) -> ShopStore:
        """The shop, created and seeded on first use."""
        with self.lock:
            store = self.shops.get(domain)
            if store is None:
                store = ShopStore(domain, Plan.parse(plan or self.config.plan))
                catalog.seed(store, self.config.products if products is None else products)
                self.shops[domain] = store
            return store

    def reset_shop(self, domain: str, products: int | None = None) -> ShopStore:
        with self.lock:
            old = self.shops.pop(domain, None)
            plan = old.bucket.plan if old else Plan.parse(self.config.plan)
            store = ShopStore(domain, plan)
            catalog.seed(store, self.config.products if products is None else products)
            self.shops[domain] = store
            return store

    def mint_token(
        self, domain: str, ttl: int | None = None, scope: str | None = None
    ) -> TokenRecord:
        """A new access token for the shop; `ttl` None makes it non-expiring."""
        self.ensure_shop(domain)
        record = TokenRecord(
            token="shpat_" + secrets.token_hex(16),
            shop=domain,
            scope=scope or self.config.scopes,
            expires_at=None if ttl is None else time.time() + ttl,
        )
        with self.lock:
            self.tokens[record.token] = record
        return record

    def add_static_token(self, token: str, domain: str) -> None:
        self.ensure_shop(domain)
        with self.lock:
            self.tokens[token] = TokenRecord(token, domain, self.config.scopes, None)

    def shop_for_token(self, token: str | None) -> ShopStore | None:
        record = self.tokens.get(token or "")
        if record is None:
            return None
        if record.expires_at is not None and record.expires_at < time.time():
            return None
        return self.shops.get(record.shop)

    def url(self, path: str) -> str:
        return self.origin.rstrip("/") + path


@dataclass
class ExecContext:
    """Passed to every resolver through graphql-core's context_value."""

    state: SandboxState
    shop: ShopStore
    bulk: bool = False
    via: str = "api"  # recorded with each write: "api" or "bulk"
    search: list[dict[str, Any]] = field(default_factory=list)  # query warnings for extensions
