"""Writes for actors and relations. Callers check permissions first (actors/permissions.py)."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wandelnetz.accounts.models import User
from wandelnetz.accounts.notifications import notify
from wandelnetz.actors.models import Actor, Relation
from wandelnetz.actors.notifications import send_decision_mails, send_editor_added_mail, send_moderation_request_mails
from wandelnetz.core.slugs import unique_slug
from wandelnetz.core.tasks import enqueue_after_commit
from wandelnetz.places.models import Place
from wandelnetz.search.services import index_object
from wandelnetz.topics.models import Region, Topic

EDITABLE_FIELDS = (
    "name",
    "short_name",
    "kind",
    "summary",
    "description",
    "website",
    "email",
    "phone",
    "founded_year",
    "meeting_rhythm",
    "how_to_join",
    "logo",
)


class RelationError(ValueError):
    pass


def _set_links(
    actor: Actor, topics: Iterable[Topic] | None, regions: Iterable[Region] | None, places: Iterable[Place] | None
) -> None:
    """Set the many-to-many links without a history row each; the caller's save() writes one."""
    actor.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        _set_links_now(actor, topics, regions, places)
    finally:
        del actor.skip_history_when_saving  # type: ignore[attr-defined]


def _set_links_now(
    actor: Actor, topics: Iterable[Topic] | None, regions: Iterable[Region] | None, places: Iterable[Place] | None
) -> None:
    if topics is not None:
        actor.topics.set(topics)
    if regions is not None:
        actor.regions.set(regions)
    if places is not None:
        actor.places.set(places)


@transaction.atomic
def create_actor(
    *,
    created_by: User | None,
    status: str = Actor.Status.PENDING,
    topics: Iterable[Topic] | None = None,
    regions: Iterable[Region] | None = None,
    places: Iterable[Place] | None = None,
    slug: str = "",
    **fields: object,
) -> Actor:
    """Create an actor (pending moderation by default); its creator becomes its first editor."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown actor fields: {sorted(unknown)}")
    actor = Actor(created_by=created_by, status=status, slug=slug or unique_slug(Actor, str(fields["name"])), **fields)
    # One history row that already holds the topics, regions and places: save, link, save.
    actor.skip_history_when_saving = True  # type: ignore[attr-defined]
    actor.save()
    del actor.skip_history_when_saving  # type: ignore[attr-defined]
    _set_links(actor, topics, regions, places)
    if created_by is not None:
        add_editor(actor=actor, user=created_by)
    actor._history_user = created_by  # type: ignore[attr-defined]
    actor._change_reason = _("Created")  # type: ignore[attr-defined]
    actor.save()
    actor.history.filter(history_id=actor.history.latest().history_id).update(history_type="+")
    index_object(obj=actor)
    if status == Actor.Status.PENDING and created_by is not None:
        _tell_moderators(actor, by=created_by, resubmitted=False)
    return actor


@transaction.atomic
def update_actor(
    *,
    actor: Actor,
    changed_by: User | None,
    topics: Iterable[Topic] | None = None,
    regions: Iterable[Region] | None = None,
    places: Iterable[Place] | None = None,
    **fields: object,
) -> Actor:
    """Change an actor's profile; the history records who changed what.

    A rejected actor that is changed goes back to the moderation queue (the moderators are told):
    its editors answer the rejection by improving the entry. A published actor stays published.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown actor fields: {sorted(unknown)}")
    resubmitted = actor.status == Actor.Status.REJECTED and bool(
        fields or any(links is not None for links in (topics, regions, places))
    )
    for name, value in fields.items():
        setattr(actor, name, value)
    if resubmitted:
        # The rejection's note stays: the moderators see what was wrong before.
        actor.status = Actor.Status.PENDING
        actor._change_reason = _("Resubmitted for review")  # type: ignore[attr-defined]
    actor._history_user = changed_by  # type: ignore[attr-defined]
    # m2m changes first, so the one history row written by save() holds them too.
    _set_links(actor, topics, regions, places)
    actor.save()
    index_object(obj=actor)
    if resubmitted:
        _tell_moderators(actor, by=changed_by, resubmitted=True)
    return actor


