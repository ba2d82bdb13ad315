"""Real-world .ics files import correctly (times, rules, exceptions, overrides) or fail clearly.

The fixtures in ics/ imitate the big calendar products: Google (X-WR-TIMEZONE, EXDATE lists,
a RECURRENCE-ID override, lines folded inside a UTF-8 character), Outlook (Windows zone names,
a custom VTIMEZONE, CRLF, repeated EXDATE lines, a Teams link), Apple (all-day and multi-day
events), Nextcloud (floating times, a cancelled date), UTC times, and a Windows-1252 file.
"""

from datetime import date, datetime

import pytest
from django.utils import translation

from wandelnetz.actors.tests.factories import actor
from wandelnetz.events import importing
from wandelnetz.events.importing import FeedError, import_calendar, parse_calendar
from wandelnetz.events.models import Event, OccurrenceChange
from wandelnetz.events.recurrence import BERLIN
from wandelnetz.events.tests.factories_imports import feed, generated_calendar, ics
from wandelnetz.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def calendar_feed(owned_actor):
    return feed(owned_actor)


def local_starts(event: Event) -> list[datetime]:
    return [o.starts_at.astimezone(BERLIN) for o in event.occurrences.order_by("starts_at")]


def wall(moment: datetime) -> tuple[int, int, int, int]:
    local = moment.astimezone(BERLIN)
    return (local.month, local.day, local.hour, local.minute)


def test_google_calendar(calendar_feed, owned_actor):
    result = import_calendar(calendar_feed, ics("google.ics"))
    assert (result.total, result.created, result.encoding) == (2, 2, "utf-8")
    plenum = Event.objects.get(feed=calendar_feed, source_uid="2kq9v8d1m3l0r7c6h5j4p2s1t0@google.com")
    assert plenum.title == "Offenes Plenum"
    assert plenum.rrule == "FREQ=WEEKLY;UNTIL=20260427T170000Z;BYDAY=MO;WKST=MO"
    assert list(plenum.organisers.all()) == [owned_actor]
    assert plenum.location_note == "Haus der Demokratie, Bernhard-Göring-Straße 152, 04277 Leipzig, Deutschland"
    assert plenum.attendance == Event.Attendance.IN_PERSON and plenum.status == Event.Status.CONFIRMED
    assert "Vorbereitung der Aktionswoche" in plenum.description  # folded lines joined
    # Mondays 9.3.–27.4.2026 (8), without the EXDATE list 23.3. and 6.4. (Easter Monday); 13.4. an hour early.
    starts = local_starts(plenum)
    assert [(s.month, s.day, s.hour) for s in starts] == [
        (3, 9, 19),
        (3, 16, 19),
        (3, 30, 19),
        (4, 13, 18),
        (4, 20, 19),
        (4, 27, 19),
    ]
    assert starts[0].utcoffset() != starts[2].utcoffset()  # 19:00 on both sides of 29.03. (DST)
    excluded = plenum.changes.filter(excluded=True)
    assert sorted(wall(c.original_start) for c in excluded) == [(3, 23, 19, 0), (4, 6, 19, 0)]
    moved = plenum.changes.get(excluded=False)
    assert wall(moved.original_start) == (4, 13, 19, 0) and wall(moved.starts_at) == (4, 13, 18, 0)
    assert moved.note == "Offenes Plenum (eine Stunde früher)"
    talk = Event.objects.get(feed=calendar_feed, source_uid="7f3c2b1a0e9d8c7b6a5f4e3d2c@google.com")
    assert len(talk.title) == 200 and talk.title.endswith("…")
    assert "mit Gästen aus der Stadtverwaltung" in talk.title  # "ä" split across a fold
    assert talk.attendance == Event.Attendance.ONLINE
    assert talk.online_url == "https://meet.google.com/abc-defg-hij"
    assert wall(talk.starts_at) == (10, 8, 18, 30) and wall(talk.ends_at) == (10, 8, 20, 0)
    assert talk.occurrences.count() == 1
    assert SearchEntry.objects.filter(kind="events.event", object_id=talk.pk).exists()


