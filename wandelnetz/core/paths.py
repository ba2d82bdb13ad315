"""Addresses of objects by their slug, for the many rows of a list.

`reverse()` walks the URL resolver on every call: a list page with its links to twenty actors,
their topics and regions spent a tenth of its time there. The address of a view whose only
argument is a slug is reversed once per view (and script prefix and URLconf) with a mark in
place of the slug; each row then fills in its own slug. A slug of other characters, which
`reverse()` would quote, is reversed as usual.
"""

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_MARK = "slug-mark"
_parts: dict[tuple[str, str, Any], tuple[str, str]] = {}


def slug_path(viewname: str, slug: str) -> str:
    """`reverse(viewname, kwargs={"slug": slug})`, from the cached parts of the address."""
    if not _PLAIN_SLUG.fullmatch(slug):
        return reverse(viewname, kwargs={"slug": slug})
    key = (viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    parts = _parts.get(key)
    if parts is None:
        head, tail = reverse(viewname, kwargs={"slug": _MARK}).split(_MARK)
        parts = _parts[key] = (head, tail)
    return f"{parts[0]}{slug}{parts[1]}"


def slug_url(viewname: str) -> Callable[[Any], str]:
    """`get_absolute_url` for the rows of one page: the object's address under `viewname`."""
    return lambda obj: slug_path(viewname, obj.slug)


def absolute_url(path: str) -> str:
    """The address under the site's public origin (mails and feeds are read outside any request)."""
    return settings.SITE_URL.rstrip("/") + path
