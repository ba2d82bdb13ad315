"""Feeds are cheap to poll: validators without building, 304 on a match, fixed query counts."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wandelnetz.actors.tests.factories import actor
from wandelnetz.events import services
from wandelnetz.events.tests.factories import event, next_week_at, occurrence_of
from wandelnetz.places.services import create_place
from wandelnetz.topics.tests.factories import topic

pytestmark = pytest.mark.django_db

FEEDS = ["events:feed_ics", "events:feed_rss", "events:feed_atom"]


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://wandelnetz.example"
    settings.PAGE_CACHE_VERSION_SECONDS = -1  # read the content version on every request
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def make_events(count: int) -> None:
    """A mix: every third recurring with a moved, a cancelled and a left-out date."""
    organiser = actor()
    place = create_place(name="Ort")
    climate = topic("Klima")
    for n in range(count):
        if n % 3 == 0:
            meeting = event(
                f"Treffen {n}",
                rrule="FREQ=WEEKLY;COUNT=6",
                organisers=[organiser, actor()],
                topics=[climate],
                place=place,
            )
            moved = occurrence_of(meeting, 1)
            services.change_occurrence(moved, starts_at=moved.starts_at + timedelta(hours=1), place=place)
            services.change_occurrence(occurrence_of(meeting, 2), cancelled=True)
            services.change_occurrence(occurrence_of(meeting, 3), excluded=True)
        else:
            event(f"Vortrag {n}", starts_at=next_week_at(days=1 + n % 20), topics=[climate], organisers=[organiser])


@pytest.mark.parametrize("name", FEEDS)
def test_feed_answers_with_validators_and_cache_control(client, name):
    event(rrule="FREQ=WEEKLY;COUNT=3")
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("name", FEEDS)
def test_conditional_get_with_if_none_match_is_304(client, name):
    event(rrule="FREQ=WEEKLY;COUNT=3")
    first = client.get(reverse(name), {"kind": "meeting"})
    again = client.get(reverse(name), {"kind": "meeting"}, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=300"
    other_filter = client.get(reverse(name), {"kind": "talk"}, headers={"if-none-match": first["ETag"]})
    assert other_filter.status_code == 200


@pytest.mark.parametrize("name", FEEDS)
def test_conditional_get_with_if_modified_since_is_304(client, name):
    event(rrule="FREQ=WEEKLY;COUNT=3")
    first = client.get(reverse(name))
    again = client.get(reverse(name), headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 304
    stale = client.get(reverse(name), headers={"if-modified-since": "Mon, 01 Jan 2024 00:00:00 GMT"})
    assert stale.status_code == 200


def test_event_ics_answers_conditional_get(client):
    meeting = event(rrule="FREQ=WEEKLY;COUNT=3")
    url = reverse("events:event_ics", kwargs={"slug": meeting.slug})
    first = client.get(url)
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    meeting.title = "Neuer Titel"
    services.update_event(meeting, ["title"])
    changed = client.get(url, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert b"Neuer Titel" in changed.content


@pytest.mark.parametrize("name", FEEDS)
def test_a_changed_event_changes_the_etag(client, name):
    meeting = event("Stammtisch", rrule="FREQ=WEEKLY;COUNT=3")
    first = client.get(reverse(name))
    meeting.starts_at += timedelta(hours=1)
    meeting.ends_at += timedelta(hours=1)
    services.update_event(meeting, ["starts_at", "ends_at"])
    again = client.get(reverse(name), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert b"18:00" in again.content or b"T180000" in again.content


def test_a_renamed_place_changes_the_etag(client, django_capture_on_commit_callbacks):
    place = create_place(name="Alter Name")
    event(place=place)
    first = client.get(reverse("events:feed_ics"))
    with django_capture_on_commit_callbacks(execute=True):
        place.name = "Neuer Name"
        place.save()
    again = client.get(reverse("events:feed_ics"), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert b"Neuer Name" in again.content


def test_a_new_event_changes_the_etag(client):
    event()
    first = client.get(reverse("events:feed_ics"))
    event()
    assert client.get(reverse("events:feed_ics"), headers={"if-none-match": first["ETag"]}).status_code == 200


def test_page_cache_does_not_swallow_validators(client, page_cache_on):
    """The anonymous page cache stores no copy of a feed: the second poll still gets a 304."""
    event(rrule="FREQ=WEEKLY;COUNT=3")
    first = client.get(reverse("events:feed_ics"))
    plain = client.get(reverse("events:feed_ics"))
    assert plain["ETag"] == first["ETag"]
    assert plain["Content-Disposition"] == 'inline; filename="wandelnetz.ics"'
    assert "X-Page-Cache" not in plain
    assert client.get(reverse("events:feed_ics"), headers={"if-none-match": first["ETag"]}).status_code == 304


def test_unchanged_feed_is_served_from_the_cache_without_building(client, page_cache_on):
    make_events(6)
    first = client.get(reverse("events:feed_ics"))
    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("events:feed_ics"))
    assert again.content == first.content
    assert not any("events_occurrencechange" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("name", FEEDS)
def test_query_count_does_not_grow_with_the_events(client, name, django_assert_num_queries):
    """The same number of queries for 3 and for 40 events (some recurring with changed dates)."""
    make_events(3)
    client.get(reverse(name))  # warm-up: per-process caches of the filter form
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name)).status_code == 200
    make_events(37)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


def test_calendar_feed_query_count_is_pinned(client, django_assert_num_queries):
    make_events(40)
    # content version, validators (one aggregate), filter choices (topics, regions),
    # events, changes, organisers, topics
    with django_assert_num_queries(8):
        assert client.get(reverse("events:feed_ics")).status_code == 200
    # A 304 costs the validators only.
    etag = client.get(reverse("events:feed_ics"))["ETag"]
    with django_assert_num_queries(4):
        assert client.get(reverse("events:feed_ics"), headers={"if-none-match": etag}).status_code == 304


def test_compressed_feed_answers_conditional_get_with_its_weak_etag(client):
    """GZip turns the ETag weak; sending it back still gives a 304."""
    make_events(6)
    first = client.get(reverse("events:feed_ics"), headers={"accept-encoding": "gzip"})
    assert first["Content-Encoding"] == "gzip"
    assert first["ETag"].startswith('W/"')
    again = client.get(reverse("events:feed_ics"), headers={"accept-encoding": "gzip", "if-none-match": first["ETag"]})
    assert again.status_code == 304
