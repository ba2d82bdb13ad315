"""The atlas "Wo wird entschieden?": filters combine, the gaps are listed, bad values are a 400."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wandelnetz.actors.tests.factories import actor
from wandelnetz.bodies.models import Body
from wandelnetz.bodies.selectors import BodyFilter, bodies_on_topic, filtered_bodies, gap_counts, gaps
from wandelnetz.bodies.tests.factories import body, civil_seat, other_seat
from wandelnetz.topics.models import Region, Topic
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    participation = topic("Beteiligung")
    youth = topic("Jugendbeteiligung", parent=participation)
    energy = topic("Energie")
    revier = region("Mitteldeutsches Revier", kind=Region.Kind.REVIER)
    district = region("Landkreis Leipzig", parent=revier)
    borna = region("Borna", parent=district, kind=Region.Kind.MUNICIPALITY)
    lausitz = region("Lausitz", kind=Region.Kind.REVIER)
    aksll = actor("Aktionskreis Strukturwandel Leipziger Land", short_name="AkSLL")
    yesterday = timezone.localdate() - timedelta(days=1)
    return {
        "participation": participation,
        "youth": youth,
        "energy": energy,
        "revier": revier,
        "district": district,
        "lausitz": lausitz,
        "aksll": aksll,
        # decides, civil society votes
        "council": body(
            "Stadtrat Borna",
            kind=Body.Kind.MUNICIPAL_COUNCIL,
            level=Body.Level.MUNICIPALITY,
            power=Body.Power.DECIDE,
            regions=[borna],
            topics=[youth],
            seats=[civil_seat(aksll, count=2), other_seat("Fraktionen", count=20)],
        ),
        # co-decides, civil society only advises: no gap
        "committee": body(
            "Begleitausschuss",
            kind=Body.Kind.MONITORING_COMMITTEE,
            level=Body.Level.STATE,
            power=Body.Power.CODECIDE,
            regions=[revier],
            topics=[participation],
            seats=[civil_seat(role="Umweltverbände", rights="advisory"), other_seat("Ministerium")],
        ),
        # decides, civil society's seat has ended: a gap
        "district_council": body(
            "Kreistag Leipzig",
            kind=Body.Kind.DISTRICT_COUNCIL,
            level=Body.Level.DISTRICT,
            power=Body.Power.DECIDE,
            regions=[district],
            topics=[energy],
            seats=[civil_seat(aksll, until=yesterday), other_seat("Kreisräte", count=80)],
        ),
        # co-decides, nothing known about seats: not a gap, its seats are unknown
        "lausitz_board": body(
            "Lausitz-Beirat",
            level=Body.Level.REGIONAL,
            power=Body.Power.CODECIDE,
            regions=[lausitz],
            topics=[energy],
            summary="Berät über Planungen in der Lausitz.",
        ),
        # only consults, no civil seat: not a gap
        "forum": body(
            "Zukunftsforum", kind=Body.Kind.FORUM, power=Body.Power.CONSULT, regions=[district], topics=[youth]
        ),
    }


def names(response) -> set[str]:
    return {b.name for b in response.context["page"].object_list}


def test_everything_is_listed_with_civil_society_counts(client, world):
    response = client.get(reverse("bodies:body_list"))
    assert response.status_code == 200
    rows = {b.name: b for b in response.context["page"].object_list}
    assert len(rows) == 5
    assert (rows["Stadtrat Borna"].civil_society_seats, rows["Stadtrat Borna"].civil_society_voting) == (2, True)
    assert (rows["Begleitausschuss"].civil_society_seats, rows["Begleitausschuss"].civil_society_voting) == (1, False)
    assert rows["Kreistag Leipzig"].civil_society_seats == 0
    assert [str(s) for s in rows["Kreistag Leipzig"].current_seats] == ["Kreisräte"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"region": "mitteldeutsches-revier"},
            {"Stadtrat Borna", "Begleitausschuss", "Kreistag Leipzig", "Zukunftsforum"},
        ),
        ({"region": "landkreis-leipzig", "power": "4"}, {"Stadtrat Borna", "Kreistag Leipzig"}),
        ({"topic": "beteiligung"}, {"Stadtrat Borna", "Begleitausschuss", "Zukunftsforum"}),
        ({"topic": "beteiligung", "civil": "ja"}, {"Stadtrat Borna", "Begleitausschuss"}),
        ({"topic": "beteiligung", "civil": "nein"}, set()),  # Zukunftsforum: no seats recorded
        ({"topic": "beteiligung", "civil": "unbekannt"}, {"Zukunftsforum"}),
        ({"power": "3", "civil": "unbekannt"}, {"Lausitz-Beirat"}),
        ({"level": "district", "topic": "energie"}, {"Kreistag Leipzig"}),
        ({"power": "3", "civil": "nein"}, {"Kreistag Leipzig"}),
        ({"q": "Planung"}, {"Lausitz-Beirat"}),
        ({"q": "AkSLL", "civil": "ja"}, {"Stadtrat Borna"}),
        ({"region": "lausitz", "topic": "beteiligung"}, set()),
    ],
)
def test_filters_combine(client, world, params, expected):
    response = client.get(reverse("bodies:body_list"), params)
    assert response.status_code == 200
    assert names(response) == expected


def test_gaps_are_bodies_with_power_and_seats_recorded_but_none_for_civil_society(client, world):
    assert {b.name for b in gaps(BodyFilter())} == {"Kreistag Leipzig"}
    assert gap_counts(BodyFilter()) == (1, 1)  # the Lausitz-Beirat's seats are unknown: not a gap
    assert {b.name for b in gaps(BodyFilter(region=world["district"]))} == {"Kreistag Leipzig"}
    assert gap_counts(BodyFilter(region=world["lausitz"])) == (0, 1)
    assert list(gaps(BodyFilter(civil_society=True))) == []
    response = client.get(reverse("bodies:body_list"), {"region": world["revier"].slug})
    assert response.context["gap_count"] == 1
    assert response.context["unknown_count"] == 0
    assert [b.name for b in response.context["gaps"]] == ["Kreistag Leipzig"]
    html = response.content.decode()
    assert 'id="gaps-title"' in html and world["district_council"].get_absolute_url() in html
    assert "keine Sitze erfasst" not in html


def test_atlas_counts_bodies_with_unknown_seats_apart_from_the_gaps(client, world):
    response = client.get(reverse("bodies:body_list"))
    html = response.content.decode()
    assert (response.context["gap_count"], response.context["unknown_count"]) == (1, 1)
    assert "1 Gremium, das mitentscheidet oder entscheidet, hat keinen Sitz der Zivilgesellschaft." in html
    assert "Für 1 weiteres Gremium, das mitentscheidet oder entscheidet, sind noch keine Sitze erfasst" in html
    # The link to them lists exactly the bodies of unknown seats with power.
    query = response.context["unknown_query"]
    assert "civil=unbekannt" in query and "power=3" in query
    listed = client.get(reverse("bodies:body_list") + "?" + query)
    assert names(listed) == {"Lausitz-Beirat"}
    gaps_listed = client.get(reverse("bodies:body_list") + "?" + response.context["gaps_query"])
    assert names(gaps_listed) == {"Kreistag Leipzig"}


def test_filtered_bodies_directly(world):
    found = filtered_bodies(BodyFilter(topic=world["participation"], power=Body.Power.CODECIDE))
    assert {b.name for b in found} == {"Stadtrat Borna", "Begleitausschuss"}


def test_bodies_on_topic_include_subtopics_by_level_then_power(world, django_assert_num_queries):
    extra = body("Landesbeirat Jugend", level=Body.Level.STATE, power=Body.Power.DECIDE, topics=[world["youth"]])
    with django_assert_num_queries(2):
        found = bodies_on_topic(world["participation"])
        summary = [(b.name, b.civil_society_seats, b.civil_society_voting, len(b.current_seats)) for b in found]
    assert summary == [
        ("Stadtrat Borna", 2, True, 2),  # municipality
        ("Zukunftsforum", 0, False, 0),  # district
        (extra.name, 0, False, 0),  # state, decides
        ("Begleitausschuss", 1, False, 2),  # state, co-decides
    ]
    assert [b.name for b in bodies_on_topic(world["youth"])] == ["Stadtrat Borna", "Zukunftsforum", extra.name]


def test_bodies_on_topic_limited_and_by_subtree_ids_match_the_full_list(world, django_assert_num_queries):
    """The hub's form (the subtree's topic ids, a limit) gives the first rows of the full list, with
    the same seats and civil-society numbers (an ended seat does not count); still two queries."""
    energy_board = body("Energiebeirat", level=Body.Level.STATE, topics=[world["youth"]])
    everything = bodies_on_topic(world["participation"])
    ids = list(Topic.objects.filter(path__startswith=world["participation"].path).values_list("pk", flat=True))

    def summary(bodies):
        return [
            (b.pk, b.civil_society_seats, b.civil_society_voting, [s.pk for s in b.current_seats], b.next_meeting)
            for b in bodies
        ]

    with django_assert_num_queries(2):
        first = bodies_on_topic(world["participation"], limit=3, topic_ids=ids)
    assert summary(first) == summary(everything[:3])
    assert energy_board.pk in {b.pk for b in everything}
    kreistag = bodies_on_topic(world["energy"], topic_ids=[world["energy"].pk])
    by_name = {b.name: b for b in kreistag}
    assert by_name["Kreistag Leipzig"].civil_society_seats == 0
    assert [str(s) for s in by_name["Kreistag Leipzig"].current_seats] == ["Kreisräte"]
    with django_assert_num_queries(1):  # nothing on the topic: no seats to look up
        assert bodies_on_topic(world["energy"], topic_ids=[world["youth"].pk + 1000]) == []


@pytest.mark.parametrize(
    "params",
    [
        {"level": "galaxy"},
        {"power": "7"},
        {"power": "0"},
        {"power": "viel"},
        {"civil": "vielleicht"},
        {"topic": "gibt-es-nicht"},
        {"region": "nirgendwo"},
        {"q": "x" * 201},
        {"page": "zwei"},
        {"page": "-1"},
        {"page": "99999999999"},
    ],
)
def test_bad_filter_values_are_a_400_with_a_message(client, world, params):
    response = client.get(reverse("bodies:body_list"), params)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert response.context["page"] is None


def test_a_page_past_the_end_is_a_404(client, world):
    assert client.get(reverse("bodies:body_list"), {"page": "5"}).status_code == 404


def test_unverified_and_stale_entries_are_flagged(client, world, owner):
    from wandelnetz.bodies import services

    services.verify_body(body=world["council"], user=owner)
    stale = world["forum"]
    stale.last_verified_on = timezone.localdate() - timedelta(days=400)
    stale.save()
    html = client.get(reverse("bodies:body_list")).content.decode()
    cards = {chunk.split("</a>")[0].rsplit(">", 1)[-1]: chunk for chunk in html.split('<li class="card">')[1:]}
    assert "badge-unverified" not in cards["Stadtrat Borna"]
    assert "badge-unverified" in cards["Zukunftsforum"] and "badge-unverified" in cards["Kreistag Leipzig"]


def test_the_create_link_is_shown_to_those_allowed(client, world, member, owner, owned_actor):
    url = reverse("bodies:body_create")
    assert url not in client.get(reverse("bodies:body_list")).content.decode()
    client.force_login(member)
    assert url not in client.get(reverse("bodies:body_list")).content.decode()
    client.force_login(owner)
    assert url in client.get(reverse("bodies:body_list")).content.decode()


def test_no_match_says_so(client, world):
    # An empty page is falsy: the atlas once showed neither a count nor a message after a filter without results.
    response = client.get(reverse("bodies:body_list"), {"q": "xyzzy"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "0 Gremien" in content
    assert "Keine Gremien gefunden." in content
