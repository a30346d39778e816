"""Merchant-editable Jinja templates, rendered in a locked-down sandbox.

Templates come from merchants, so they run in Jinja's immutable sandbox: no
attribute starting with ``_``, no internals of functions or frames, no
mutation of lists or dicts. On top of that we cap ``*`` and ``**`` on big
operands, the size of the output and the time a render may take, so a
template can exhaust neither memory nor a worker. Every failure becomes a
:class:`TemplateError` a merchant can act on.
"""
from __future__ import annotations

import operator
import sys
import threading
import time
from types import TracebackType
from typing import Any

from jinja2 import Undefined
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import TemplateError
from .facts import ProductFacts
from .money import format_money, format_price_range
from .settings import GenerationSettings
from .text import clip_words, join_list, sentences

MAX_OUTPUT = 100_000
RENDER_SECONDS = 2.0
MAX_SEQUENCE = 10_000
_MERCH_TAGS = frozenset({"sale", "new", "featured", "bestseller", "best seller", "hidden",
                         "clearance", "discount", "draft", "test"})


class _Undefined(Undefined):
    """Missing values render as nothing; blocked attributes fail loudly.

    The sandbox answers ``''.__class__`` with an undefined value that carries a
    ``SecurityError``; rendering it silently would hide the violation.
    """

    __slots__ = ()

    def __str__(self) -> str:
        if self._undefined_exception is SecurityError:
            self._fail_with_undefined_error()
        return ""


class ShelfSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "**":
            if isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError("the power operator is limited to exponents up to 64")
            return operator.pow(left, right)
        for size_of, count in ((left, right), (right, left)):
            if isinstance(size_of, str | list | tuple) and isinstance(count, int) \
                    and len(size_of) * count > MAX_SEQUENCE:
                raise SecurityError(f"repeating text is limited to {MAX_SEQUENCE} characters")
        return operator.mul(left, right)


class _TooSlow(Exception):
    pass


class _Deadline:
    """Stops a render that runs too long (nested loops that print nothing).

    A trace function on this thread only, active only in template code: it
    sees every line a template executes and raises once time is up.
    """

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.lines = 0

    def on_call(self, frame: Any, event: str, arg: Any) -> Any:
        return self.on_line if frame.f_code.co_filename == "<template>" else None

    def on_line(self, frame: Any, event: str, arg: Any) -> Any:
        self.lines += 1
        if self.lines % 512 == 0 and time.monotonic() > self.end:
            raise _TooSlow
        return self.on_line


def _fit(parts: Any, limit: int = 70, separator: str = " | ") -> str:
    """Join non-empty parts while the result stays within ``limit`` characters."""
    result = ""
    for part in parts or ():
        part = " ".join(str(part).split())
        if not part or part.lower() in result.lower():
            continue
        candidate = f"{result}{separator}{part}" if result else part
        if len(candidate) <= limit:
            result = candidate
        elif not result:
            result = clip_words(part, limit)
    return result


def new_environment(*, autoescape: bool) -> ShelfSandbox:
    # HTML templates read best with block lines trimmed; plain-text ones are
    # collapsed to one line anyway, and trimming would glue sentences together.
    env = ShelfSandbox(autoescape=autoescape, undefined=_Undefined, trim_blocks=autoescape,
                       lstrip_blocks=autoescape, keep_trailing_newline=False)
    env.filters.update({"clip": clip_words, "sentences": sentences, "join_list": join_list,
                        "squash": lambda text: " ".join(str(text).split()), "fit": _fit,
                        "upper_first": lambda text: str(text)[:1].upper() + str(text)[1:]})
    return env


class TemplateRenderer:
    """Compiles and renders merchant templates; thread-safe, compiled once per source."""

    def __init__(self, *, time_limit: float = RENDER_SECONDS) -> None:
        self.time_limit = time_limit
        self._envs = {True: new_environment(autoescape=True),
                      False: new_environment(autoescape=False)}
        self._compiled: dict[tuple[bool, str], Any] = {}
        self._lock = threading.Lock()

    def compile(self, source: str, *, html: bool) -> Any:
        key = (html, source)
        with self._lock:
            template = self._compiled.get(key)
        if template is not None:
            return template
        try:
            template = self._envs[html].from_string(source)
        except TemplateSyntaxError as exc:
            raise TemplateError(f"Line {exc.lineno}: {exc.message}", line=exc.lineno) from exc
        with self._lock:
            if len(self._compiled) > 256:  # merchants edit templates; do not grow forever
                self._compiled.clear()
            self._compiled[key] = template
        return template

    def render(self, source: str, context: dict[str, Any], *, html: bool) -> str:
        """Render ``source``; raises :class:`TemplateError` with a readable message."""
        template = self.compile(source, html=html)
        pieces: list[str] = []
        size = 0
        previous_trace = sys.gettrace()
        sys.settrace(_Deadline(self.time_limit).on_call)
        try:
            for piece in template.generate(**context):
                size += len(piece)
                if size > MAX_OUTPUT:
                    raise TemplateError(f"The template produced more than {MAX_OUTPUT} "
                                        "characters; check its loops")
                pieces.append(piece)
        except TemplateError:
            raise
        except _TooSlow as exc:
            raise TemplateError(f"The template took longer than {self.time_limit:g} seconds "
                                "to render; check its loops") from exc
        except SecurityError as exc:
            line = _template_line(sys.exc_info()[2])
            raise TemplateError(f"{_at(line)}this template uses something that is not "
                                f"allowed ({exc})", line=line) from exc
        except UndefinedError as exc:
            line = _template_line(sys.exc_info()[2])
            raise TemplateError(f"{_at(line)}{exc.message}", line=line) from exc
        except Exception as exc:  # any runtime error inside merchant code
            line = _template_line(sys.exc_info()[2])
            raise TemplateError(f"{_at(line)}the template failed: {exc}", line=line) from exc
        finally:
            sys.settrace(previous_trace)
        return "".join(pieces)


def _at(line: int | None) -> str:
    return f"Line {line}: " if line else ""


def _template_line(tb: TracebackType | None) -> int | None:
    """The template line of the innermost template frame (Jinja rewrites tracebacks)."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def template_context(facts: ProductFacts, settings: GenerationSettings) -> dict[str, Any]:
    """The variables a template can use; plain strings, lists and dicts only."""
    language = settings.language
    keywords = [t for t in facts.tags if t.lower() not in _MERCH_TAGS
                and not any(c in t for c in "_:=/") and not t.isdigit()]
    prices = facts.price_range
    return {
        "title": facts.title, "vendor": facts.vendor, "product_type": facts.product_type,
        "tags": list(facts.tags), "keywords": keywords,
        "options": {name: list(values) for name, values in facts.options.items()},
        "variants": [{"title": v.title, "sku": v.sku,
                      "price": format_money(v.price, prices.currency if prices else "", language)
                      if v.price else ""} for v in facts.variants],
        "price": format_price_range(prices, language),
        "price_min": format_money(prices.min, prices.currency, language) if prices else "",
        "price_max": format_money(prices.max, prices.currency, language) if prices else "",
        "currency": prices.currency if prices else "",
        "description": facts.description, "shop_name": facts.shop_name,
        "collections": list(facts.collections), "image_alt": facts.image_alt,
        "image_position": facts.image_position or 1,
        "language": language, "tone": settings.tone, "brand_voice": settings.brand_voice,
    }
