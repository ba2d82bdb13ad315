"""Markdown from users, rendered to HTML that is safe to show: no raw HTML, no scripts."""

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# html=False: raw HTML in the source is shown as text; nh3 then removes anything left
# that could execute (javascript: links, event handlers) as a second line of defence.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "s",
    "del",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


_HEADING = re.compile(r"<(/?)h([1-6])>")


def _demote_heading(match: re.Match[str]) -> str:
    # The page owns h1: every heading moves one level down, keeping the hierarchy.
    return f"<{match.group(1)}h{min(int(match.group(2)) + 1, 6)}>"


def render_markdown(source: str) -> SafeString:
    """HTML for `source`, safe to show; headings start at h2."""
    html = _md.render(source or "")
    html = _HEADING.sub(_demote_heading, html)
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow ugc",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


def markdown_to_text(source: str) -> str:
    """Plain text of `source` for search indexes and meta descriptions."""
    return html.unescape(nh3.clean(_md.render(source or ""), tags=set())).strip()
