"""schema.org Event JSON-LD for event and date pages.

The online link is never part of it: it is for registered participants only, so a
VirtualLocation points at the event's own page, where people register.
"""

from datetime import datetime, timedelta

from django.http import HttpRequest

from wandelnetz.core.forms import parse_id
from wandelnetz.events.models import Event, Occurrence
from wandelnetz.events.recurrence import WEEKDAY_CODES, local, parse_rule
from wandelnetz.places.models import Place

SCHEMA = "https://schema.org/"
STATUS = {
    Event.Status.CANCELLED: "EventCancelled",
    Event.Status.POSTPONED: "EventPostponed",
}
ATTENDANCE = {
    Event.Attendance.IN_PERSON: "OfflineEventAttendanceMode",
    Event.Attendance.ONLINE: "OnlineEventAttendanceMode",
    Event.Attendance.HYBRID: "MixedEventAttendanceMode",
}
FREQUENCY = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
LANGUAGES = {"de-easy": "de", "de-en": ["de", "en"]}


def _when(value: datetime, *, date_only: bool) -> str:
    moment = local(value)
    return moment.date().isoformat() if date_only else moment.isoformat(timespec="minutes")


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    text = "P" + (f"{days}D" if days else "")
    if hours or minutes or not days:
        text += "T" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or not hours else "")
    return text


def place_json_ld(place: Place, request: HttpRequest) -> dict:
    data: dict = {"@type": "Place", "name": place.name, "url": request.build_absolute_uri(place.get_absolute_url())}
    address = {
        "@type": "PostalAddress",
        "streetAddress": place.street,
        "postalCode": place.postcode,
        "addressLocality": place.locality,
        "addressCountry": "DE",
    }
    data["address"] = {key: value for key, value in address.items() if value}
    if place.latitude is not None and place.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    return data


def _location(event: Event, place: Place | None, location_note: str, request: HttpRequest) -> list[dict] | dict | None:
    locations: list[dict] = []
    if event.attendance != Event.Attendance.ONLINE:
        if place is not None:
            locations.append(place_json_ld(place, request))
        elif location_note:
            locations.append({"@type": "Place", "name": location_note})
    if event.attendance != Event.Attendance.IN_PERSON:
        locations.append({"@type": "VirtualLocation", "url": request.build_absolute_uri(event.get_absolute_url())})
    if not locations:
        return None
    return locations[0] if len(locations) == 1 else locations


def schedule_json_ld(event: Event) -> dict | None:
    """A schema.org Schedule for a recurring event, or None when its rule cannot be put in one."""
    try:
        parts = parse_rule(event.rrule)
    except Exception:  # noqa: BLE001 - a rule the page shows as text still needs no schedule
        return None
    start = local(event.starts_at)
    interval = parts.get("INTERVAL", "1")
    schedule: dict = {
        "@type": "Schedule",
        "repeatFrequency": f"P{interval}{FREQUENCY[parts['FREQ']]}",
        "startDate": start.date().isoformat(),
        "scheduleTimezone": "Europe/Berlin",
    }
    if not (event.all_day or event.time_to_be_announced):
        schedule["startTime"] = start.strftime("%H:%M:%S")
        if event.ends_at is not None:
            schedule["endTime"] = local(event.ends_at).strftime("%H:%M:%S")
            schedule["duration"] = _duration(event.ends_at - event.starts_at)
    days, weeks = [], []
    for value in filter(None, parts.get("BYDAY", "").split(",")):
        code, number = value[-2:], value[:-2]
        if code not in WEEKDAY_CODES:
            return None
        days.append(SCHEMA + WEEKDAY_NAMES[WEEKDAY_CODES.index(code)])
        if parse_id(number.lstrip("+-")) is not None:
            weeks.append(int(number))
    if days:
        schedule["byDay"] = days if len(days) > 1 else days[0]
    if weeks:
        schedule["byMonthWeek"] = weeks if len(weeks) > 1 else weeks[0]
    if "BYMONTHDAY" in parts and parse_id(parts["BYMONTHDAY"].lstrip("-")) is not None:
        schedule["byMonthDay"] = int(parts["BYMONTHDAY"])
    if "COUNT" in parts and parse_id(parts["COUNT"]) is not None:
        schedule["repeatCount"] = int(parts["COUNT"])
    if "UNTIL" in parts:
        try:
            until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=start.tzinfo)
        except ValueError:
            pass
        else:
            schedule["endDate"] = until.date().isoformat()
    return schedule


