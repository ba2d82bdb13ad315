"""Bad input on the body form gets a 400 with a message next to the field and in the summary,
and saves nothing: neither the body, nor its sources, nor its seats (the forms are checked together)."""

import pytest
from django.urls import reverse

from wandelnetz.bodies.models import Body, BodySource, Seat
from wandelnetz.bodies.tests.editing import edit_url, new_body_data, posted_from
from wandelnetz.bodies.tests.factories import body, other_seat

pytestmark = pytest.mark.django_db

BAD_INPUT = {
    "over-long name": ({"name": "x" * 201}, "name"),
    "empty name": ({"name": ""}, "name"),
    "invalid source url": ({"sources-0-url": "kein link"}, "sources-0-url"),
    "javascript source url": ({"sources-0-url": "javascript:alert(1)"}, "sources-0-url"),
    "seat without holder or role": ({"seats-0-role": ""}, "seats-0-role"),
    "until before since": ({"seats-0-since": "2024-05-01", "seats-0-until": "2024-04-30"}, "seats-0-until"),
    "unknown seat actor": ({"seats-0-actor": "gibt-es-nicht"}, "seats-0-actor"),
    "zero seats": ({"seats-0-count": "0"}, "seats-0-count"),
    "power out of range": ({"power": "9"}, "power"),
    "power not a number": ({"power": "viel"}, "power"),
    "unknown level": ({"level": "galaxy"}, "level"),
    "unknown convening actor": ({"convened_by": "niemand"}, "convened_by"),
    "unknown series": ({"series": "keine-reihe"}, "series"),
    "tampered topic id": ({"topics": ["99999999999999999999"]}, "topics"),
    "over-long seat role": ({"seats-0-role": "r" * 201}, "seats-0-role"),
    "invalid date": ({"seats-0-since": "31.02.2024"}, "seats-0-since"),
}


def counts() -> tuple[int, int, int]:
    return Body.objects.count(), BodySource.objects.count(), Seat.objects.count()


@pytest.mark.parametrize(("changes", "field"), list(BAD_INPUT.values()), ids=list(BAD_INPUT))
def test_creating_with_bad_input_saves_nothing(client, moderator, changes, field):
    client.force_login(moderator)
    data = new_body_data(client, **changes)
    before = counts()
    response = client.post(reverse("bodies:body_create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert f'id="id_{field}_error"' in html
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert f'href="#id_{field}' in summary  # the one summary links to the field
    assert html.count('class="error-summary"') == 1
    assert counts() == before


@pytest.mark.parametrize(("changes", "field"), list(BAD_INPUT.values()), ids=list(BAD_INPUT))
def test_editing_with_bad_input_changes_nothing(client, moderator, changes, field):
    board = body(
        "Beirat vorher", summary="Vorher", seats=[other_seat("Landrat")], sources=[("https://example.org/a", "A")]
    )
    client.force_login(moderator)
    data = posted_from(client.get(edit_url(board)))
    # A valid change to the body beside the bad one: it must not be saved either.
    data.update({"summary": "Nachher", "seats-1-role": "Jugendvertretung", "sources-1-url": "https://example.org/b"})
    data.update(changes)  # on the saved seat and source
    before = counts()
    response = client.post(edit_url(board), data)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert counts() == before
    board.refresh_from_db()
    assert (board.name, board.summary) == ("Beirat vorher", "Vorher")
    assert [str(s) for s in board.seats.all()] == ["Landrat"]
    assert list(board.sources.values_list("url", flat=True)) == ["https://example.org/a"]
    assert board.history.count() == 1


def test_too_many_seat_rows_are_refused(client, moderator):
    client.force_login(moderator)
    data = new_body_data(client, **{"seats-TOTAL_FORMS": "101"})
    for i in range(101):
        data[f"seats-{i}-role"] = f"Sitz {i}"
        data[f"seats-{i}-rights"] = "voting"
        data[f"seats-{i}-count"] = "1"
    before = counts()
    response = client.post(reverse("bodies:body_create"), data)
    assert response.status_code == 400
    assert counts() == before


def test_a_huge_form_count_builds_no_more_rows_than_allowed(client, moderator):
    """Django would build max_num + 1000 rows for a tampered TOTAL_FORMS (seconds per request)."""
    client.force_login(moderator)
    data = new_body_data(client, **{"seats-TOTAL_FORMS": "100000", "sources-TOTAL_FORMS": "100000"})
    before = counts()
    response = client.post(reverse("bodies:body_create"), data)
    assert response.status_code == 400
    assert len(response.context["seats"].forms) <= 100
    assert len(response.context["sources"].forms) <= 30
    assert counts() == before


def test_a_broken_management_form_is_a_400(client, moderator):
    client.force_login(moderator)
    data = new_body_data(client)
    del data["seats-TOTAL_FORMS"]
    before = counts()
    response = client.post(reverse("bodies:body_create"), data)
    assert response.status_code == 400
    assert counts() == before


def test_verify_needs_post(client, moderator):
    board = body()
    client.force_login(moderator)
    assert client.get(reverse("bodies:body_verify", kwargs={"slug": board.slug})).status_code == 405
    board.refresh_from_db()
    assert board.last_verified_on is None
