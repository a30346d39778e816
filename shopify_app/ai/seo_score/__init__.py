"""SEO score: a 0–100 score with reasons for SEO titles, meta descriptions, descriptions and
alt text, and a duplicate index for near-identical texts across a job and the store.

Pure and offline. A job scores each field before and after generation::

    index = DuplicateIndex()
    for item in items:
        index.add(item.id, item.proposed)
    result = score("description", item.proposed, item.input, language="de",
                   duplicates=index.matches(item.id))
    result.value, [r.to_json() for r in result.reasons]
"""
from __future__ import annotations

from .duplicates import DuplicateIndex, DuplicateMatch
from .model import Reason, Score
from .scoring import FIELDS, score

__all__ = ["FIELDS", "DuplicateIndex", "DuplicateMatch", "Reason", "Score", "score"]
