"""A small Shopify Admin GraphQL library: a throttle-aware client with typed
errors, product reads, writes with per-item outcomes, and bulk operations.

It knows nothing of the app around it: callers pass a shop domain, a token
provider and a Redis client, and get back dataclasses and typed errors.
"""
from __future__ import annotations

from .alt_text import AltTextChange, read_alt_texts, set_alt_texts
from .bulk import (
    BulkOperation,
    cancel_bulk_operation,
    check_finished,
    fetch_bulk_operation,
    iter_products_bulk,
    iter_results,
    run_bulk_query,
    running_bulk_operations,
    start_bulk_query,
    stitch_products,
    wait_for_bulk_operation,
)
from .bulk_mutations import run_bulk_mutation, run_mutations
from .client import AdminClient, StaticTokenProvider, TokenProvider
from .errors import (
    AccessDeniedError,
    AuthError,
    BadResponseError,
    BulkAccessDeniedError,
    BulkOperationError,
    MaxCostExceededError,
    NotFoundError,
    OutcomeUnknownError,
    ShopifyError,
    ShopUnavailableError,
    ThrottledError,
    TransientError,
    UserError,
    WriteInterruptedError,
)
from .messages import FieldError, merchant_message
from .metafields import MetafieldChange, delete_metafields, read_metafields, set_metafields
from .outcomes import (
    CONFLICT,
    NOT_ATTEMPTED,
    NOT_FOUND,
    OUTCOME_UNKNOWN,
    USER_ERROR,
    WriteOutcome,
)
from .prices import PriceChange, VariantPrice, read_variant_prices, set_variant_prices
from .products import (
    CollectionRef,
    MediaImage,
    MetafieldValue,
    Product,
    ProductFields,
    Variant,
)
from .reads import (
    ProductCount,
    ProductPage,
    ShopInfo,
    collection_title,
    count_products,
    get_products,
    get_shop,
    iter_product_pages,
    iter_products,
    iter_products_by_ids,
    search_collections,
    search_products,
    variants_by_sku,
)
from .scopes import (
    ReadPlan,
    ScopeError,
    count_scope,
    iter_scope,
    plan_scope,
    scope_query,
    scope_size_hint,
)
from .writes import ProductTextChange, add_tags, remove_tags, update_product_text

__all__ = [
    "CONFLICT", "NOT_ATTEMPTED", "NOT_FOUND", "OUTCOME_UNKNOWN", "USER_ERROR",
    "AccessDeniedError", "AdminClient", "AltTextChange", "AuthError", "BadResponseError",
    "BulkAccessDeniedError", "BulkOperation", "BulkOperationError", "CollectionRef",
    "FieldError", "MaxCostExceededError", "MediaImage", "MetafieldChange", "MetafieldValue",
    "NotFoundError", "OutcomeUnknownError", "PriceChange", "Product", "ProductCount",
    "ProductFields",
    "ProductPage", "ProductTextChange", "ReadPlan", "ScopeError", "ShopInfo",
    "ShopUnavailableError", "ShopifyError", "StaticTokenProvider", "ThrottledError",
    "TokenProvider", "TransientError", "UserError", "Variant", "VariantPrice",
    "WriteInterruptedError",
    "WriteOutcome", "add_tags", "cancel_bulk_operation", "collection_title", "check_finished",
    "count_products",
    "count_scope", "fetch_bulk_operation", "get_products", "get_shop", "iter_product_pages",
    "iter_products", "iter_products_bulk", "iter_products_by_ids", "iter_results", "iter_scope",
    "merchant_message", "plan_scope", "remove_tags", "run_bulk_mutation", "run_bulk_query",
    "delete_metafields", "read_alt_texts", "read_metafields", "read_variant_prices",
    "run_mutations", "set_variant_prices",
    "running_bulk_operations", "scope_query", "scope_size_hint",
    "search_collections", "search_products",
    "set_alt_texts",
    "set_metafields", "start_bulk_query", "stitch_products", "update_product_text",
    "variants_by_sku", "wait_for_bulk_operation",
]
