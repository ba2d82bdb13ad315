"""Reads for events: filtered dates for lists, calendars and feeds, with what they show loaded."""

from dataclasses import dataclass, replace
from datetime import datetime

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from wandelnetz.actors.models import Actor
from wandelnetz.events.models import Contribution, Event, Occurrence, Registration, Series, TargetGroup
from wandelnetz.places.models import Place
from wandelnetz.search.selectors import matching_object_ids
from wandelnetz.topics.models import Region, Topic


@dataclass(frozen=True)
class EventFilter:
    """What a list, calendar or feed is narrowed to; a topic or region includes its subtree."""

    query: str = ""
    topic: Topic | None = None
    region: Region | None = None
    actor: Actor | None = None
    series: Series | None = None
    place: Place | None = None
    kind: str = ""
    attendance: str = ""  # "online": online or hybrid; "in_person": in person or hybrid
    target_group: str = ""
    date_from: datetime | None = None
    date_to: datetime | None = None  # exclusive


def _event_ids(criteria: EventFilter) -> QuerySet | None:
    """Ids of events matching the event-level criteria, or None when there are none."""
    events = Event.objects.all()
    narrowed = False
    if criteria.topic is not None:
        topics = Topic.objects.filter(path__startswith=criteria.topic.path).values("pk")
        events = events.filter(pk__in=Event.topics.through.objects.filter(topic_id__in=topics).values("event_id"))
        narrowed = True
    if criteria.region is not None:
        regions = Region.objects.filter(path__startswith=criteria.region.path).values("pk")
        events = events.filter(pk__in=Event.regions.through.objects.filter(region_id__in=regions).values("event_id"))
        narrowed = True
    if criteria.actor is not None:
        events = events.filter(
            pk__in=Event.organisers.through.objects.filter(actor_id=criteria.actor.pk).values("event_id")
        )
        narrowed = True
    if criteria.target_group:
        groups = TargetGroup.objects.filter(code=criteria.target_group).values("pk")
        events = events.filter(
            pk__in=Event.target_groups.through.objects.filter(targetgroup_id__in=groups).values("event_id")
        )
        narrowed = True
    if criteria.query:
        events = events.filter(pk__in=matching_object_ids(criteria.query, kind="events.event"))
        narrowed = True
    return events.values("pk") if narrowed else None


def filtered_occurrences(criteria: EventFilter) -> QuerySet[Occurrence]:
    """Dates of public events matching every criterion, earliest first."""
    occurrences = Occurrence.objects.all()
    if criteria.date_from is not None:
        occurrences = occurrences.filter(starts_at__gte=criteria.date_from)
    if criteria.date_to is not None:
        occurrences = occurrences.filter(starts_at__lt=criteria.date_to)
    if criteria.series is not None:
        occurrences = occurrences.filter(event__series=criteria.series)
    if criteria.place is not None:
        occurrences = occurrences.filter(event__place=criteria.place) | occurrences.filter(place=criteria.place)
    if criteria.kind:
        occurrences = occurrences.filter(event__kind=criteria.kind)
    if criteria.attendance == Event.Attendance.ONLINE:
        occurrences = occurrences.filter(event__attendance__in=[Event.Attendance.ONLINE, Event.Attendance.HYBRID])
    elif criteria.attendance == Event.Attendance.IN_PERSON:
        occurrences = occurrences.filter(event__attendance__in=[Event.Attendance.IN_PERSON, Event.Attendance.HYBRID])
    event_ids = _event_ids(criteria)
    if event_ids is not None:
        occurrences = occurrences.filter(event_id__in=event_ids)
    return occurrences


def upcoming(criteria: EventFilter, now: datetime | None = None) -> QuerySet[Occurrence]:
    now = now or timezone.now()
    return filtered_occurrences(criteria).filter(starts_at__gte=now).order_by("starts_at", "pk")


def past(criteria: EventFilter, now: datetime | None = None) -> QuerySet[Occurrence]:
    now = now or timezone.now()
    return filtered_occurrences(criteria).filter(starts_at__lt=now).order_by("-starts_at", "-pk")


def with_list_details(occurrences: QuerySet[Occurrence]) -> QuerySet[Occurrence]:
    """What a date row shows: event, series, place and organisers; a fixed number of queries."""
    return occurrences.select_related("event", "event__series", "event__place", "place").prefetch_related(
        Prefetch("event__organisers", queryset=Actor.objects.only("name", "slug", "short_name"))
    )


# --- Public pages (added by the public views) -------------------------------------------------

DATES_SHOWN = 10


