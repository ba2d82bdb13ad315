"""The actor list filters by topic (with subtopics), region (with subregions), kind and text."""

import pytest
from django.urls import reverse

from wandelnetz.actors.models import Actor
from wandelnetz.actors.tests.factories import actor
from wandelnetz.topics.models import Region
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    revier = region("Mitteldeutsches Revier", kind=Region.Kind.REVIER)
    district = region("Landkreis Leipzig", parent=revier)
    town = region("Neukieritzsch", parent=district, kind=Region.Kind.MUNICIPALITY)
    lausitz = region("Lausitzer Revier", kind=Region.Kind.REVIER)
    transformation = topic("Nachhaltige Transformation")
    mobility = topic("Mobilität", parent=transformation)
    culture = topic("Kunst und Kultur")
    a = actor(
        "Aktionskreis Mobil",
        kind=Actor.Kind.INITIATIVE,
        topics=[mobility],
        regions=[town],
        description="Wir treffen uns in der Ökokirche.",
    )
    b = actor("Kulturverein Lausitz", kind=Actor.Kind.ASSOCIATION, topics=[culture], regions=[lausitz])
    c = actor("Transformationsbündnis", kind=Actor.Kind.ALLIANCE, topics=[transformation], regions=[revier])
    hidden = actor("Noch nicht freigegeben", status=Actor.Status.PENDING, topics=[mobility], regions=[town])
    return {
        "mobility": mobility,
        "transformation": transformation,
        "district": district,
        "revier": revier,
        "a": a,
        "b": b,
        "c": c,
        "hidden": hidden,
    }


def names(response) -> set[str]:
    return {a.name for a in response.context["page"].object_list}


def test_topic_filter_includes_subtopics(client, world):
    response = client.get(reverse("actors:actor_list"), {"topic": world["transformation"].slug})
    assert response.status_code == 200
    assert names(response) == {"Aktionskreis Mobil", "Transformationsbündnis"}


def test_region_filter_includes_subregions(client, world):
    response = client.get(reverse("actors:actor_list"), {"region": world["district"].slug})
    assert names(response) == {"Aktionskreis Mobil"}
    response = client.get(reverse("actors:actor_list"), {"region": world["revier"].slug})
    assert names(response) == {"Aktionskreis Mobil", "Transformationsbündnis"}


def test_filters_combine(client, world):
    response = client.get(
        reverse("actors:actor_list"),
        {"topic": world["transformation"].slug, "region": world["revier"].slug, "kind": "alliance"},
    )
    assert names(response) == {"Transformationsbündnis"}


def test_free_text_uses_stemming_and_ignores_umlauts(client, world):
    response = client.get(reverse("actors:actor_list"), {"q": "okokirche"})
    assert names(response) == {"Aktionskreis Mobil"}
    response = client.get(reverse("actors:actor_list"), {"q": "Kulturvereine"})
    assert names(response) == {"Kulturverein Lausitz"}


def test_unpublished_actors_are_never_listed(client, world):
    response = client.get(reverse("actors:actor_list"))
    assert "Noch nicht freigegeben" not in names(response)
    assert len(names(response)) == 3


def test_filters_live_in_the_url_and_pages_keep_them(client, world):
    for i in range(25):
        actor(f"Zusatzverein {i:02d}", topics=[world["mobility"]])
    response = client.get(reverse("actors:actor_list"), {"topic": world["mobility"].slug})
    html = response.content.decode()
    assert response.context["page"].paginator.count == 26
    # The page links lead to the list's heading: on a phone, not above the filters again.
    slug = world["mobility"].slug
    assert f'href="?topic={slug}&amp;page=2#results"' in html
    assert 'id="results"' in html
    second = client.get(reverse("actors:actor_list"), {"topic": world["mobility"].slug, "page": "2"})
    assert len(second.context["page"].object_list) == 6
    assert f'href="?topic={slug}&amp;page=1#results"' in second.content.decode()


def test_topic_page_links_lead_to_its_actors(client, world):
    for i in range(25):
        actor(f"Zusatzverein {i:02d}", topics=[world["mobility"]])
    html = client.get(world["mobility"].get_absolute_url()).content.decode()
    assert 'href="?page=2#actors-title"' in html and 'id="actors-title"' in html


def test_list_works_without_javascript_as_a_plain_get_form(client, world):
    html = client.get(reverse("actors:actor_list")).content.decode()
    assert 'method="get"' in html
    assert '<select id="id_topic" name="topic">' in html and '<select id="id_region" name="region">' in html
    assert "<script" not in html.split("</head>")[1]  # no script is needed to filter


def test_no_match_says_so(client, world):
    # An empty page is falsy: the list once showed neither a count nor a message after a filter without results.
    response = client.get(reverse("actors:actor_list"), {"q": "xyzzy"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "0 Akteure" in content
    assert "Keine Akteure gefunden." in content
