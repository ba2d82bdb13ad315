"""The search finds minutes by the words of their text, stemmed, and links to the minutes page."""

import pytest
from django.urls import reverse

from wandelnetz.events.tests.factories import event
from wandelnetz.minutes import services
from wandelnetz.search.selectors import find_hits
from wandelnetz.search.services import rebuild_index

pytestmark = pytest.mark.django_db


def test_search_finds_minutes_by_a_stemmed_word():
    meeting = event("Stammtisch Dezember")
    services.save_minutes(
        event=meeting, text="Wir sprachen über **Begegnungsorte** und Jugendbeteiligungen.", user=None
    )
    url = reverse("minutes:minutes_detail", args=[meeting.slug])
    assert [h.url for h in find_hits("Jugendbeteiligung", kinds=["minutes.minutes"])] == [url]
    assert [h.url for h in find_hits("Begegnungsort", kinds=["minutes.minutes"])] == [url]
    assert [h.url for h in find_hits("Protokoll Stammtisch", kinds=["minutes.minutes"])] == [url]  # by its title
    assert find_hits("Kohleausstieg", kinds=["minutes.minutes"]) == []


def test_search_page_lists_minutes(client):
    meeting = event("Stammtisch Dezember")
    services.save_minutes(event=meeting, text="Die Infoplattform wartet auf Fördermittel.", user=None)
    response = client.get(reverse("search"), {"q": "Fördermittel"})
    assert response.status_code == 200
    assert reverse("minutes:minutes_detail", args=[meeting.slug]) in response.content.decode()


def test_rebuilding_the_index_keeps_minutes():
    meeting = event("Stammtisch Dezember")
    services.save_minutes(event=meeting, text="Lebendige Orte im Revier.", user=None)
    rebuild_index()
    assert len(find_hits("Revier", kinds=["minutes.minutes"])) == 1
