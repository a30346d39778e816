"""Approving an image analysis: tags added and metafields set, and exactly that undone.

Tags and metafields are per product and additive, so there is no compare-then-swap
as for text: writes.py remembers what it added and what each metafield held.
"""
from __future__ import annotations

import json
from typing import Any

from shopify_app.jobs.errors import InvalidInput
from shopify_app.jobs.kinds.analyze_images import writes
from shopify_app.jobs.kinds.base import JobView
from shopify_app.jobs.kinds.publisher import Outcome, PublishContext, Publisher
from shopify_app.models import JobItem

TAG_LIMIT = 255  # Shopify's longest tag


class AnalysisPublisher(Publisher):
    def publish(self, items: list[JobItem], context: PublishContext) -> dict[int, Outcome]:
        target = context.job.options.get("target", "tags")
        outcomes: dict[int, Outcome] = {}
        for item in items:
            stored = json.loads(item.published_value) if item.published_value else None

            def remember(intent: dict[str, Any], item: JobItem = item) -> None:
                context.remember(item, writes.dumps(intent))

            verdict, message, written = writes.publish(
                context.shopify(), item.product_id, json.loads(item.proposed or "{}"), target,
                stored, remember)
            outcomes[item.id] = Outcome(verdict, message, writes.dumps(written)
                                        if written is not None else None)
        return outcomes

    def revert(self, items: list[JobItem], context: PublishContext) -> dict[int, Outcome]:
        outcomes: dict[int, Outcome] = {}
        for item in items:
            stored = json.loads(item.published_value) if item.published_value else {}
            verdict, message = writes.revert(context.shopify(), item.product_id, stored,
                                             force=context.force)
            outcomes[item.id] = Outcome(verdict, message, item.published_value)
        return outcomes

    def validate_edit(self, job: JobView, item: JobItem, value: Any) -> str:
        """An edited analysis changes the tags to add; the metafields stay as analyzed.

        Accepts {"tags": [...]} (or the tag list itself); stores the whole proposal.
        """
        tags = value.get("tags") if isinstance(value, dict) else value
        unknown = sorted(set(value) - {"tags", "metafields"}) if isinstance(value, dict) else []
        if unknown:
            raise InvalidInput([("proposed", f"only the tags of an image analysis can be "
                                             f"edited; {unknown[0]} is not one of its parts")])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise InvalidInput([("proposed", "send the tags to add as a list of text, e.g. "
                                             "{\"tags\": [\"color:navy\"]}")])
        cleaned: list[str] = []
        for tag in (t.strip() for t in tags):
            if not tag or "," in tag or len(tag) > TAG_LIMIT:
                raise InvalidInput([("proposed", f"each tag must be 1 to {TAG_LIMIT} characters "
                                                 "without commas")])
            if tag.casefold() not in {c.casefold() for c in cleaned}:
                cleaned.append(tag)
        if len(cleaned) > writes.MAX_TAGS:
            raise InvalidInput([("proposed", f"at most {writes.MAX_TAGS} tags")])
        proposal = json.loads(item.proposed or "{}")
        proposal["tags"] = cleaned
        return writes.dumps(proposal)
