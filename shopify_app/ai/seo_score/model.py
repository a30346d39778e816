"""A 0–100 SEO score with the reasons behind it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reason:
    """One rule's verdict. ``points`` is 0 when the rule passed, negative when it cost points."""

    code: str
    message: str
    points: int

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "points": self.points}


@dataclass(frozen=True)
class Score:
    value: int
    reasons: list[Reason] = field(default_factory=list)

    @property
    def problems(self) -> list[Reason]:
        """The reasons that cost points, worst first."""
        return sorted((r for r in self.reasons if r.points < 0), key=lambda r: r.points)

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "reasons": [r.to_json() for r in self.reasons]}


def total(reasons: list[Reason]) -> Score:
    return Score(max(0, min(100, 100 + sum(r.points for r in reasons))), reasons)