@transaction.atomic
def approve_actor(*, actor: Actor, moderator: User) -> Actor:
    """Make a proposed actor public."""
    actor.status = Actor.Status.PUBLISHED
    actor.moderation_note = ""
    actor._history_user = moderator  # type: ignore[attr-defined]
    actor._change_reason = _("Approved")  # type: ignore[attr-defined]
    actor.save(update_fields=["status", "moderation_note", "modified"])
    index_object(obj=actor)
    _tell_editors_of_decision(actor, moderator)
    return actor


@transaction.atomic
def reject_actor(*, actor: Actor, moderator: User, note: str) -> Actor:
    """Refuse a proposed actor, with a note its proposer can read."""
    actor.status = Actor.Status.REJECTED
    actor.moderation_note = note[:500]
    actor._history_user = moderator  # type: ignore[attr-defined]
    actor._change_reason = _("Rejected")  # type: ignore[attr-defined]
    actor.save(update_fields=["status", "moderation_note", "modified"])
    index_object(obj=actor)
    _tell_editors_of_decision(actor, moderator)
    return actor


# --- Telling people: a notification in the platform now, a mail after the commit ------------------


def moderators() -> QuerySet[User]:
    """The people who decide proposed actors (see `User.is_moderator`), active ones only."""
    return User.objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(role__in=[User.Role.MODERATOR, User.Role.STAFF])
    )


def _tell_moderators(actor: Actor, *, by: User | None, resubmitted: bool) -> None:
    """The moderators (but not the one who proposed or changed it) hear that `actor` awaits them."""
    recipients = moderators()
    if by is not None:
        recipients = recipients.exclude(pk=by.pk)
    people = list(recipients.order_by("pk"))
    if not people:
        return
    # Stored text: in the platform's language, whatever the language of the person who acted.
    with translation.override(settings.LANGUAGE_CODE):
        if resubmitted:
            message = _("“%(name)s” was changed after its rejection and awaits your decision again.")
        else:
            message = _("New actor proposed: “%(name)s” awaits your decision.")
        message %= {"name": actor.name}
    url = reverse("actors:moderation_queue")
    for person in people:
        notify(user=person, message=message, url=url)
    enqueue_after_commit(send_moderation_request_mails, actor.pk, [person.pk for person in people], resubmitted)


def _tell_editors_of_decision(actor: Actor, moderator: User) -> None:
    """The actor's editors (but not the moderator who decided) hear of the decision."""
    people = list(actor.editors.filter(is_active=True).exclude(pk=moderator.pk).order_by("pk"))
    if not people:
        return
    with translation.override(settings.LANGUAGE_CODE):
        if actor.status == Actor.Status.PUBLISHED:
            message = _("“%(name)s” has been approved and is now public.") % {"name": actor.name}
        else:
            message = _("“%(name)s” has not been approved.") % {"name": actor.name}
            if actor.moderation_note:
                message += " " + _("Reason: %(reason)s") % {"reason": actor.moderation_note}
            message += " " + _("Once you change the entry, it goes back to the moderators.")
    for person in people:
        notify(user=person, message=message, url=actor.get_absolute_url())
    enqueue_after_commit(send_decision_mails, actor.pk, actor.status, [person.pk for person in people])


class EditorError(ValueError):
    pass


@transaction.atomic
def add_editor(*, actor: Actor, user: User, added_by: User | None = None) -> None:
    """Let `user` edit `actor`. When someone else (`added_by`) did it, `user` is told, once: adding
    an editor again tells nobody. Without `added_by` (an actor's creation, imports) nobody is told."""
    if added_by is None:
        actor.editors.add(user)
        return
    if actor.editors.filter(pk=user.pk).exists():
        return
    actor.editors.add(user)
    if user.pk == added_by.pk:
        return
    with translation.override(settings.LANGUAGE_CODE):
        message = _("%(name)s has made you an editor of “%(actor)s”.") % {"name": added_by, "actor": actor.name}
    notify(user=user, message=message, url=actor.get_absolute_url())
    enqueue_after_commit(send_editor_added_mail, actor.pk, user.pk, added_by.pk)


