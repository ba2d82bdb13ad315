"""Writes for bodies, their seats and sources. Callers check permissions first (bodies/permissions.py).

Every write validates the model (field lengths, URLs, the seat constraints) and raises
`django.core.exceptions.ValidationError` before anything is saved; each function is one
transaction, so a failing seat or source leaves the body as it was.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wandelnetz.accounts.models import User
from wandelnetz.accounts.notifications import notify
from wandelnetz.bodies.models import VERIFICATION_PERIOD, Body, BodySource, Seat
from wandelnetz.core.slugs import unique_slug
from wandelnetz.search.services import index_object
from wandelnetz.topics.models import Region, Topic

EDITABLE_FIELDS = (
    "name",
    "short_name",
    "kind",
    "level",
    "power",
    "openness",
    "summary",
    "description",
    "how_to_take_part",
    "meeting_rhythm",
    "website",
    "convened_by",
    "series",
)
SEAT_FIELDS = ("actor", "role", "is_civil_society", "rights", "count", "since", "until", "note")
# Slugs that name pages of /gremien/ itself.
RESERVED_SLUGS = {"neu"}
# Editors of a body that still needs checking are reminded at most this often.
REMINDER_INTERVAL = timedelta(days=30)


def _check_fields(fields: Mapping[str, object], allowed: tuple[str, ...], what: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown {what} fields: {sorted(unknown)}")


def _set_links(body: Body, topics: Iterable[Topic] | None, regions: Iterable[Region] | None) -> None:
    """Set topics and regions without a history row each; the caller's save() writes one."""
    body.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        if topics is not None:
            body.topics.set(topics)
        if regions is not None:
            body.regions.set(regions)
    finally:
        del body.skip_history_when_saving  # type: ignore[attr-defined]


def _source_rows(sources: Iterable[tuple[str, str] | Mapping[str, str]]) -> list[tuple[str, str]]:
    rows = []
    for source in sources:
        if isinstance(source, Mapping):
            rows.append((source["url"], source.get("title", "")))
        else:
            url, title = source
            rows.append((url, title))
    return rows


def _write_sources(body: Body, sources: Iterable[tuple[str, str] | Mapping[str, str]]) -> list[BodySource]:
    made = []
    for position, (url, title) in enumerate(_source_rows(sources)):
        source = BodySource(body=body, url=url.strip(), title=(title or "").strip(), position=position)
        source.full_clean()
        made.append(source)
    body.sources.all().delete()
    return BodySource.objects.bulk_create(made)


def _new_seat(body: Body, fields: Mapping[str, Any]) -> Seat:
    _check_fields(fields, SEAT_FIELDS, "seat")
    seat = Seat(body=body, **fields)
    seat.role = (seat.role or "").strip()
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def create_body(
    *,
    name: str,
    kind: str,
    level: str,
    created_by: User | None = None,
    topics: Iterable[Topic] = (),
    regions: Iterable[Region] = (),
    sources: Iterable[tuple[str, str] | Mapping[str, str]] = (),
    seats: Iterable[Mapping[str, Any]] = (),
    editors: Iterable[User] = (),
    slug: str = "",
    **fields: Any,
) -> Body:
    """Create a body with its sources (url, title) and seats (dicts of Seat fields); its creator edits it."""
    _check_fields(fields, EDITABLE_FIELDS, "body")
    slug = slug or unique_slug(Body, name)
    if slug in RESERVED_SLUGS:
        slug = unique_slug(Body, f"{name} gremium")
    body = Body(name=name, kind=kind, level=level, created_by=created_by, slug=slug, **fields)
    body.full_clean()
    # One history row that already holds the topics and regions: save, link, save.
    body.skip_history_when_saving = True  # type: ignore[attr-defined]
    body.save()
    del body.skip_history_when_saving  # type: ignore[attr-defined]
    _set_links(body, list(topics), list(regions))
    _write_sources(body, sources)
    for seat in seats:
        _new_seat(body, seat)
    people = [*editors, *([created_by] if created_by is not None else [])]
    if people:
        body.editors.add(*people)
    body._history_user = created_by  # type: ignore[attr-defined]
    body._change_reason = _("Created")  # type: ignore[attr-defined]
    body.save()
    body.history.filter(history_id=body.history.latest().history_id).update(history_type="+")
    index_object(obj=body)
    return body


@transaction.atomic
def update_body(
    *,
    body: Body,
    user: User | None,
    topics: Iterable[Topic] | None = None,
    regions: Iterable[Region] | None = None,
    sources: Iterable[tuple[str, str] | Mapping[str, str]] | None = None,
    **fields: Any,
) -> Body:
    """Change a body; the history records who changed what. `None` leaves links and sources alone."""
    _check_fields(fields, EDITABLE_FIELDS, "body")
    for name, value in fields.items():
        setattr(body, name, value)
    body.full_clean()
    body._history_user = user  # type: ignore[attr-defined]
    # m2m changes first, so the one history row written by save() holds them too.
    _set_links(body, None if topics is None else list(topics), None if regions is None else list(regions))
    if sources is not None:
        _write_sources(body, sources)
    body.save()
    index_object(obj=body)
    return body


