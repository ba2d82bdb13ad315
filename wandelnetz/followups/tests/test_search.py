"""Follow-ups are found by the search: title, text, status, owner and topics."""

import pytest
from django.urls import reverse

from wandelnetz.actors.tests.factories import actor
from wandelnetz.followups import services
from wandelnetz.followups.tests.factories import follow_up
from wandelnetz.search.selectors import find_hits
from wandelnetz.topics.tests.factories import topic

pytestmark = pytest.mark.django_db


def test_search_finds_a_follow_up_by_its_words_and_after_changes(client):
    item = follow_up(
        "Infoplattform für Engagierte",
        text="Von Studierenden entworfen.",
        topics=[topic("Vernetzung")],
        owner_actor=actor("Kunsthochschule Halle"),
    )
    for query in ("Infoplattform", "Studierenden", "Vernetzung", "Kunsthochschule"):
        assert [hit.url for hit in find_hits(query, kinds=["followups.followup"])] == [item.get_absolute_url()], query
    services.change_status(follow_up=item, to_status="stalled", reason="Fördermittel fehlen", user=None)
    assert [hit.url for hit in find_hits("Fördermittel")] == [item.get_absolute_url()]
    response = client.get(reverse("search"), {"q": "Infoplattform"})
    assert item.get_absolute_url() in response.content.decode()


def test_list_filter_by_search_term(client):
    item = follow_up("Jugendbeteiligung vertiefen")
    follow_up("Anderes")
    response = client.get(reverse("followups:followup_list"), {"q": "Jugendbeteiligung"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [item]
