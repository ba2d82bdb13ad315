"""Writes for events: creating and changing events, materialising their dates, registrations.

Registration is race-free: a seat is decided inside one transaction that holds the occurrence
row (`select_for_update`; SQLite runs with IMMEDIATE transactions, which serialise writers), so
no occurrence is ever overbooked, whatever the number of concurrent requests.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wandelnetz.core.slugs import unique_slug
from wandelnetz.events.models import Event, Occurrence, OccurrenceChange, Registration, Series
from wandelnetz.events.recurrence import BERLIN, expand
from wandelnetz.search.services import index_object

# Fields whose change makes calendars update their copy (iCalendar SEQUENCE).
CALENDAR_FIELDS = {
    "title",
    "description",
    "starts_at",
    "ends_at",
    "all_day",
    "time_to_be_announced",
    "rrule",
    "status",
    "attendance",
    "place",
    "place_id",
    "location_note",
    "online_url",
}
MAX_OCCURRENCES = 1000


class RegistrationError(Exception):
    """A registration that cannot be taken; the message is for the person registering."""


def window_end() -> datetime:
    return timezone.now() + timedelta(days=settings.EVENTS_WINDOW_DAYS)


# --- Series and events ------------------------------------------------------------------------


def create_series(*, title: str, **fields: Any) -> Series:
    organisers = fields.pop("organisers", [])
    topics = fields.pop("topics", [])
    regions = fields.pop("regions", [])
    series = Series.objects.create(title=title, slug=fields.pop("slug", None) or unique_slug(Series, title), **fields)
    series.organisers.set(organisers)
    series.topics.set(topics)
    series.regions.set(regions)
    index_object(obj=series)
    return series


@transaction.atomic
def update_series(
    series: Series,
    *,
    organisers: Iterable[Any] | None = None,
    topics: Iterable[Any] | None = None,
    regions: Iterable[Any] | None = None,
) -> Series:
    """Save an edited series (its own fields already set); given links replace the old ones."""
    series.full_clean()
    series.save()
    for relation, values in (("organisers", organisers), ("topics", topics), ("regions", regions)):
        if values is not None:
            getattr(series, relation).set(values)
    index_object(obj=series)
    return series


@transaction.atomic
def create_event(
    *,
    title: str,
    starts_at: datetime,
    organisers: Iterable[Any],
    topics: Iterable[Any] = (),
    regions: Iterable[Any] = (),
    target_groups: Iterable[Any] = (),
    contributions: Iterable[dict[str, Any]] = (),
    created_by: Any = None,
    **fields: Any,
) -> Event:
    """A new event with its dates materialised; `rrule` (already normalised) makes it recurring."""
    slug = fields.pop("slug", None) or unique_slug(Event, f"{title} {timezone.localtime(starts_at, BERLIN):%Y-%m-%d}")
    event = Event(title=title, slug=slug, starts_at=starts_at, created_by=created_by, **fields)
    event.full_clean(exclude=["organisers", "uid"])
    event.save()
    event.organisers.set(organisers)
    event.topics.set(topics)
    event.regions.set(regions)
    event.target_groups.set(target_groups)
    for position, contribution in enumerate(contributions):
        event.contributions.create(position=position, **contribution)
    materialise_occurrences(event)
    index_object(obj=event)
    return event


@transaction.atomic
def update_event(event: Event, changed_fields: Iterable[str] = ()) -> Event:
    """Save an edited event; raise its SEQUENCE when calendars must update, re-materialise dates.

    `changed_fields` are the names the caller changed (a form's `changed_data`).
    """
    if CALENDAR_FIELDS & set(changed_fields):
        event.sequence += 1
    event.full_clean(exclude=["organisers", "uid"])
    event.save()
    materialise_occurrences(event)
    index_object(obj=event)
    return event


@transaction.atomic
def set_event_status(event: Event, status: str) -> Event:
    if event.status != status:
        event.status = status
        event.sequence += 1
        event.save(update_fields=["status", "sequence", "modified"])
        materialise_occurrences(event)
        index_object(obj=event)
    return event


@transaction.atomic
def change_occurrence(
    occurrence: Occurrence,
    *,
    excluded: bool = False,
    cancelled: bool = False,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    place: Any = None,
    location_note: str = "",
    note: str = "",
) -> OccurrenceChange:
    """Leave out, cancel, move or relocate one date of an event (a recurring one or not)."""
    event = occurrence.event
    change, created = OccurrenceChange.objects.get_or_create(event=event, original_start=occurrence.original_start)
    change.excluded = excluded
    change.cancelled = cancelled
    change.starts_at = starts_at
    change.ends_at = ends_at
    change.place = place
    change.location_note = location_note
    change.note = note
    change.sequence = 0 if created else change.sequence + 1
    change.full_clean(exclude=["event"])
    change.save()
    event.sequence += 1  # EXDATEs live on the master: calendars must refetch it
    event.save(update_fields=["sequence", "modified"])
    materialise_occurrences(event)
    return change


@transaction.atomic
def undo_occurrence_change(change: OccurrenceChange) -> None:
    event = change.event
    change.delete()
    event.sequence += 1
    event.save(update_fields=["sequence", "modified"])
    materialise_occurrences(event)


# --- Materialising dates ----------------------------------------------------------------------


def _desired_occurrences(event: Event, until: datetime) -> dict[datetime, dict[str, Any]]:
    changes = {change.original_start: change for change in event.changes.all()}
    desired: dict[datetime, dict[str, Any]] = {}
    instances = expand(event.starts_at, event.ends_at, event.rrule, event.starts_at, until)
    for instance in instances:
        if len(desired) >= MAX_OCCURRENCES:
            break
        fields: dict[str, Any] = {
            "starts_at": instance.starts_at,
            "ends_at": instance.ends_at,
            "cancelled": event.is_cancelled,
            "place_id": None,
            "location_note": "",
            "note": "",
            "is_changed": False,
        }
        change = changes.get(instance.original_start)
        if change is not None:
            if change.excluded:
                continue
            ends_at = instance.ends_at
            if change.ends_at is not None:
                ends_at = change.ends_at
            elif change.starts_at is not None and instance.ends_at is not None:
                ends_at = change.starts_at + (instance.ends_at - instance.starts_at)
            fields.update(
                starts_at=change.starts_at or instance.starts_at,
                ends_at=ends_at,
                cancelled=event.is_cancelled or change.cancelled,
                place_id=change.place_id,
                location_note=change.location_note,
                note=change.note,
                is_changed=True,
            )
        desired[instance.original_start] = fields
    return desired


def materialise_occurrences(event: Event, until: datetime | None = None) -> int:
    """Bring the event's stored dates in line with its rule and changes up to `until`.

    Dates that left the rule are deleted, unless people registered for them: those stay,
    cancelled, so that nobody's registration silently disappears. Returns the number of dates.
    """
    until = until or window_end()
    desired = _desired_occurrences(event, until)
    existing = {occ.original_start: occ for occ in event.occurrences.all()}
    # A moved start (e.g. 19:00 → 18:00) keeps each date's row, and its registrations.
    unmatched = {key: occ for key, occ in existing.items() if key not in desired}
    by_day = {timezone.localtime(occ.original_start, BERLIN).date(): occ for occ in unmatched.values()}
    for original_start in [key for key in desired if key not in existing]:
        reused = by_day.pop(timezone.localtime(original_start, BERLIN).date(), None)
        if reused is not None:
            unmatched.pop(reused.original_start)
            reused.original_start = original_start
            existing[original_start] = reused
            reused.save(update_fields=["original_start"])
    to_create = []
    for original_start, fields in desired.items():
        occurrence = existing.get(original_start)
        if occurrence is None:
            to_create.append(Occurrence(event=event, original_start=original_start, **fields))
            continue
        if any(getattr(occurrence, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(occurrence, name, value)
            occurrence.save()
    Occurrence.objects.bulk_create(to_create)
    # Dates beyond the window (from a longer window before) are kept; they come back into it.
    gone = [occ for key, occ in unmatched.items() if key < until]
    if gone:
        with_people = set(
            Registration.objects.filter(occurrence__in=gone)
            .exclude(status=Registration.Status.CANCELLED)
            .values_list("occurrence_id", flat=True)
        )
        Occurrence.objects.filter(pk__in=[o.pk for o in gone if o.pk not in with_people]).delete()
        Occurrence.objects.filter(pk__in=with_people).update(cancelled=True)
    return len(desired)


def extend_occurrence_windows() -> int:
    """Materialise the dates of every recurring event up to the end of the rolling window."""
    count = 0
    for event in Event.objects.exclude(rrule="").prefetch_related("changes"):
        materialise_occurrences(event)
        count += 1
    return count


# --- Registration -----------------------------------------------------------------------------


def registration_closes_at(occurrence: Occurrence) -> datetime:
    return occurrence.starts_at - timedelta(hours=occurrence.event.registration_closes_hours)


def check_open_for_registration(occurrence: Occurrence, now: datetime | None = None) -> None:
    """Raise RegistrationError with the reason when nobody can register for this date now."""
    now = now or timezone.now()
    event = occurrence.event
    if not event.registration_enabled:
        raise RegistrationError(_("This event takes no registrations."))
    if occurrence.cancelled or event.status in (Event.Status.CANCELLED, Event.Status.POSTPONED):
        raise RegistrationError(_("This date is cancelled or postponed; registration is closed."))
    if now >= registration_closes_at(occurrence):
        raise RegistrationError(_("Registration for this date has closed."))


def _take_place(registration: Registration) -> Registration:
    """Confirm or waitlist a registration while holding its occurrence row (call inside atomic)."""
    occurrence = Occurrence.objects.select_for_update().select_related("event").get(pk=registration.occurrence_id)
    capacity = occurrence.event.capacity
    taken = Registration.objects.filter(occurrence=occurrence, status=Registration.Status.CONFIRMED).count()
    registration.status = (
        Registration.Status.CONFIRMED if capacity is None or taken < capacity else Registration.Status.WAITLISTED
    )
    registration.queued_at = timezone.now()
    registration.save(update_fields=["status", "queued_at", "modified"])
    return registration


def register(
    occurrence: Occurrence,
    *,
    name: str,
    email: str,
    answers: dict[str, str] | None = None,
    user: Any = None,
    email_verified: bool = False,
) -> tuple[Registration, bool]:
    """Register someone for a date. Returns (registration, needs_email_confirmation).

    A signed-in person whose address is verified gets a place (or a waitlist spot) at once;
    anyone else first confirms their address (double opt-in) through `confirm_registration`.
    Registering again with an address that is already registered returns that registration.
    """
    check_open_for_registration(occurrence)
    email = email.strip().lower()
    existing = (
        Registration.objects.filter(occurrence=occurrence, email=email)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if existing is not None:
        if email_verified and existing.status == Registration.Status.UNCONFIRMED:
            # Signed in with this address since registering: the address is confirmed now.
            return confirm_registration(existing), False
        return existing, existing.status == Registration.Status.UNCONFIRMED
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                occurrence=occurrence,
                user=user if user is not None and user.is_authenticated else None,
                name=name.strip(),
                email=email,
                answers=answers or {},
                status=Registration.Status.UNCONFIRMED,
            )
            if email_verified:
                _take_place(registration)
    except IntegrityError:  # the same address registered in a concurrent request
        registration = Registration.objects.filter(occurrence=occurrence, email=email).exclude(
            status=Registration.Status.CANCELLED
        )[0]
        return registration, registration.status == Registration.Status.UNCONFIRMED
    return registration, not email_verified


def confirm_registration(registration: Registration) -> Registration:
    """The address is confirmed (double opt-in): take a place or a waitlist spot. Idempotent."""
    with transaction.atomic():
        # The date's row first, as in every other registration write: one lock order, no deadlock
        # between someone confirming and the same person cancelling at the same moment.
        occurrence = Occurrence.objects.select_for_update().select_related("event").get(pk=registration.occurrence_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status != Registration.Status.UNCONFIRMED:
            return registration
        check_open_for_registration(occurrence)
        return _take_place(registration)


def cancel_registration(registration: Registration) -> Registration | None:
    """Cancel a registration; a freed place goes to the first on the waitlist, who is returned."""
    with transaction.atomic():
        occurrence = Occurrence.objects.select_for_update().select_related("event").get(pk=registration.occurrence_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return None
        freed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "modified"])
        if not freed:
            return None
        return _promote_from_waitlist(occurrence)


def _promote_from_waitlist(occurrence: Occurrence) -> Registration | None:
    capacity = occurrence.event.capacity
    taken = Registration.objects.filter(occurrence=occurrence, status=Registration.Status.CONFIRMED).count()
    if capacity is not None and taken >= capacity:
        return None
    promoted = (
        Registration.objects.filter(occurrence=occurrence, status=Registration.Status.WAITLISTED)
        .order_by("queued_at", "id")
        .first()
    )
    if promoted is None:
        return None
    promoted.status = Registration.Status.CONFIRMED
    promoted.save(update_fields=["status", "modified"])
    return promoted


def occurrence_counts(occurrence: Occurrence) -> dict[str, int | None]:
    """Confirmed and waitlisted people and free places (None: no limit); one query."""
    counts = Registration.objects.filter(occurrence=occurrence).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
    )
    confirmed = counts["confirmed"] or 0
    capacity = occurrence.event.capacity
    return {
        "confirmed": confirmed,
        "waitlisted": counts["waitlisted"] or 0,
        "free": None if capacity is None else max(capacity - confirmed, 0),
    }


def active_registrations(occurrence: Occurrence):
    return Registration.objects.filter(occurrence=occurrence).filter(
        Q(status=Registration.Status.CONFIRMED) | Q(status=Registration.Status.WAITLISTED)
    )


# Participants' names and addresses are kept this long after their date (the registration form
# says so), for the organisers' follow-up mail, e.g. with the minutes; then they are deleted.
REGISTRATION_RETENTION = timedelta(days=14)


def delete_past_registrations(now: datetime | None = None) -> int:
    """Delete the registrations of dates that ended more than REGISTRATION_RETENTION ago."""
    cutoff = (now or timezone.now()) - REGISTRATION_RETENTION
    ended = Q(occurrence__ends_at__lt=cutoff) | Q(occurrence__ends_at__isnull=True, occurrence__starts_at__lt=cutoff)
    deleted, _per_model = Registration.objects.filter(ended).delete()
    return deleted
