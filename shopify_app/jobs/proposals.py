"""Generating one item again, and choosing among its proposals.

A regenerated text never comes from the result cache; earlier proposals are kept
on the item (oldest first) so the merchant can go back to one. The usage of every
call is added to the item and the job.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from shopify_app.extensions import db
from shopify_app.jobs import events
from shopify_app.jobs.errors import InvalidInput, StateConflict, Unavailable
from shopify_app.jobs.kinds.base import ItemInput, JobView, RunContext, ShopView
from shopify_app.jobs.publishing import publishable_kind
from shopify_app.jobs.serialize import iso, item_change, job_summary
from shopify_app.jobs.service import audit
from shopify_app.models import Job, JobItem, Shop
from shopify_app.models.job import LOCKED_STATUSES, dumps, job_update
from shopify_app.models.types import utcnow

MAX_PROPOSALS = 10
MAX_INSTRUCTION = 500


def parse_instruction(body: dict[str, Any]) -> str | None:
    unknown = [key for key in body if key != "instruction"]
    if unknown:
        raise InvalidInput([(unknown[0], f"unknown field {unknown[0]}; send "
                                         "{\"instruction\": \"...\"} or nothing")])
    value = body.get("instruction")
    if value is None:
        return None
    if not isinstance(value, str) or len(value.strip()) > MAX_INSTRUCTION:
        raise InvalidInput([("instruction", f"instruction must be text of at most "
                                            f"{MAX_INSTRUCTION} characters")])
    return value.strip() or None


def _reviewable(job: Job, item: JobItem) -> Any:
    kind = publishable_kind(job)
    if kind is None or not kind.presentation(job).regenerable:
        raise StateConflict("This job's results cannot be generated again")
    if item.status != "succeeded" or item.publish_status in LOCKED_STATUSES:
        raise StateConflict("Only unpublished results can be generated again; revert it first")
    return kind


def regenerate(job: Job, item: JobItem, instruction: str | None, actor: str) -> JobItem:
    kind = _reviewable(job, item)
    proposals = item.proposals
    if len(proposals) >= MAX_PROPOSALS:
        raise StateConflict(f"This item already has {MAX_PROPOSALS} proposals; edit one of "
                            "them instead")
    shop = db.session.get(Shop, job.shop_id)
    context = RunContext(shop=ShopView(id=shop.id, domain=shop.domain), job=JobView.of(job))
    snapshot = ItemInput(id=item.id, position=item.position, product_id=item.product_id,
                         product_title=item.product_title, target_id=item.target_id,
                         original=item.original, input=item.input, attempts=item.attempts)
    result = kind.regenerate(snapshot, context, instruction)
    if not result.ok:
        raise Unavailable(f"The text could not be generated again: {result.error}")
    if not proposals:  # the first proposal was the job's own
        proposals.append(_proposal(item.proposed, item.checks, None, item.updated_at))
    proposals.append(_proposal(result.proposed, result.checks or [], instruction, utcnow(),
                               result))
    old = item.proposed
    _use(item, proposals, len(proposals) - 1)
    item.tokens_in += result.tokens_in
    item.tokens_out += result.tokens_out
    item.cost = Decimal(str(item.cost or 0)) + Decimal(str(result.cost))
    db.session.execute(job_update().where(Job.id == job.id).values(
        tokens_in=Job.tokens_in + result.tokens_in, tokens_out=Job.tokens_out + result.tokens_out,
        cost=Job.cost + Decimal(str(result.cost)), updated_at=utcnow()))
    audit(job, "regenerate", actor, {"old": old, "new": item.proposed,
                                     "instruction": instruction}, item_id=item.id)
    return _finish(job, item, kind)


def choose(job: Job, item: JobItem, body: dict[str, Any], actor: str) -> JobItem:
    unknown = [key for key in body if key != "proposal"]
    if unknown:
        raise InvalidInput([(unknown[0], f"unknown field {unknown[0]}; send "
                                         "{\"proposal\": <index>}")])
    index, proposals = body.get("proposal"), item.proposals
    if not isinstance(index, int) or isinstance(index, bool) \
            or not 0 <= index < len(proposals):
        raise InvalidInput([("proposal", "proposal must be the index of one of the item's "
                                         f"{len(proposals)} proposals")])
    kind = _reviewable(job, item)
    old = item.proposed
    _use(item, proposals, index)
    audit(job, "choose_proposal", actor, {"old": old, "new": item.proposed,
                                          "proposal": index}, item_id=item.id)
    return _finish(job, item, kind)


def _proposal(text: str | None, checks: list[dict[str, Any]], instruction: str | None,
              moment: Any, result: Any = None) -> dict[str, Any]:
    return {"text": text, "checks": checks, "instruction": instruction,
            "created_at": iso(moment),
            "usage": {"tokens_in": getattr(result, "tokens_in", 0),
                      "tokens_out": getattr(result, "tokens_out", 0),
                      "cost": float(getattr(result, "cost", 0))}}


def _use(item: JobItem, proposals: list[dict[str, Any]], index: int) -> None:
    chosen = proposals[index]
    for position, proposal in enumerate(proposals):
        proposal["chosen"] = position == index
    item.proposals_json = dumps(proposals)
    item.proposed = chosen["text"]
    item.checks_json = dumps(chosen["checks"])
    item.flagged = bool(chosen["checks"])
    item.updated_at = utcnow()


def recount_flags(job_id: str) -> None:
    flagged = db.session.scalar(select(func.count()).select_from(JobItem).where(
        JobItem.job_id == job_id, JobItem.flagged.is_(True), JobItem.status == "succeeded"))
    db.session.execute(job_update().where(Job.id == job_id).values(flagged=flagged or 0))


def _finish(job: Job, item: JobItem, kind: Any) -> JobItem:
    db.session.flush()
    recount_flags(job.id)
    kind.rescore(job, [item.id])  # commits
    db.session.refresh(item)
    db.session.refresh(job)
    events.publish(job.shop_id, [
        ("items.updated", {"job_id": job.id, "items": [
            item_change(item.id, item.status, item.publish_status)]}),
        ("job.updated", job_summary(job))])
    return item
