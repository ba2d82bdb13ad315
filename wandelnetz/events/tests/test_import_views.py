"""The imported-calendars page: an actor's editors (and moderators) add, fetch and remove feeds;
everyone else gets 403, anonymous visitors are sent to sign in; bad addresses are form errors."""

import pytest
from django.urls import reverse
from django.utils import translation

from wandelnetz.events.importing import import_calendar
from wandelnetz.events.models import CalendarFeed, Event
from wandelnetz.events.tests.factories_imports import CalendarServer, feed, ics
from wandelnetz.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def server(settings):
    settings.CALENDAR_IMPORT_ALLOW_PRIVATE = True
    running = CalendarServer().start()
    yield running
    running.stop()


def page(actor) -> str:
    return reverse("events:calendar_feeds", kwargs={"actor_slug": actor.slug})


def test_url():
    assert reverse("events:calendar_feeds", kwargs={"actor_slug": "akb"}) == "/veranstaltungen/kalender-import/akb/"


def test_anonymous_is_sent_to_sign_in(client, owned_actor):
    for method in (client.get, client.post):
        response = method(page(owned_actor), {"url": "https://example.org/k.ics"})
        assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert not CalendarFeed.objects.exists()


def test_outsider_gets_403(client, outsider, owned_actor):
    calendar_feed = feed(owned_actor)
    client.force_login(outsider)
    assert client.get(page(owned_actor)).status_code == 403
    for data in ({"url": "https://example.org/k.ics"}, {"fetch": calendar_feed.pk}, {"remove": calendar_feed.pk}):
        assert client.post(page(owned_actor), data).status_code == 403
    assert list(CalendarFeed.objects.all()) == [calendar_feed]


def test_unknown_actor_is_404(client, owner):
    client.force_login(owner)
    assert client.get(reverse("events:calendar_feeds", kwargs={"actor_slug": "gibt-es-nicht"})).status_code == 404


def test_editor_sees_status_time_count_and_error(client, owner, owned_actor):
    ok = feed(owned_actor, url="https://calendar.google.com/calendar/ical/plenum/public/basic.ics")
    import_calendar(ok, ics("utc.ics"))
    CalendarFeed.objects.filter(pk=ok.pk).update(status=CalendarFeed.Status.OK, last_fetched_at="2026-11-20T10:15Z")
    feed(
        owned_actor,
        url="https://cloud.example.org/remote.php/dav/public-calendars/abc?export",
        status=CalendarFeed.Status.ERROR,
        last_error="The server has no calendar at this address (HTTP 404).",
    )
    client.force_login(owner)
    response = client.get(page(owned_actor))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Calendar from calendar.google.com" in html and "Calendar from cloud.example.org" in html
    assert "Nov. 20, 2026, 11:15 a.m." in html  # shown in Berlin time
    assert "<dd>2</dd>" in html and "not yet" in html
    assert "The server has no calendar at this address (HTTP 404)." in html
    assert 'name="fetch"' in html and 'name="remove"' in html


def test_moderator_may_manage_any_actors_calendars(client, moderator, owned_actor):
    client.force_login(moderator)
    assert client.get(page(owned_actor)).status_code == 200
    assert client.post(page(owned_actor), {"url": "https://example.org/k.ics"}).status_code == 302


def test_editor_adds_a_feed(client, owner, owned_actor):
    client.force_login(owner)
    response = client.post(page(owned_actor), {"url": "  webcal://p01-caldav.icloud.com/published/2/abc  "})
    assert response.status_code == 302
    added = CalendarFeed.objects.get()
    assert added.url == "https://p01-caldav.icloud.com/published/2/abc"
    assert (added.actor, added.added_by, added.status) == (owned_actor, owner, CalendarFeed.Status.NEW)
    assert "The calendar has been added." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/kalender.ics", "Only http and https addresses can be imported, not “ftp”."),
        ("file:///etc/passwd", "not “file”"),
        ("javascript:alert(1)", "not “javascript”"),
        ("https://example.org/" + "k" * 490 + ".ics", "Ensure this value has at most 500 characters"),
        ("", "This field is required."),
        ("https://", "The address has no host name."),
    ],
)
def test_bad_addresses_are_form_errors(client, owner, owned_actor, url, message):
    client.force_login(owner)
    response = client.post(page(owned_actor), {"url": url})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and message in html
    assert not CalendarFeed.objects.exists()