@transaction.atomic
def set_sources(*, body: Body, sources: Iterable[tuple[str, str] | Mapping[str, str]]) -> list[BodySource]:
    """Replace the body's sources by `sources`, in this order."""
    return _write_sources(body, sources)


@transaction.atomic
def set_seats(*, body: Body, seats: Iterable[Mapping[str, Any]]) -> list[Seat]:
    """Replace all the body's seats by `seats` (dicts of Seat fields)."""
    body.seats.all().delete()
    made = [_new_seat(body, seat) for seat in seats]
    index_object(obj=body)
    return made


@transaction.atomic
def add_seat(*, body: Body, **fields: Any) -> Seat:
    """Add a seat (or several equal ones, `count`) held by an actor or described by a role."""
    seat = _new_seat(body, fields)
    index_object(obj=body)
    return seat


@transaction.atomic
def update_seat(*, seat: Seat, **fields: Any) -> Seat:
    """Change a seat's fields."""
    _check_fields(fields, SEAT_FIELDS, "seat")
    for name, value in fields.items():
        setattr(seat, name, value)
    seat.role = (seat.role or "").strip()
    seat.full_clean()
    seat.save()
    index_object(obj=seat.body)
    return seat


@transaction.atomic
def remove_seat(*, seat: Seat) -> None:
    """Delete a seat."""
    body = seat.body
    seat.delete()
    index_object(obj=body)


@transaction.atomic
def add_editor(*, body: Body, user: User) -> None:
    """Let `user` edit `body`."""
    body.editors.add(user)


@transaction.atomic
def remove_editor(*, body: Body, user: User) -> None:
    """Take `user` off the body's editors. A body may have none: the editors of the convening actor
    and the moderators still edit it (and get its reminders)."""
    body.editors.remove(user)


@transaction.atomic
def verify_body(*, body: Body, user: User) -> Body:
    """`user` checked the entry today: it is no longer flagged, and its reminders start afresh."""
    body.last_verified_on = timezone.localdate()
    body.verified_by = user
    body.verification_reminded_at = None
    body._history_user = user  # type: ignore[attr-defined]
    body._change_reason = _("Verified")  # type: ignore[attr-defined]
    body.save(update_fields=["last_verified_on", "verified_by", "verification_reminded_at", "modified"])
    return body


# --- Reminders ----------------------------------------------------------------------------------


def bodies_needing_verification(now: datetime | None = None) -> Q:
    """The condition of `Body.needs_verification` as a query."""
    today = timezone.localdate(now) if now is not None else timezone.localdate()
    return Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=today - VERIFICATION_PERIOD)


def reminder_recipients(body: Body) -> list[User]:
    """The body's editors and the editors of its convening actor; moderators when there are none."""
    people = User.objects.filter(is_active=True)
    editors = people.filter(Q(edited_bodies=body) | Q(edited_actors__convened_bodies=body)).distinct()
    found = list(editors.order_by("pk"))
    if found:
        return found
    moderators = people.filter(Q(is_superuser=True) | Q(role__in=[User.Role.MODERATOR, User.Role.STAFF]))
    return list(moderators.order_by("pk"))


def send_verification_reminders(now: datetime | None = None) -> int:
    """Remind the editors of every body that needs checking, at most once per REMINDER_INTERVAL
    (by mail and in the platform); the number of bodies reminded.

    Each body is claimed (`verification_reminded_at`) before its reminders go out, so two runs at
    once never remind twice.
    """
    from wandelnetz.bodies.notifications import queue_verification_mail

    now = now or timezone.now()
    due = Body.objects.filter(bodies_needing_verification(now)).filter(
        Q(verification_reminded_at__isnull=True) | Q(verification_reminded_at__lt=now - REMINDER_INTERVAL)
    )
    reminded = 0
    for body in list(due.order_by("pk")):
        with transaction.atomic():
            claimed = (
                Body.objects.filter(pk=body.pk)
                .filter(
                    Q(verification_reminded_at__isnull=True) | Q(verification_reminded_at__lt=now - REMINDER_INTERVAL)
                )
                .update(verification_reminded_at=now)
            )
            if not claimed:
                continue
            recipients = reminder_recipients(body)
            with translation.override(settings.LANGUAGE_CODE):
                message = verification_message(body)
            for person in recipients:
                notify(user=person, message=message, url=body.get_absolute_url())
            queue_verification_mail(body, [person.pk for person in recipients])
        reminded += 1
    return reminded


def verification_message(body: Body) -> str:
    """The one-line reminder (in the active language)."""
    if body.last_verified_on is None:
        return _("Please check the entry “%(name)s”: nobody has verified it yet.") % {"name": body.name}
    return _("Please check the entry “%(name)s”: it was last verified more than a year ago.") % {"name": body.name}
