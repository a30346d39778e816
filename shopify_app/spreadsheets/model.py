"""The neutral change model: what a file asks to change, on which object.

A reference says how the file names an object (by id, handle, SKU, image
position…); resolving it against the store is the caller's job. Every
reference has a ``key`` that is equal for two rows naming the same object
the same way.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .fields import FIELDS


@dataclass(frozen=True, slots=True)
class ProductRef:
    id: str | None = None
    handle: str | None = None

    @property
    def key(self) -> tuple[str, ...]:
        return ("product", "id", self.id) if self.id else ("product", "handle", self.handle or "")

    def describe(self) -> str:
        return f'product "{self.handle}"' if self.handle else f"product {self.id}"


@dataclass(frozen=True, slots=True)
class VariantRef:
    """A variant by id or SKU, else by its product and option values.

    Shopify's CSV leaves SKUs empty as often as not and names such a variant
    by its option values (``("M", "Sand")``; ``("Default Title",)`` for a
    product without options). With neither SKU nor options, the row means the
    product's only variant: the caller fails it if the product has several.
    """

    id: str | None = None
    sku: str | None = None
    product: ProductRef | None = None
    options: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, ...]:
        if self.id:
            return ("variant", "id", self.id)
        if self.sku:
            return ("variant", "sku", self.sku)
        owner = self.product.key if self.product else ()
        if self.options:
            return ("variant", "options", *owner, *self.options)
        return ("variant", "only", *owner)

    def describe(self) -> str:
        if self.sku:
            return f'SKU "{self.sku}"'
        if self.id:
            return f"variant {self.id}"
        where = self.product.describe() if self.product else "its product"
        if self.options:
            return f'the variant "{" / ".join(self.options)}" of {where}'
        return f"the variant of {where}"


@dataclass(frozen=True, slots=True)
class ImageRef:
    """An image by id, or by its product and position (1-based) or URL."""

    id: str | None = None
    product: ProductRef | None = None
    position: int | None = None
    url: str | None = None

    @property
    def key(self) -> tuple[Any, ...]:
        if self.id:
            return ("image", "id", self.id)
        owner = self.product.key if self.product else ()
        if self.position is not None:
            return ("image", "position", *owner, self.position)
        return ("image", "url", *owner, self.url or "")

    def describe(self) -> str:
        if self.id:
            return f"image {self.id}"
        where = self.product.describe() if self.product else "its product"
        if self.position is not None:
            return f"image {self.position} of {where}"
        return f"the image {self.url} of {where}"


Ref = ProductRef | VariantRef | ImageRef


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One value the file sets.

    ``value`` is ``None`` to clear the field (the ``[clear]`` token); a
    ``str`` for text (description HTML already sanitised), a ``tuple`` of
    tags, or a decimal string such as ``"12.90"`` for prices.

    ``problem`` (read with ``defer_checks``): the limit the value breaks (too long, too
    many tags…); ``value`` is then the cell's text. The rule applies only if the value
    would change the store's: the store's own value always imports back unchanged.
    """

    target: Ref
    field: str
    value: Any
    line: int
    note: str | None = None
    problem: str | None = None

    @property
    def clears(self) -> bool:
        return self.value is None

    @property
    def label(self) -> str:
        return FIELDS[self.field].label


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning about a row that is still imported (compare-at below price…)."""

    line: int
    message: str
    field: str | None = None

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"


@dataclass(frozen=True)
class RowResult:
    """What one row asks for. A row with any error changes nothing."""

    line: int
    cells: tuple[str, ...]
    changes: tuple[FieldChange, ...] = ()
    errors: tuple[Any, ...] = ()   # RowError
    notices: tuple[Notice, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors
