"""Explicit factories for events (through the services, so dates and the search index are real)."""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from wandelnetz.actors.models import Actor
from wandelnetz.actors.tests.factories import actor
from wandelnetz.events import services
from wandelnetz.events.models import Event, Occurrence, Series
from wandelnetz.events.recurrence import BERLIN

_counter = {"n": 0}


def next_week_at(hour: int = 17, minute: int = 0, days: int = 7) -> datetime:
    """A wall-clock time in Berlin `days` from today."""
    day = timezone.localtime(timezone.now(), BERLIN).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def series(title: str | None = None, **fields: Any) -> Series:
    _counter["n"] += 1
    return services.create_series(title=title or f"Reihe {_counter['n']}", **fields)


def event(
    title: str | None = None,
    *,
    starts_at: datetime | None = None,
    duration: timedelta | None = timedelta(minutes=90),
    organisers: list[Actor] | None = None,
    **fields: Any,
) -> Event:
    """An event next week at 17:00 (Berlin) for 90 minutes, organised by a new actor unless given."""
    _counter["n"] += 1
    starts_at = starts_at or next_week_at()
    fields.setdefault("ends_at", starts_at + duration if duration is not None else None)
    return services.create_event(
        title=title or f"Veranstaltung {_counter['n']}",
        starts_at=starts_at,
        organisers=organisers if organisers is not None else [actor()],
        **fields,
    )


def occurrence_of(event: Event, index: int = 0) -> Occurrence:
    return event.occurrences.order_by("starts_at")[index]
