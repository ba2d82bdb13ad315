from collections.abc import Callable
from functools import cache

from django.http import HttpRequest

from wandelnetz.accounts.notifications import unread_count


def notifications(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """`unread_notifications`: a callable the template calls only where it shows the count
    (signed-in headers), once per request: anonymous pages pay no query, signed-in ones one."""

    @cache
    def unread() -> int:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return unread_count(user)

    return {"unread_notifications": unread}
