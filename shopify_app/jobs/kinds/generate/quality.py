"""Fact checks and SEO scores of generated text: what a merchant reviews before publishing.

Checks run in the worker threads with each result (pure, offline). Scores are
computed over the whole job at once, because the most common defect of bulk
generation — near-identical texts — is only visible across all of its items.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, func, select, update

from shopify_app.ai.factguard import check_claims, claims_to_json
from shopify_app.ai.seo_score import DuplicateIndex, score
from shopify_app.extensions import db
from shopify_app.models import Job, JobItem
from shopify_app.models.job import dumps, job_update
from shopify_app.models.types import utcnow

# Below this an item shows in the "low score" filter.
LOW_SCORE = 60
_CHUNK = 2_000


def check(text: str | None, facts: Mapping[str, Any], language: str) -> list[dict[str, Any]]:
    """The claims in `text` its product's facts do not support, as stored on the item."""
    return claims_to_json(check_claims(text or "", facts, language=language))


def rescore_job(job: Job, language: str, item_ids: list[int] | None = None) -> None:
    """Score every succeeded item's proposed and original text (before → after), with
    near-duplicates across the job's proposals and the store's current texts, and
    store the job's averages. `item_ids` limits the rows written (not the index)."""
    rows = db.session.execute(select(JobItem.id, JobItem.proposed, JobItem.original,
                                     JobItem.input_json).where(
        JobItem.job_id == job.id, JobItem.status == "succeeded")).all()
    after, before = DuplicateIndex(), DuplicateIndex()
    after.add_many([(row.id, row.proposed or "") for row in rows if row.proposed])
    # The store's own texts: a proposal close to another product's page is a duplicate.
    after.add_many([(f"store-{row.id}", row.original or "") for row in rows if row.original],
                   external=True)
    before.add_many([(row.id, row.original or "") for row in rows if row.original])
    wanted = set(item_ids) if item_ids is not None else None
    field, updates = job.field or "", []
    for row in rows:
        if wanted is not None and row.id not in wanted:
            continue
        facts = _facts(row.input_json)
        own = f"store-{row.id}"
        proposed = score(field, row.proposed, facts, language=language,
                         duplicates=[m for m in after.matches(row.id) if m.key != own]
                         if row.proposed else ())
        original = score(field, row.original, facts, language=language,
                         duplicates=before.matches(row.id) if row.original else ())
        updates.append({"item_id": row.id, "score": proposed.value,
                        "seo": dumps({"after": proposed.to_json(),
                                      "before": original.to_json()})})
    items = JobItem.__table__
    connection = db.session.connection()
    for start in range(0, len(updates), _CHUNK):
        connection.execute(update(items).where(items.c.id == bindparam("item_id")).values(
            seo_score=bindparam("score"), seo_json=bindparam("seo")),
            updates[start:start + _CHUNK])
    _store_averages(job, field, language)
    db.session.commit()


def _store_averages(job: Job, field: str, language: str) -> None:
    average = db.session.scalar(select(func.avg(JobItem.seo_score)).where(
        JobItem.job_id == job.id, JobItem.status == "succeeded"))
    befores = [(_json(seo) or {}).get("before", {}).get("value")
               for seo in db.session.scalars(select(JobItem.seo_json).where(
                   JobItem.job_id == job.id, JobItem.status == "succeeded"))]
    befores = [b for b in befores if isinstance(b, int)]
    db.session.execute(job_update().where(Job.id == job.id).values(
        seo_average=None if average is None else round(float(average)),
        seo_average_before=round(sum(befores) / len(befores)) if befores else None,
        updated_at=utcnow()))


def _facts(input_json: str | None) -> dict[str, Any]:
    return _json(input_json) or {}


def _json(text: str | None) -> Any:
    import json

    return json.loads(text) if text else None