@transaction.atomic
def remove_editor(*, actor: Actor, user: User) -> None:
    """Take `user` off the editors; an actor always keeps at least one editor."""
    editors = list(Actor.objects.select_for_update().get(pk=actor.pk).editors.values_list("pk", flat=True))
    if user.pk not in editors:
        return
    if len(editors) == 1:
        raise EditorError(_("An actor needs at least one editor."))
    actor.editors.remove(user)


@transaction.atomic
def propose_relation(
    *,
    proposing_actor: Actor,
    other: Actor,
    kind: str,
    outgoing: bool,
    proposed_by: User | None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Relation:
    """Propose `proposing_actor` → `other` (or the reverse); it waits for the other side."""
    if proposing_actor.pk == other.pk:
        raise RelationError(_("An actor cannot be related to itself."))
    if start_date and end_date and end_date < start_date:
        raise RelationError(_("The end date must not be before the start date."))
    source, target = (proposing_actor, other) if outgoing else (other, proposing_actor)
    if Relation.objects.filter(source=source, target=target, kind=kind).exists():
        raise RelationError(_("This relation already exists or is waiting for confirmation."))
    try:
        with transaction.atomic():
            return Relation.objects.create(
                source=source,
                target=target,
                kind=kind,
                start_date=start_date,
                end_date=end_date,
                proposed_by=proposed_by,
                proposed_by_actor=proposing_actor,
            )
    except IntegrityError:
        raise RelationError(_("This relation already exists or is waiting for confirmation.")) from None


@transaction.atomic
def confirm_relation(*, relation: Relation, decided_by: User | None) -> Relation:
    """The other side agrees: the relation becomes public."""
    relation.state = Relation.State.CONFIRMED
    relation.decided_by = decided_by
    relation.decided_at = timezone.now()
    relation.save(update_fields=["state", "decided_by", "decided_at", "modified"])
    return relation


@transaction.atomic
def decline_relation(*, relation: Relation, decided_by: User | None) -> Relation:
    """The other side disagrees: the relation stays private and can be proposed again."""
    relation.delete()
    relation.state = Relation.State.DECLINED
    relation.decided_by = decided_by
    return relation


@transaction.atomic
def withdraw_relation(*, relation: Relation, withdrawn_by: User | None) -> None:
    """The proposing side takes a proposal back before the other side decided: it is deleted."""
    # Locked, so that a confirmation at the same moment is not deleted unseen.
    current = Relation.objects.select_for_update().filter(pk=relation.pk).first()
    if current is None or current.state != Relation.State.PROPOSED:
        raise RelationError(_("This relation is no longer waiting for confirmation, so it cannot be withdrawn."))
    current.delete()


@transaction.atomic
def end_relation(*, relation: Relation, end_date: date, ended_by: User | None) -> Relation:
    """Either side says a confirmed relation has ended (or will end) on `end_date`.

    The relation stays, with its end date: the pages show it as a former relation.
    """
    current = Relation.objects.select_for_update().filter(pk=relation.pk).first()
    if current is None or current.state != Relation.State.CONFIRMED:
        raise RelationError(_("Only a confirmed relation can be ended."))
    if current.has_ended:
        raise RelationError(_("This relation has already ended."))
    if current.start_date and end_date < current.start_date:
        raise RelationError(_("The end date must not be before the start date."))
    relation.end_date = current.end_date = end_date
    current.save(update_fields=["end_date", "modified"])
    return relation


@transaction.atomic
def delete_relation(*, relation: Relation, deleted_by: User | None) -> None:
    """A moderator removes a relation entered by mistake (ending keeps it; this does not)."""
    Relation.objects.filter(pk=relation.pk).delete()
