"""Whole pages for anonymous visitors, served from the cache until something changes.

Most visits are anonymous reads of the same directory pages. Rendering one takes tens of
milliseconds; serving it from the cache a fraction of one. A page is cached per address and
language, compressed or not as the visitor accepts (GZipMiddleware runs inside this one, so a
hit is served without compressing it again), only for visitors without a session, and only when
the response sets no cookie and used no CSRF token (a token belongs to one visitor). Every write to the apps in
PAGE_CACHE_APPS raises a content version kept in the database, so all processes and servers
stop serving older pages within PAGE_CACHE_VERSION_SECONDS.
"""

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip

from wandelnetz.core.models import ContentVersion

_EXCLUDED_PREFIXES = ("/admin/", "/konto/", "/sprache/", "/health/", "/static/", "/media/")
_STORED_HEADERS = ("Content-Type", "Content-Encoding", "Vary", "Content-Security-Policy", "X-Frame-Options", "Link")
_memo = {"version": 0, "read_at": 0.0}


def current_version() -> int:
    """The content version, read from the database at most once per PAGE_CACHE_VERSION_SECONDS."""
    now = time.monotonic()
    if now - _memo["read_at"] > settings.PAGE_CACHE_VERSION_SECONDS:
        row = ContentVersion.objects.filter(pk=1).values_list("counter", flat=True).first()
        _memo["version"] = row or 0
        _memo["read_at"] = now
    return int(_memo["version"])


_derived: dict[tuple[str, int], Any] = {}


def per_content_version(name: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept in this process until the content version changes.

    For small derived data every page shows (the filter choices). Off with the page cache.
    """
    if settings.PAGE_CACHE_SECONDS <= 0:
        return compute()
    key = (name, current_version())
    if key not in _derived:
        if len(_derived) > 64:
            _derived.clear()
        _derived[key] = compute()
    return _derived[key]


def bump_version() -> None:
    """Mark every cached page outdated (after the current transaction commits)."""

    def bump() -> None:
        updated = ContentVersion.objects.filter(pk=1).update(counter=F("counter") + 1)
        if not updated:
            ContentVersion.objects.get_or_create(pk=1, defaults={"counter": 1})
        _memo["read_at"] = 0.0

    transaction.on_commit(bump)


def _on_change(sender: type[models.Model], **kwargs: object) -> None:
    if sender._meta.app_label in settings.PAGE_CACHE_APPS:
        bump_version()


def _on_m2m_change(sender: type[models.Model], instance: models.Model, action: str, **kwargs: object) -> None:
    if action.startswith("post_") and instance._meta.app_label in settings.PAGE_CACHE_APPS:
        bump_version()


def connect_invalidation() -> None:
    # Signals here, not calls in every service: the cache must not be stale after any write,
    # including the admin's and data migrations'.
    post_save.connect(_on_change, dispatch_uid="page_cache_save")
    post_delete.connect(_on_change, dispatch_uid="page_cache_delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="page_cache_m2m")


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path.startswith(_EXCLUDED_PREFIXES)
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        # A response with its own validators (the event feeds) answers conditional requests
        # itself; a stored copy would drop its ETag and answer 200 where 304 is due.
        and not response.has_header("ETag")
    )


def _key(request: HttpRequest) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    encoding = "gzip" if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "identity"
    return f"page:{current_version()}:{getattr(request, 'LANGUAGE_CODE', '')}:{encoding}:{address}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["Content-Length"] = str(len(content))
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            headers = {name: response[name] for name in _STORED_HEADERS if name in response}
            cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
