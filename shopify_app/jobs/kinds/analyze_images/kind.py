"""`analyze_images`: colors, quality and attributes of each product's images.

One item per product. Results wait for review; approving one writes the color
tags and/or the `shelf.colors` / `shelf.attributes` metafields, as the job's
target says. Reverting removes exactly what was added.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import requests
from flask import current_app

from shopify_app import settings as shop_settings
from shopify_app.jobs.errors import InvalidInput
from shopify_app.jobs.kinds.analyze_images.auto import OWN_TAG_PREFIXES
from shopify_app.jobs.kinds.analyze_images.publisher import AnalysisPublisher
from shopify_app.jobs.kinds.base import (
    ItemInput,
    ItemResult,
    ItemSpec,
    JobKind,
    NewJob,
    Presentation,
    RunContext,
)
from shopify_app.jobs.kinds.scope_check import (
    ensure_scope_matches,
    scope_problem,
    with_names,
)
from shopify_app.shopify import ProductFields, ScopeError, iter_scope, plan_scope, scope_size_hint
from shopify_app.vision import (
    ImageError,
    ProviderError,
    VisionError,
    analyze_product,
    metafield_values,
    provider_from_config,
    suggested_tags,
)

TARGETS = ("tags", "metafields", "both")
SCOPE_TYPES = ("all", "collection", "tag", "vendor", "product_type", "status", "products")
READ_FIELDS = ProductFields(text=False, media=True)
MAX_TAGS = 250


class AnalyzeImagesKind(JobKind):
    name = "analyze_images"
    stage = "analyzing"
    reviewable = True
    batch_size = 20
    concurrency = 4  # downloads wait on the network, not the CPU
    form_template = "kinds/analyze_images.html"
    publisher = AnalysisPublisher()
    owned_tag_prefixes = OWN_TAG_PREFIXES

    def presentation(self, job) -> Presentation:  # type: ignore[no-untyped-def]
        return Presentation(label="Image analysis", icon="image", publish_verb="Approve",
                            result_label="Analysis", preview="analysis", show_field=False,
                            editable=False)

    def watcher(self):  # type: ignore[no-untyped-def]
        from shopify_app.jobs.kinds.analyze_images import auto

        return auto.WATCHER

    def validate(self, body: dict[str, Any], shop, staff) -> NewJob:  # type: ignore[no-untyped-def]
        problems: list[tuple[str, str]] = []
        scope = body.get("scope") or {"type": "all"}
        if not isinstance(scope, dict) or scope.get("type") not in SCOPE_TYPES:
            problems.append(("scope", scope_problem(scope)))
        else:
            try:
                plan_scope(scope)
            except (ScopeError, ValueError):
                problems.append(("scope", scope_problem(scope)))
        options = body.get("options") or {}
        if not isinstance(options, dict):
            options = {}
            problems.append(("options", "options must be an object"))
        defaults = shop_settings.stored_settings(shop)
        target = options.get("target", defaults["analysis_target"])
        if target not in TARGETS:
            problems.append(("options.target",
                             "Choose where the results go: tags, metafields or both"))
        max_images = options.get("max_images", defaults["image_analysis_limit"])
        if not isinstance(max_images, int) or isinstance(max_images, bool) \
                or not 1 <= max_images <= 20:
            problems.append(("options.max_images",
                             "Images per product: choose a number from 1 to 20"))
        prefix = options.get("tag_prefix", "color:")
        if not isinstance(prefix, str) or len(prefix) > 20 or "," in prefix:
            problems.append(("options.tag_prefix",
                             "Tag prefix: use a short word without commas, such as color"))
        attributes = options.get("include_attributes", True)
        if not isinstance(attributes, bool):
            problems.append(("options.include_attributes", "include_attributes must be true "
                                                           "or false"))
        title = body.get("title")
        if title is not None and (not isinstance(title, str) or len(title) > 255):
            problems.append(("title", "Job name: use at most 255 characters"))
        if problems:
            raise InvalidInput(problems)
        ensure_scope_matches(shop, scope)
        scope = with_names(shop, scope)
        cfg = current_app.config
        return NewJob(title=title or "Image analysis", field="images", scope=scope,
                      provider=cfg.get("VISION_PROVIDER") or "builtin",
                      model=cfg.get("VISION_MODEL") or "built-in analyzer",
                      options={"target": target, "max_images": max_images, "tag_prefix": prefix,
                               "include_attributes": attributes})

    def size_hint(self, context: RunContext) -> int | None:
        return scope_size_hint(context.shopify(), context.job.scope)

    def enumerate(self, context: RunContext) -> Iterator[ItemSpec]:
        limit = context.job.options["max_images"]
        for product in iter_scope(context.shopify(), context.job.scope, READ_FIELDS):
            urls = [m.url for m in product.media or () if m.url][:limit]
            yield ItemSpec(product_id=product.id, product_title=product.title,
                           original=json.dumps({"tags": list(product.tags)}),
                           input={"image_urls": urls, "title": product.title,
                                  "thumbnail_url": urls[0] if urls else None,
                                  "product_type": product.product_type})

    def process(self, item: ItemInput, context: RunContext) -> ItemResult:
        options = context.job.options
        if not item.input.get("image_urls"):
            return ItemResult(ok=False, error="This product has no images to analyze")
        provider = context.service("vision_provider",
                                   lambda: provider_from_config(current_app.config))
        try:
            analysis = analyze_product(item.input["image_urls"],
                                       product_title=item.input.get("title", ""),
                                       product_type=item.input.get("product_type", ""),
                                       provider=provider, session=_session(),
                                       max_images=options["max_images"])
        except (ImageError, ProviderError, VisionError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            return ItemResult(ok=False, error=message,
                              retryable=bool(getattr(exc, "retryable", False)))
        tags = suggested_tags(analysis, options["tag_prefix"],
                              include_attributes=options["include_attributes"])
        proposal = {"tags": tags[:MAX_TAGS], "metafields": metafield_values(analysis)}
        usage = analysis.attributes
        return ItemResult(ok=True, proposed=json.dumps(proposal), analysis=analysis.to_dict(),
                          tokens_in=getattr(usage, "tokens_in", 0) or 0,
                          tokens_out=getattr(usage, "tokens_out", 0) or 0)


_local = threading.local()


def _session() -> requests.Session:
    """One download session per worker thread (requests sessions are not shared safely)."""
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session