def test_outlook_calendar_with_windows_zone_names(calendar_feed):
    raw = ics("outlook.ics")
    assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")
    result = import_calendar(calendar_feed, raw)
    assert result.total == 2 and not result.notes
    meeting = Event.objects.get(feed=calendar_feed, title="Treffen des Arbeitskreises")
    assert meeting.rrule.startswith("FREQ=MONTHLY;UNTIL=20261214T180000Z")
    # Every 2nd Monday of 2026 (12) without August and October (two EXDATE lines); May moved to 18:30.
    starts = local_starts(meeting)
    assert len(starts) == 10
    assert all(s.weekday() == 0 and 8 <= s.day <= 14 for s in starts)
    assert [s.month for s in starts] == [1, 2, 3, 4, 5, 6, 7, 9, 11, 12]
    assert {(s.hour, s.minute) for s in starts if s.month != 5} == {(19, 0)}
    may = meeting.occurrences.get(starts_at__month=5)
    assert wall(may.starts_at) == (5, 11, 18, 30) and wall(may.ends_at) == (5, 11, 20, 30)
    assert may.location_note == "Ökokirche Deutzen, Kirchweg 1, 04574 Deutzen" and may.is_changed
    assert meeting.location_note == "Wechselnde Orte im Landkreis Leipzig"
    # "Customized Time Zone": a zone known only from its VTIMEZONE in the file.
    consultation = Event.objects.get(feed=calendar_feed, title="Online-Sprechstunde Förderprogramme")
    assert wall(consultation.starts_at) == (11, 3, 10, 0) and wall(consultation.ends_at) == (11, 3, 11, 30)
    assert consultation.attendance == Event.Attendance.ONLINE
    assert consultation.online_url.startswith("https://teams.microsoft.com/l/meetup-join/")
    assert consultation.location_note == "Microsoft Teams-Besprechung"


def test_apple_all_day_and_multi_day_events(calendar_feed):
    import_calendar(calendar_feed, ics("apple.ics"))
    camp = Event.objects.get(feed=calendar_feed, title="Klimacamp Leipziger Land")
    assert camp.all_day
    # DTEND is exclusive: 31.7.–2.8.; ends_at is the start of the last day.
    assert camp.starts_at.astimezone(BERLIN) == datetime(2026, 7, 31, tzinfo=BERLIN)
    assert camp.ends_at.astimezone(BERLIN) == datetime(2026, 8, 2, tzinfo=BERLIN)
    assert camp.location_note == "Zeltplatz am Störmthaler See, 04463 Großpösna, Deutschland"
    open_day = Event.objects.get(feed=calendar_feed, title="Tag der offenen Tür")
    assert open_day.all_day and open_day.ends_at == open_day.starts_at
    assert open_day.starts_at.astimezone(BERLIN).date() == date(2026, 9, 19)
    clean_up = Event.objects.get(feed=calendar_feed, title="Müllsammelaktion am See")
    # First Saturday of March–June, without Easter Saturday (EXDATE;VALUE=DATE).
    assert [s.date() for s in local_starts(clean_up)] == [date(2026, 3, 7), date(2026, 5, 2), date(2026, 6, 6)]
    assert all((s.hour, s.minute) == (0, 0) for s in local_starts(clean_up))
    walk = Event.objects.get(feed=calendar_feed, title="Kräuterwanderung")  # on the day DST ends
    assert not walk.all_day and wall(walk.starts_at) == (10, 25, 14, 0) and wall(walk.ends_at) == (10, 25, 16, 0)


def test_nextcloud_floating_times_and_a_cancelled_date(calendar_feed):
    import_calendar(calendar_feed, ics("nextcloud.ics"))
    repair = Event.objects.get(feed=calendar_feed)
    occurrences = list(repair.occurrences.order_by("starts_at"))
    assert len(occurrences) == 6
    # Floating 18:00 stays 18:00 in Berlin on both sides of 25.10.2026.
    assert {wall(o.starts_at)[2:] for o in occurrences} == {(18, 0)}
    first, last = (o.starts_at.astimezone(BERLIN) for o in (occurrences[0], occurrences[-1]))
    assert first.utcoffset() != last.utcoffset()
    cancelled = [wall(o.starts_at)[:2] for o in occurrences if o.cancelled]
    assert cancelled == [(10, 21)]
    assert repair.changes.get().cancelled


