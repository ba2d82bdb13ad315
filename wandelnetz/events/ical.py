"""iCalendar output (RFC 5545): feeds of events, one event, and one date as a mail attachment.

How the output is built, and why:
- Times are local wall times with TZID=Europe/Berlin, plus one VTIMEZONE for that zone. A weekly
  19:00 meeting then stays at 19:00 across daylight-saving changes in every calendar program.
  All-day events and events whose time is not yet known are VALUE=DATE entries (DTEND exclusive).
- A recurring event is one master VEVENT with its RRULE (UNTIL in UTC, as stored; a date when the
  event is date-valued, since UNTIL must have DTSTART's type). Left-out dates become EXDATEs of
  DTSTART's type and zone; changed or cancelled dates become extra VEVENTs with the same UID and a
  RECURRENCE-ID in the master's zone. Feeds contain masters, never expanded dates.
- UID is `Event.uid` (stable for the life of the event). SEQUENCE is `Event.sequence` for the
  master and its overrides alike: the services raise it on every calendar-relevant change,
  including changes of single dates, so it rises monotonically for every component.
- Feeds carry no METHOD (a published calendar for subscription). There DTSTAMP is when the
  information was last revised (RFC 5545 3.8.7.2), so DTSTAMP = LAST-MODIFIED = the event's
  `modified`: unchanged data gives byte-identical output (stable ETags, cacheable bodies).
- The online link (`Event.online_url`) is for registered participants only: never in feeds.
  `occurrence_ics(..., include_online_link=True)` puts it into a confirmed person's attachment.

The VTIMEZONE comes from the icalendar package (what `Calendar.add_missing_timezones()` adds);
the events are written here, line by line: the format is simple, and icalendar's general
machinery took about a millisecond per event, five times the budget of a thousand-event feed.
The tests read every kind of output back with icalendar and expand it with recurring_ical_events.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from dateutil import rrule as du
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Timezone

from wandelnetz.core.markdown import markdown_to_text
from wandelnetz.core.paths import absolute_url
from wandelnetz.events.models import Event, Occurrence, OccurrenceChange
from wandelnetz.events.recurrence import BERLIN, UTC, local, parse_rule

PRODID = "-//Wandelnetz//Veranstaltungen//DE"
TZID = "Europe/Berlin"
# The VTIMEZONE lists Berlin's transitions up to this many years ahead; calendar programs map
# the TZID to their own zone database anyway, the component is for the few that do not.
TIMEZONE_YEARS_AHEAD = 30

_STATUS: dict[str, str] = {
    Event.Status.PLANNED: "TENTATIVE",
    Event.Status.POSTPONED: "TENTATIVE",
    Event.Status.CONFIRMED: "CONFIRMED",
    Event.Status.CANCELLED: "CANCELLED",
}
# Control characters are not allowed in iCalendar text (RFC 5545 3.3.11), except tab.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

Moment = datetime | date


def calendar_for_events(events: Iterable[Event], *, name: str) -> bytes:
    """A VCALENDAR with every event's master VEVENT and the overrides of its changed dates.

    Reads the events' changes, organisers and topics in three queries, however many events;
    pass a queryset (its place is joined in) or events with their place loaded.
    """
    if isinstance(events, QuerySet):
        events = events.select_related("place")
    rows = list(events)
    context = _Context(rows)
    this_year = timezone.now().year
    first_year = this_year
    components: list[Component] = []
    for event in rows:
        for component in _event_components(event, context):
            components.append(component)
            first_year = min(first_year, component.first_year)
    head = _calendar_head(name=name)
    timezone_block = _berlin_timezone(first_year, this_year + TIMEZONE_YEARS_AHEAD)
    return _join(head, timezone_block, components)


def occurrence_ics(occurrence: Occurrence, *, include_online_link: bool) -> bytes:
    """One date as a calendar of its own, to attach to a registration mail.

    The VEVENT stands alone (no RRULE, no RECURRENCE-ID): an override without its master is
    dropped or mangled by several calendar programs when imported from a mail. Its UID is the
    event's for a one-off event (importing it updates the subscribed copy instead of duplicating
    it) and derived from the event's UID and the date's original start for a recurring one.
    METHOD:PUBLISH is what mail programs expect of an "add to calendar" attachment; DTSTAMP is
    then the time the message was made. The online link goes in only when asked for: the
    attachment may reach people who are merely on the waitlist.
    """
    event = occurrence.event
    context = _Context([event])
    cancelled = occurrence.cancelled or event.is_cancelled
    url = absolute_url(occurrence.get_absolute_url())
    online_link = event.online_url if include_online_link and event.attendance != Event.Attendance.IN_PERSON else ""
    extra = [occurrence.note]
    if online_link:
        extra.append(_("Online link: %(url)s") % {"url": online_link})
    if occurrence.place_id:
        place, note = occurrence.place, ""
    elif occurrence.location_note:
        place, note = None, occurrence.location_note
    else:
        place, note = event.place, event.location_note

    component = Component()
    component.text("UID", event.uid if not event.is_recurring else _derived_uid(event.uid, occurrence.original_start))
    component.utc("DTSTAMP", timezone.now())
    component.utc("LAST-MODIFIED", event.modified)
    component.raw("SEQUENCE", str(event.sequence))
    _add_span(component, event, occurrence.starts_at, occurrence.ends_at)
    _add_details(
        component, event, context, url=url, cancelled=cancelled, place=place, note=note, extra=extra, link=online_link
    )
    if online_link:
        component.raw("CONFERENCE", online_link, ";VALUE=URI;FEATURE=VIDEO")
    year = component.first_year
    head = _calendar_head(name=None, method="PUBLISH")
    return _join(head, _berlin_timezone(year, max(year, timezone.now().year) + 1), [component])


def _event_components(event: Event, context: "_Context") -> list["Component"]:
    """The master VEVENT of an event and one override per changed date of a recurring event."""
    url = context.event_url(event)
    changes = context.changes.get(event.pk, [])
    if not event.is_recurring:
        change = next(iter(changes), None)
        if change is None:
            return [_master(event, context, url, event.starts_at, event.ends_at)]
        start, end = _changed_times(change, event.starts_at, event.ends_at)
        place, note = _changed_place(event, change)
        cancelled = change.cancelled or change.excluded
        return [_master(event, context, url, start, end, cancelled=cancelled, place=place, note=note, change=change)]

    instances = du.rrulestr(event.rrule, dtstart=local(event.starts_at))
    # Calendar programs count DTSTART as a date even when the rule does not give it (RFC 5545
    # 3.8.5.3); the pages follow the rule, so the master starts at the rule's first date.
    first = next(iter(instances), None) or local(event.starts_at)
    master = _master(event, context, url, first, _instance_end(event, first))
    master.raw("RRULE", _rule_text(event))
    given = [change for change in changes if _is_instance(instances, change.original_start)]
    excluded = [change.original_start for change in given if change.excluded]
    if excluded:
        master.moments("EXDATE", [_moment(event, value) for value in excluded])
    # A change of a date the rule no longer gives is left out, as on the pages.
    return [master, *(_override(event, context, url, change) for change in given if not change.excluded)]


class _Context:
    """What the components of many events share, read once: related rows and translated words."""

    def __init__(self, events: list[Event]) -> None:
        ids = [event.pk for event in events]
        self.changes: dict[int, list[OccurrenceChange]] = defaultdict(list)
        self.organisers: dict[int, list[str]] = defaultdict(list)
        self.topics: dict[int, list[str]] = defaultdict(list)
        if ids:
            changes = OccurrenceChange.objects.filter(event_id__in=ids).select_related("place")
            for change in changes.order_by("original_start"):
                self.changes[change.event_id].append(change)
            organisers = Event.organisers.through.objects.filter(event_id__in=ids).order_by("actor__name")
            for event_id, actor_name in organisers.values_list("event_id", "actor__name"):
                self.organisers[event_id].append(actor_name)
            topics = Event.topics.through.objects.filter(event_id__in=ids).order_by("topic__name")
            for event_id, topic_name in topics.values_list("event_id", "topic__name"):
                self.topics[event_id].append(topic_name)
        self.kinds = {value: str(label) for value, label in Event.Kind.choices}
        self.online = _("Online")
        self.place_to_be_announced = _("place to be announced")
        # One reverse() instead of one per event.
        self._url_head, _slug, self._url_tail = absolute_url(
            reverse("events:event_detail", kwargs={"slug": "slug"})
        ).rpartition("slug")

    def event_url(self, event: Event) -> str:
        return f"{self._url_head}{event.slug}{self._url_tail}"


# --- Writing ------------------------------------------------------------------------------------


class Component:
    """A VEVENT as content lines, written by hand (see the module's docstring)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.first_year = 9999

    def raw(self, name: str, value: str, params: str = "") -> None:
        self.lines.append(f"{name}{params}:{value}")

    def text(self, name: str, value: str) -> None:
        self.raw(name, _escape(value))

    def utc(self, name: str, value: datetime) -> None:
        self.raw(name, f"{value.astimezone(UTC):%Y%m%dT%H%M%SZ}")

    def moment(self, name: str, value: Moment) -> None:
        self.moments(name, [value])

    def moments(self, name: str, values: list[Moment]) -> None:
        """Dates or local times (all of one kind), with VALUE=DATE or the TZID."""
        if isinstance(values[0], datetime):
            self.raw(name, ",".join(f"{value:%Y%m%dT%H%M%S}" for value in values), f";TZID={TZID}")
        else:
            self.raw(name, ",".join(f"{value:%Y%m%d}" for value in values), ";VALUE=DATE")
        for value in values:
            self.first_year = min(self.first_year, value.year)

    def write(self, out: list[str]) -> None:
        out.append("BEGIN:VEVENT")
        out.extend(_fold(line) for line in self.lines)
        out.append("END:VEVENT")


def _escape(value: str) -> str:
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets go on in lines that start with a space; never inside a character."""
    data = line.encode()
    if len(data) <= 75:
        return line
    pieces = []
    start, limit = 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a UTF-8 continuation byte
            end -= 1
        pieces.append(data[start:end].decode())
        start, limit = end, 74
    return "\r\n ".join(pieces)


def _calendar_head(*, name: str | None, method: str = "") -> list[str]:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if method:
        head.append(f"METHOD:{method}")
    if name:
        # Parsers (icalendar among them) do not unescape these names: leave out what needs escaping.
        name = _escape(re.sub(r"\s*[,;\\]\s*", " ", name))
        head.append(_fold(f"NAME:{name}"))  # RFC 7986
        head.append(_fold(f"X-WR-CALNAME:{name}"))  # what most programs read
    return head


def _join(head: list[str], timezone_block: str, components: list[Component]) -> bytes:
    out = list(head)
    out.append(timezone_block)
    for component in components:
        component.write(out)
    out.append("END:VCALENDAR")
    return ("\r\n".join(out) + "\r\n").encode()


@lru_cache(maxsize=8)
def _berlin_timezone(first_year: int, last_year: int) -> str:
    """The VTIMEZONE for Berlin over these years, as lines (built once per range)."""
    component = Timezone.from_tzid(TZID, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1))
    return component.to_ical().decode().rstrip("\r\n")


# --- Components ---------------------------------------------------------------------------------


def _master(
    event: Event,
    context: _Context,
    url: str,
    starts_at: datetime,
    ends_at: datetime | None,
    *,
    cancelled: bool = False,
    place: Any = None,
    note: str | None = None,
    change: OccurrenceChange | None = None,
) -> Component:
    if note is None:
        place, note = event.place, event.location_note
    modified = max(event.modified, change.modified) if change is not None else event.modified
    component = Component()
    component.text("UID", event.uid)
    component.utc("DTSTAMP", modified)
    component.utc("LAST-MODIFIED", modified)
    component.utc("CREATED", event.created)
    component.raw("SEQUENCE", str(event.sequence))
    _add_span(component, event, starts_at, ends_at)
    extra = [change.note] if change is not None else []
    _add_details(
        component,
        event,
        context,
        url=url,
        cancelled=event.is_cancelled or cancelled,
        place=place,
        note=note,
        extra=extra,
    )
    return component


def _override(event: Event, context: _Context, url: str, change: OccurrenceChange) -> Component:
    """A changed date of a recurring event: same UID, RECURRENCE-ID in the master's zone."""
    original = local(change.original_start)
    start, end = _changed_times(change, original, _instance_end(event, original))
    place, note = _changed_place(event, change)
    modified = max(event.modified, change.modified)
    component = Component()
    component.text("UID", event.uid)
    component.moment("RECURRENCE-ID", _moment(event, change.original_start))
    component.utc("DTSTAMP", modified)
    component.utc("LAST-MODIFIED", modified)
    component.raw("SEQUENCE", str(event.sequence))
    _add_span(component, event, start, end)
    cancelled = event.is_cancelled or change.cancelled
    _add_details(component, event, context, url=url, cancelled=cancelled, place=place, note=note, extra=[change.note])
    return component


def _add_details(
    component: Component,
    event: Event,
    context: _Context,
    *,
    url: str,
    cancelled: bool,
    place: Any,
    note: str,
    extra: list[str],
    link: str = "",
) -> None:
    component.text("SUMMARY", _summary(event, cancelled=cancelled))
    component.text("DESCRIPTION", _description(event, url, extra, context.organisers.get(event.pk, [])))
    component.raw("URL", url)
    _add_location(component, event, context, place, note, online_link=link)
    component.raw("STATUS", "CANCELLED" if cancelled else _STATUS.get(event.status, "TENTATIVE"))
    categories = [context.kinds.get(event.kind, event.kind), *context.topics.get(event.pk, [])]
    component.raw("CATEGORIES", ",".join(_escape(category) for category in categories))
    component.raw("TRANSP", "TRANSPARENT" if _date_valued(event) else "OPAQUE")


def _add_location(
    component: Component, event: Event, context: _Context, place: Any, note: str, *, online_link: str = ""
) -> None:
    parts = []
    if event.attendance != Event.Attendance.ONLINE:
        if place is not None:
            parts.append(", ".join(part for part in [place.name, place.address] if part))
        elif note:
            parts.append(note)
        else:
            parts.append(context.place_to_be_announced)
    if event.attendance != Event.Attendance.IN_PERSON:
        parts.append(online_link or context.online)
    component.text("LOCATION", " / ".join(parts))
    on_site = event.attendance != Event.Attendance.ONLINE and place is not None
    if on_site and place.latitude is not None and place.longitude is not None:
        component.raw("GEO", f"{float(place.latitude):.6f};{float(place.longitude):.6f}")


def _changed_times(
    change: OccurrenceChange, starts_at: datetime, ends_at: datetime | None
) -> tuple[datetime, datetime | None]:
    """A changed date's times, as `services._desired_occurrences` computes them."""
    if change.ends_at is not None:
        return change.starts_at or starts_at, change.ends_at
    if change.starts_at is not None:
        return change.starts_at, (change.starts_at + (ends_at - starts_at)) if ends_at is not None else None
    return starts_at, ends_at


def _changed_place(event: Event, change: OccurrenceChange) -> tuple[Any, str]:
    if change.place_id:
        return change.place, ""
    if change.location_note:
        return None, change.location_note
    return event.place, event.location_note


def _summary(event: Event, *, cancelled: bool) -> str:
    title = event.title
    if event.time_to_be_announced and not event.all_day:
        title = _("%(title)s (time to be announced)") % {"title": title}
    if cancelled:
        return _("Cancelled: %(title)s") % {"title": title}
    if event.status == Event.Status.POSTPONED:
        return _("Postponed: %(title)s") % {"title": title}
    return title


def _description(event: Event, url: str, extra: list[str], organisers: list[str]) -> str:
    paragraphs = [event.summary, _plain_text(event.description), *extra]
    if organisers:
        paragraphs.append(_("Organised by: %(organisers)s") % {"organisers": ", ".join(organisers)})
    if event.time_to_be_announced:
        paragraphs.append(_("The time will be announced."))
    paragraphs.append(url)
    return "\n\n".join(paragraph.strip() for paragraph in paragraphs if paragraph and paragraph.strip())


@lru_cache(maxsize=2048)
def _plain_text(markdown: str) -> str:
    # Rendering Markdown takes milliseconds; a feed shows the same descriptions again and again.
    return markdown_to_text(markdown) if markdown else ""


# --- Times --------------------------------------------------------------------------------------


def _date_valued(event: Event) -> bool:
    return event.all_day or event.time_to_be_announced


def _add_span(component: Component, event: Event, starts_at: datetime, ends_at: datetime | None) -> None:
    """DTSTART and DTEND: local times, or days with an exclusive end for date-valued events."""
    if _date_valued(event):
        first = local(starts_at).date()
        last = local(ends_at).date() if event.all_day and ends_at is not None else first
        component.moment("DTSTART", first)
        component.moment("DTEND", max(last, first) + timedelta(days=1))
        return
    component.moment("DTSTART", local(starts_at))
    if ends_at is not None:
        component.moment("DTEND", local(ends_at))


def _moment(event: Event, value: datetime) -> Moment:
    """An EXDATE or RECURRENCE-ID: DTSTART's type and zone."""
    return local(value).date() if _date_valued(event) else local(value)


def _instance_end(event: Event, start: datetime) -> datetime | None:
    """The end of the rule's date starting at `start` (same wall-clock length as the first)."""
    if event.ends_at is None:
        return None
    wall_length = local(event.ends_at).replace(tzinfo=None) - local(event.starts_at).replace(tzinfo=None)
    return (local(start).replace(tzinfo=None) + wall_length).replace(tzinfo=BERLIN)


def _rule_text(event: Event) -> str:
    """The stored rule; for a date-valued event UNTIL becomes that day in Berlin (DTSTART's type)."""
    if not _date_valued(event) or "UNTIL=" not in event.rrule:
        return event.rrule
    parts = parse_rule(event.rrule)
    until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    parts["UNTIL"] = f"{local(until):%Y%m%d}"
    return ";".join(f"{key}={value}" for key, value in parts.items())


def _is_instance(instances: du.rrule | du.rruleset, original_start: datetime) -> bool:
    """Whether the rule gives this start (a change can outlive a change of the rule)."""
    return local(original_start) in instances


def _derived_uid(uid: str, original_start: datetime) -> str:
    stamp = f"{local(original_start):%Y%m%dT%H%M%S}"
    head, at, domain = uid.rpartition("@")
    return f"{head}-{stamp}@{domain}" if at else f"{uid}-{stamp}"
