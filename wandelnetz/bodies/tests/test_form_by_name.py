"""The body form names the convening actor, the meeting series and each seat's actor by name."""

import pytest

from wandelnetz.actors.tests.factories import actor
from wandelnetz.bodies.models import Body, Seat
from wandelnetz.bodies.tests.editing import edit_url, posted_from
from wandelnetz.bodies.tests.factories import body, civil_seat
from wandelnetz.events.tests.factories import series

pytestmark = pytest.mark.django_db


@pytest.fixture
def aksll():
    return actor("Aktionskreis Strukturwandel Leipziger Land", short_name="AkSLL", slug="aksll")


def test_the_form_shows_names_not_address_parts(client, body_editor, aksll):
    meetings = series("Sitzungen des Beirats")
    made = body("Beirat", editors=[body_editor], convened_by=aksll, series=meetings, seats=[civil_seat(aksll)])
    client.force_login(body_editor)
    page = client.get(edit_url(made))
    html = page.content.decode()
    assert 'value="Aktionskreis Strukturwandel Leipziger Land"' in html
    assert 'value="Sitzungen des Beirats"' in html
    assert 'value="aksll"' not in html and "Adressteil)" not in html


def test_convener_series_and_seat_actor_by_name_and_abbreviation(client, body_editor, aksll):
    vhs = actor("Volkshochschule Leipzig", short_name="VHS")
    meetings = series("Sitzungen des Beirats")
    made = body("Beirat", editors=[body_editor])
    client.force_login(body_editor)
    data = posted_from(client.get(edit_url(made)))
    data.update(
        {
            "convened_by": "volkshochschule leipzig",
            "series": "Sitzungen des Beirats",
            "seats-0-actor": "AkSLL",
            "seats-0-is_civil_society": "on",
            "seats-0-rights": "voting",
            "seats-0-count": "1",
        }
    )
    response = client.post(edit_url(made), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    made.refresh_from_db()
    assert (made.convened_by, made.series) == (vhs, meetings)
    assert [seat.actor for seat in made.seats.all()] == [aksll]


def test_an_unknown_or_unpublished_actor_is_an_error_and_nothing_is_saved(client, body_editor, aksll):
    actor("Noch nicht freigegeben", status="pending")
    made = body("Beirat", editors=[body_editor], seats=[civil_seat(aksll)])
    client.force_login(body_editor)
    data = posted_from(client.get(edit_url(made)))
    for name in ("Verein Unbekannt", "Noch nicht freigegeben"):
        response = client.post(edit_url(made), {**data, "name": "Umbenannt", "convened_by": name})
        assert response.status_code == 400
        assert f"Kein veröffentlichter Akteur heißt „{name}“." in response.content.decode()
    made.refresh_from_db()
    assert made.name == "Beirat" and made.convened_by is None


def test_resubmitting_an_unchanged_form_keeps_a_seat_actor_whose_name_is_shared(client, body_editor):
    first = actor("Umweltverband", slug="umweltverband-sachsen")
    actor("Umweltverband", slug="umweltverband-brandenburg")
    made = body("Beirat", editors=[body_editor], seats=[civil_seat(first)])
    client.force_login(body_editor)
    page = client.get(edit_url(made))
    data = posted_from(page)
    assert data["seats-0-actor"] == "Umweltverband"
    response = client.post(edit_url(made), {**data, "name": "Beirat Umwelt"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [seat.actor for seat in Seat.objects.filter(body=made)] == [first]
    assert Body.objects.get(pk=made.pk).name == "Beirat Umwelt"
    # A new row with the shared name asks which one is meant.
    data = posted_from(client.get(edit_url(made)))
    data.update({"seats-1-actor": "Umweltverband", "seats-1-rights": "advisory", "seats-1-count": "1"})
    response = client.post(edit_url(made), data)
    assert response.status_code == 400
    assert "(umweltverband-brandenburg)" in response.content.decode()
