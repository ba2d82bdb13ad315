"""Reads for events: filtered dates for lists, calendars and feeds, with what they show loaded."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from wandelnetz.actors.models import Actor
from wandelnetz.events.models import Event, Occurrence, Series, TargetGroup
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
