import json

from django import template
from django.utils.safestring import SafeString, mark_safe

from wandelnetz.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(source: str) -> SafeString:
    return render_markdown(source)


@register.simple_tag
def json_ld(data: dict) -> SafeString:
    """A schema.org JSON-LD block; '<' is escaped so no text can close the script element.

    A data block is never executed, so it needs no CSP nonce, and pages stay cacheable.
    """
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - JSON, '<' escaped
