"""Mails to the followers of a follow-up when its status changes (a django-tasks task).

The task receives the change's id and reads it again, so a mail speaks only of a committed
change; the person who made the change gets no mail. Plain text, German (the platform's language).
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from wandelnetz.accounts.adapter import PLATFORM_NAME
from wandelnetz.accounts.models import User
from wandelnetz.core.paths import absolute_url
from wandelnetz.followups.models import FollowUp, StatusChange


def _label(status: str) -> str:
    return str(dict(FollowUp.Status.choices).get(status, status))


@task()
def send_status_change_mails(change_id: int) -> int:
    """One mail per follower (nobody sees the other addresses); the number sent."""
    change = StatusChange.objects.select_related("follow_up", "changed_by").filter(pk=change_id).first()
    if change is None:
        return 0
    recipients = User.objects.filter(followed_follow_ups__follow_up_id=change.follow_up_id, is_active=True)
    if change.changed_by_id is not None:
        recipients = recipients.exclude(pk=change.changed_by_id)
    addresses = list(recipients.order_by("pk").values_list("email", flat=True))
    if not addresses:
        return 0
    follow_up = change.follow_up
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "platform": PLATFORM_NAME,
            "follow_up": follow_up,
            "change": change,
            "from_label": _label(change.from_status),
            "to_label": _label(change.to_status),
            "changed_by": change.changed_by.display_name if change.changed_by else "",
            "page_url": absolute_url(follow_up.get_absolute_url()),
        }
        body = render_to_string("followups/mail/status_changed.txt", context)
        subject = _("What became of it: “%(title)s” is now “%(status)s”") % {
            "title": follow_up.title,
            "status": _label(change.to_status),
        }
    subject = " ".join(f"[{PLATFORM_NAME}] {subject}".split())
    messages = [
        EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address])
        for address in addresses
    ]
    with get_connection() as connection:
        connection.send_messages(messages)
    return len(messages)
