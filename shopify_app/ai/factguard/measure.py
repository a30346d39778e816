"""Scores the guard on a labelled set: recall of planted claims, clean texts flagged."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .check import check_claims


@dataclass
class Measurement:
    texts: int = 0
    clean_texts: int = 0
    clean_flagged: int = 0
    planted: int = 0
    planted_found: int = 0
    # Flags in planted texts that match no planted claim.
    stray_flags: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    false_flags: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.planted_found / self.planted if self.planted else 1.0

    @property
    def clean_flag_rate(self) -> float:
        return self.clean_flagged / self.clean_texts if self.clean_texts else 0.0


def measure(records: Iterable[Mapping[str, Any]]) -> Measurement:
    """Run the guard over labelled records (``text``, ``facts``, ``language``, ``planted``).

    A planted claim counts as found when a flagged span overlaps its span.
    """
    result = Measurement()
    for record in records:
        claims = check_claims(record["text"], record["facts"], record["language"])
        planted = record.get("planted") or []
        result.texts += 1
        if not planted:
            result.clean_texts += 1
            if claims:
                result.clean_flagged += 1
                result.false_flags.append({"id": record.get("id"),
                                           "claims": [c.why for c in claims]})
            continue
        for label in planted:
            result.planted += 1
            if any(c.start < label["end"] and label["start"] < c.end for c in claims):
                result.planted_found += 1
            else:
                result.missed.append({"id": record.get("id"), **label})
        result.stray_flags += sum(
            1 for c in claims
            if not any(c.start < p["end"] and p["start"] < c.end for p in planted))
    return result
