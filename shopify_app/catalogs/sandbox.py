"""The sandboxed Jinja environment merchants' custom layouts run in.

ImmutableSandboxedEnvironment refuses attributes such as ``__class__`` and any
method that changes a value; on top of it, arithmetic that would build huge
strings or numbers, loops over huge ranges and oversized output are refused,
so a template can neither reach Python's internals nor exhaust the worker.
"""
from __future__ import annotations

import operator
from collections.abc import Iterator
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_TEMPLATE_CHARS = 100_000
MAX_OUTPUT_CHARS = 20_000_000
MAX_SEQUENCE = 100_000
MAX_LOOP_STEPS = 1_000_000


class TemplateRefused(ValueError):
    """The template cannot be used; ``detail`` says why in the merchant's words."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class _Budget:
    def __init__(self) -> None:
        self.steps = 0

    def spend(self, count: int) -> None:
        self.steps += count
        if self.steps > MAX_LOOP_STEPS:
            raise SecurityError("the template loops too many times")


class CatalogSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, trim_blocks=True, lstrip_blocks=True)
        self.globals.pop("range", None)
        self.globals.pop("lipsum", None)
        self.globals.pop("cycler", None)
        self.globals.pop("joiner", None)
        self.globals.pop("namespace", None)

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "**":
            if isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError("the exponent is too large")
            return operator.pow(left, right)
        if op == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int) \
                        and len(seq) * count > MAX_SEQUENCE:
                    raise SecurityError("the repeated text is too long")
            return operator.mul(left, right)
        if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple) \
                and len(left) + len(right) > MAX_OUTPUT_CHARS:
            raise SecurityError("the joined text is too long")
        return operator.add(left, right)


def _range(budget: _Budget) -> Any:
    def bounded(*args: int) -> range:
        values = range(*args)
        if len(values) > MAX_SEQUENCE:
            raise SecurityError(f"range is limited to {MAX_SEQUENCE:,} numbers")
        budget.spend(len(values))
        return values

    return bounded


def compile_template(source: str) -> Any:
    """A template object, or TemplateRefused for a syntax error or an oversized template."""
    if not isinstance(source, str) or not source.strip():
        raise TemplateRefused("custom_template must be a non-empty template")
    if len(source) > MAX_TEMPLATE_CHARS:
        raise TemplateRefused(f"custom_template must be at most {MAX_TEMPLATE_CHARS:,} "
                              "characters")
    try:
        return CatalogSandbox().from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateRefused(f"custom_template has an error on line {exc.lineno}: "
                              f"{exc.message}") from exc


def render_sandboxed(source: str, context: dict[str, Any]) -> str:
    """Render a merchant template; TemplateRefused when it breaks a rule or fails."""
    template = compile_template(source)
    budget = _Budget()
    parts: list[str] = []
    size = 0
    try:
        stream: Iterator[str] = template.generate(**context, range=_range(budget))
        for part in stream:
            size += len(part)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateRefused("custom_template produces more than "
                                      f"{MAX_OUTPUT_CHARS // 1_000_000} MB of HTML")
            parts.append(part)
    except SecurityError as exc:
        raise TemplateRefused(f"custom_template is not allowed to do this: {exc}") from exc
    except TemplateError as exc:
        raise TemplateRefused(f"custom_template failed: {exc}") from exc
    except (ArithmeticError, TypeError, ValueError, LookupError) as exc:
        raise TemplateRefused(f"custom_template failed: {exc}") from exc
    return "".join(parts)
