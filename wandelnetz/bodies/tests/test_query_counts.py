"""The atlas and a body page cost a pinned number of queries, the same at 3 and at 30 bodies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wandelnetz.actors.tests.factories import actor
from wandelnetz.bodies.models import Body
from wandelnetz.bodies.tests.factories import body, civil_seat, other_seat
from wandelnetz.events.tests.factories import event, next_week_at, series
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db

# Pinned on purpose: a change that adds a query must update these numbers knowingly.
CHOICES = 2  # the topic and region options of the filter form
ATLAS_QUERIES = CHOICES + 7  # count, page, its current seats (with actors), topics, regions; gaps count and rows
FILTER_LOOKUPS = 2  # the topic and the region named in the URL
SEARCH_QUERIES = 0  # the text filter is a subquery of the list's own queries
BODY_PAGE_QUERIES = 6  # body (convener, series, verifier), topics, regions, seats (actors), sources, next meetings
SIGNED_IN_EXTRA = 5  # session, user, unread notifications; the body's and the convener's editors (edit buttons)


@pytest.fixture(params=[3, 30], ids=["3-bodies", "30-bodies"])
def world(request):
    participation = topic("Beteiligung")
    youth = topic("Jugendbeteiligung", parent=participation)
    district = region("Landkreis Leipzig")
    town = region("Borna", parent=district)
    actors = [actor(f"Verein {i}", short_name=f"V{i}") for i in range(3)]
    meetings = series("Sitzungen", organisers=actors[:1])
    for days in (3, 10):
        event(starts_at=next_week_at(days=days), organisers=actors[:1], series=meetings)
    bodies = [
        body(
            f"Gremium {i:02d}",
            power=1 + i % 4,
            level=Body.Level.values[i % len(Body.Level.values)],
            topics=[youth if i % 2 else participation],
            regions=[town, district],
            convened_by=actors[i % 3],
            series=meetings,
            summary="Ein Gremium, das über Planungen berät.",
            sources=[("https://example.org/a", "A"), ("https://example.org/b", "B")],
            seats=[civil_seat(actors[i % 3], count=2), civil_seat(role="Jugend", rights="advisory"), other_seat()]
            if i % 3
            else [],
        )
        for i in range(request.param)
    ]
    return {"topic": participation, "region": district, "body": bodies[1]}  # with seats


def count(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content.decode()[:1000]
    return len(ctx.captured_queries)


def test_atlas(client, world):
    assert count(client, reverse("bodies:body_list")) == ATLAS_QUERIES


def test_atlas_with_every_filter(client, world):
    params = {"topic": world["topic"].slug, "region": world["region"].slug, "power": "2", "civil": "ja", "q": "Planung"}
    params["level"] = world["body"].level
    assert count(client, reverse("bodies:body_list"), params) == ATLAS_QUERIES + FILTER_LOOKUPS + SEARCH_QUERIES


def test_body_page(client, world):
    assert count(client, world["body"].get_absolute_url()) == BODY_PAGE_QUERIES


def test_body_page_signed_in(client, world, member):
    client.force_login(member)
    assert count(client, world["body"].get_absolute_url()) == BODY_PAGE_QUERIES + SIGNED_IN_EXTRA
