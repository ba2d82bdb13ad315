"""Everyone reads minutes: the minutes page, and the section on the event page."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from wandelnetz.actors.tests.factories import actor
from wandelnetz.events.tests.factories import event, next_week_at, series
from wandelnetz.followups.models import FollowUp
from wandelnetz.minutes.models import MinutesLink
from wandelnetz.minutes.tests.factories_views import minutes_for

pytestmark = pytest.mark.django_db


def detail_url(ev) -> str:
    return reverse("minutes:minutes_detail", args=[ev.slug])


def test_minutes_page_shows_text_contributions_links_and_follow_ups(client):
    organiser = actor("Aktionskreis Beispiel")
    meeting = event(
        "Stammtisch Dezember",
        organisers=[organiser],
        contributions=[{"speaker_name": "Erika Musterfrau", "actor": organiser, "title": "Netzwerke im Revier"}],
    )
    minutes_for(meeting, links=4, follow_ups=6, actor=organiser)
    response = client.get(detail_url(meeting))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="protokoll"' in html
    assert "Stammtisch Dezember" in html and "<h1>" in html
    assert "<strong>Mobilitätswende</strong>" in html  # Markdown rendered
    assert "<h2>Strukturwandel-Stammtisch am 06.12.2021</h2>" in html  # headings start below the page's h1
    assert "Netzwerke im Revier" in html and "Erika Musterfrau" in html
    assert 'href="https://example.org/0"' in html  # a pinboard
    assert 'href="mailto:kontakt2@example.org"' in html  # an email address becomes a mail link
    assert organiser.get_absolute_url() in html  # a website with its actor
    for i in range(6):
        assert f"Folgeschritt {i}" in html
    assert "Mittel fehlen" in html  # the reason of a stalled follow-up
    assert meeting.get_absolute_url() in html  # back to the event
    assert 'datetime="' + meeting.starts_at.isoformat()[:10] in html


def test_repeating_event_shows_its_start(client):
    weekly = event("Wöchentlich", starts_at=next_week_at(days=3), rrule="FREQ=WEEKLY;COUNT=5")
    minutes_for(weekly)
    response = client.get(detail_url(weekly))
    assert response.status_code == 200
    assert 'datetime="' + weekly.starts_at.isoformat()[:10] in response.content.decode()


def test_unsafe_html_in_minutes_is_never_rendered(client):
    meeting = event()
    text = (
        "Vorher <script>alert('x')</script> nachher\n\n"
        '<img src=x onerror="alert(1)">\n\n'
        "[Klick](javascript:alert(2))\n\n"
        '<a href="https://evil.example" onclick="steal()">Link</a>'
    )
    minutes_for(meeting, text=text)
    MinutesLink.objects.create(minutes=meeting.minutes, url="javascript:alert(3)", kind="other", label="Böse")
    html = client.get(detail_url(meeting)).content.decode()
    assert_harmless(html)
    assert "&lt;script&gt;" in html  # shown as text
    assert "Böse" in html  # the link with a bad address stays text
    assert_harmless(client.get(meeting.get_absolute_url()).content.decode())


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.found.append((tag, dict(attrs)))


def assert_harmless(html: str) -> None:
    """No element from the minutes can run code: no inline script, image, handler or javascript: link."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag != "img"
        assert not (tag == "script" and "src" not in attrs and attrs.get("type") != "application/ld+json"), attrs
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not (attrs.get("href") or "").strip().lower().startswith("javascript:"), (tag, attrs)


def test_no_minutes_is_404_with_a_message_and_an_add_link_for_editors(client, owner, owned_actor, outsider):
    meeting = event(organisers=[owned_actor])
    anonymous = client.get(detail_url(meeting))
    assert anonymous.status_code == 404
    add_url = reverse("minutes:minutes_upload", args=[meeting.slug])
    assert add_url not in anonymous.content.decode()
    client.force_login(outsider)
    assert add_url not in client.get(detail_url(meeting)).content.decode()
    client.force_login(owner)
    response = client.get(detail_url(meeting))
    assert response.status_code == 404
    assert add_url in response.content.decode()
    assert client.get(reverse("minutes:minutes_detail", args=["gibt-es-nicht"])).status_code == 404


def test_event_page_shows_an_excerpt_a_link_and_the_follow_up_count(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    meeting = event()
    minutes_for(meeting, text="Erster Absatz mit **Kernsatz**.\n\n" + "Weiter so. " * 200, follow_ups=3)
    with override("en"):
        html = client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="protokoll"' in html
    assert "Erster Absatz mit Kernsatz." in html  # as text, without markup
    assert detail_url(meeting) in html
    assert f'<a href="{detail_url(meeting)}#follow-ups-title">3 follow-ups from this meeting</a>' in html
    assert html.count("Weiter so.") < 40  # an excerpt, not the whole text
    # The count leads to the list of follow-ups on the minutes page.
    assert 'id="follow-ups-title"' in client.get(detail_url(meeting)).content.decode()


def test_event_page_offers_editors_to_add_minutes(client, owner, owned_actor, outsider):
    meeting = event(organisers=[owned_actor])
    add_url = reverse("minutes:minutes_upload", args=[meeting.slug])
    assert add_url not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(outsider)
    assert add_url not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(owner)
    assert add_url in client.get(meeting.get_absolute_url()).content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# Pinned on purpose: event (series, minutes), contributions (actors), links (actors), follow-ups.
MINUTES_PAGE_QUERIES = 4


@pytest.mark.parametrize("size", [2, 20])
def test_minutes_page_query_count_is_fixed(client, size):
    organiser = actor("Aktionskreis Beispiel")
    meeting = event(
        organisers=[organiser],
        series=series("Stammtisch"),
        contributions=[{"speaker_name": f"Person {i}", "actor": actor(), "title": f"Impuls {i}"} for i in range(size)],
    )
    minutes_for(meeting, links=size, follow_ups=size, actor=organiser)
    assert FollowUp.objects.filter(source_event=meeting).count() == size
    assert _queries(client, detail_url(meeting)) == MINUTES_PAGE_QUERIES


@pytest.mark.parametrize("size", [2, 20])
def test_minutes_section_costs_one_query(client, size):
    meeting = event()
    bare = _queries(client, meeting.get_absolute_url())
    minutes_for(meeting, follow_ups=size)
    with override("en"):
        assert _queries(client, meeting.get_absolute_url()) == bare
