"""Event, date and series pages: what they show, what they never show, their JSON-LD."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from wandelnetz.actors.tests.factories import actor
from wandelnetz.events import services
from wandelnetz.events.models import Event, Registration, TargetGroup
from wandelnetz.events.recurrence import BERLIN, normalise_rule
from wandelnetz.events.tests.factories import event, next_week_at, occurrence_of, series
from wandelnetz.events.tests.factories_public import json_ld_of, place, speak_english
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://meet.example.org/geheimer-raum-4711"


@pytest.fixture(autouse=True)
def english(client):
    speak_english(client)


def test_event_page_shows_everything_public(client):
    """Title, kind, the date, description as Markdown, contributions, place, organisers, series, tags."""
    organiser = actor("Aktionskreis Strukturwandel Leipziger Land", short_name="AkSLL")
    speaker_actor = actor("Gesellschaftsdenken e.V.")
    church = place()
    mobility = topic("Mobilität")
    district = region("Landkreis Leipzig")
    stammtisch = series("Strukturwandel-Stammtisch")
    evening = event(
        "Strukturwandel und Mobilität",
        organisers=[organiser],
        kind=Event.Kind.FILM,
        place=church,
        series=stammtisch,
        topics=[mobility],
        regions=[district],
        target_groups=list(TargetGroup.objects.filter(code="young_people")),
        description="Zwei **Filme** und ein Gespräch.",
        accessibility="Barrierefreier Zugang über den Seiteneingang.",
        contributions=[{"speaker_name": "Erika Muster", "actor": speaker_actor, "title": "Zeitz im Wandel"}],
    )
    response = client.get(evening.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for expected in [
        "Strukturwandel und Mobilität",
        "Film evening",
        "<strong>Filme</strong>",
        "Erika Muster",
        "Zeitz im Wandel",
        speaker_actor.get_absolute_url(),
        church.get_absolute_url(),
        organiser.get_absolute_url(),
        stammtisch.get_absolute_url(),
        mobility.get_absolute_url(),
        district.get_absolute_url(),
        "Young people",
        "Barrierefreier Zugang",
        "17:00–18:30",
        occurrence_of(evening).get_absolute_url(),
    ]:
        assert expected in html, expected


def second_monday_next_month() -> datetime:
    today = next_week_at().date()
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    day = first + timedelta(days=(7 - first.weekday()) % 7 + 7)
    return datetime(day.year, day.month, day.day, 19, 0, tzinfo=BERLIN)


def test_recurring_event_shows_its_rule_in_words_and_next_ten_dates(client):
    start = second_monday_next_month()
    monthly = event("Treffen des AkSLL", starts_at=start, duration=timedelta(hours=2), rrule="FREQ=MONTHLY;BYDAY=2MO")
    html = client.get(monthly.get_absolute_url()).content.decode()
    assert "Every 2nd Monday of the month, 19:00–21:00" in html
    links = [o.get_absolute_url() for o in monthly.occurrences.order_by("starts_at")]
    assert all(link in html for link in links[:10])
    assert links[10] not in html


def test_changed_and_cancelled_dates_are_marked_in_words(client):
    weekly = event(starts_at=next_week_at(19), rrule="FREQ=WEEKLY;COUNT=3")
    services.change_occurrence(occurrence_of(weekly, 1), cancelled=True, note="Fällt wegen Krankheit aus")
    moved = occurrence_of(weekly, 2)
    services.change_occurrence(moved, starts_at=moved.starts_at + timedelta(hours=1))
    html = client.get(weekly.get_absolute_url()).content.decode()
    assert "Cancelled" in html and "Fällt wegen Krankheit aus" in html
    assert "Date changed" in html
    moved_page = client.get(occurrence_of(weekly, 2).get_absolute_url()).content.decode()
    assert "20:00–21:30" in moved_page and "originally planned for" in moved_page


def test_cancelled_and_postponed_events_say_so(client):
    cancelled = event()
    services.set_event_status(cancelled, Event.Status.CANCELLED)
    assert "This event is cancelled." in client.get(cancelled.get_absolute_url()).content.decode()
    assert "This date is cancelled." in client.get(occurrence_of(cancelled).get_absolute_url()).content.decode()
    postponed = event()
    services.set_event_status(postponed, Event.Status.POSTPONED)
    assert "postponed" in client.get(postponed.get_absolute_url()).content.decode()


def test_unknown_time_and_place_are_said_not_invented(client):
    unknown = event("Monatstreffen", time_to_be_announced=True, duration=None)
    html = client.get(unknown.get_absolute_url()).content.decode()
    assert "time to be announced" in html
    assert "place to be announced" in html
    noted = event(location_note="wechselnde Orte im Landkreis Leipzig")
    assert "wechselnde Orte im Landkreis Leipzig" in client.get(noted.get_absolute_url()).content.decode()


@pytest.mark.parametrize("attendance", [Event.Attendance.ONLINE, Event.Attendance.HYBRID])
def test_the_online_link_is_never_on_public_pages(client, owner, owned_actor, attendance):
    online = event(organisers=[owned_actor], attendance=attendance, online_url=SECRET_LINK, registration_enabled=True)
    for signed_in in (False, True):
        if signed_in:
            client.force_login(owner)  # not even organisers see it on the public pages
        for url in (online.get_absolute_url(), occurrence_of(online).get_absolute_url(), reverse("events:event_list")):
            html = client.get(url).content.decode()
            assert SECRET_LINK not in html and "geheimer-raum" not in html
    assert "The access link is sent after registration." in client.get(online.get_absolute_url()).content.decode()


def test_editors_of_an_organiser_see_edit_links_others_do_not(client, owner, owned_actor, outsider):
    own = event(organisers=[owned_actor], registration_enabled=True)
    edit_url = f"/veranstaltungen/{own.slug}/bearbeiten/"
    assert edit_url not in client.get(own.get_absolute_url()).content.decode()
    client.force_login(outsider)
    assert edit_url not in client.get(own.get_absolute_url()).content.decode()
    client.force_login(owner)
    html = client.get(own.get_absolute_url()).content.decode()
    try:
        expected = reverse("events:event_edit", args=[own.slug])
    except Exception:  # noqa: BLE001 - the editing views are written in parallel
        pytest.skip("events:event_edit does not exist yet")
    assert expected in html
    assert reverse("events:event_dates", args=[own.slug]) in html
    try:
        participants = reverse("events:participants", args=[own.slug, occurrence_of(own).pk])
    except Exception:  # noqa: BLE001 - the registration views are written in parallel
        return
    assert participants in html


def test_registration_box_counts_places_and_waitlist(client):
    limited = event(registration_enabled=True, capacity=1)
    date = occurrence_of(limited)
    html = client.get(date.get_absolute_url()).content.decode()
    assert "1 place free." in html
    services.register(date, name="Ada", email="ada@example.org", email_verified=True)
    services.register(date, name="Bea", email="bea@example.org", email_verified=True)
    assert Registration.objects.filter(status=Registration.Status.WAITLISTED).count() == 1
    html = client.get(date.get_absolute_url()).content.decode()
    assert "All places are taken." in html and "1 person on the waitlist" in html
    assert "ada@example.org" not in html and "Ada" not in html


def test_registration_box_says_why_it_is_closed(client):
    soon = event(registration_enabled=True, starts_at=next_week_at(days=1), registration_closes_hours=24 * 3)
    assert (
        "Registration for this date has closed." in client.get(occurrence_of(soon).get_absolute_url()).content.decode()
    )
    cancelled = event(registration_enabled=True)
    services.set_event_status(cancelled, Event.Status.CANCELLED)
    html = client.get(occurrence_of(cancelled).get_absolute_url()).content.decode()
    assert "registration is closed" in html
    without = event()
    assert "Registration" not in client.get(occurrence_of(without).get_absolute_url()).content.decode()


def test_open_registration_links_to_the_form(client):
    open_event = event(registration_enabled=True)
    date = occurrence_of(open_event)
    html = client.get(date.get_absolute_url()).content.decode()
    try:
        register_url = reverse("events:register", args=[open_event.slug, date.pk])
    except Exception:  # noqa: BLE001 - the registration views are written in parallel
        pytest.skip("events:register does not exist yet")
    assert register_url in html


def test_unknown_addresses_are_404(client):
    first, second = event(), event()
    assert client.get(reverse("events:event_detail", args=["gibt-es-nicht"])).status_code == 404
    assert client.get(reverse("events:series_detail", args=["gibt-es-nicht"])).status_code == 404
    other_date = occurrence_of(second).pk
    response = client.get(reverse("events:occurrence_detail", args=[first.slug, other_date]))
    assert response.status_code == 404
    assert "This event has no such date." in response.content.decode()
    assert client.get(reverse("events:occurrence_detail", args=[first.slug, 999999])).status_code == 404


def test_series_pages_list_series_and_their_dates(client):
    organiser = actor("Netzwerk Strukturwandel")
    stammtisch = series("Strukturwandel-Stammtisch", organisers=[organiser], description="Ein *offener* Austausch.")
    coming = event("Lebendige Orte", series=stammtisch)
    gone = event("Zivilgesellschaftliche Netzwerke", series=stammtisch, starts_at=next_week_at(days=-30))
    other = event("Ganz anderes")
    listing = client.get(reverse("events:series_list")).content.decode()
    assert stammtisch.get_absolute_url() in listing and "Netzwerk Strukturwandel" in listing
    assert "Next date:" in listing
    html = client.get(stammtisch.get_absolute_url()).content.decode()
    assert "<em>offener</em>" in html
    assert occurrence_of(coming).get_absolute_url() in html
    assert occurrence_of(gone).get_absolute_url() in html
    assert other.title not in html
    assert client.get(reverse("events:series_list"), {"page": "x"}).status_code == 400


# --- JSON-LD ---------------------------------------------------------------------------------


def test_json_ld_of_a_single_in_person_event(client):
    organiser = actor("AkSLL")
    church = place()
    single = event(
        "Strukturwandel und Mobilität",
        starts_at=datetime(2030, 9, 20, 18, 0, tzinfo=BERLIN),
        organisers=[organiser],
        place=church,
    )
    (data,) = json_ld_of(client.get(single.get_absolute_url()).content.decode())
    assert data["@type"] == "Event"
    assert data["name"] == "Strukturwandel und Mobilität"
    assert data["startDate"] == "2030-09-20T18:00+02:00"
    assert data["endDate"] == "2030-09-20T19:30+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    location = data["location"]
    assert location["@type"] == "Place" and location["name"] == "Ökokirche Deutzen"
    assert location["address"]["@type"] == "PostalAddress"
    assert location["address"]["addressLocality"] == "Neukieritzsch"
    assert location["geo"] == {"@type": "GeoCoordinates", "latitude": 51.11, "longitude": 12.42}
    assert data["organizer"]["@type"] == "Organization"
    assert data["organizer"]["url"].endswith(organiser.get_absolute_url())
    assert "eventSchedule" not in data


def test_json_ld_of_a_recurring_event_has_a_schedule(client):
    start = datetime(2030, 1, 14, 19, 0, tzinfo=BERLIN)
    monthly = event(starts_at=start, duration=timedelta(hours=2), rrule="FREQ=MONTHLY;BYDAY=2MO")
    (data,) = json_ld_of(client.get(monthly.get_absolute_url()).content.decode())
    schedule = data["eventSchedule"]
    assert schedule["@type"] == "Schedule"
    assert schedule["repeatFrequency"] == "P1M"
    assert schedule["byDay"] == "https://schema.org/Monday"
    assert schedule["byMonthWeek"] == 2
    assert schedule["startTime"] == "19:00:00" and schedule["endTime"] == "21:00:00"
    assert schedule["scheduleTimezone"] == "Europe/Berlin"
    assert schedule["startDate"] == "2030-01-14"
    weekly = event(starts_at=start, rrule=normalise_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20300601", start))
    (data,) = json_ld_of(client.get(weekly.get_absolute_url()).content.decode())
    assert data["eventSchedule"]["repeatFrequency"] == "P2W"
    assert data["eventSchedule"]["byDay"] == ["https://schema.org/Monday", "https://schema.org/Thursday"]
    assert data["eventSchedule"]["endDate"] == "2030-06-01"


def test_json_ld_of_an_online_event_points_at_the_page_never_the_link(client):
    online = event(attendance=Event.Attendance.ONLINE, online_url=SECRET_LINK)
    html = client.get(online.get_absolute_url()).content.decode()
    (data,) = json_ld_of(html)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "http://testserver" + online.get_absolute_url()}
    hybrid = event(attendance=Event.Attendance.HYBRID, online_url=SECRET_LINK, place=place("Rathaus Zeitz"))
    (data,) = json_ld_of(client.get(hybrid.get_absolute_url()).content.decode())
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [loc["@type"] for loc in data["location"]] == ["Place", "VirtualLocation"]
    assert SECRET_LINK not in str(data)


def test_json_ld_of_dates_carries_their_own_status_and_time(client):
    weekly = event(starts_at=datetime(2027, 3, 22, 19, 0, tzinfo=BERLIN), rrule="FREQ=WEEKLY;COUNT=2")
    services.change_occurrence(occurrence_of(weekly, 1), cancelled=True)
    (first,) = json_ld_of(client.get(occurrence_of(weekly, 0).get_absolute_url()).content.decode())
    (second,) = json_ld_of(client.get(occurrence_of(weekly, 1).get_absolute_url()).content.decode())
    # Summer time starts on 28.03.2027: both dates stay at 19:00 wall time.
    assert first["startDate"] == "2027-03-22T19:00+01:00"
    assert second["startDate"] == "2027-03-29T19:00+02:00"
    assert second["eventStatus"] == "https://schema.org/EventCancelled"
    cancelled = event()
    services.set_event_status(cancelled, Event.Status.CANCELLED)
    (data,) = json_ld_of(client.get(cancelled.get_absolute_url()).content.decode())
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    postponed = event()
    services.set_event_status(postponed, Event.Status.POSTPONED)
    (data,) = json_ld_of(client.get(postponed.get_absolute_url()).content.decode())
    assert data["eventStatus"] == "https://schema.org/EventPostponed"


def test_anonymous_event_pages_are_cached_until_the_event_changes(client, settings, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    try:
        meeting = event("Stammtisch im Advent")
        for url in (
            reverse("events:event_list"),
            meeting.get_absolute_url(),
            occurrence_of(meeting).get_absolute_url(),
        ):
            assert client.get(url)["X-Page-Cache"] == "miss"
            assert client.get(url)["X-Page-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            services.set_event_status(meeting, Event.Status.CANCELLED)
        response = client.get(meeting.get_absolute_url())
        assert response["X-Page-Cache"] == "miss"
        assert "This event is cancelled." in response.content.decode()
    finally:
        cache.clear()
