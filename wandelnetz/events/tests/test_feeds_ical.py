"""The iCalendar builders: what calendar programs read from a feed, a single event and a date.

Each test parses the output with icalendar and, where dates matter, expands it with
recurring_ical_events, as a calendar program would.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import recurring_ical_events
from django.utils import timezone, translation
from icalendar import Calendar

from wandelnetz.events import ical, services
from wandelnetz.events.models import Event
from wandelnetz.events.recurrence import BERLIN, UTC, normalise_rule
from wandelnetz.events.tests.factories import event, occurrence_of
from wandelnetz.places.services import create_place
from wandelnetz.topics.tests.factories import topic

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://meet.example.org/geheim-123"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://wandelnetz.example"
    with translation.override("en"):
        yield


def monday_before_spring_dst() -> datetime:
    """19:00 on the Monday two weeks before next year's switch to summer time."""
    year = timezone.now().year + 1
    last_sunday = max(date(year, 3, day) for day in range(25, 32) if date(year, 3, day).weekday() == 6)
    monday = last_sunday - timedelta(days=13)
    return datetime(monday.year, monday.month, monday.day, 19, 0, tzinfo=BERLIN)


def feed_of(*events: Event) -> Calendar:
    rows = Event.objects.filter(pk__in=[e.pk for e in events]).order_by("pk")
    return Calendar.from_ical(ical.calendar_for_events(rows, name="Test"))


def instances(calendar: Calendar, start: datetime, days: int = 120) -> list:
    return list(recurring_ical_events.of(calendar).between(start - timedelta(days=1), start + timedelta(days=days)))


def local_starts(components: list) -> list[datetime]:
    return sorted(component.start.astimezone(BERLIN) for component in components)


def weekly(count: int = 5, **fields) -> Event:
    return event("Stammtisch", starts_at=monday_before_spring_dst(), rrule=f"FREQ=WEEKLY;COUNT={count}", **fields)


def test_weekly_event_stays_at_seven_pm_across_daylight_saving():
    calendar = feed_of(weekly())
    starts = local_starts(instances(calendar, monday_before_spring_dst()))
    assert len(starts) == 5
    assert {(s.hour, s.minute) for s in starts} == {(19, 0)}
    assert {s.utcoffset() for s in starts} == {timedelta(hours=1), timedelta(hours=2)}
    assert [b - a for a, b in zip(starts, starts[1:], strict=False)] == [timedelta(days=7)] * 4


def test_master_has_local_times_with_tzid_and_one_vtimezone():
    raw = ical.calendar_for_events(Event.objects.filter(pk=weekly().pk), name="Test")
    calendar = Calendar.from_ical(raw)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert b"DTSTART;TZID=Europe/Berlin:" in raw
    assert b"DTEND;TZID=Europe/Berlin:" in raw
    assert calendar["PRODID"] == "-//Wandelnetz//Veranstaltungen//DE"
    assert calendar["VERSION"] == "2.0"
    assert calendar["X-WR-CALNAME"] == "Test"
    assert "METHOD" not in calendar  # a published calendar for subscription


def test_left_out_date_becomes_exdate_of_dtstart_type_and_zone():
    meeting = weekly()
    left_out = occurrence_of(meeting, 1)
    services.change_occurrence(left_out, excluded=True)
    calendar = feed_of(meeting)
    (master,) = calendar.walk("VEVENT")
    exdate = master["EXDATE"]
    assert exdate.params["TZID"] == "Europe/Berlin"
    assert [d.dt for d in exdate.dts] == [left_out.original_start.astimezone(BERLIN)]
    starts = local_starts(instances(calendar, meeting.starts_at))
    assert len(starts) == 4
    assert left_out.original_start not in starts


def test_moved_date_appears_once_at_its_new_time():
    meeting = weekly()
    moved = occurrence_of(meeting, 2)
    new_start = moved.starts_at + timedelta(days=1, hours=-1)  # Tuesday 18:00
    services.change_occurrence(moved, starts_at=new_start, note="Ausnahmsweise dienstags")
    calendar = feed_of(meeting)
    master, override = calendar.walk("VEVENT")
    assert override["UID"] == master["UID"] == meeting.uid
    assert override["RECURRENCE-ID"].params["TZID"] == "Europe/Berlin"
    assert override["RECURRENCE-ID"].dt == moved.original_start.astimezone(BERLIN)
    assert "Ausnahmsweise dienstags" in override["DESCRIPTION"]
    starts = local_starts(instances(calendar, meeting.starts_at))
    assert len(starts) == 5
    assert new_start in starts
    assert moved.original_start not in starts
    expanded = {c.start: c for c in instances(calendar, meeting.starts_at)}
    assert expanded[new_start].end - expanded[new_start].start == timedelta(minutes=90)


