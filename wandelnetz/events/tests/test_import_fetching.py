"""Fetching feeds: only public http(s) addresses, checked at every hop; timeouts, size limits,
conditional GET; every failure ends as the feed's status and message, and its events stay."""

import time
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from wandelnetz.events import importing, tasks
from wandelnetz.events.importing import FeedError, download_calendar, fetch_due_feeds, fetch_feed, refusal_reason
from wandelnetz.events.models import CalendarFeed, Event
from wandelnetz.events.tests.factories_imports import CalendarServer, feed, generated_calendar, ics

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_language(settings):
    """Stored messages are in the site's language; English here, until the catalogue is complete."""
    settings.LANGUAGE_CODE = "en"
    settings.SITE_URL = "https://wandelnetz.example"
    with translation.override("en"):
        yield


@pytest.fixture
def server():
    running = CalendarServer().start()
    yield running
    running.stop()


@pytest.fixture
def allow_private(settings):
    settings.CALENDAR_IMPORT_ALLOW_PRIVATE = True


# --- The address guard ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "Only http and https addresses can be imported, not “file”."),
        ("ftp://example.org/kalender.ics", "Only http and https addresses can be imported, not “ftp”."),
        ("gopher://example.org/", "not “gopher”"),
        ("kalender.ics", "not “an address without a scheme”"),
        ("http://127.0.0.1/kalender.ics", "leads to 127.0.0.1, an address of the server itself (loopback)"),
        ("http://10.0.0.1/kalender.ics", "leads to 10.0.0.1, an address in a private network"),
        ("http://192.168.178.1/kalender.ics", "an address in a private network"),
        ("http://[::1]/kalender.ics", "leads to ::1, an address of the server itself (loopback)"),
        ("http://169.254.169.254/latest/meta-data/", "a link-local address (such as a cloud metadata service)"),
        ("http://0.0.0.0/", "an unspecified address"),
        ("http://[::ffff:127.0.0.1]/", "an address of the server itself (loopback)"),
        ("http://2130706433/", "leads to 127.0.0.1"),  # 127.0.0.1 as one number
        ("http://localhost/kalender.ics", "an address of the server itself (loopback)"),
        ("http://user:secret@example.org/kalender.ics", "Addresses with a user name or password"),
        ("http://example.org:99999/", "is not a valid web address"),
    ],
)
def test_refused_addresses(url, message, owned_actor):
    """With CALENDAR_IMPORT_ALLOW_PRIVATE off (the default), nothing private is ever contacted."""
    calendar_feed = feed(owned_actor, url=url)
    result = fetch_feed(calendar_feed)
    assert not result.ok
    assert message in result.message
    calendar_feed.refresh_from_db()
    assert calendar_feed.status == CalendarFeed.Status.ERROR and message in calendar_feed.last_error
    assert calendar_feed.last_fetched_at is not None


def test_refusal_messages_say_why():
    assert refusal_reason("93.184.216.34") is None
    assert refusal_reason("2606:4700::6810:85e5") is None
    assert refusal_reason("100.64.0.1") == "not a public internet address"  # carrier-grade NAT
    assert refusal_reason("224.0.0.1") == "a multicast address"
    assert refusal_reason("240.0.0.1") == "an address in a private network"
    assert refusal_reason("fe80::1") == "a link-local address (such as a cloud metadata service)"
    assert refusal_reason("fd00::1") == "an address in a private network"
    assert refusal_reason("2002:7f00:1::") == "an address of the server itself (loopback)"  # 6to4
    assert refusal_reason("nonsense") == "not a valid network address"


def test_local_server_is_refused_when_private_addresses_are_off(server, owned_actor):
    url = server.serve("/kalender.ics", ics("utc.ics"))
    result = fetch_feed(feed(owned_actor, url=url.replace("127.0.0.1", "localhost")))
    assert not result.ok and "loopback" in result.message
    assert server.requests == []  # refused before connecting


def test_connects_to_the_checked_address_not_a_new_dns_answer(server, owned_actor, monkeypatch, allow_private):
    """Against DNS rebinding: the address that passed the check is the one connected to."""
    looked_up = []

    def resolve(host, port, timeout):
        looked_up.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(importing, "_resolve", resolve)
    server.serve("/kalender.ics", ics("utc.ics"))
    result = fetch_feed(feed(owned_actor, url=f"http://calendar.invalid:{server.port}/kalender.ics"))
    assert result.ok, result.message
    assert looked_up == ["calendar.invalid"]
    assert server.requests[0]["headers"]["Host"] == f"calendar.invalid:{server.port}"


