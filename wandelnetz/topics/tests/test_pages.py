"""Topic, region and place pages list their actors, including those of subtopics and subregions."""

from decimal import Decimal

import pytest
from django.urls import reverse

from wandelnetz.actors.tests.factories import actor
from wandelnetz.places.services import create_place
from wandelnetz.topics.models import Region
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db


def test_topic_page_lists_actors_of_subtopics_and_breadcrumb(client):
    parent = topic("Beteiligung")
    child = topic("Jugendbeteiligung", parent=parent)
    actor("Jugendforum", topics=[child])
    actor("Anderes", topics=[topic("Kunst und Kultur")])
    html = client.get(parent.get_absolute_url()).content.decode()
    assert "Jugendforum" in html and "Anderes" not in html
    assert child.get_absolute_url() in html
    html = client.get(child.get_absolute_url()).content.decode()
    assert parent.get_absolute_url() in html  # breadcrumb


def test_region_page_lists_actors_of_subregions(client):
    revier = region("Lausitzer Revier", kind=Region.Kind.REVIER)
    cottbus = region("Stadt Cottbus", parent=revier, kind=Region.Kind.CITY)
    actor("Cottbuser Initiative", regions=[cottbus])
    html = client.get(revier.get_absolute_url()).content.decode()
    assert "Cottbuser Initiative" in html and "Stadt Cottbus" in html


def test_place_page_lists_actors_and_json_ld(client):
    place = create_place(name="Ökokirche Deutzen", locality="Neukieritzsch")
    actor("AkSLL", places=[place])
    html = client.get(place.get_absolute_url()).content.decode()
    assert "AkSLL" in html and '"@type": "Place"' in html


def test_unknown_slugs_are_404_with_message(client):
    for url in ("/themen/gibt-es-nicht/", "/regionen/atlantis/", "/orte/nirgendwo/", "/akteure/niemand/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "<h1>Nicht gefunden</h1>" in response.content.decode()


def test_malformed_page_on_topic_page_is_a_400(client):
    parent = topic("Beteiligung")
    assert client.get(parent.get_absolute_url(), {"page": "zwei"}).status_code == 400


def test_lists_of_topics_and_regions(client):
    parent = topic("Beteiligung")
    topic("Jugendbeteiligung", parent=parent)
    html = client.get(reverse("topics:topic_list")).content.decode()
    assert html.index("Beteiligung") < html.index("Jugendbeteiligung")
    region("Burgenlandkreis")
    assert "Burgenlandkreis" in client.get(reverse("topics:region_list")).content.decode()


def test_place_coordinates_are_told_apart(client):
    # "51,105000, 12,426000": with German decimal commas a comma between the two read as four numbers.
    place = create_place(name="Ökokirche Deutzen", latitude=Decimal("51.105"), longitude=Decimal("12.426"))
    html = client.get(place.get_absolute_url()).content.decode()
    assert "Breite 51,105000; Länge 12,426000" in html


def test_place_list_paginates_and_refuses_junk_pages(client):
    for i in range(55):
        create_place(name=f"Ort {i:02d}")
    first = client.get(reverse("places:place_list")).content.decode()
    assert "Ort 00" in first and "Ort 50" not in first
    assert "Ort 54" in client.get(reverse("places:place_list"), {"page": "2"}).content.decode()
    response = client.get(reverse("places:place_list"), {"page": "x"})
    assert response.status_code == 400
    assert "Die Seitenzahl muss eine ganze Zahl sein." in response.content.decode()