def test_relocated_date_has_its_own_place():
    meeting = weekly()
    elsewhere = create_place(name="Ökokirche Deutzen", street="Kirchweg 1", postcode="04574", locality="Deutzen")
    services.change_occurrence(occurrence_of(meeting, 1), place=elsewhere)
    master, override = feed_of(meeting).walk("VEVENT")
    assert "Ökokirche Deutzen, Kirchweg 1, 04574 Deutzen" in override["LOCATION"]
    assert "Deutzen" not in master["LOCATION"]


def test_cancelled_date_is_marked_cancelled():
    meeting = weekly()
    cancelled = occurrence_of(meeting, 3)
    services.change_occurrence(cancelled, cancelled=True)
    calendar = feed_of(meeting)
    master, override = calendar.walk("VEVENT")
    assert override["STATUS"] == "CANCELLED"
    assert master["STATUS"] == "TENTATIVE"
    by_start = {c.start: c for c in instances(calendar, meeting.starts_at)}
    assert by_start[cancelled.original_start]["STATUS"] == "CANCELLED"
    assert sum(1 for c in by_start.values() if c["STATUS"] == "CANCELLED") == 1


def test_cancelled_single_event_is_marked_cancelled():
    one_off = event("Filmabend")
    services.change_occurrence(occurrence_of(one_off), cancelled=True)
    (component,) = feed_of(one_off).walk("VEVENT")
    assert component["STATUS"] == "CANCELLED"
    assert "RECURRENCE-ID" not in component
    assert "RRULE" not in component


def test_status_follows_the_event():
    confirmed = event(status=Event.Status.CONFIRMED)
    cancelled = event(status=Event.Status.CANCELLED)
    statuses = {c["UID"]: str(c["STATUS"]) for c in feed_of(confirmed, cancelled).walk("VEVENT")}
    assert statuses == {confirmed.uid: "CONFIRMED", cancelled.uid: "CANCELLED"}


def test_uid_is_stable_and_sequence_rises_when_the_time_changes():
    meeting = weekly()
    first = feed_of(meeting).walk("VEVENT")[0]
    again = feed_of(meeting).walk("VEVENT")[0]
    assert first["UID"] == again["UID"] == meeting.uid
    assert ical.calendar_for_events([meeting], name="x") == ical.calendar_for_events([meeting], name="x")
    meeting.starts_at += timedelta(hours=1)
    meeting.ends_at += timedelta(hours=1)
    services.update_event(meeting, ["starts_at", "ends_at"])
    changed = feed_of(meeting).walk("VEVENT")[0]
    assert changed["UID"] == meeting.uid
    assert changed["SEQUENCE"] > first["SEQUENCE"]
    assert changed.start.astimezone(BERLIN).hour == 20


def test_override_sequence_never_falls_behind_the_master():
    meeting = weekly()
    services.change_occurrence(occurrence_of(meeting, 1), cancelled=True)
    services.change_occurrence(occurrence_of(meeting, 1), cancelled=False, note="doch")
    master, override = feed_of(meeting).walk("VEVENT")
    assert override["SEQUENCE"] == master["SEQUENCE"] >= 2


def test_until_stays_in_utc():
    meeting = event(starts_at=monday_before_spring_dst(), rrule="FREQ=WEEKLY;UNTIL=20991231T225959Z")
    raw = ical.calendar_for_events([meeting], name="x")
    assert b"RRULE:FREQ=WEEKLY;UNTIL=20991231T225959Z" in raw
    (master,) = Calendar.from_ical(raw).walk("VEVENT")
    assert master["RRULE"]["UNTIL"][0].tzinfo is not None
    assert master["RRULE"]["UNTIL"][0].utcoffset() == timedelta(0)