def test_redirect_to_a_private_address_is_refused(server, owned_actor, monkeypatch, settings):
    """The test server stands in for a public host; its redirect into the cloud metadata is refused."""
    settings.CALENDAR_IMPORT_ALLOW_PRIVATE = False
    original = importing.refusal_reason
    monkeypatch.setattr(importing, "refusal_reason", lambda a: None if a == "127.0.0.1" else original(a))
    url = server.redirect("/kalender.ics", "http://169.254.169.254/latest/meta-data/")
    result = fetch_feed(feed(owned_actor, url=url))
    assert not result.ok
    assert "leads to 169.254.169.254, a link-local address" in result.message
    other = server.redirect("/file.ics", "file:///etc/passwd")
    result = fetch_feed(feed(owned_actor, url=other))
    assert "not “file”" in result.message


def test_at_most_three_redirects_are_followed(server, owned_actor, allow_private):
    server.serve("/final.ics", ics("utc.ics"))
    for hop in (3, 2, 1):
        server.redirect(f"/hop{hop}", "/final.ics" if hop == 3 else f"/hop{hop + 1}", status=301 if hop == 1 else 307)
    assert fetch_feed(feed(owned_actor, url=server.url("/hop1"))).ok
    assert Event.objects.count() == 2
    server.redirect("/hop0", "/hop1")
    result = fetch_feed(feed(owned_actor, url=server.url("/hop0")))
    assert not result.ok and result.message == "The address redirects more than 3 times."


# --- HTTP ---------------------------------------------------------------------------------------


def test_fetch_imports_and_stores_validators(server, owned_actor, allow_private):
    url = server.serve("/kalender.ics", ics("google.ics"), etag='"v1"', last_modified="Fri, 20 Nov 2026 10:15:00 GMT")
    calendar_feed = feed(owned_actor, url=url)
    result = fetch_feed(calendar_feed)
    assert result.ok and result.message == "2 events in the calendar: 2 new, 0 changed, 0 removed."
    calendar_feed.refresh_from_db()
    assert calendar_feed.status == CalendarFeed.Status.OK and calendar_feed.last_error == ""
    assert calendar_feed.last_event_count == 2
    assert (calendar_feed.etag, calendar_feed.last_modified_header) == ('"v1"', "Fri, 20 Nov 2026 10:15:00 GMT")
    headers = server.requests[0]["headers"]
    assert headers["User-Agent"] == "Wandelnetz calendar import (+https://wandelnetz.example)"
    assert "If-None-Match" not in headers


def test_not_modified_answer_keeps_everything(server, owned_actor, allow_private):
    url = server.serve("/kalender.ics", ics("google.ics"), etag='"v1"', last_modified="Fri, 20 Nov 2026 10:15:00 GMT")
    calendar_feed = feed(owned_actor, url=url)
    fetch_feed(calendar_feed)
    plenum = Event.objects.get(title="Offenes Plenum")
    result = fetch_feed(calendar_feed)
    assert result.ok and result.not_modified
    assert result.message == "The calendar has not changed since the last fetch."
    headers = server.requests[1]["headers"]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Fri, 20 Nov 2026 10:15:00 GMT"
    assert Event.objects.get(title="Offenes Plenum").modified == plenum.modified
    # A changed calendar has a new ETag: fetched and imported again.
    server.serve("/kalender.ics", ics("empty.ics"), etag='"v2"')
    result = fetch_feed(calendar_feed)
    assert not result.not_modified and result.imported.deleted == 2
    calendar_feed.refresh_from_db()
    assert calendar_feed.etag == '"v2"' and calendar_feed.last_event_count == 0


def test_last_modified_alone_is_enough(server, owned_actor, allow_private):
    url = server.serve("/kalender.ics", ics("utc.ics"), last_modified="Fri, 20 Nov 2026 10:15:00 GMT")
    calendar_feed = feed(owned_actor, url=url)
    fetch_feed(calendar_feed)
    assert fetch_feed(calendar_feed).not_modified


