"""The generation loop shared by the language-model providers.

Build the prompt, call the API, validate the answer; when the answer is not
usable, ask once more with the reason appended, then give up with
:class:`InvalidOutputError`. Subclasses only know their API's request and
response shapes.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import InvalidOutputError
from ..facts import ProductFacts
from ..http import JsonClient
from ..pricing import cost_of
from ..prompts import Prompt, build_prompt
from ..settings import Field, GenerationSettings, field_of
from ..validate import validate_output
from .base import Generation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Completion:
    """One API answer: the text and the tokens it used."""

    text: str
    tokens_in: int
    tokens_out: int
    # Set when the answer cannot be used whatever it says (cut off, refused).
    problem: str | None = None


def join_url(base: str, path: str) -> str:
    """``base`` + ``path``, keeping a query string on the base (Azure's ``api-version``)."""
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + path))


def usage_int(value: Any) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


class ChatProvider:
    """Base class of providers that call a language-model API over HTTP."""

    name = "chat"

    def __init__(self, *, model: str, base_url: str, client: JsonClient,
                 vision: bool = True) -> None:
        self.model = model
        self.base_url = base_url.rstrip("/")
        self.client = client
        self.vision = vision

    def generate(self, field: Field | str, facts: ProductFacts,
                 settings: GenerationSettings) -> Generation:
        """Write one field, validated; one corrective retry for unusable output.

        Raises:
            InvalidOutputError: the answer was unusable twice (``reason`` says why).
            ProviderError: the API failed (see ``retryable``).
        """
        field = field_of(field)
        tokens_in = tokens_out = 0
        correction: str | None = None
        for attempt in (1, 2):
            prompt = build_prompt(field, facts, settings, correction=correction,
                                  vision=self.vision)
            completion = self.complete(prompt)
            tokens_in += completion.tokens_in
            tokens_out += completion.tokens_out
            try:
                if completion.problem:
                    raise InvalidOutputError(completion.problem, provider=self.name,
                                             text=completion.text)
                text = validate_output(field, completion.text, settings)
            except InvalidOutputError as exc:
                if attempt == 2:
                    raise InvalidOutputError(exc.reason, provider=self.name,
                                             text=exc.text) from exc
                log.info("%s/%s: unusable %s (%s); asking again", self.name, self.model,
                         field.value, exc.reason)
                correction = exc.reason
                continue
            cost, known = cost_of(self.model, tokens_in, tokens_out)
            return Generation(text=text, tokens_in=tokens_in, tokens_out=tokens_out,
                              cost=cost, provider=self.name, model=self.model,
                              cost_known=known)
        raise AssertionError("unreachable")  # pragma: no cover

    def complete(self, prompt: Prompt) -> Completion:
        """Send one prompt and read the answer."""
        raise NotImplementedError

    def close(self) -> None:
        self.client.session.close()