def test_online_link_never_appears_in_feeds():
    online = weekly(attendance=Event.Attendance.ONLINE, online_url=SECRET_LINK)
    hybrid = event(attendance=Event.Attendance.HYBRID, online_url=SECRET_LINK)
    raw = ical.calendar_for_events(Event.objects.all(), name="x")
    assert SECRET_LINK.encode() not in raw
    assert b"geheim" not in raw
    components = {c["UID"]: c for c in Calendar.from_ical(raw).walk("VEVENT")}
    assert components[online.uid]["LOCATION"] == "Online"
    assert "Online" in components[hybrid.uid]["LOCATION"]


def test_all_day_event_is_date_valued_with_exclusive_end():
    start = monday_before_spring_dst().replace(hour=0)
    conference = event("Konferenz", starts_at=start, ends_at=start + timedelta(days=1), all_day=True)
    raw = ical.calendar_for_events([conference], name="x")
    assert b"DTSTART;VALUE=DATE:" in raw
    (component,) = Calendar.from_ical(raw).walk("VEVENT")
    assert component.start == start.date()
    assert component.end == start.date() + timedelta(days=2)


def test_time_to_be_announced_is_a_date_with_a_note_in_the_summary():
    meeting = event("AkSLL-Treffen", starts_at=monday_before_spring_dst(), time_to_be_announced=True, duration=None)
    raw = ical.calendar_for_events([meeting], name="x")
    assert b"DTSTART;VALUE=DATE:" in raw
    (component,) = Calendar.from_ical(raw).walk("VEVENT")
    assert component.start == monday_before_spring_dst().date()
    assert component.end == monday_before_spring_dst().date() + timedelta(days=1)
    assert component["SUMMARY"] == "AkSLL-Treffen (time to be announced)"
    with translation.override("de"):
        german = Calendar.from_ical(ical.calendar_for_events([meeting], name="x")).walk("VEVENT")[0]
    assert german["SUMMARY"].startswith("AkSLL-Treffen (")


def test_recurring_date_valued_event_uses_dates_for_until_exdate_and_recurrence_id():
    year = timezone.now().year + 1
    second_monday = next(date(year, 4, day) for day in range(8, 15) if date(year, 4, day).weekday() == 0)
    start = datetime.combine(second_monday, datetime.min.time(), tzinfo=BERLIN).replace(hour=19)
    meeting = event(
        "AkSLL-Treffen",
        starts_at=start,
        duration=None,
        time_to_be_announced=True,
        rrule=normalise_rule("FREQ=MONTHLY;BYDAY=2MO;UNTIL=20991231", start),
        location_note="wechselnde Orte im Landkreis Leipzig",
    )
    left_out, cancelled = occurrence_of(meeting, 1), occurrence_of(meeting, 2)
    services.change_occurrence(left_out, excluded=True)
    services.change_occurrence(cancelled, cancelled=True)
    raw = ical.calendar_for_events(Event.objects.filter(pk=meeting.pk), name="x")
    assert b"EXDATE;VALUE=DATE:" in raw
    assert b"RECURRENCE-ID;VALUE=DATE:" in raw
    assert b"UNTIL=20991231;" in raw or b"UNTIL=20991231\r\n" in raw  # a date, like DTSTART
    calendar = Calendar.from_ical(raw)
    master = calendar.walk("VEVENT")[0]
    assert master["LOCATION"] == "wechselnde Orte im Landkreis Leipzig"
    dates = [c.start for c in instances(calendar, start, days=200)]
    assert all(isinstance(d, date) and not isinstance(d, datetime) for d in dates)
    assert left_out.starts_at.astimezone(BERLIN).date() not in dates
    assert cancelled.starts_at.astimezone(BERLIN).date() in dates


def test_location_geo_categories_description_and_url():
    place = create_place(
        name="Ökokirche Deutzen", street="Kirchweg 1", postcode="04574", locality="Deutzen",
        latitude=Decimal("51.107000"), longitude=Decimal("12.425000"),
    )  # fmt: skip
    climate = topic("Klima")
    evening = event(
        "Strukturwandel und Mobilität",
        kind=Event.Kind.FILM,
        place=place,
        topics=[climate],
        summary="Zwei Filme und ein Gespräch",
        description="**Filme:** *Eins* und [Zwei](https://example.org)",
    )
    (component,) = feed_of(evening).walk("VEVENT")
    assert component["LOCATION"] == "Ökokirche Deutzen, Kirchweg 1, 04574 Deutzen"
    assert component["GEO"].latitude == pytest.approx(51.107)
    assert component["GEO"].longitude == pytest.approx(12.425)
    assert list(component["CATEGORIES"].cats) == ["Film evening", "Klima"]
    description = component["DESCRIPTION"]
    assert "Zwei Filme und ein Gespräch" in description
    assert "Filme: Eins und Zwei" in description
    assert "**" not in description and "](" not in description
    assert f"https://wandelnetz.example/veranstaltungen/{evening.slug}/" in description
    assert component["URL"] == f"https://wandelnetz.example/veranstaltungen/{evening.slug}/"
    organiser = evening.organisers.get()
    assert organiser.name in description
    assert component["DTSTAMP"].dt == evening.modified.replace(microsecond=0)
    assert component["LAST-MODIFIED"].dt == evening.modified.replace(microsecond=0)


