"""People choose actors, series and places by the name they know, not by an address part: in the
filters of the event and follow-up lists, and in the forms (see also bodies/tests/test_form_by_name)."""

import pytest
from django.db import connection
from django.urls import reverse

from wandelnetz.actors.models import Actor
from wandelnetz.actors.tests.factories import actor
from wandelnetz.core.forms import LookupField
from wandelnetz.events.tests.factories import event, series
from wandelnetz.followups.tests.factories import follow_up
from wandelnetz.places.services import create_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    aksll = actor("Aktionskreis Strukturwandel Leipziger Land", short_name="AkSLL", slug="aksll")
    vhs = actor("Volkshochschule Leipzig", short_name="VHS")
    stammtisch = series("Strukturwandel-Stammtisch", organisers=[aksll])
    kirche = create_place(name="Ökokirche Deutzen", locality="Neukieritzsch")
    event("Filmabend", organisers=[aksll], place=kirche)
    event("Stammtisch Lebendige Orte", organisers=[aksll], series=stammtisch)
    event("Klimakurs", organisers=[vhs])
    follow_up("Jugendbeteiligung vertiefen", owner_actor=aksll)
    follow_up("Kurs wiederholen", owner_actor=vhs)
    return {"aksll": aksll, "vhs": vhs}


def event_titles(client, **params: str) -> set[str]:
    response = client.get(reverse("events:event_list"), params)
    assert response.status_code == 200, response.content.decode()[:500]
    return {occurrence.event.title for occurrence in response.context["page"].object_list}


@pytest.mark.parametrize(
    "params",
    [
        {"actor": "Aktionskreis Strukturwandel Leipziger Land"},
        {"actor": "aktionskreis strukturwandel leipziger land"},
        {"actor": "AkSLL"},
        {"actor": "aksll"},  # the address part still works, for links
        {"actor": "  AkSLL  "},
    ],
)
def test_events_by_organiser_name_abbreviation_or_address(client, world, params):
    assert event_titles(client, **params) == {"Filmabend", "Stammtisch Lebendige Orte"}


def test_events_by_series_title_and_place_name(client, world):
    assert event_titles(client, series="Strukturwandel-Stammtisch") == {"Stammtisch Lebendige Orte"}
    assert event_titles(client, place="Ökokirche Deutzen") == {"Filmabend"}


def test_follow_ups_by_owner_name(client, world):
    response = client.get(reverse("followups:followup_list"), {"actor": "VHS"})
    assert response.status_code == 200
    assert [f.title for f in response.context["page"].object_list] == ["Kurs wiederholen"]


def test_an_unknown_name_is_a_400_with_the_name(client, world):
    response = client.get(reverse("events:event_list"), {"actor": "Verein Unbekannt"})
    assert response.status_code == 400
    assert "Verein Unbekannt" in response.content.decode()


def test_a_shared_name_is_a_400_naming_each_with_its_address_part(client, world):
    actor("Volkshochschule Leipzig", slug="vhs-leipzig-zweite")
    response = client.get(reverse("events:event_list"), {"actor": "Volkshochschule Leipzig"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mehrere passen zu „Volkshochschule Leipzig“" in html
    assert f"Volkshochschule Leipzig ({world['vhs'].slug})" in html and "(vhs-leipzig-zweite)" in html
    # The address part picks one.
    assert event_titles(client, actor=world["vhs"].slug) == {"Klimakurs"}


def test_an_over_long_value_is_a_400_not_a_500(client, world):
    response = client.get(reverse("events:event_list"), {"actor": "x" * 5000})
    assert response.status_code == 400


def test_the_field_costs_one_query_and_prefers_the_shown_object(django_assert_num_queries, world):
    twin = actor("Volkshochschule Leipzig", slug="vhs-leipzig-zweite")
    field = LookupField(Actor, unknown_message="no %(slug)s", required=False)
    with django_assert_num_queries(1):
        assert field.clean("VHS") == world["vhs"]
    field.current = twin
    with django_assert_num_queries(1):
        assert field.clean("Volkshochschule Leipzig") == twin
    assert field.clean("") is None


def test_a_name_starting_with_an_umlaut_is_found_in_lower_case(client, world):
    # SQLite compares only ASCII letters case-insensitively; PostgreSQL all of them.
    assert event_titles(client, place="ökokirche deutzen") == {"Filmabend"}
    if connection.vendor == "postgresql":  # all capitals: only PostgreSQL folds the Ö (the suite runs on both)
        assert event_titles(client, place="ÖKOKIRCHE DEUTZEN") == {"Filmabend"}
