"""Public event pages cost a pinned number of queries, the same at 3 and at 60 events."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wandelnetz.actors.tests.factories import actor
from wandelnetz.events.models import TargetGroup
from wandelnetz.events.tests.factories import event, next_week_at, occurrence_of, series
from wandelnetz.events.tests.factories_public import place
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db

# Pinned on purpose: a change that adds a query must update these numbers knowingly.
CHOICES = 2  # the topic and region options of the filter form
LIST_QUERIES = CHOICES + 3  # count, page (dates with event, series, places), organisers
CALENDAR_MONTH_QUERIES = CHOICES + 1  # the month's dates with event and places
CALENDAR_WEEK_QUERIES = CHOICES + 2  # the week's dates, their organisers
FILTER_LOOKUPS = 2  # the topic and the actor named in the URL
EVENT_PAGE_QUERIES = 8  # event (series, place), organisers, topics, regions, target groups, contributions, dates,
# the minutes section (minutes/templatetags: excerpt and follow-up count in one query)
OCCURRENCE_PAGE_QUERIES = 7  # the date, the event, its organisers, topics, regions, target groups, contributions
REGISTRATION_COUNTS = 1  # confirmed and waitlisted people
SERIES_LIST_QUERIES = 3  # count, page with next dates, organisers
SERIES_PAGE_QUERIES = 8  # series, organisers, topics, regions; upcoming dates + organisers; past + organisers
# Pages of this world (no actors listed on topic, region and place pages, hence fewer than
# their pins in actors/ and core/); the upcoming events are one query of each. The topic page is
# also the topic hub: its tree, bodies (no seats to prefetch here), the follow-ups ranked with their
# counts (no cards to fetch here).
SECTION_QUERIES = {"actor": 7, "topic": 6, "region": 5, "place": 3}  # actor: as ACTOR_PAGE_QUERIES in actors/


@pytest.fixture(params=[3, 60], ids=["3-events", "60-events"])
def world(request):
    mobility = topic("Mobilität")
    district = region("Landkreis Leipzig")
    church = place()
    organisers = [actor("AkSLL"), actor("VHS Leipzig")]
    stammtisch = series("Strukturwandel-Stammtisch", organisers=organisers)
    young = list(TargetGroup.objects.filter(code__in=["young_people", "children"]))
    events = []
    for i in range(request.param):
        events.append(
            event(
                f"Treffen {i}",
                starts_at=next_week_at(days=1 + i % 20),
                organisers=organisers,
                series=stammtisch,
                place=church if i % 2 else None,
                location_note="" if i % 2 else "wechselnde Orte",
                topics=[mobility],
                regions=[district],
                target_groups=young,
                registration_enabled=True,
                capacity=20,
                contributions=[{"speaker_name": "Erika Muster", "actor": organisers[0], "title": "Impuls"}],
            )
        )
        event(f"Vergangen {i}", starts_at=next_week_at(days=-1 - i), organisers=organisers, series=stammtisch)
    weekly = event("Wöchentlich", starts_at=next_week_at(days=1), organisers=organisers, rrule="FREQ=WEEKLY;COUNT=30")
    return {
        "topic": mobility,
        "region": district,
        "place": church,
        "actor": organisers[0],
        "series": stammtisch,
        "event": events[-1],
        "weekly": weekly,
    }


def count(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content.decode()[:1000]
    return len(ctx.captured_queries)


def test_list_and_archive(client, world):
    assert count(client, reverse("events:event_list")) == LIST_QUERIES
    assert count(client, reverse("events:event_archive")) == LIST_QUERIES
    params = {"topic": world["topic"].slug, "actor": world["actor"].slug, "attendance": "in_person", "q": "Treffen"}
    assert count(client, reverse("events:event_list"), params) == LIST_QUERIES + FILTER_LOOKUPS


def test_calendars(client, world):
    day = next_week_at(days=1)
    assert count(client, reverse("events:month", args=[day.year, day.month])) == CALENDAR_MONTH_QUERIES
    year, week, _ = day.isocalendar()
    assert count(client, reverse("events:week", args=[year, week])) == CALENDAR_WEEK_QUERIES


def test_event_and_occurrence_pages(client, world):
    assert count(client, world["event"].get_absolute_url()) == EVENT_PAGE_QUERIES
    assert count(client, world["weekly"].get_absolute_url()) == EVENT_PAGE_QUERIES
    date = occurrence_of(world["event"])
    assert count(client, date.get_absolute_url()) == OCCURRENCE_PAGE_QUERIES + REGISTRATION_COUNTS
    assert count(client, occurrence_of(world["weekly"], 5).get_absolute_url()) == OCCURRENCE_PAGE_QUERIES


def test_series_pages(client, world):
    assert count(client, reverse("events:series_list")) == SERIES_LIST_QUERIES
    assert count(client, world["series"].get_absolute_url()) == SERIES_PAGE_QUERIES


@pytest.mark.parametrize("kind", list(SECTION_QUERIES))
def test_upcoming_sections_on_other_pages(client, world, kind):
    """The "upcoming events" section costs one query, whatever the number of events."""
    html_url = world[kind].get_absolute_url()
    assert count(client, html_url) == SECTION_QUERIES[kind]


def test_signed_in_editor_adds_only_fixed_queries(client, world, owner):
    world["actor"].editors.add(owner)
    client.force_login(owner)
    # session, user, unread notifications, may-edit check (organiser edited by the user)
    assert count(client, world["event"].get_absolute_url()) == EVENT_PAGE_QUERIES + 4