def test_change_of_a_date_the_rule_no_longer_gives_is_left_out():
    meeting = weekly()
    services.change_occurrence(occurrence_of(meeting, 1), cancelled=True)
    meeting.rrule = "FREQ=WEEKLY;INTERVAL=2;COUNT=3"
    services.update_event(meeting, ["rrule"])
    components = feed_of(meeting).walk("VEVENT")
    assert len(components) == 1  # the second week is no date of the new rule


# --- A single date as a mail attachment ---------------------------------------------------------


def test_occurrence_attachment_stands_alone_and_carries_the_link_only_when_asked():
    meeting = weekly(attendance=Event.Attendance.ONLINE, online_url=SECRET_LINK)
    occurrence = occurrence_of(meeting, 2)
    without = ical.occurrence_ics(occurrence, include_online_link=False)
    assert SECRET_LINK.encode() not in without
    calendar = Calendar.from_ical(ical.occurrence_ics(occurrence, include_online_link=True))
    assert calendar["METHOD"] == "PUBLISH"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    (component,) = calendar.walk("VEVENT")
    assert "RRULE" not in component and "RECURRENCE-ID" not in component
    assert component["UID"] != meeting.uid
    assert component["UID"].endswith("@wandelnetz")
    assert component["UID"] == Calendar.from_ical(without).walk("VEVENT")[0]["UID"]
    assert component.start == occurrence.starts_at
    assert component.start.tzinfo is not None and str(component["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert SECRET_LINK in component["DESCRIPTION"]
    assert component["URL"] == f"https://wandelnetz.example{occurrence.get_absolute_url()}"


def test_occurrence_attachment_of_a_one_off_event_shares_the_event_uid():
    one_off = event()
    (component,) = Calendar.from_ical(ical.occurrence_ics(occurrence_of(one_off), include_online_link=True)).walk(
        "VEVENT"
    )
    assert component["UID"] == one_off.uid


def test_occurrence_attachment_of_a_cancelled_moved_date():
    meeting = weekly()
    occurrence = occurrence_of(meeting, 1)
    new_start = occurrence.starts_at + timedelta(hours=1)
    services.change_occurrence(occurrence, starts_at=new_start, cancelled=True)
    occurrence.refresh_from_db()
    (component,) = Calendar.from_ical(ical.occurrence_ics(occurrence, include_online_link=False)).walk("VEVENT")
    assert component["STATUS"] == "CANCELLED"
    assert component.start == new_start.astimezone(UTC)


def test_long_text_is_folded_and_escaped_without_losing_characters():
    """Lines are at most 75 octets, folded between characters; commas, semicolons and
    backslashes survive the round trip; control characters are dropped."""
    title = "Strukturwandel; Kohle, Wasser \\ Wärme – Ökologie 🌱 " * 3
    summary = "Größere Übersicht: Ämter, Vereine; Initiativen 🚲\x07" * 3
    meeting = event(title.strip(), summary=summary[:300])
    raw = ical.calendar_for_events(Event.objects.filter(pk=meeting.pk), name="Änderungen, Termine; alles")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\x07" not in raw
    raw.decode("utf-8")  # never split inside a character
    calendar = Calendar.from_ical(raw)
    (component,) = calendar.walk("VEVENT")
    assert component["SUMMARY"] == title.strip()
    assert summary[:300].replace("\x07", "") in component["DESCRIPTION"]
    # Parsers read the calendar's name without unescaping: it goes without commas and semicolons.
    assert calendar["NAME"] == calendar["X-WR-CALNAME"] == "Änderungen Termine alles"
