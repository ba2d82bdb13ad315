"""List pages cost the same number of queries at 10 and at 1,000 actors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wandelnetz.actors.models import Actor, Relation
from wandelnetz.topics.models import Region, Topic
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db

# Pinned: a change that adds a query per page must update these numbers on purpose.
ACTOR_LIST_QUERIES = 6  # topic and region choices, count, page, the page's topics and regions
FILTER_LOOKUPS = 2  # the topic and the region named in the URL
ACTOR_PAGE_QUERIES = 7  # actor, topics, regions, places, relations out and in, upcoming events
# session, user, unread notifications; the actor's editors (edit buttons), read only for a signed-in visitor
SIGNED_IN_EXTRA = 4
# topic, its tree (ancestors, children, subtree ids), bodies (no seats to prefetch here), upcoming
# events, follow-ups ranked with their counts (no cards to fetch here), count, page, the page's
# topics and regions
TOPIC_PAGE_QUERIES = 9
SEARCH_QUERIES = 2  # count + hits


def populate(n: int, top: Topic, sub: Topic, district: Region) -> Actor:
    """n published actors, each with two topics and a region, linked in a chain of relations."""
    actors = Actor.objects.bulk_create(
        Actor(
            name=f"Verein Nummer {i}",
            slug=f"verein-{n}-{i}",
            kind="association",
            status="published",
            summary="Ein Verein im Strukturwandel.",
        )
        for i in range(n)
    )
    Actor.topics.through.objects.bulk_create(
        [Actor.topics.through(actor=a, topic=t) for a in actors for t in (top, sub)]
    )
    Actor.regions.through.objects.bulk_create([Actor.regions.through(actor=a, region=district) for a in actors])
    Relation.objects.bulk_create(
        Relation(source=a, target=b, kind="partner_of", state="confirmed")
        for a, b in zip(actors, actors[1:], strict=False)
    )
    from wandelnetz.search.services import rebuild_index

    rebuild_index(kinds=["actors.actor"])
    return actors[len(actors) // 2]


@pytest.fixture(params=[10, 1000], ids=["10-actors", "1000-actors"])
def sized_world(request):
    top = topic("Beteiligung")
    sub = topic("Jugendbeteiligung", parent=top)
    revier = region("Mitteldeutsches Revier", kind=Region.Kind.REVIER)
    district = region("Landkreis Leipzig", parent=revier)
    middle = populate(request.param, top, sub, district)
    return {"top": top, "district": district, "actor": middle}


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries)


def test_actor_list_query_count_is_pinned(client, sized_world):
    assert count_queries(client, reverse("actors:actor_list")) == ACTOR_LIST_QUERIES
    params = {"topic": sized_world["top"].slug, "region": sized_world["district"].slug, "kind": "association"}
    assert count_queries(client, reverse("actors:actor_list"), params) == ACTOR_LIST_QUERIES + FILTER_LOOKUPS
    params["q"] = "Verein"
    assert count_queries(client, reverse("actors:actor_list"), params) == ACTOR_LIST_QUERIES + FILTER_LOOKUPS


def test_actor_page_query_count_is_pinned(client, sized_world):
    assert count_queries(client, sized_world["actor"].get_absolute_url()) == ACTOR_PAGE_QUERIES


def test_signed_in_actor_page_query_count_is_pinned(client, sized_world, member):
    client.force_login(member)
    assert count_queries(client, sized_world["actor"].get_absolute_url()) == ACTOR_PAGE_QUERIES + SIGNED_IN_EXTRA


def test_topic_page_query_count_is_pinned(client, sized_world):
    assert count_queries(client, sized_world["top"].get_absolute_url()) == TOPIC_PAGE_QUERIES


def test_search_query_count_is_pinned(client, sized_world):
    assert count_queries(client, reverse("search"), {"q": "Verein Strukturwandel"}) == SEARCH_QUERIES


@pytest.mark.parametrize("pending", [3, 300])
def test_moderation_queue_query_count_is_pinned(client, moderator, member, pending):
    Actor.objects.bulk_create(
        Actor(name=f"Wartet {i}", slug=f"wartet-{i}", kind="initiative", status="pending", created_by=member)
        for i in range(pending)
    )
    client.force_login(moderator)
    # session, user, unread notifications, the queue with its proposers
    assert count_queries(client, reverse("actors:moderation_queue")) == 4


@pytest.mark.parametrize("owned", [3, 300])
def test_my_actors_query_count_is_pinned(client, member, owned):
    actors = Actor.objects.bulk_create(
        Actor(name=f"Meins {i}", slug=f"meins-{i}", kind="initiative", status="published") for i in range(owned)
    )
    Actor.editors.through.objects.bulk_create(Actor.editors.through(actor=a, user=member) for a in actors)
    client.force_login(member)
    # session, user, unread notifications, the actors
    assert count_queries(client, reverse("actors:my_actors")) == 4


@pytest.mark.parametrize("co_editors", [1, 30])
def test_editors_page_query_count_is_pinned(client, owner, owned_actor, co_editors):
    from wandelnetz.accounts.tests.factories import UserFactory

    owned_actor.editors.add(*[UserFactory() for _ in range(co_editors)])
    client.force_login(owner)
    # session, user, unread notifications, actor, may-edit check, editors
    assert count_queries(client, reverse("actors:actor_editors", args=[owned_actor.slug])) == 6
