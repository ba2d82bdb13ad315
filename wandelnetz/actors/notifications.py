"""Mails about the moderation of actors (django-tasks tasks, queued after the change commits).

- the moderators hear of a proposed (or, after a rejection, changed and resubmitted) actor;
- the editors hear of the moderators' decision, a rejection with its reason;
- a person made editor of an actor hears of it.

Each task receives ids and reads the actor again, so a mail speaks only of a committed change and
says nothing once the situation has moved on (decided in the meantime, editor removed again).
Plain text, in the platform's language; one mail per person, nobody sees the other addresses.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from wandelnetz.accounts.models import User
from wandelnetz.accounts.notifications import mail_each
from wandelnetz.actors.models import Actor
from wandelnetz.core.paths import absolute_url


def _active(user_ids: list[int]) -> list[User]:
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


@task()
def send_moderation_request_mails(actor_id: int, user_ids: list[int], resubmitted: bool) -> int:
    """Tell the moderators `user_ids` that `actor_id` awaits their decision; nothing once decided."""
    actor = Actor.objects.select_related("created_by").filter(pk=actor_id).first()
    if actor is None or actor.status != Actor.Status.PENDING:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        if resubmitted:
            subject = _("Changed after rejection, please decide again: %(name)s") % {"name": actor.name}
        else:
            subject = _("New actor to approve: %(name)s") % {"name": actor.name}
        context = {
            "actor": actor,
            "resubmitted": resubmitted,
            "proposer": str(actor.created_by) if actor.created_by else "",
            "page_url": absolute_url(actor.get_absolute_url()),
            "queue_url": absolute_url(reverse("actors:moderation_queue")),
        }
        return mail_each(_active(user_ids), subject, "actors/mail/moderation_request.txt", context)


@task()
def send_decision_mails(actor_id: int, status: str, user_ids: list[int]) -> int:
    """Tell the editors `user_ids` that `actor_id` was approved or rejected; nothing if it has
    changed status since (resubmitted, say)."""
    actor = Actor.objects.filter(pk=actor_id).first()
    if actor is None or actor.status != status or status == Actor.Status.PENDING:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        if status == Actor.Status.PUBLISHED:
            subject = _("Approved and now public: %(name)s") % {"name": actor.name}
        else:
            subject = _("Not approved: %(name)s") % {"name": actor.name}
        context = {
            "actor": actor,
            "approved": status == Actor.Status.PUBLISHED,
            "page_url": absolute_url(actor.get_absolute_url()),
            "edit_url": absolute_url(reverse("actors:actor_edit", kwargs={"slug": actor.slug})),
        }
        return mail_each(_active(user_ids), subject, "actors/mail/decision.txt", context)


@task()
def send_editor_added_mail(actor_id: int, user_id: int, added_by_id: int | None) -> int:
    """Tell `user_id` that they now edit `actor_id`; nothing if they no longer do."""
    actor = Actor.objects.filter(pk=actor_id, editors=user_id).first()
    if actor is None:
        return 0
    added_by = User.objects.filter(pk=added_by_id).first() if added_by_id else None
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("You can now edit “%(name)s”") % {"name": actor.name}
        context = {
            "actor": actor,
            "added_by": str(added_by) if added_by else "",
            "page_url": absolute_url(actor.get_absolute_url()),
            "edit_url": absolute_url(reverse("actors:actor_edit", kwargs={"slug": actor.slug})),
            "editors_url": absolute_url(reverse("actors:actor_editors", kwargs={"slug": actor.slug})),
        }
        return mail_each(_active([user_id]), subject, "actors/mail/editor_added.txt", context)
