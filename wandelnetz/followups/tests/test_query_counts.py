"""Follow-up pages cost a pinned number of queries, the same at 3 and at 40 follow-ups."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wandelnetz.actors.tests.factories import actor
from wandelnetz.events.tests.factories import event, series
from wandelnetz.followups import services
from wandelnetz.followups.models import FollowUp
from wandelnetz.followups.selectors import (
    FollowUpFilter,
    filtered_follow_ups,
    follow_ups_on_topic,
    status_counts,
    topic_board_with_counts,
)
from wandelnetz.followups.tests.factories import follow_up
from wandelnetz.topics.tests.factories import topic

pytestmark = pytest.mark.django_db

# Pinned on purpose: a change that adds a query must update these numbers knowingly.
LIST_QUERIES = 3  # topic choices of the filter, count, page (with owner and source event)
FILTER_LOOKUPS = 3  # the topic, series and actor named in the URL
PAGE_QUERIES = 5  # follow-up (owner, event, series), topics, timeline (with who), links (with targets), links to it
SERIES_BOARD_QUERIES = 3  # the series, the board, the counts by status
TOPIC_BOARD_QUERIES = 3  # the topic, the board, the counts by status
ON_TOPIC_QUERIES = 1
SIGNED_IN_EDITOR_EXTRA = 5  # session, user, unread notifications, edits the owner?, follows?


@pytest.fixture(params=[3, 40], ids=["3-follow-ups", "40-follow-ups"])
def world(request):
    mobility = topic("Mobilität")
    bus = topic("Bus und Bahn", parent=mobility)
    owner = actor("AkSLL")
    stammtisch = series("Strukturwandel-Stammtisch", organisers=[owner])
    meeting = event("Stammtisch", organisers=[owner], series=stammtisch)
    statuses = ["in_progress", "under_review", "stalled", "done"]
    items = []
    for i in range(request.param):
        item = follow_up(f"Ergebnis {i}", topics=[bus if i % 2 else mobility], owner_actor=owner, source_event=meeting)
        to_status = statuses[i % 4]
        if to_status == "done":
            services.change_status(follow_up=item, to_status="in_progress", user=None)
        services.change_status(follow_up=item, to_status=to_status, reason="Mittel fehlen", user=None)
        items.append(item)
    page = items[-1]
    for other in items[:-1][:10]:
        services.add_link(follow_up=page, target=other)
        services.add_link(follow_up=other, target=page)
    services.add_link(follow_up=page, event=meeting)
    services.add_link(follow_up=page, url="https://example.org/")
    return {"topic": mobility, "series": stammtisch, "actor": owner, "page": page}


def count(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content.decode()[:1000]
    return len(ctx.captured_queries)


def test_list(client, world):
    assert count(client, reverse("followups:followup_list")) == LIST_QUERIES
    params = {"topic": world["topic"].slug, "series": world["series"].slug, "actor": world["actor"].slug}
    assert count(client, reverse("followups:followup_list"), params) == LIST_QUERIES + FILTER_LOOKUPS


def test_follow_up_page(client, world):
    assert count(client, world["page"].get_absolute_url()) == PAGE_QUERIES


def test_boards(client, world):
    assert count(client, reverse("followups:series_board", args=[world["series"].slug])) == SERIES_BOARD_QUERIES
    assert count(client, reverse("followups:topic_board", args=[world["topic"].slug])) == TOPIC_BOARD_QUERIES


def test_follow_ups_on_topic(world, django_assert_num_queries):
    with django_assert_num_queries(ON_TOPIC_QUERIES):
        columns = follow_ups_on_topic(world["topic"], per_status=5)
        for items in columns.values():
            for item in items:
                assert item.owner_actor.name and item.source_event.title
    assert list(columns) == ["proposed", "under_review", "in_progress", "stalled", "done", "rejected"]
    assert all(len(items) <= 5 for items in columns.values())
    counts = status_counts(FollowUp.objects.all())
    assert {status: len(items) for status, items in columns.items()} == {s: min(n, 5) for s, n in counts.items()}


def test_follow_up_page_for_a_signed_in_editor(client, world, owner):
    """Session, user, unread count, the edit check (moderator: none; owner's editors: one), following: fixed."""
    world["actor"].editors.add(owner)
    client.force_login(owner)
    assert count(client, world["page"].get_absolute_url()) == PAGE_QUERIES + SIGNED_IN_EDITOR_EXTRA


@pytest.mark.parametrize("per_status", [1, 5])
def test_topic_board_with_counts_matches_board_and_counts(world, django_assert_num_queries, per_status):
    """The hub's form: the same cards in the same order and the same counts, in two queries."""
    from wandelnetz.topics.models import Topic

    ids = list(Topic.objects.filter(path__startswith=world["topic"].path).values_list("pk", flat=True))
    with django_assert_num_queries(2):
        columns, counts = topic_board_with_counts(ids, per_status=per_status)
        owners = [item.owner_actor.name for items in columns.values() for item in items]
    expected = follow_ups_on_topic(world["topic"], per_status=per_status)
    assert {s: [f.pk for f in items] for s, items in columns.items()} == {
        s: [f.pk for f in items] for s, items in expected.items()
    }
    assert counts == status_counts(filtered_follow_ups(FollowUpFilter(topic=world["topic"])))
    assert owners and set(owners) == {world["actor"].name}


def test_topic_board_with_counts_without_follow_ups_is_one_query(django_assert_num_queries):
    lonely = topic("Stiftungen")
    with django_assert_num_queries(1):
        columns, counts = topic_board_with_counts([lonely.pk])
    assert all(items == [] for items in columns.values()) and set(counts.values()) == {0}