def _base(event: Event, request: HttpRequest, url: str) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "url": url,
        "name": event.title,
        "eventStatus": SCHEMA + STATUS.get(event.status, "EventScheduled"),  # type: ignore[call-overload]
        "eventAttendanceMode": SCHEMA + ATTENDANCE[event.attendance],  # type: ignore[index]
        "inLanguage": LANGUAGES.get(event.language, event.language),
    }
    if event.summary or event.description:
        data["description"] = event.summary or event.description[:500]
    organisers = [
        {"@type": "Organization", "name": actor.name, "url": request.build_absolute_uri(actor.get_absolute_url())}
        for actor in event.organisers.all()
    ]
    if organisers:
        data["organizer"] = organisers if len(organisers) > 1 else organisers[0]
    performers: list[dict] = []
    for contribution in event.contributions.all():
        if contribution.speaker_name:
            performers.append({"@type": "Person", "name": contribution.speaker_name})
        elif contribution.actor is not None:
            url = request.build_absolute_uri(contribution.actor.get_absolute_url())
            performers.append({"@type": "Organization", "name": contribution.actor.name, "url": url})
    if performers:
        data["performer"] = performers
    audiences = [{"@type": "Audience", "audienceType": str(group)} for group in event.target_groups.all()]
    if audiences:
        data["audience"] = audiences
    keywords = [topic.name for topic in event.topics.all()]
    if keywords:
        data["keywords"] = ", ".join(keywords)
    if event.series is not None:
        series_url = request.build_absolute_uri(event.series.get_absolute_url())
        data["superEvent"] = {"@type": "EventSeries", "name": event.series.title, "url": series_url}
    return data


def event_json_ld(event: Event, request: HttpRequest) -> dict:
    """The event page's JSON-LD: its first date, and for a recurring event its eventSchedule."""
    data = _base(event, request, request.build_absolute_uri(event.get_absolute_url()))
    date_only = event.all_day or event.time_to_be_announced
    data["startDate"] = _when(event.starts_at, date_only=date_only)
    if event.ends_at is not None and not event.time_to_be_announced:
        data["endDate"] = _when(event.ends_at, date_only=date_only)
    location = _location(event, event.place, event.location_note, request)
    if location is not None:
        data["location"] = location
    if event.is_recurring:
        schedule = schedule_json_ld(event)
        if schedule is not None:
            data["eventSchedule"] = schedule
    return data


def occurrence_json_ld(occurrence: Occurrence, request: HttpRequest) -> dict:
    """A single date's JSON-LD: that date's own times, place and cancellation."""
    event = occurrence.event
    data = _base(event, request, request.build_absolute_uri(occurrence.get_absolute_url()))
    if occurrence.cancelled:
        data["eventStatus"] = SCHEMA + "EventCancelled"
    elif event.status not in STATUS and occurrence.is_changed and occurrence.starts_at != occurrence.original_start:
        data["eventStatus"] = SCHEMA + "EventRescheduled"
        data["previousStartDate"] = _when(occurrence.original_start, date_only=event.all_day)
    date_only = event.all_day or event.time_to_be_announced
    data["startDate"] = _when(occurrence.starts_at, date_only=date_only)
    if occurrence.ends_at is not None and not event.time_to_be_announced:
        data["endDate"] = _when(occurrence.ends_at, date_only=date_only)
    location = _location(event, occurrence.effective_place, occurrence.effective_location_note, request)
    if location is not None:
        data["location"] = location
    return data