def test_duplicate_and_too_many_feeds_are_refused(client, owner, owned_actor):
    feed(owned_actor, url="https://example.org/k.ics")
    client.force_login(owner)
    response = client.post(page(owned_actor), {"url": "https://example.org/k.ics"})
    assert response.status_code == 400
    assert "This calendar is already imported for this actor." in response.content.decode()
    for n in range(9):
        feed(owned_actor, url=f"https://example.org/{n}.ics")
    response = client.post(page(owned_actor), {"url": "https://example.org/elf.ics"})
    assert response.status_code == 400 and "at most 10 calendars" in response.content.decode()
    assert CalendarFeed.objects.count() == 10


def test_fetch_now_shows_the_result(client, owner, owned_actor, server):
    calendar_feed = feed(owned_actor, url=server.serve("/k.ics", ics("latin1.ics")))
    client.force_login(owner)
    response = client.post(page(owned_actor), {"fetch": calendar_feed.pk}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 event in the calendar: 1 new, 0 changed, 0 removed." in html
    assert "read as Windows-1252" in html
    assert Event.objects.get(feed=calendar_feed).title.startswith("Führung")
    calendar_feed.refresh_from_db()
    assert calendar_feed.status == CalendarFeed.Status.OK


def test_fetch_now_shows_a_failure_in_plain_words(client, owner, owned_actor, server):
    calendar_feed = feed(owned_actor, url=server.serve("/k.ics", ics("notcalendar.html")))
    client.force_login(owner)
    html = client.post(page(owned_actor), {"fetch": calendar_feed.pk}, follow=True).content.decode()
    assert "The calendar could not be fetched: The address returned a web page, not a calendar." in html
    calendar_feed.refresh_from_db()
    assert calendar_feed.status == CalendarFeed.Status.ERROR


def test_remove_asks_first_then_deletes_the_feed_and_its_events(client, owner, owned_actor):
    calendar_feed = feed(owned_actor)
    import_calendar(calendar_feed, ics("google.ics"))
    ids = list(Event.objects.values_list("pk", flat=True))
    client.force_login(owner)
    response = client.post(page(owned_actor), {"remove": calendar_feed.pk})
    assert response.status_code == 200
    assert "Its 2 imported events are removed" in response.content.decode()
    assert CalendarFeed.objects.exists()
    response = client.post(page(owned_actor), {"remove": calendar_feed.pk, "confirm": "yes"}, follow=True)
    assert "The calendar has been removed, with 2 imported events." in response.content.decode()
    assert not CalendarFeed.objects.exists() and not Event.objects.exists()
    assert not SearchEntry.objects.filter(kind="events.event", object_id__in=ids).exists()


def test_feeds_of_other_actors_and_bad_ids(client, owner, owned_actor):
    from wandelnetz.actors.tests.factories import actor

    foreign = feed(actor("Fremder Verein"))
    client.force_login(owner)
    for name in ("fetch", "remove"):
        assert client.post(page(owned_actor), {name: foreign.pk, "confirm": "yes"}).status_code == 404
        assert client.post(page(owned_actor), {name: "abc"}).status_code == 400
    assert CalendarFeed.objects.filter(pk=foreign.pk).exists()


def test_page_query_count_does_not_grow_with_feeds(client, owner, owned_actor, django_assert_num_queries):
    client.force_login(owner)
    feed(owned_actor, url="https://example.org/0.ics")
    client.get(page(owned_actor))  # warm up session and caches
    with django_assert_num_queries(6) as small:
        client.get(page(owned_actor))
    for n in range(1, 6):
        import_calendar(feed(owned_actor, url=f"https://example.org/{n}.ics"), ics("utc.ics"))
    with django_assert_num_queries(len(small.captured_queries)):
        assert "example.org/5.ics" in client.get(page(owned_actor)).content.decode()
