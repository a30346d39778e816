"""Adapters for REST image-tagging services (Ximilar-, Pixyle-style).

:class:`RestAttributeProvider` does the HTTP part (one JSON POST, auth
header, retries on 429/5xx honouring ``Retry-After``); a subclass says what to
send (:meth:`~RestAttributeProvider.build_request`) and how to read the answer
into :class:`~.base.Attributes` (:meth:`~RestAttributeProvider.parse_response`).

A Ximilar fashion-tagging adapter, for example, would POST
``{"records": [{"_url": image_url}]}`` to ``/tagging/fashion/v2/detect_tags``
with ``Authorization: Token <key>`` and read ``records[0]["_tags"]``, a map of
category → ``[{"name", "prob"}]`` — the same shape :class:`TagListProvider`
reads after flattening.
"""
from __future__ import annotations

import re
import time
from abc import abstractmethod
from collections.abc import Callable, Iterable
from typing import Any

import requests

from ..errors import ProviderConfigError, ProviderResponseError
from .base import AttributeProvider, Attributes, AttributeValue
from .http import RetryPolicy, ThreadSessions, post_json


class RestAttributeProvider(AttributeProvider):
    """Base class for tagging services reached with one JSON POST per image."""

    name = "rest"

    def __init__(self, *, base_url: str, api_key: str | None = None, model: str | None = None,
                 session: requests.Session | None = None,
                 timeout: tuple[float, float] = (5.0, 30.0),
                 retry: RetryPolicy | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if not base_url:
            raise ProviderConfigError("VISION_BASE_URL is required for a REST vision provider",
                                      provider=self.name)
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.model = model
        self.sessions = ThreadSessions(session)
        self.timeout = timeout
        self.retry = retry
        self.sleep = sleep

    def headers(self) -> dict[str, str]:
        """Request headers; the default sends ``Authorization: Bearer <key>``."""
        headers = {"Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    @abstractmethod
    def build_request(self, image_url: str, product_title: str,
                      product_type: str) -> tuple[str, dict[str, Any]]:
        """The path (appended to the base URL) and JSON body for one image."""

    @abstractmethod
    def parse_response(self, body: dict[str, Any]) -> Attributes:
        """Map the service's JSON answer to :class:`Attributes`.

        May raise ``KeyError``, ``TypeError`` or ``ValueError`` on an unexpected
        shape; they become :class:`~...errors.ProviderResponseError`.
        """

    def attributes(self, image_url: str, product_title: str,
                   product_type: str) -> Attributes:
        path, payload = self.build_request(image_url, product_title, product_type)
        body = post_json(self.sessions.get(), f"{self.base_url}/{path.lstrip('/')}", payload,
                         provider=self.name, headers=self.headers(), timeout=self.timeout,
                         policy=self.retry, sleep=self.sleep)
        try:
            return self.parse_response(body)
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise ProviderResponseError(f"The {self.name} provider answered with an "
                                        "unexpected shape", provider=self.name) from exc


def snake_case(label: str) -> str:
    """``"Sleeve Length"`` → ``"sleeve_length"``."""
    return re.sub(r"[^a-z0-9]+", "_", label.strip().lower()).strip("_")


class TagListProvider(RestAttributeProvider):
    """A generic "tags with confidence" service.

    Request: ``POST {base_url}/tags`` with ``{"image_url", "title",
    "product_type"}`` (plus ``"model"`` when configured).

    Answer: ``{"model": "...", "tags": [{"name": "striped", "category":
    "Pattern", "confidence": 0.91}, ...]}``. Tags under ``min_confidence`` are
    dropped. Categories are snake-cased and renamed through
    :attr:`category_names`; those in :attr:`multi_valued` keep every tag
    (best first), the others keep their best tag only. A category's
    confidence is its best tag's.
    """

    path = "tags"
    min_confidence = 0.5
    category_names: dict[str, str] = {"sleeves": "sleeve_length", "sleeve": "sleeve_length",
                                      "materials": "material", "fabric": "material",
                                      "neck": "neckline", "neckline_type": "neckline",
                                      "type": "category", "product_type": "category"}
    multi_valued: frozenset[str] = frozenset({"material", "tags"})

    def build_request(self, image_url: str, product_title: str,
                      product_type: str) -> tuple[str, dict[str, Any]]:
        payload: dict[str, Any] = {"image_url": image_url, "title": product_title,
                                   "product_type": product_type}
        if self.model:
            payload["model"] = self.model
        return self.path, payload

    def parse_response(self, body: dict[str, Any]) -> Attributes:
        tags = body["tags"]
        if not isinstance(tags, list):
            raise TypeError("tags is not a list")
        values, confidence = group_tags(
            ((str(t.get("category") or "tags"), str(t["name"]), float(t.get("confidence", 1)))
             for t in tags),
            min_confidence=self.min_confidence, names=self.category_names,
            multi=self.multi_valued)
        return Attributes(values=values, confidence=confidence, provider=self.name,
                          model=str(body.get("model") or self.model or "") or None)


def group_tags(tags: Iterable[tuple[str, str, float]], *, min_confidence: float,
               names: dict[str, str], multi: frozenset[str]
               ) -> tuple[dict[str, AttributeValue], dict[str, float]]:
    """Group ``(category, value, confidence)`` tags into attribute values and scores."""
    by_category: dict[str, list[tuple[float, str]]] = {}
    for category, value, score in tags:
        key = snake_case(category)
        key = names.get(key, key)
        text = " ".join(value.split()).lower()
        if key and text and score >= min_confidence:
            by_category.setdefault(key, []).append((score, text))
    values: dict[str, AttributeValue] = {}
    confidence: dict[str, float] = {}
    for key, scored in by_category.items():
        scored.sort(key=lambda item: (-item[0], item[1]))
        ranked = list(dict.fromkeys(text for _, text in scored))
        values[key] = ranked if key in multi else ranked[0]
        confidence[key] = round(min(max(scored[0][0], 0.0), 1.0), 3)
    return values, confidence