def test_no_conditional_request_after_a_failure(server, owned_actor, allow_private):
    url = server.serve("/kalender.ics", ics("utc.ics"), etag='"v1"')
    calendar_feed = feed(owned_actor, url=url)
    fetch_feed(calendar_feed)
    server.serve("/kalender.ics", status=500)
    assert not fetch_feed(calendar_feed).ok
    server.serve("/kalender.ics", ics("utc.ics"), etag='"v1"')
    result = fetch_feed(calendar_feed)
    assert result.ok and not result.not_modified
    assert "If-None-Match" not in server.requests[-1]["headers"]


def test_timeout(server, owned_actor, allow_private, settings):
    settings.CALENDAR_IMPORT_TIMEOUT_SECONDS = 1
    url = server.serve("/slow.ics", ics("utc.ics"), delay=3)
    started = time.monotonic()
    result = fetch_feed(feed(owned_actor, url=url))
    assert time.monotonic() - started < 2.5
    assert not result.ok and result.message == "The server did not deliver the calendar within 1 second."


def test_a_slow_drip_hits_the_overall_deadline(server, owned_actor, allow_private, settings):
    settings.CALENDAR_IMPORT_TIMEOUT_SECONDS = 1
    url = server.serve("/drip.ics", ics("utc.ics")[:40], drip=0.1)
    started = time.monotonic()
    result = fetch_feed(feed(owned_actor, url=url))
    assert time.monotonic() - started < 2.5
    assert not result.ok and "within 1 second" in result.message


@pytest.mark.parametrize("send_length", [True, False])
def test_size_limit(server, owned_actor, allow_private, settings, send_length):
    settings.CALENDAR_IMPORT_MAX_BYTES = 10_000
    huge = generated_calendar(200)
    assert len(huge) > 10_000
    url = server.serve("/huge.ics", huge, send_length=send_length)
    result = fetch_feed(feed(owned_actor, url=url))
    assert not result.ok
    assert result.message == "The calendar is larger than 10 kB; only calendars up to this size are imported."
    assert not Event.objects.exists()


def test_gzip_is_unpacked_within_the_limit(server, owned_actor, allow_private, settings):
    url = server.serve("/packed.ics", ics("google.ics"), gzip=True)
    assert fetch_feed(feed(owned_actor, url=url)).ok
    assert Event.objects.count() == 2
    settings.CALENDAR_IMPORT_MAX_BYTES = 10_000
    bomb = server.serve("/bomb.ics", generated_calendar(2000), gzip=True)
    result = fetch_feed(feed(owned_actor, url=bomb))
    assert not result.ok and "larger than 10 kB" in result.message


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, "The server has no calendar at this address (HTTP 404)."),
        (403, "The server refused access (HTTP 403). The calendar seems to be private"),
        (500, "The server reported an error (HTTP 500 Internal Server Error)"),
        (418, "The server answered with HTTP 418"),
    ],
)
def test_http_errors(server, owned_actor, allow_private, status, message):
    url = server.serve("/kalender.ics", b"", status=status)
    result = fetch_feed(feed(owned_actor, url=url))
    assert not result.ok and message in result.message


def test_unreachable_server(owned_actor, allow_private):
    probe = CalendarServer()
    port = probe.port
    probe.httpd.server_close()  # nothing listens there any more
    result = fetch_feed(feed(owned_actor, url=f"http://127.0.0.1:{port}/kalender.ics"))
    assert not result.ok and result.message == "The server “127.0.0.1” refused the connection."


def test_https_to_a_server_without_tls(server, owned_actor, allow_private):
    server.serve("/kalender.ics", ics("utc.ics"))
    result = fetch_feed(feed(owned_actor, url=f"https://127.0.0.1:{server.port}/kalender.ics"))
    assert not result.ok and result.message == "No secure connection to “127.0.0.1” could be made."


def test_unknown_host(owned_actor):
    result = fetch_feed(feed(owned_actor, url="https://kalender.invalid/plenum.ics"))
    assert not result.ok and result.message == "The host name “kalender.invalid” could not be found."


