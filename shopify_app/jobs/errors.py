"""What the job engine and its kinds raise when a request cannot be honoured.

They say what went wrong in the merchant's words and nothing about HTTP: the web
layer maps each to its status (shopify_app/web/errors.py), workers and the CLI
catch them as they are.
"""
from __future__ import annotations


class JobError(Exception):
    """Base of the engine's domain errors; `detail` is a sentence a merchant understands."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(JobError):
    """The job or item does not exist for this shop (another shop's looks the same)."""


class StateConflict(JobError):
    """The job or item exists but is in a state where this action does not apply."""


class InvalidInput(JobError):
    """A request named invalid values; one (field, problem) pair per field.

    Fields are dotted paths into the request body, e.g. "options.target".
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(detail for _, detail in problems))
        self.problems = list(problems)


class Unavailable(JobError):
    """A service the action needs (the AI provider) failed; trying again later may work."""
