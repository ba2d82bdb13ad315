"""The body form with names many actors share: an unchanged form keeps each seat's actor however
many share its name, "Name (address part)" picks one, and showing names costs no query per seat."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wandelnetz.actors.tests.factories import actor
from wandelnetz.bodies.models import Body
from wandelnetz.bodies.tests.editing import edit_url, posted_from
from wandelnetz.bodies.tests.factories import body, civil_seat
from wandelnetz.core.forms import MAX_SHOWN_MATCHES

pytestmark = pytest.mark.django_db

SHARED = "Umweltverband"


def test_an_unchanged_form_keeps_seat_actors_behind_more_twins_than_are_listed(client, body_editor):
    for i in range(MAX_SHOWN_MATCHES + 1):
        actor(SHARED, slug=f"umweltverband-{i}")
    kept = [actor(SHARED, slug="umweltverband-leipzig"), actor(SHARED, slug="umweltverband-borna")]
    made = body("Beirat", editors=[body_editor], convened_by=kept[1], seats=[civil_seat(a) for a in kept])
    client.force_login(body_editor)
    data = posted_from(client.get(edit_url(made)))
    assert data["convened_by"] == data["seats-0-actor"] == data["seats-1-actor"] == SHARED
    response = client.post(edit_url(made), {**data, "name": "Beirat Umwelt"})
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Body.objects.get(pk=made.pk)
    assert made.name == "Beirat Umwelt" and made.convened_by == kept[1]
    assert sorted(seat.actor.slug for seat in made.seats.all()) == sorted(a.slug for a in kept)


def test_a_name_with_its_address_part_in_brackets_picks_that_actor(client, body_editor):
    actor(SHARED, slug="umweltverband-sachsen")
    wanted = actor(SHARED, slug="umweltverband-brandenburg")
    made = body("Beirat", editors=[body_editor])
    client.force_login(body_editor)
    data = posted_from(client.get(edit_url(made)))
    data.update(
        {
            "convened_by": f"{SHARED} (umweltverband-brandenburg)",
            "seats-0-actor": "umweltverband-brandenburg",
            "seats-0-rights": "voting",
            "seats-0-count": "1",
        }
    )
    response = client.post(edit_url(made), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Body.objects.get(pk=made.pk)
    assert made.convened_by == wanted and [seat.actor for seat in made.seats.all()] == [wanted]


def test_showing_seat_actors_by_name_costs_no_query_per_seat(client, body_editor):
    one = body("Beirat Eins", editors=[body_editor], seats=[civil_seat(actor())])
    six = body("Beirat Sechs", editors=[body_editor], seats=[civil_seat(actor()) for _ in range(6)])
    client.force_login(body_editor)
    client.get(edit_url(one))  # warm the session and the choices

    def queries(made: Body) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(edit_url(made)).status_code == 200
        return len(captured.captured_queries)

    assert queries(six) == queries(one)