def test_a_failing_fetch_keeps_the_existing_events(server, owned_actor, allow_private):
    url = server.serve("/kalender.ics", ics("google.ics"))
    calendar_feed = feed(owned_actor, url=url)
    assert fetch_feed(calendar_feed).ok
    before = {(e.pk, e.title, e.sequence) for e in Event.objects.all()}
    occurrences = Event.objects.get(title="Offenes Plenum").occurrences.count()
    for body in (ics("broken.ics"), ics("notcalendar.html"), generated_calendar(2001)):
        server.serve("/kalender.ics", body)
        result = fetch_feed(calendar_feed)
        assert not result.ok
        calendar_feed.refresh_from_db()
        assert calendar_feed.status == CalendarFeed.Status.ERROR and calendar_feed.last_error == result.message
        assert calendar_feed.last_event_count == 2
        assert {(e.pk, e.title, e.sequence) for e in Event.objects.all()} == before
        assert Event.objects.get(title="Offenes Plenum").occurrences.count() == occurrences


def test_unexpected_errors_are_caught(server, owned_actor, allow_private, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(importing, "import_calendar", explode)
    url = server.serve("/kalender.ics", ics("utc.ics"))
    calendar_feed = feed(owned_actor, url=url)
    result = fetch_feed(calendar_feed)
    assert not result.ok and result.message.startswith("An unexpected error occurred")
    calendar_feed.refresh_from_db()
    assert calendar_feed.status == CalendarFeed.Status.ERROR


def test_notes_are_kept_on_the_feed(server, owned_actor, allow_private):
    url = server.serve("/kalender.ics", ics("latin1.ics"), headers={"Content-Type": "text/calendar"})
    calendar_feed = feed(owned_actor, url=url)
    result = fetch_feed(calendar_feed)
    assert result.ok and "Windows-1252" in result.notes[0]
    calendar_feed.refresh_from_db()
    assert calendar_feed.status == CalendarFeed.Status.OK and "Windows-1252" in calendar_feed.last_error


def test_download_sends_no_conditional_headers_without_validators(server, allow_private):
    url = server.serve("/kalender.ics", ics("utc.ics"))
    assert download_calendar(url).body == ics("utc.ics")
    assert "If-Modified-Since" not in server.requests[0]["headers"]
    with pytest.raises(FeedError):
        download_calendar(server.url("/missing.ics"))


# --- Scheduling ---------------------------------------------------------------------------------


def test_fetch_due_feeds(server, owned_actor, allow_private):
    url = server.serve("/kalender.ics", ics("utc.ics"))
    now = timezone.now()
    never = feed(owned_actor, url=url)
    old = feed(owned_actor, url=url + "?alt", last_fetched_at=now - timedelta(hours=7))
    server.serve("/kalender.ics?alt", ics("empty.ics"))
    recent = feed(owned_actor, url=url + "?neu", last_fetched_at=now - timedelta(hours=1))
    paused = feed(owned_actor, url=url + "?pause", active=False)
    assert fetch_due_feeds() == 2
    for calendar_feed in (never, old, recent, paused):
        calendar_feed.refresh_from_db()
    assert never.status == old.status == CalendarFeed.Status.OK
    assert recent.status == paused.status == CalendarFeed.Status.NEW
    assert fetch_due_feeds() == 0


def test_the_hourly_task_fetches_due_feeds(server, owned_actor, allow_private):
    feed(owned_actor, url=server.serve("/kalender.ics", ics("utc.ics")))
    assert tasks.periodic_events_work.call()["feeds_fetched"] == 1
    assert Event.objects.count() == 2


def test_management_command(server, owned_actor, allow_private, capsys):
    calendar_feed = feed(owned_actor, url=server.serve("/kalender.ics", ics("utc.ics")))
    call_command("fetch_calendars", "--feed", str(calendar_feed.pk))
    assert "2 events in the calendar: 2 new" in capsys.readouterr().out
    call_command("fetch_calendars")
    assert "0 calendar(s) fetched" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("fetch_calendars", "--feed", "999999")
    server.serve("/kalender.ics", status=404)
    with pytest.raises(CommandError):
        call_command("fetch_calendars", "--feed", str(calendar_feed.pk))
    assert "HTTP 404" in capsys.readouterr().err


def test_a_length_header_that_is_no_number_is_ignored(server, owned_actor, allow_private):
    """'²' is a digit to str.isdigit(), not to int(): the declared length is not trusted then,
    and the body is read (within the limit) as without one."""
    url = server.serve("/odd-length.ics", ics("google.ics"), send_length=False, headers={"Content-Length": "²"})
    assert fetch_feed(feed(owned_actor, url=url)).ok
    assert Event.objects.count() == 2
