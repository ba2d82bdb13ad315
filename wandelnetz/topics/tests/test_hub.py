"""The topic page as a topic hub (journey 2): bodies by level and power with civil society's seats,
actors, upcoming events and follow-ups by status, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override

from wandelnetz.actors.tests.factories import actor
from wandelnetz.bodies import services as body_services
from wandelnetz.bodies.models import Body
from wandelnetz.events.tests.factories import event, series
from wandelnetz.followups import services as follow_up_services
from wandelnetz.followups.models import FollowUp
from wandelnetz.topics.tests.factories import topic

pytestmark = pytest.mark.django_db

# topic, the tree around it (ancestors, children, subtree ids), bodies, their current seats, upcoming
# events, follow-ups ranked with their counts by status, the cards shown, actors count, actors page,
# the page's topics and regions
HUB_QUERIES = 11


def _hub_world(bodies: int, follow_ups: int) -> dict:
    top = topic("Mobilität")
    sub = topic("Bahn", parent=top)
    alliance = actor("Bündnis Beispiel", short_name="BB", topics=[sub])
    for n in range(bodies // 3):
        actor(f"Verein {n}", topics=[sub])
    meetings = series("Sitzungen des Beirats")
    event(title="Beiratssitzung", series=meetings, organisers=[alliance], topics=[sub])
    made = []
    for n in range(bodies):
        made.append(
            body_services.create_body(
                name=f"Beirat {n}",
                kind=Body.Kind.ADVISORY_BOARD,
                level=Body.Level.DISTRICT if n % 2 else Body.Level.STATE,
                power=Body.Power.CODECIDE,
                topics=[sub],
                series=meetings if n == 0 else None,
                seats=[
                    {"actor": alliance, "is_civil_society": True, "rights": "voting"},
                    {"role": "Verwaltung", "is_civil_society": False, "rights": "voting", "count": 3},
                ]
                if n % 3 == 0
                else [],
            )
        )
    statuses = [FollowUp.Status.PROPOSED, FollowUp.Status.IN_PROGRESS]
    for n in range(follow_ups):
        follow_up_services.create_follow_up(
            title=f"Ergebnis {n}", status=statuses[n % 2], topics=[sub], owner_actor=alliance
        )
    return {"top": top, "sub": sub, "bodies": made, "alliance": alliance}


def _count(client, url: str) -> int:
    client.get(url)  # warm caches (content version, language)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("bodies", "follow_ups"), [(3, 4), (30, 40)])
def test_topic_hub_query_count_is_pinned(client, settings, bodies, follow_ups):
    settings.PAGE_CACHE_SECONDS = 0
    world = _hub_world(bodies, follow_ups)
    assert _count(client, world["top"].get_absolute_url()) == HUB_QUERIES


def test_subtopic_hub_costs_the_same(client, settings):
    """A subtopic's ancestors come with its tree's one query (they used to cost one more)."""
    settings.PAGE_CACHE_SECONDS = 0
    world = _hub_world(30, 40)
    assert _count(client, world["sub"].get_absolute_url()) == HUB_QUERIES


def test_hub_without_follow_ups_fetches_no_cards(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    world = _hub_world(3, 0)
    assert _count(client, world["top"].get_absolute_url()) == HUB_QUERIES - 1


def test_hub_shows_bodies_with_civil_society_seats_events_and_follow_ups(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    world = _hub_world(3, 4)
    with override("en"):
        response = client.get(world["top"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    # The bodies of the subtopic appear on the parent topic's hub, grouped by level.
    for body in world["bodies"]:
        assert body.get_absolute_url() in html
    bodies = response.context["bodies_by_level"]
    assert [len(group) for _level, group in bodies] == [1, 2]  # district first, then state
    assert html.index("<h3>Ebene: Landkreis</h3>") < html.index("<h3>Ebene: Bundesland</h3>")
    by_name = {body.name: body for _level, group in bodies for body in group}
    assert by_name["Beirat 0"].civil_society_seats == 1 and by_name["Beirat 0"].civil_society_voting
    assert by_name["Beirat 1"].civil_society_seats == 0
    assert world["alliance"].get_absolute_url() in html  # who holds the seat
    # Body 0 meets in a series with an upcoming date: the hub says when.
    assert by_name["Beirat 0"].next_meeting is not None
    assert by_name["Beirat 0"].next_meeting > timezone.now() - timedelta(minutes=1)
    assert by_name["Beirat 1"].next_meeting is None
    # Upcoming events and follow-ups by status.
    assert "Beiratssitzung" in html
    board = response.context["follow_up_board"]
    assert [f.title for f in board[FollowUp.Status.PROPOSED]] and [f.title for f in board[FollowUp.Status.IN_PROGRESS]]
    assert response.context["follow_up_counts"][FollowUp.Status.PROPOSED] == 2
    assert "Ergebnis 0" in html


def test_hub_without_bodies_says_so_and_links_the_atlas(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    lonely = topic("Stiftungen")
    response = client.get(lonely.get_absolute_url())
    assert response.status_code == 200
    assert response.context["bodies_by_level"] == []
    assert 'href="/gremien/"' in response.content.decode()


def test_hub_caps_bodies_and_links_the_filtered_atlas(client, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    from wandelnetz.topics import views

    monkeypatch.setattr(views, "HUB_BODIES", 2)
    world = _hub_world(3, 0)
    response = client.get(world["sub"].get_absolute_url())
    assert sum(len(group) for _level, group in response.context["bodies_by_level"]) == 2
    assert response.context["more_bodies"] is True
    assert f"/gremien/?topic={world['sub'].slug}" in response.content.decode()


def test_hub_lists_the_civil_society_holders_without_a_dangling_comma(client, settings):
    """Seats are ordered civil society first: the other seats after them must not leave a ", " behind
    the last holder."""
    from wandelnetz.bodies.tests.factories import body, civil_seat, other_seat

    settings.PAGE_CACHE_SECONDS = 0
    energy = topic("Energiewende")
    alliance = actor("Bündnis Energiewende", short_name="BEW")
    body(
        "Energiebeirat",
        topics=[energy],
        seats=[
            civil_seat(alliance),
            civil_seat(role="Jugendvertretung"),
            other_seat("Landrat"),
            other_seat("Kämmerei"),
        ],
    )
    html = client.get(energy.get_absolute_url()).content.decode()
    line = html.split('class="civil-line"', 1)[1].split("</span>", 1)[0]
    assert line.rstrip().endswith("Jugendvertretung"), line
    assert "BEW</a>, Jugendvertretung" in line and "Landrat" not in line


def test_hub_flags_bodies_unverified_or_not_verified_for_a_year(client, settings):
    """As the atlas does: never verified, or verified more than 12 months ago, is flagged; a fresh check is not."""
    from wandelnetz.bodies.tests.factories import body

    settings.PAGE_CACHE_SECONDS = 0
    water = topic("Wasser")
    today = timezone.localdate()
    body("Nie geprüft", topics=[water])
    for name, days in (("Lange her", 400), ("Frisch geprüft", 10)):
        Body.objects.filter(pk=body(name, topics=[water]).pk).update(last_verified_on=today - timedelta(days=days))
    html = client.get(water.get_absolute_url()).content.decode()
    items = {item.split("</a>", 1)[0].rsplit(">", 1)[1]: item for item in html.split("<li>")[1:] if "</a>" in item}
    assert "ungeprüft" in items["Nie geprüft"]
    assert "seit 12 Monaten nicht geprüft" in items["Lange her"]
    assert "badge-unverified" not in items["Frisch geprüft"]
