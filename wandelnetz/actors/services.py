"""Writes for actors and relations. Callers check permissions first (actors/permissions.py)."""

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wandelnetz.accounts.models import User
from wandelnetz.actors.models import Actor, Relation
from wandelnetz.core.slugs import unique_slug
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
    """Change an actor's profile; the history records who changed what."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown actor fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(actor, name, value)
    actor._history_user = changed_by  # type: ignore[attr-defined]
    # m2m changes first, so the one history row written by save() holds them too.
    _set_links(actor, topics, regions, places)
    actor.save()
    index_object(obj=actor)
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
    return actor


class EditorError(ValueError):
    pass


@transaction.atomic
def add_editor(*, actor: Actor, user: User) -> None:
    """Let `user` edit `actor`."""
    actor.editors.add(user)


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