def in_period(criteria: EventFilter, start: datetime, end: datetime) -> QuerySet[Occurrence]:
    """Dates matching `criteria` that start in [start, end) (intersected with its own range),
    earliest first, with their event and place: what a calendar cell shows."""
    date_from = max(start, criteria.date_from) if criteria.date_from else start
    date_to = min(end, criteria.date_to) if criteria.date_to else end
    narrowed = replace(criteria, date_from=date_from, date_to=date_to)
    return filtered_occurrences(narrowed).select_related("event", "event__place", "place").order_by("starts_at", "pk")


# How many dates a brief section reads to find its events: a monthly meeting must not fill it.
BRIEF_SCAN_FACTOR = 4


def upcoming_brief(criteria: EventFilter, limit: int = DATES_SHOWN) -> list[Occurrence]:
    """The next date of each of the next few events, for a section on another page (home, actor,
    topic, region, place, body): one query.

    A repeating event shows once, with `has_more_dates` set when further dates of it were read, so
    that ten dates of one monthly meeting do not hide everything else.
    """
    rows = upcoming(criteria).select_related("event", "event__place", "place")[: limit * BRIEF_SCAN_FACTOR]
    shown: dict[int, Occurrence] = {}
    for occurrence in rows:
        first = shown.get(occurrence.event_id)
        if first is not None:
            first.has_more_dates = True  # type: ignore[attr-defined]
        elif len(shown) < limit:
            occurrence.has_more_dates = False  # type: ignore[attr-defined]
            shown[occurrence.event_id] = occurrence
    return list(shown.values())


def event_for_page(slug: str) -> Event | None:
    """The event with everything its page shows, or None."""
    return (
        Event.objects.filter(slug=slug)
        .select_related("series", "place", "place__region")
        .prefetch_related(
            Prefetch("organisers", queryset=Actor.objects.only("name", "slug", "short_name")),
            Prefetch("topics", queryset=Topic.objects.only("name", "slug")),
            Prefetch("regions", queryset=Region.objects.only("name", "slug")),
            "target_groups",
            Prefetch("contributions", queryset=Contribution.objects.select_related("actor")),
        )
        .first()
    )


def dates_of(event: Event, limit: int = DATES_SHOWN, now: datetime | None = None) -> list[Occurrence]:
    """The event's next dates (cancelled ones included, to be marked); when none are left, its last one."""
    now = now or timezone.now()
    rows = event.occurrences.select_related("place").order_by("starts_at", "pk")
    upcoming_dates = list(rows.filter(starts_at__gte=now)[:limit])
    return upcoming_dates or list(rows.filter(starts_at__lt=now).order_by("-starts_at", "-pk")[:1])


def occurrence_for_page(slug: str, pk: int) -> Occurrence | None:
    """One date of the event `slug` with what its page shows; None when it belongs to another event."""
    occurrence = Occurrence.objects.filter(pk=pk, event__slug=slug).select_related("place", "place__region").first()
    if occurrence is None:
        return None
    event = event_for_page(slug)
    assert event is not None
    occurrence.event = event
    return occurrence


def series_with_next_date(now: datetime | None = None) -> QuerySet[Series]:
    """All series, each with its organisers and the start of its next date (`next_start`)."""
    now = now or timezone.now()
    next_start = (
        Occurrence.objects.filter(event__series=OuterRef("pk"), starts_at__gte=now)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    return (
        Series.objects.annotate(next_start=Subquery(next_start))
        .prefetch_related(Prefetch("organisers", queryset=Actor.objects.only("name", "slug", "short_name")))
        .order_by("title")
    )


def series_for_page(slug: str) -> Series | None:
    return (
        Series.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch("organisers", queryset=Actor.objects.only("name", "slug", "short_name")),
            Prefetch("topics", queryset=Topic.objects.only("name", "slug")),
            Prefetch("regions", queryset=Region.objects.only("name", "slug")),
        )
        .first()
    )


# --- Registrations (added by the registration views) -------------------------------------------


def occurrence_for_registration(slug: str, pk: int) -> Occurrence | None:
    """One date of the event `slug` with its event and places, or None."""
    return (
        Occurrence.objects.filter(pk=pk, event__slug=slug)
        .select_related("event", "event__place", "place")
        .prefetch_related(Prefetch("event__organisers", queryset=Actor.objects.only("name", "slug", "short_name")))
        .first()
    )


def participants_of(occurrence: Occurrence) -> list[Registration]:
    """Everyone registered for a date and not cancelled: confirmed, then waitlisted (in the
    waitlist's order), then those who have not confirmed their address yet. One query."""
    order: dict[str, int] = {
        Registration.Status.CONFIRMED: 0,
        Registration.Status.WAITLISTED: 1,
        Registration.Status.UNCONFIRMED: 2,
    }
    rows = (
        Registration.objects.filter(occurrence=occurrence)
        .exclude(status=Registration.Status.CANCELLED)
        .order_by("queued_at", "created", "pk")
    )
    return sorted(rows, key=lambda registration: order.get(registration.status, 3))
