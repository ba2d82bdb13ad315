"""Every list page costs a pinned number of queries, the same with 10 and with 300 of each thing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wandelnetz.actors.models import Actor
from wandelnetz.places.models import Place
from wandelnetz.search.services import rebuild_index
from wandelnetz.topics.models import Region, Topic
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db

# path → queries for an anonymous visitor. Pinned on purpose: a change must update them knowingly.
PINNED = {
    "/": 4,  # top topics with counts, reviere, recent actors, upcoming dates
    "/themen/": 1,
    "/regionen/": 1,
    "/orte/": 2,  # count, page
    "/regionen/landkreis-leipzig/": 9,  # region, ancestors, children, places, events, count, page, topics, regions
    "/orte/oekokirche-deutzen/": 5,  # place with region, upcoming events, actors, their topics and regions
}


def build(n: int) -> None:
    parent = topic("Beteiligung")
    revier = region("Mitteldeutsches Revier", kind=Region.Kind.REVIER)
    district = region("Landkreis Leipzig", parent=revier, slug="landkreis-leipzig")
    for i in range(n):
        topic(f"Unterthema {i}", parent=parent)
        region(f"Gemeinde {i}", parent=district, kind=Region.Kind.MUNICIPALITY)
    place = Place.objects.create(name="Ökokirche Deutzen", slug="oekokirche-deutzen", region=district)
    Place.objects.bulk_create(Place(name=f"Ort {i}", slug=f"ort-{i}", region=district) for i in range(n))
    actors = Actor.objects.bulk_create(
        Actor(name=f"Verein {i}", slug=f"verein-{i}", kind="association", status="published") for i in range(n)
    )
    subtopics = list(Topic.objects.filter(parent=parent))
    towns = list(Region.objects.filter(parent=district))
    Actor.topics.through.objects.bulk_create(
        Actor.topics.through(actor=a, topic=subtopics[i % len(subtopics)]) for i, a in enumerate(actors)
    )
    Actor.regions.through.objects.bulk_create(
        Actor.regions.through(actor=a, region=towns[i % len(towns)]) for i, a in enumerate(actors)
    )
    Actor.places.through.objects.bulk_create(Actor.places.through(actor=a, place=place) for a in actors)
    rebuild_index()


@pytest.mark.parametrize("size", [10, 300])
@pytest.mark.parametrize("path", list(PINNED))
def test_query_count_is_pinned_and_independent_of_size(client, path, size):
    build(size)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    assert len(queries) == PINNED[path], [q["sql"][:120] for q in queries.captured_queries]
