"""Writes for follow-ups: creating and editing them, their status (with its history), their
links to where they went next, and who follows them.

A status moves only along `models.TRANSITIONS`; "stalled" and "rejected" need a reason. Each
change writes a `StatusChange` (the public timeline) and tells the followers, except the person
who made it: in the platform at once, by mail through a background task after the commit.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wandelnetz.accounts.models import User
from wandelnetz.accounts.notifications import notify
from wandelnetz.core.slugs import unique_slug
from wandelnetz.core.tasks import enqueue_after_commit
from wandelnetz.followups.models import (
    REASON_REQUIRED,
    TRANSITIONS,
    Follower,
    FollowUp,
    FollowUpLink,
    StatusChange,
)
from wandelnetz.followups.notifications import send_status_change_mails
from wandelnetz.search.services import index_object, remove_object

# Fields `update_follow_up` never sets: the status moves only through `change_status`.
NOT_EDITABLE = {"status", "status_reason", "status_changed_at", "slug", "created_by", "id", "pk"}
REASON_LENGTH = StatusChange._meta.get_field("reason").max_length or 300
RESERVED_SLUGS = {"neu", "reihe", "thema"}
COMMENT_LENGTH = StatusChange._meta.get_field("comment").max_length or 5000


class StatusChangeRefused(ValidationError):
    """A status jump not in TRANSITIONS, the same status again, or a missing reason."""


class LinkRefused(ValidationError):
    """A link without exactly one target, to the follow-up itself, a duplicate or a bad address."""


def status_label(status: str) -> str:
    return str(dict(FollowUp.Status.choices).get(status, status))


def _check_reason(to_status: str, reason: str) -> None:
    if to_status in REASON_REQUIRED and not reason:
        raise StatusChangeRefused(
            _("Please give a reason when a follow-up is “%(status)s”, e.g. “funding missing”."),
            code="reason_required",
            params={"status": status_label(to_status)},
        )
    if len(reason) > REASON_LENGTH:
        raise StatusChangeRefused(
            _("The reason may have at most %(limit)d characters."), code="too_long", params={"limit": REASON_LENGTH}
        )


def _new_slug(title: str) -> str:
    slug = unique_slug(FollowUp, title)
    if slug in RESERVED_SLUGS:  # would hide the page behind /ergebnisse/neu/ and the like
        slug = unique_slug(FollowUp, f"{title} ergebnis")
    return slug


@transaction.atomic
def create_follow_up(
    *,
    title: str,
    text: str = "",
    status: str = FollowUp.Status.PROPOSED,
    status_reason: str = "",
    topics: Iterable[Any] = (),
    owner_actor: Any = None,
    owner_name: str = "",
    due_date: date | None = None,
    origin: str = FollowUp.Origin.DIRECT,
    source_event: Any = None,
    created_by: User | None = None,
) -> FollowUp:
    """A new follow-up with the first step of its timeline; its creator follows it."""
    status_reason = status_reason.strip()
    _check_reason(status, status_reason)
    now = timezone.now()
    follow_up = FollowUp(
        title=title.strip(),
        slug=_new_slug(title),
        text=text,
        status=status,
        status_reason=status_reason,
        status_changed_at=now,
        owner_actor=owner_actor,
        owner_name=owner_name.strip(),
        due_date=due_date,
        origin=origin,
        source_event=source_event,
        created_by=created_by,
    )
    follow_up.full_clean()
    follow_up.save()
    follow_up.topics.set(topics)
    StatusChange.objects.create(
        follow_up=follow_up,
        from_status="",
        to_status=status,
        reason=status_reason,
        changed_by=created_by,
        changed_at=now,
    )
    if created_by is not None:
        Follower.objects.create(follow_up=follow_up, user=created_by)
    index_object(obj=follow_up)
    return follow_up


@transaction.atomic
def update_follow_up(
    *, follow_up: FollowUp, user: User | None, topics: Iterable[Any] | None = None, **fields: Any
) -> FollowUp:
    """Save changed fields (never the status: see `change_status`); given topics replace the old ones."""
    refused = NOT_EDITABLE & set(fields)
    if refused:
        raise ValueError(f"update_follow_up cannot set {', '.join(sorted(refused))}")
    for name, value in fields.items():
        setattr(follow_up, name, value.strip() if isinstance(value, str) and name != "text" else value)
    follow_up.full_clean()
    follow_up.save()
    if topics is not None:
        follow_up.topics.set(topics)
    index_object(obj=follow_up)
    return follow_up


@transaction.atomic
def change_status(
    *, follow_up: FollowUp, to_status: str, reason: str = "", comment: str = "", user: User | None
) -> StatusChange:
    """Move the follow-up to `to_status` (allowed by TRANSITIONS), write the timeline step and tell
    the followers; StatusChangeRefused saves nothing."""
    # Hold the row: two people changing the status at once must not both start from the old one.
    current = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    reason, comment = reason.strip(), comment.strip()
    if to_status not in FollowUp.Status.values:
        raise StatusChangeRefused(_("Unknown status “%(status)s”."), code="unknown", params={"status": to_status[:40]})
    if to_status == current.status:
        raise StatusChangeRefused(
            _("The follow-up is “%(status)s” already."), code="same", params={"status": status_label(to_status)}
        )
    if to_status not in TRANSITIONS[current.status]:
        # Each status in the language's own quotation marks (German „…“, like the rest of the sentence).
        allowed = ", ".join(
            pgettext("a status in quotation marks", "“%(status)s”") % {"status": status_label(s)}
            for s in FollowUp.Status.values
            if s in TRANSITIONS[current.status]
        )
        raise StatusChangeRefused(
            _("A follow-up that is “%(from)s” cannot become “%(to)s” directly; possible next steps: %(allowed)s."),
            code="not_allowed",
            params={"from": status_label(current.status), "to": status_label(to_status), "allowed": allowed},
        )
    _check_reason(to_status, reason)
    if len(comment) > COMMENT_LENGTH:
        raise StatusChangeRefused(
            _("The comment may have at most %(limit)d characters."), code="too_long", params={"limit": COMMENT_LENGTH}
        )
    now = timezone.now()
    change = StatusChange.objects.create(
        follow_up=current,
        from_status=current.status,
        to_status=to_status,
        reason=reason,
        comment=comment,
        changed_by=user,
        changed_at=now,
    )
    current.status, current.status_reason, current.status_changed_at = to_status, reason, now
    current.save(update_fields=["status", "status_reason", "status_changed_at", "modified"])
    follow_up.status, follow_up.status_reason, follow_up.status_changed_at = to_status, reason, now
    _tell_followers(current, change)
    index_object(obj=current)
    return change


def _tell_followers(follow_up: FollowUp, change: StatusChange) -> None:
    followers = User.objects.filter(followed_follow_ups__follow_up=follow_up, is_active=True)
    if change.changed_by_id is not None:
        followers = followers.exclude(pk=change.changed_by_id)
    recipients = list(followers.order_by("pk"))
    if not recipients:
        return
    # Stored text: in the platform's language, whatever the language of the person who changed it.
    with translation.override(settings.LANGUAGE_CODE):
        message = _("“%(title)s” is now “%(status)s”.") % {
            "title": follow_up.title,
            "status": status_label(change.to_status),
        }
        if change.reason:
            message += " " + _("Reason: %(reason)s") % {"reason": change.reason}
    for recipient in recipients:
        notify(user=recipient, message=message, url=follow_up.get_absolute_url())
    enqueue_after_commit(send_status_change_mails, change.pk)


# --- Links: where it went next ----------------------------------------------------------------


@transaction.atomic
def add_link(
    *,
    follow_up: FollowUp,
    event: Any = None,
    body: Any = None,
    target: FollowUp | None = None,
    url: str = "",
    note: str = "",
    user: User | None = None,
) -> FollowUpLink:
    """Link the follow-up to exactly one of: an event, a body, another follow-up, a web address."""
    url = url.strip()
    given = [value for value in (event, body, target, url) if value]
    if len(given) != 1:
        raise LinkRefused(_("A link points to exactly one event, body, follow-up or web address."), code="one_target")
    if target is not None and target.pk == follow_up.pk:
        raise LinkRefused(_("A follow-up cannot link to itself."), code="itself")
    if url:
        if len(url) > 500:
            raise LinkRefused(_("The web address may have at most 500 characters."), code="too_long")
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise LinkRefused(
                _("Please give a complete web address starting with https:// or http://."), code="bad_url"
            ) from None
    note = note.strip()
    if len(note) > 300:
        raise LinkRefused(_("The note may have at most 300 characters."), code="too_long")
    if event is not None:
        kind, lookup = FollowUpLink.Kind.EVENT, {"event": event}
    elif body is not None:
        kind, lookup = FollowUpLink.Kind.BODY, {"body": body}
    elif target is not None:
        kind, lookup = FollowUpLink.Kind.FOLLOW_UP, {"target": target}
    else:
        kind, lookup = FollowUpLink.Kind.WEB, {"url": url}
    if FollowUpLink.objects.filter(follow_up=follow_up, kind=kind, **lookup).exists():
        raise LinkRefused(_("This link is there already."), code="duplicate")
    return FollowUpLink.objects.create(follow_up=follow_up, kind=kind, note=note, added_by=user, **lookup)


@transaction.atomic
def remove_link(*, link: FollowUpLink) -> None:
    link.delete()


# --- Followers --------------------------------------------------------------------------------


def follow(*, follow_up: FollowUp, user: User) -> Follower:
    """`user` is told of each status change from now on (following twice changes nothing)."""
    follower, _created = Follower.objects.get_or_create(follow_up=follow_up, user=user)
    return follower


def unfollow(*, follow_up: FollowUp, user: User) -> None:
    """`user` is told nothing more (also when they did not follow)."""
    Follower.objects.filter(follow_up=follow_up, user=user).delete()


@transaction.atomic
def delete_follow_up(*, follow_up: FollowUp) -> None:
    remove_object(obj=follow_up)
    follow_up.delete()