def test_utc_times_and_a_link_as_location(calendar_feed):
    import_calendar(calendar_feed, ics("utc.ics"))
    dialogue = Event.objects.get(feed=calendar_feed, title="Bürgerdialog Strukturwandel")
    assert wall(dialogue.starts_at) == (6, 15, 18, 0) and wall(dialogue.ends_at) == (6, 15, 20, 30)
    assert dialogue.online_url == ""  # URL: is the event's page, not a meeting link
    online = Event.objects.get(feed=calendar_feed, title="Online-Stammtisch Strukturwandel")
    assert online.attendance == Event.Attendance.ONLINE
    assert online.online_url == "https://meet.jit.si/strukturwandel-stammtisch"
    assert online.location_note == ""
    assert online.status == Event.Status.PLANNED  # TENTATIVE
    assert wall(online.starts_at) == (12, 1, 18, 0)


def test_windows_1252_file_is_read_and_noted(calendar_feed):
    result = import_calendar(calendar_feed, ics("latin1.ics"))
    assert result.encoding == "cp1252"
    assert "was read as Windows-1252" in result.notes[0]
    event = Event.objects.get(feed=calendar_feed)
    assert event.title == "Führung durch die Tagebaulandschaft – Öffentliche Exkursion"
    assert "Gebühr: 5 € (ermäßigt 3 €)" in event.description
    assert wall(event.starts_at) == (9, 12, 10, 0)


def test_declared_charset_is_used_when_not_utf8(calendar_feed):
    body = ics("latin1.ics").replace(b"\x80", b"EUR")  # pure ISO-8859-1 now
    result = import_calendar(calendar_feed, body, declared_charset="ISO-8859-1")
    assert result.encoding == "iso8859-1"
    assert Event.objects.get(feed=calendar_feed).title.startswith("Führung")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("broken.ics", "The calendar ends in the middle: “BEGIN:VEVENT” has no “END:VEVENT”."),
        ("notcalendar.html", "The address returned a web page, not a calendar."),
    ],
)
def test_broken_files_fail_clearly_and_change_nothing(calendar_feed, name, message):
    import_calendar(calendar_feed, ics("utc.ics"))
    with pytest.raises(FeedError) as error:
        import_calendar(calendar_feed, ics(name))
    assert message in str(error.value)
    assert Event.objects.filter(feed=calendar_feed).count() == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hallo Welt", "an iCalendar file starts with BEGIN:VCALENDAR"),
        ("", "an iCalendar file starts with BEGIN:VCALENDAR"),
        ("BEGIN:VCALENDAR\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "“END:VEVENT” does not close"),
    ],
)
def test_other_unreadable_texts(text, message):
    with pytest.raises(FeedError) as error:
        parse_calendar(text)
    assert message in str(error.value)


def test_empty_calendar_removes_previous_events(calendar_feed):
    import_calendar(calendar_feed, ics("google.ics"))
    ids = list(Event.objects.filter(feed=calendar_feed).values_list("pk", flat=True))
    result = import_calendar(calendar_feed, ics("empty.ics"))
    assert (result.total, result.deleted) == (0, 2)
    assert not Event.objects.filter(pk__in=ids).exists()
    assert not OccurrenceChange.objects.exists()
    assert not SearchEntry.objects.filter(kind="events.event", object_id__in=ids).exists()


def test_too_many_events_is_a_clear_error(calendar_feed):
    with pytest.raises(FeedError) as error:
        import_calendar(calendar_feed, generated_calendar(2001))
    assert "more than 2000 events" in str(error.value)
    assert not Event.objects.exists()


def test_too_many_dates_is_a_clear_error(calendar_feed, monkeypatch):
    """A hostile feed of daily rules cannot fill the database with dates."""
    monkeypatch.setattr(importing, "MAX_DATES_PER_FEED", 500)
    daily = "DTSTART:20260701T100000Z\r\nRRULE:FREQ=DAILY;COUNT=200\r\nSUMMARY:Täglich"
    import_calendar(calendar_feed, calendar(f"UID:a\r\n{daily}", f"UID:b\r\n{daily}"))
    assert Event.objects.count() == 2
    with pytest.raises(FeedError) as error:
        import_calendar(calendar_feed, calendar(*(f"UID:{n}\r\n{daily}" for n in "abc")))
    assert "would have more than 500 dates" in str(error.value)
    assert Event.objects.count() == 2


