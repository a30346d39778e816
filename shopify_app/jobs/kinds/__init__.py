"""Job kinds register here. Each kind is a package (or module) with one JobKind subclass
and a register_kinds() function; docs/KINDS.md shows how to add one."""
from __future__ import annotations

from shopify_app.jobs.kinds.base import (
    ItemInput,
    ItemResult,
    ItemSpec,
    JobKind,
    NewJob,
    RunContext,
)

_REGISTRY: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    _REGISTRY[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def get_kind(name: str) -> JobKind:
    """The kind of a stored job; KeyError if the code that ran it is gone."""
    return _REGISTRY[name]


def kind_names() -> list[str]:
    return sorted(_REGISTRY)


def registered() -> list[JobKind]:
    """Every kind, in the order they were registered (built-in ones first)."""
    return list(_REGISTRY.values())


BUILTIN_KIND_MODULES: tuple[str, ...] = ("shopify_app.jobs.kinds.generate",
                                         "shopify_app.jobs.kinds.analyze_images",
                                         "shopify_app.jobs.kinds.build_catalog",
                                         "shopify_app.jobs.kinds.export",
                                         "shopify_app.jobs.kinds.import_sheet")


def load_kinds(extra_modules: list[str]) -> None:
    """Register the built-in kinds plus any configured extra modules (register_kinds())."""
    import importlib

    for module_name in (*BUILTIN_KIND_MODULES, *extra_modules):
        importlib.import_module(module_name).register_kinds()


__all__ = ["ItemInput", "ItemResult", "ItemSpec", "JobKind", "NewJob", "RunContext",
           "get_kind", "kind_names", "load_kinds", "register", "registered", "unregister"]
