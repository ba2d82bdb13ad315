"""The topic and region selects of the filters offer the upper levels of the trees. A link to a
deeper node (a subtopic's "filter further" link, a municipality) or a name typed into the address
must show that node selected, so that sending the form again keeps the filter."""

import re

import pytest
from django.urls import reverse

from wandelnetz.topics.models import Region
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def trees():
    top = topic("Mobilität")
    middle = topic("Öffentlicher Verkehr", parent=top)
    leaf = topic("Rufbus", parent=middle)
    revier = region("Mitteldeutsches Revier", kind=Region.Kind.REVIER)
    district = region("Landkreis Leipzig", parent=revier)
    town = region("Neukieritzsch", parent=district, kind=Region.Kind.MUNICIPALITY)
    return {"top": top, "middle": middle, "leaf": leaf, "district": district, "town": town}


def select(html: str, name: str) -> tuple[list[str], list[str]]:
    """The option values of the select `name`, and the selected ones."""
    found = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S)
    assert found, f"no select {name}"
    markup = found.group(0)
    return re.findall(r'<option value="([^"]*)"', markup), re.findall(r'<option value="([^"]*)" selected', markup)


PAGES = ["actors:actor_list", "events:event_list", "bodies:body_list", "followups:followup_list"]


@pytest.mark.parametrize("page", PAGES)
def test_a_deeper_topic_is_offered_and_selected(client, trees, page):
    response = client.get(reverse(page), {"topic": trees["leaf"].slug})
    assert response.status_code == 200
    values, selected = select(response.content.decode(), "topic")
    assert selected == [trees["leaf"].slug]
    assert values[:2] == ["", trees["leaf"].slug]  # right after "all topics"
    assert values.count(trees["leaf"].slug) == 1
    assert "Rufbus" in response.content.decode()


@pytest.mark.parametrize("page", ["actors:actor_list", "events:event_list", "bodies:body_list"])
def test_a_municipality_is_offered_and_selected(client, trees, page):
    response = client.get(reverse(page), {"region": trees["town"].slug})
    values, selected = select(response.content.decode(), "region")
    assert selected == [trees["town"].slug]
    assert values.count(trees["town"].slug) == 1


def test_an_upper_node_is_selected_where_it_is_and_not_added_again(client, trees):
    params = {"topic": trees["middle"].slug, "region": trees["district"].slug}
    response = client.get(reverse("actors:actor_list"), params)
    topics, chosen_topics = select(response.content.decode(), "topic")
    regions, chosen_regions = select(response.content.decode(), "region")
    assert chosen_topics == [trees["middle"].slug] and topics.count(trees["middle"].slug) == 1
    assert topics.index(trees["middle"].slug) > topics.index(trees["top"].slug)  # in its place in the tree
    assert chosen_regions == [trees["district"].slug] and regions.count(trees["district"].slug) == 1


def test_a_name_typed_into_the_address_selects_its_option(client, trees):
    response = client.get(reverse("actors:actor_list"), {"topic": "rufbus", "region": "Neukieritzsch"})
    assert response.status_code == 200
    assert select(response.content.decode(), "topic")[1] == [trees["leaf"].slug]
    assert select(response.content.decode(), "region")[1] == [trees["town"].slug]


def test_an_unknown_value_selects_nothing_and_says_so(client, trees):
    response = client.get(reverse("actors:actor_list"), {"topic": "gibt-es-nicht"})
    assert response.status_code == 400
    values, selected = select(response.content.decode(), "topic")
    assert selected == [] and "gibt-es-nicht" not in values
    assert "gibt-es-nicht" in response.content.decode()  # in the error message


def test_no_option_is_added_without_a_filter(client, trees):
    values, selected = select(client.get(reverse("actors:actor_list")).content.decode(), "topic")
    assert trees["leaf"].slug not in values and selected == []
