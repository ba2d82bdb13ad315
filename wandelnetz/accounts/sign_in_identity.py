"""Who is signing in, as the sign-in limits count it: the address and the account."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind our proxy the address it appended last to X-Forwarded-For.

    Only the last entry is trustworthy: earlier ones are whatever the client sent.
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def sign_in_name(request: HttpRequest, credentials: dict | None) -> str | None:
    """The account a sign-in attempt is for, as axes should count it.

    allauth authenticates with `email=…`, not `username=…`; without this axes would count every
    failure under the same empty name and lock everyone out together.
    """
    credentials = credentials or {}
    name = credentials.get("email") or credentials.get("username")
    if not name and request is not None:
        name = request.POST.get("login")
    return name.strip().lower() if isinstance(name, str) and name.strip() else None
