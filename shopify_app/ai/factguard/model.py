"""What the fact guard reports: one unsupported claim with where it is and why."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class ClaimKind(StrEnum):
    NUMBER_UNIT = "number_unit"
    MATERIAL = "material"
    COLOUR = "colour"
    CERTIFICATION = "certification"
    ABSOLUTE = "absolute"
    ORIGIN = "origin"
    WARRANTY = "warranty"
    PRICE = "price"


@dataclass(frozen=True)
class Claim:
    """A claim in a text that the product's own facts do not support.

    ``start`` and ``end`` are offsets into the text that was checked (into the
    HTML string for a description), so ``text[start:end]`` is the claim as
    written; ``text`` is its visible wording.
    """

    text: str
    start: int
    end: int
    kind: ClaimKind
    why: str

    def to_json(self) -> dict[str, Any]:
        return {"claim": self.text, "span": [self.start, self.end], "kind": self.kind.value,
                "why": self.why}


def claims_to_json(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """The item JSON ``checks`` value: one object per flagged claim, in text order."""
    return [claim.to_json() for claim in claims]
