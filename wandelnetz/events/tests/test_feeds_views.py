"""The feed addresses: which events they hold, their filters, bad input, and RSS/Atom."""

import xml.etree.ElementTree as ET  # noqa: S405 - parses our own output
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from wandelnetz.events import services
from wandelnetz.events.models import Event
from wandelnetz.events.tests.factories import event, next_week_at, occurrence_of, series
from wandelnetz.places.services import create_place
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://meet.example.org/geheim-123"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://wandelnetz.example"
    settings.PAGE_CACHE_VERSION_SECONDS = -1  # read the content version on every request
    with translation.override("en"):
        yield


def uids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {str(c["UID"]) for c in Calendar.from_ical(response.content).walk("VEVENT")}


def test_calendar_feed_holds_all_current_events_as_masters(client):
    weekly = event("Stammtisch", rrule="FREQ=WEEKLY;COUNT=10")
    one_off = event("Filmabend")
    recent = event("Vor einem Monat", starts_at=timezone.now() - timedelta(days=30))
    old = event("Vor einem Jahr", starts_at=timezone.now() - timedelta(days=365))
    response = client.get(reverse("events:feed_ics"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="wandelnetz.ics"'
    assert uids(response) == {weekly.uid, one_off.uid, recent.uid}
    assert old.uid not in response.content.decode()
    masters = [c for c in Calendar.from_ical(response.content).walk("VEVENT") if c["UID"] == weekly.uid]
    assert len(masters) == 1 and "RRULE" in masters[0]


def test_calendar_feed_never_shows_the_online_link(client):
    event(attendance=Event.Attendance.ONLINE, online_url=SECRET_LINK, rrule="FREQ=WEEKLY;COUNT=3")
    response = client.get(reverse("events:feed_ics"))
    assert response.status_code == 200
    assert b"geheim" not in response.content


@pytest.mark.parametrize("name", ["topic", "region", "actor", "series", "place"])
def test_calendar_feed_filters_by_the_list_filters(client, name):
    climate = topic("Klima")
    leipzig = region("Landkreis Leipzig")
    stammtisch = series("Strukturwandel-Stammtisch")
    church = create_place(name="Ökokirche Deutzen")
    matching = event(
        "Passend", topics=[climate], regions=[leipzig], series=stammtisch, place=church, rrule="FREQ=WEEKLY;COUNT=3"
    )
    other = event("Anderes")
    slug = {
        "topic": climate.slug,
        "region": leipzig.slug,
        "actor": matching.organisers.get().slug,
        "series": stammtisch.slug,
        "place": church.slug,
    }[name]
    response = client.get(reverse("events:feed_ics"), {name: slug})
    assert uids(response) == {matching.uid}
    assert other.uid not in response.content.decode()
    assert Calendar.from_ical(response.content)["X-WR-CALNAME"].startswith("Wandelnetz-Veranstaltungen: ")


def test_calendar_feed_filters_by_kind_attendance_and_target_group(client):
    online_talk = event(kind=Event.Kind.TALK, attendance=Event.Attendance.ONLINE)
    workshop = event(kind=Event.Kind.WORKSHOP)
    assert uids(client.get(reverse("events:feed_ics"), {"kind": "talk"})) == {online_talk.uid}
    assert uids(client.get(reverse("events:feed_ics"), {"attendance": "in_person"})) == {workshop.uid}
    assert uids(client.get(reverse("events:feed_ics"), {"target": "children"})) == set()


@pytest.mark.parametrize(
    "query",
    [
        {"topic": "gibt-es-nicht"},
        {"place": "nirgendwo"},
        {"kind": "rave"},
        {"attendance": "telepathy"},
        {"target": "aliens"},
        {"from": "gestern"},
        {"from": "2027-02-01", "to": "2027-01-01"},
    ],
)
@pytest.mark.parametrize("feed", ["events:feed_ics", "events:feed_rss", "events:feed_atom"])
def test_bad_filter_is_a_clear_400(client, feed, query):
    response = client.get(reverse(feed), query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "nicht gültig" in response.content.decode()


def test_feeds_refuse_writes(client):
    assert client.post(reverse("events:feed_ics")).status_code == 405


def test_event_ics_has_the_event_and_its_changed_dates(client):
    weekly = event("Stammtisch", rrule="FREQ=WEEKLY;COUNT=4", online_url=SECRET_LINK)
    services.change_occurrence(occurrence_of(weekly, 1), cancelled=True)
    event("Anderes")
    response = client.get(reverse("events:event_ics", kwargs={"slug": weekly.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'inline; filename="{weekly.slug}.ics"'
    components = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(c["UID"]) for c in components] == [weekly.uid, weekly.uid]
    assert components[1]["STATUS"] == "CANCELLED"
    assert b"geheim" not in response.content


def test_event_ics_of_an_unknown_event_is_404(client):
    assert client.get(reverse("events:event_ics", kwargs={"slug": "gibt-es-nicht"})).status_code == 404


# --- RSS and Atom -------------------------------------------------------------------------------


def test_rss_lists_the_next_dates_with_links_and_unique_guids(client):
    daily = event("Klimacamp", rrule="FREQ=DAILY;COUNT=60")
    cancelled = occurrence_of(daily, 0)
    services.change_occurrence(cancelled, cancelled=True)
    event("Vorbei", starts_at=timezone.now() - timedelta(days=2))
    response = client.get(reverse("events:feed_rss"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314
    assert channel is not None
    items = channel.findall("item")
    assert len(items) == 50
    titles = [item.findtext("title") or "" for item in items]
    assert titles[0].startswith("Abgesagt: ")
    assert all("Klimacamp" in title for title in titles)
    assert "17:00" in titles[1]
    first = occurrence_of(daily, 0)
    assert items[0].findtext("link") == f"https://wandelnetz.example{first.get_absolute_url()}"
    guids = [item.findtext("guid") for item in items]
    assert len(set(guids)) == 50
    assert items[0].findtext("pubDate")


def test_atom_feed_parses_with_entries(client):
    talk = event("Vortrag Wasserstoff", summary="Was der Umbau bringt", rrule="FREQ=WEEKLY;COUNT=3")
    response = client.get(reverse("events:feed_atom"), {"kind": "meeting"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == 3
    assert all(entry.findtext(f"{ATOM}summary", "").startswith("Was der Umbau bringt") for entry in entries)
    link = entries[0].find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == f"https://wandelnetz.example{occurrence_of(talk, 0).get_absolute_url()}"
    assert root.findtext(f"{ATOM}updated")


def test_news_feeds_follow_the_filters(client):
    climate = topic("Klima")
    event("Passend", topics=[climate], starts_at=next_week_at(days=3))
    event("Anderes")
    response = client.get(reverse("events:feed_rss"), {"topic": climate.slug})
    titles = [item.findtext("title") or "" for item in ET.fromstring(response.content).iter("item")]  # noqa: S314
    assert len(titles) == 1 and "Passend" in titles[0]


def test_calendar_feed_follows_the_search_term(client):
    hydrogen = event("Wasserstoff im Revier")
    event("Filmabend")
    assert uids(client.get(reverse("events:feed_ics"), {"q": "Wasserstoff"})) == {hydrogen.uid}


def test_calendar_feed_date_range_narrows_the_events(client):
    soon = event("Bald", starts_at=next_week_at(days=2))
    later = event("Später", starts_at=next_week_at(days=40))
    day = (timezone.localtime(later.starts_at)).date().isoformat()
    assert uids(client.get(reverse("events:feed_ics"), {"from": day})) == {later.uid}
    assert soon.uid not in client.get(reverse("events:feed_ics"), {"from": day}).content.decode()