def test_reimport_updates_changed_events_and_deletes_vanished_ones(calendar_feed):
    import_calendar(calendar_feed, ics("google.ics"))
    plenum = Event.objects.get(title="Offenes Plenum")
    talk = Event.objects.get(feed=calendar_feed, attendance=Event.Attendance.ONLINE)
    assert plenum.sequence == 0
    unchanged = import_calendar(calendar_feed, ics("google.ics"))
    assert (unchanged.created, unchanged.updated, unchanged.unchanged, unchanged.deleted) == (0, 0, 2, 0)
    plenum.refresh_from_db()
    assert plenum.sequence == 0
    # The organisers renamed the plenum, dropped an exclusion, and deleted the talk.
    edited = ics("google.ics").replace(b"SUMMARY:Offenes Plenum\r\n", b"SUMMARY:Offenes Plenum im HdD\r\n")
    edited = edited.replace(b"20260323T190000,20260406T190000", b"20260406T190000")
    start = edited.index(b"BEGIN:VEVENT\r\nDTSTART:20261008")
    end = edited.index(b"END:VEVENT\r\n", start) + len(b"END:VEVENT\r\n")
    edited = edited[:start] + edited[end:]
    result = import_calendar(calendar_feed, edited)
    assert (result.created, result.updated, result.deleted) == (0, 1, 1)
    plenum.refresh_from_db()
    assert plenum.title == "Offenes Plenum im HdD" and plenum.sequence == 1
    assert plenum.occurrences.count() == 7  # 23.03. is back
    assert plenum.changes.filter(excluded=True).count() == 1
    assert not Event.objects.filter(pk=talk.pk).exists()
    # Only an exclusion changes: the master's SEQUENCE still goes up (its EXDATE list changed).
    fewer = edited.replace(b"EXDATE;TZID=Europe/Berlin:20260406T190000\r\n", b"")
    assert import_calendar(calendar_feed, fewer).updated == 1
    plenum.refresh_from_db()
    assert plenum.sequence == 2 and plenum.occurrences.count() == 8


def test_vanished_event_with_registrations_is_cancelled_not_deleted(calendar_feed):
    from wandelnetz.events.models import Registration

    import_calendar(calendar_feed, ics("utc.ics"))
    online = Event.objects.get(title="Online-Stammtisch Strukturwandel")
    Registration.objects.create(
        occurrence=online.occurrences.get(), name="Kim", email="kim@example.org", status=Registration.Status.CONFIRMED
    )
    result = import_calendar(calendar_feed, ics("empty.ics"))
    assert result.deleted == 1
    online.refresh_from_db()
    assert online.status == Event.Status.CANCELLED and online.occurrences.get().cancelled
    assert "people are registered for it: it was marked as cancelled" in result.notes[0]
    import_calendar(calendar_feed, ics("utc.ics"))  # back in the feed: back as it was
    online.refresh_from_db()
    assert online.status == Event.Status.PLANNED and not online.occurrences.get().cancelled


def test_editors_additions_survive_a_reimport(calendar_feed):
    from wandelnetz.topics.tests.factories import topic

    import_calendar(calendar_feed, ics("utc.ics"))
    event = Event.objects.get(title="Bürgerdialog Strukturwandel")
    strukturwandel = topic("Strukturwandel")
    event.topics.add(strukturwandel)
    Event.objects.filter(pk=event.pk).update(kind=Event.Kind.TALK)
    import_calendar(calendar_feed, ics("utc.ics").replace(b"Volkshaus Borna", b"Stadtkulturhaus Borna"))
    event.refresh_from_db()
    assert event.location_note.startswith("Stadtkulturhaus") and event.kind == Event.Kind.TALK
    assert list(event.topics.all()) == [strukturwandel]


def test_feeds_of_different_actors_keep_their_own_copies(calendar_feed):
    other = feed(actor("Zweiter Verein"), url="https://example.org/same.ics")
    import_calendar(calendar_feed, ics("utc.ics"))
    import_calendar(other, ics("utc.ics"))
    assert Event.objects.filter(feed=calendar_feed).count() == 2
    assert Event.objects.filter(feed=other).count() == 2
    import_calendar(other, ics("empty.ics"))
    assert Event.objects.filter(feed=calendar_feed).count() == 2


