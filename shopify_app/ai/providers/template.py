"""The template writer: free, offline, deterministic text from merchant templates.

Each field has a default template per language (English, German, French,
Spanish; other languages fall back to English). A merchant can replace any of
them in settings; the live preview renders through the same path as jobs.
"""
from __future__ import annotations

import functools
from importlib import resources

from ..facts import ProductFacts
from ..settings import Field, GenerationSettings, base_language, field_of
from ..templating import TemplateRenderer, template_context
from ..text import tidy_stops
from ..validate import validate_output
from .base import Generation

TEMPLATE_LANGUAGES = ("en", "de", "fr", "es")
_FILES = {Field.DESCRIPTION: "description.html.j2", Field.SEO_TITLE: "seo_title.txt.j2",
          Field.SEO_DESCRIPTION: "seo_description.txt.j2", Field.ALT_TEXT: "alt_text.txt.j2"}


@functools.cache
def _default_source(language: str, field: Field) -> str:
    folder = resources.files("shopify_app.ai").joinpath("templates").joinpath(language)
    return folder.joinpath(_FILES[field]).read_text(encoding="utf-8")


def default_templates(language: str = "en") -> dict[str, str]:
    """The built-in template of every field for ``language`` (English when we have none)."""
    lang = base_language(language)
    lang = lang if lang in TEMPLATE_LANGUAGES else "en"
    return {field.value: _default_source(lang, field) for field in Field}


class TemplateWriter:
    """A :class:`TextProvider` that renders templates instead of calling a model."""

    name = "template"
    model = "builtin"
    # Rendering is cheaper than a cache round trip.
    cacheable = False

    def __init__(self, renderer: TemplateRenderer | None = None) -> None:
        self.renderer = renderer or TemplateRenderer()

    def source(self, field: Field, settings: GenerationSettings) -> str:
        return settings.template(field) or default_templates(settings.language)[field.value]

    def render(self, source: str, field: Field | str, facts: ProductFacts,
               settings: GenerationSettings) -> str:
        """Render ``source`` for ``field`` and validate it like any provider's output."""
        field = field_of(field)
        html = field is Field.DESCRIPTION
        raw = self.renderer.render(source, template_context(facts, settings), html=html)
        # Templates end sentences after values that may end with a stop themselves.
        raw = tidy_stops(raw)
        if not html:  # a template's line breaks are layout, not paragraphs
            raw = " ".join(raw.split())
        # The merchant wrote the wording: its language and length are theirs to choose.
        return validate_output(field, raw, settings, from_model=False)

    def generate(self, field: Field | str, facts: ProductFacts,
                 settings: GenerationSettings) -> Generation:
        field = field_of(field)
        text = self.render(self.source(field, settings), field, facts, settings)
        return Generation(text=text, tokens_in=0, tokens_out=0, cost=0.0,
                          provider=self.name, model=self.model)


@functools.cache
def _preview_writer() -> TemplateWriter:
    return TemplateWriter()


def render_preview(template_text: str, field: Field | str, facts: ProductFacts,
                   settings: GenerationSettings) -> str:
    """Render a template being edited in settings, exactly as a job would.

    Raises:
        TemplateError: the template does not parse or breaks a sandbox rule
            (the message names the line).
        InvalidOutputError: it rendered, but the result is unusable for the
            field (empty, or far over the length limit).
    """
    return _preview_writer().render(template_text, field, facts, settings)
