"""In-platform notifications: short messages for one person ("what moved since you last looked").

Other apps call `notify` from their services; the header shows `unread_count`, the page
`/benachrichtigungen/` lists them and marks them read. Their mail tasks send through `mail_each`.
"""

from collections.abc import Iterable
from typing import Any, Literal

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from wandelnetz.accounts.adapter import PLATFORM_NAME
from wandelnetz.accounts.models import Notification, User

MESSAGE_LENGTH = Notification._meta.get_field("message").max_length or 500
URL_LENGTH = Notification._meta.get_field("url").max_length or 500


def notify(*, user: User, message: str, url: str = "") -> Notification:
    """Leave `message` (cut to the field's length) for `user`, linking to `url` (a path) when given."""
    message = " ".join(message.split())
    if len(message) > MESSAGE_LENGTH:
        message = message[: MESSAGE_LENGTH - 1] + "…"
    return Notification.objects.create(user=user, message=message, url=url[:URL_LENGTH])


def unread_count(user: User) -> int:
    """How many of `user`'s notifications are unread: one query."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_of(user: User) -> QuerySet[Notification]:
    """All of `user`'s notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created", "-pk")


def mark_read(user: User, ids: Iterable[int] | Literal["all"]) -> int:
    """Mark `user`'s notifications `ids` (or all) read; the number changed. Others' ids are ignored."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids != "all":
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def mail_each(people: Iterable[User], subject: str, template: str, context: dict[str, Any]) -> int:
    """One mail per person, `template` rendered with `context` and `person` in the active language
    (nobody sees the others' addresses), over one connection; the number sent."""
    subject = " ".join(f"[{PLATFORM_NAME}] {subject}".split())
    messages = [
        EmailMessage(
            subject=subject,
            body=render_to_string(template, {**context, "platform": PLATFORM_NAME, "person": person}),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[person.email],
        )
        for person in people
    ]
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)
    return len(messages)
