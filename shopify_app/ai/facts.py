"""The product facts text is written from, as plain data the job engine fills in."""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

_TAG = re.compile(r"<[^>]*>")
# Shopify's placeholder option of products without real options.
_PLACEHOLDER_OPTION = ("title", ("default title",))


@dataclass(frozen=True)
class VariantFacts:
    title: str = ""
    sku: str = ""
    price: str = ""


@dataclass(frozen=True)
class PriceRange:
    """Prices as decimal strings (``"19.90"``) in the shop's currency."""

    min: str
    max: str
    currency: str = ""


@dataclass(frozen=True)
class ProductFacts:
    """Everything a writer may say about one product (or one of its images).

    Build it with :meth:`from_mapping` from a plain dict so the job engine can
    keep the snapshot as JSON on the item.
    """

    title: str = ""
    vendor: str = ""
    product_type: str = ""
    tags: tuple[str, ...] = ()
    options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    variants: tuple[VariantFacts, ...] = ()
    price_range: PriceRange | None = None
    description: str = ""
    image_url: str | None = None
    image_alt: str = ""
    image_position: int | None = None
    shop_name: str = ""
    collections: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ProductFacts:
        """Build from a dict; tolerant of missing keys and of Shopify's shapes.

        ``description`` may be HTML (it is reduced to plain text);
        ``price_range`` may be ``{"min", "max", "currency"}`` or a 3-tuple; when
        absent it is derived from the variants' prices and ``currency``.
        """
        variants = tuple(_variant(v) for v in data.get("variants") or ())
        options = {str(name).strip(): tuple(_texts(values))
                   for name, values in dict(data.get("options") or {}).items()
                   if str(name).strip()}
        options = {k: v for k, v in options.items()
                   if v and (k.lower(), tuple(x.lower() for x in v)) != _PLACEHOLDER_OPTION}
        position = data.get("image_position")
        return cls(
            title=_text(data.get("title")),
            vendor=_text(data.get("vendor")),
            product_type=_text(data.get("product_type")),
            tags=tuple(_texts(data.get("tags") or ())),
            options=options,
            variants=variants,
            price_range=_price_range(data.get("price_range"), variants,
                                     _text(data.get("currency"))),
            description=plain_text(str(data.get("description") or "")),
            image_url=_text(data.get("image_url")) or None,
            image_alt=_text(data.get("image_alt")),
            image_position=int(position) if isinstance(position, int | str)
            and str(position).isdigit() else None,
            shop_name=_text(data.get("shop_name")),
            collections=tuple(_texts(data.get("collections") or ())),
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict that :meth:`from_mapping` reads back unchanged."""
        data = asdict(self)
        data["options"] = {k: list(v) for k, v in self.options.items()}
        return data

    @property
    def distinct_skus(self) -> list[str]:
        return list(dict.fromkeys(v.sku for v in self.variants if v.sku))


def plain_text(markup: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _texts(values: Iterable[Any]) -> Iterable[str]:
    if isinstance(values, str):
        values = values.split(",")
    for value in values:
        text = _text(value.get("title") if isinstance(value, Mapping) else value)
        if text:
            yield text


def _variant(raw: Any) -> VariantFacts:
    if isinstance(raw, VariantFacts):
        return raw
    raw = raw if isinstance(raw, Mapping) else {"title": raw}
    return VariantFacts(title=_text(raw.get("title")), sku=_text(raw.get("sku")),
                        price=_text(raw.get("price")))


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number >= 0 else None


def _price_range(raw: Any, variants: tuple[VariantFacts, ...],
                 currency: str) -> PriceRange | None:
    if isinstance(raw, PriceRange):
        return raw
    if isinstance(raw, Mapping):
        low, high = _decimal(raw.get("min")), _decimal(raw.get("max"))
        currency = _text(raw.get("currency")) or currency
    elif isinstance(raw, list | tuple) and len(raw) == 3:
        low, high = _decimal(raw[0]), _decimal(raw[1])
        currency = _text(raw[2]) or currency
    else:
        prices = [p for p in (_decimal(v.price) for v in variants if v.price) if p is not None]
        low, high = (min(prices), max(prices)) if prices else (None, None)
    if low is None and high is None:
        return None
    low = low if low is not None else high
    high = high if high is not None else low
    return PriceRange(min=str(low), max=str(high), currency=currency.upper())
