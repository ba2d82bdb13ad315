import json

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wandelnetz.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(source: str) -> SafeString:
    return render_markdown(source)


@register.simple_tag(takes_context=True)
def json_ld(context: template.Context, data: dict) -> SafeString:
    """A schema.org JSON-LD block; '<' is escaped so no text can close the script element."""
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    nonce = getattr(context.get("request"), "csp_nonce", "")
    return mark_safe(  # noqa: S308 - payload is JSON with '<' escaped
        f'<script type="application/ld+json" nonce="{escape(nonce)}">{payload}</script>'
    )
