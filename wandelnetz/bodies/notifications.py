"""Reminder mails to the editors of bodies that nobody has verified for a year.

The mail is a django-tasks task queued after the claiming transaction commits; it re-reads the
body and sends nothing when someone verified it in the meantime.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from wandelnetz.accounts.models import User
from wandelnetz.accounts.notifications import mail_each
from wandelnetz.bodies.models import Body
from wandelnetz.core.paths import absolute_url
from wandelnetz.core.tasks import enqueue_after_commit


def queue_verification_mail(body: Body, user_ids: list[int]) -> None:
    if user_ids:
        enqueue_after_commit(send_verification_reminder, body.pk, user_ids)


@task()
def send_verification_reminder(body_id: int, user_ids: list[int]) -> int:
    """One mail per person (nobody sees the others' addresses), in German; the number sent."""
    body = Body.objects.filter(pk=body_id).first()
    if body is None or not body.needs_verification:
        return 0
    people = list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))
    with translation.override(settings.LANGUAGE_CODE):
        # Outside the f-string: makemessages does not read msgids inside one, so it was never translated.
        subject = _("Please check: %(name)s") % {"name": body.name}
        context = {
            "body": body,
            "page_url": absolute_url(body.get_absolute_url()),
            "edit_url": absolute_url(reverse("bodies:body_edit", kwargs={"slug": body.slug})),
        }
        return mail_each(people, subject, "bodies/mail/verification_reminder.txt", context)