def calendar(*events: str, head: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{head}{body}END:VCALENDAR\r\n".encode()


def test_windows_zone_name_without_vtimezone_and_unknown_zone(calendar_feed):
    result = import_calendar(
        calendar_feed,
        calendar(
            "UID:a\r\nDTSTART;TZID=W. Europe Standard Time:20260701T100000\r\nSUMMARY:Windows",
            "UID:b\r\nDTSTART;TZID=Mitteleuropäische Zeit:20260701T100000\r\nSUMMARY:Unbekannt",
            "UID:c\r\nDTSTART;TZID=America/New_York:20260701T100000\r\nSUMMARY:New York",
        ),
    )
    assert wall(Event.objects.get(source_uid="a").starts_at) == (7, 1, 10, 0)
    assert wall(Event.objects.get(source_uid="b").starts_at) == (7, 1, 10, 0)
    assert wall(Event.objects.get(source_uid="c").starts_at) == (7, 1, 16, 0)
    assert result.notes == ["The time zone “Mitteleuropäische Zeit” is unknown; its times were read as German time."]


def test_floating_times_follow_x_wr_timezone(calendar_feed):
    import_calendar(
        calendar_feed,
        calendar("UID:a\r\nDTSTART:20260701T100000\r\nSUMMARY:Lissabon", head="X-WR-TIMEZONE:Europe/Lisbon\r\n"),
    )
    assert wall(Event.objects.get().starts_at) == (7, 1, 11, 0)


def test_hostile_and_odd_entries_are_left_out_or_simplified_with_notes(calendar_feed):
    result = import_calendar(
        calendar_feed,
        calendar(
            "UID:no-start\r\nSUMMARY:Ohne Beginn",
            "UID:secondly\r\nDTSTART:20260701T100000Z\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:Jede Sekunde",
            "UID:backwards\r\nDTSTART:20260701T100000Z\r\nDTEND:20260701T090000Z\r\nSUMMARY:Rückwärts",
            "UID:rdate\r\nDTSTART:20260701T100000Z\r\nRRULE:FREQ=DAILY;COUNT=2\r\n"
            "RDATE:20260710T100000Z\r\nSUMMARY:Mit RDATE",
            "DTSTART:20260702T100000Z\r\nSUMMARY:Ohne UID",
            "UID:long\r\nDTSTART:20260703T100000Z\r\nSUMMARY:" + "x" * 400 + "\r\nLOCATION:" + "y" * 400,
            "UID:script\r\nDTSTART:20260704T100000Z\r\nSUMMARY:<script>alert(1)</script>\r\n"
            "URL:javascript:alert(1)\r\nX-GOOGLE-CONFERENCE:javascript:alert(1)",
        ),
    )
    titles = set(Event.objects.values_list("title", flat=True))
    assert "Ohne Beginn" not in titles and result.total == 6
    assert Event.objects.get(source_uid="secondly").rrule == ""
    assert Event.objects.get(source_uid="backwards").ends_at is None
    assert Event.objects.get(source_uid="rdate").occurrences.count() == 2
    assert Event.objects.get(title="Ohne UID").source_uid.startswith("no-uid:")
    long = Event.objects.get(source_uid="long")
    assert len(long.title) == 200 and len(long.location_note) == 300
    script = Event.objects.get(source_uid="script")
    assert script.online_url == "" and script.attendance == Event.Attendance.IN_PERSON
    notes = "\n".join(result.notes)
    assert "“Ohne Beginn” could not be read and was left out: it has no DTSTART" in notes
    assert "The repetition of “Jede Sekunde” could not be kept" in notes
    assert "“Rückwärts” ends before it starts" in notes
    assert "Extra dates (RDATE) of “Mit RDATE” are not imported" in notes
    assert "Some events have no UID" in notes


def test_override_without_its_series_becomes_a_single_event(calendar_feed):
    import_calendar(
        calendar_feed,
        calendar(
            "UID:series@x\r\nRECURRENCE-ID:20260707T100000Z\r\nDTSTART:20260707T110000Z\r\nSUMMARY:Einzeltermin A",
            "UID:series@x\r\nRECURRENCE-ID:20260714T100000Z\r\nDTSTART:20260714T100000Z\r\nSUMMARY:Einzeltermin B",
        ),
    )
    assert sorted(Event.objects.values_list("source_uid", flat=True)) == [
        "series@x#20260707T100000Z",
        "series@x#20260714T100000Z",
    ]
