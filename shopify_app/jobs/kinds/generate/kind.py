"""`generate`: AI-written descriptions, SEO titles and meta descriptions, image alt text.

One item per product (one per image for alt text). The kind reads products
through the Shopify client, asks the configured text provider for each item,
and leaves publishing to TextPublisher (the engine asks for it at once for jobs
created with the auto-publish strategy).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from flask import current_app

from shopify_app import redis_keys
from shopify_app import settings as shop_settings
from shopify_app.ai import (
    GenerationSettings,
    ProductFacts,
    ProviderError,
    ResultCache,
    generate_with_cache,
    provider_from_config,
)
from shopify_app.extensions import db, redis_ext
from shopify_app.jobs.errors import InvalidInput
from shopify_app.jobs.kinds.base import (
    ItemInput,
    ItemResult,
    ItemSpec,
    JobKind,
    NewJob,
    Presentation,
    RunContext,
)
from shopify_app.jobs.kinds.generate import quality
from shopify_app.jobs.kinds.generate.publisher import TextPublisher
from shopify_app.jobs.kinds.generate.snapshot import describe_settings_changes, settings_snapshot
from shopify_app.jobs.kinds.scope_check import (
    ensure_scope_matches,
    scope_problem,
    with_names,
)
from shopify_app.models import Job
from shopify_app.shopify import (
    ProductFields,
    ScopeError,
    get_shop,
    iter_scope,
    plan_scope,
    scope_size_hint,
)

FIELDS = ("description", "seo_title", "seo_description", "alt_text")
FIELD_LABELS = {"description": "Descriptions", "seo_title": "SEO titles",
                "seo_description": "Meta descriptions", "alt_text": "Alt text"}
SCOPE_LABELS = {"all": "all products", "collection": "a collection", "products": "picked products",
                "missing": "products missing it"}
OPTION_KEYS = ("language", "tone", "custom_instructions", "brand_voice", "overwrite")
DEFAULT_MODELS = {"template": "built-in templates", "openai": "gpt-4o-mini",
                  "anthropic": "claude-haiku-4-5"}
READ_FIELDS = ProductFields(text=True, media=True, variants=True, collections=True)


class GenerateKind(JobKind):
    name = "generate"
    stage = "generating"
    reviewable = True
    batch_size = 25
    form_template = "kinds/generate.html"
    publisher = TextPublisher()

    def presentation(self, job) -> Presentation:  # type: ignore[no-untyped-def]
        return Presentation(label="Content generation", icon="magic",
                            preview="html" if job is not None and job.field == "description"
                            else "text", checked=True, scored=True, regenerable=True)

    def watcher(self):  # type: ignore[no-untyped-def]
        from shopify_app.jobs.kinds.generate import auto

        return auto.WATCHER

    @property
    def concurrency(self) -> int:  # type: ignore[override]
        cfg = current_app.config
        return 1 if cfg["AI_PROVIDER"] == "template" else max(1, int(cfg["AI_CONCURRENCY"]))

    def validate(self, body: dict[str, Any], shop, staff) -> NewJob:  # type: ignore[no-untyped-def]
        problems: list[tuple[str, str]] = []
        field = body.get("field")
        if field not in FIELDS:
            problems.append(("field", "Choose what to write: description, SEO title, meta "
                                      "description or alt text"))
        scope = body.get("scope") or {"type": "all"}
        if not isinstance(scope, dict):
            problems.append(("scope", scope_problem(scope)))
        else:
            if scope.get("type") == "missing" and "field" not in scope and field in FIELDS:
                scope = {**scope, "field": field}
            try:
                plan_scope(scope)
            except (ScopeError, ValueError):
                problems.append(("scope", scope_problem(scope)))
        options = body.get("options") or {}
        if not isinstance(options, dict):
            problems.append(("options", "options must be an object"))
            options = {}
        unknown = [key for key in options if key not in OPTION_KEYS]
        if unknown:
            problems.append((f"options.{unknown[0]}", f"unknown option {unknown[0]}"))
        if "overwrite" in options and not isinstance(options["overwrite"], bool):
            problems.append(("options.overwrite", "overwrite must be true or false"))
        problems += [(f"options.{k}", v) for k, v in shop_settings.check_generation(
            {k: v for k, v in options.items() if k != "overwrite"}).items()]
        title = body.get("title")
        if title is not None and (not isinstance(title, str) or len(title) > 255):
            problems.append(("title", "Job name: use at most 255 characters"))
        if problems:
            raise InvalidInput(problems)
        ensure_scope_matches(shop, scope, field)
        scope = with_names(shop, scope)
        # The job keeps the settings it was created with, whatever changes later
        # (Retry "with current settings" takes them again: current_params).
        snapshot = settings_snapshot(shop)
        return NewJob(title=title or f"{FIELD_LABELS[field]} — "
                                     f"{_scope_label(scope)}",
                      field=field, scope=scope, options=options,
                      params={"settings": snapshot},
                      provider=current_app.config["AI_PROVIDER"],
                      model=current_app.config.get("AI_MODEL")
                      or DEFAULT_MODELS.get(current_app.config["AI_PROVIDER"]))

    def current_params(self, job, shop) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        return {**job.params, "settings": settings_snapshot(shop)}

    def describe_changes(self, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
        return describe_settings_changes(before.get("settings") or {},
                                         after.get("settings") or {})

    def size_hint(self, context: RunContext) -> int | None:
        return scope_size_hint(context.shopify(), context.job.scope)

    def enumerate(self, context: RunContext) -> Iterator[ItemSpec]:
        job = context.job
        client = context.shopify()
        shop_info = get_shop(client)
        overwrite = bool(job.options.get("overwrite"))
        for product in iter_scope(client, job.scope, READ_FIELDS):
            facts = _facts(product, shop_info)
            if job.field == "alt_text":
                for position, image in enumerate(product.media or (), start=1):
                    if (image.alt or "").strip() and not overwrite:
                        continue  # the merchant's own alt text stays unless asked
                    yield ItemSpec(product_id=product.id, product_title=product.title,
                                   target_id=image.id, original=image.alt or "",
                                   input={**facts, "image_url": image.url,
                                          "thumbnail_url": image.url,
                                          "target_label": f"Image {position}",
                                          "image_alt": image.alt or "",
                                          "image_position": position})
                continue
            original = {"description": product.description_html,
                        "seo_title": product.seo_title,
                        "seo_description": product.seo_description}[job.field]
            # The product's first picture, shown beside the result while reviewing.
            picture = next((image.url for image in product.media or () if image.url), None)
            yield ItemSpec(product_id=product.id, product_title=product.title,
                           original=original or "", input={**facts, "thumbnail_url": picture})

    def process(self, item: ItemInput, context: RunContext) -> ItemResult:
        provider, cache = context.service("text_provider", lambda: _provider(context.shop.id))
        settings = GenerationSettings.from_mapping(context.job.params.get("settings"),
                                                   context.job.options)
        try:
            generation = generate_with_cache(provider, cache, context.job.field,
                                             ProductFacts.from_mapping(item.input), settings)
        except ProviderError as exc:
            return ItemResult(ok=False, error=str(exc), retryable=exc.retryable)
        return _result(generation, item, settings)

    def regenerate(self, item: ItemInput, context: RunContext,
                   instruction: str | None) -> ItemResult:
        provider, _ = context.service("text_provider", lambda: _provider(context.shop.id))
        settings = GenerationSettings.from_mapping(context.job.params.get("settings"),
                                                   context.job.options)
        if instruction:
            extra = f"For this product: {instruction}"
            combined = f"{settings.custom_instructions}\n{extra}".strip()
            settings = replace(settings, custom_instructions=combined)
        try:  # never the cache: the merchant asked for another text
            generation = generate_with_cache(provider, None, context.job.field,
                                             ProductFacts.from_mapping(item.input), settings)
        except ProviderError as exc:
            return ItemResult(ok=False, error=str(exc), retryable=exc.retryable)
        return _result(generation, item, settings)

    def finalize(self, context: RunContext) -> None:
        job = db.session.get(Job, context.job.id)
        if job is not None:
            self.rescore(job)

    def checks_for(self, job: Job, item_input: dict[str, Any],
                   text: str) -> list[dict[str, Any]]:
        settings = GenerationSettings.from_mapping(job.params.get("settings"), job.options)
        return quality.check(text, item_input, settings.language)

    def rescore(self, job: Job, item_ids: list[int] | None = None) -> None:
        settings = GenerationSettings.from_mapping(job.params.get("settings"), job.options)
        quality.rescore_job(job, settings.language, item_ids)


def _result(generation: Any, item: ItemInput, settings: GenerationSettings) -> ItemResult:
    return ItemResult(ok=True, proposed=generation.text,
                      checks=quality.check(generation.text, item.input, settings.language),
                      tokens_in=generation.tokens_in, tokens_out=generation.tokens_out,
                      cost=generation.cost)


def _provider(shop_id: int) -> tuple[Any, ResultCache]:
    connection = redis_ext.client
    cache = ResultCache(connection, prefix=redis_keys.for_shop(shop_id).ai_results_prefix())
    return provider_from_config(current_app.config, redis=connection), cache


def _scope_label(scope: dict[str, Any]) -> str:
    kind = scope.get("type", "all")
    if kind in ("tag", "vendor", "product_type", "status"):
        return f"{kind.replace('_', ' ')} {scope.get('value')}"
    if kind == "collection" and scope.get("title"):
        return f"collection {scope['title']}"
    return SCOPE_LABELS.get(kind, kind)


def _facts(product: Any, shop_info: Any) -> dict[str, Any]:
    options: dict[str, list[str]] = {}
    for variant in product.variants or ():
        for name, value in variant.options:
            values = options.setdefault(name, [])
            if value not in values:
                values.append(value)
    return {
        "title": product.title, "vendor": product.vendor, "product_type": product.product_type,
        "tags": list(product.tags), "options": options,
        "variants": [{"title": v.title, "sku": v.sku, "price": v.price}
                     for v in product.variants or ()],
        "currency": shop_info.currency_code, "description": product.description_html or "",
        "shop_name": shop_info.name,
        "collections": [c.title for c in product.collections or ()],
    }
