"""Everyone reads bodies; only their editors, the editors of the convening actor and moderators
change them, their seats and sources, or mark them verified; editors of any actor and moderators
add bodies."""

import pytest
from django.urls import reverse

from wandelnetz.bodies.models import Body, Seat
from wandelnetz.bodies.permissions import can_create_body, can_edit_body
from wandelnetz.bodies.tests.editing import edit_url, new_body_data, posted_from, verify_url

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_read(client, board):
    assert client.get(reverse("bodies:body_list")).status_code == 200
    response = client.get(board.get_absolute_url())
    assert response.status_code == 200
    assert edit_url(board) not in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, board):
    login = reverse("account_login")
    for response in (
        client.get(reverse("bodies:body_create")),
        client.get(edit_url(board)),
        client.post(edit_url(board), {"name": "Übernommen"}),
        client.post(verify_url(board)),
    ):
        assert response.status_code == 302 and response["Location"].startswith(login)
    board.refresh_from_db()
    assert board.name == "Beirat Strukturwandel" and board.last_verified_on is None


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_people_without_rights_get_403_and_change_nothing(client, board, body_editor, persona, request):
    client.force_login(body_editor)
    data = posted_from(client.get(edit_url(board)))
    data.update({"name": "Übernommen", "seats-0-DELETE": "on", "seats-1-role": "Eingeschleust"})
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("bodies:body_create")).status_code == 403
    assert client.post(reverse("bodies:body_create"), data).status_code == 403
    refused = client.get(edit_url(board))
    assert refused.status_code == 403
    # The refusal does not talk about actors on a body's page (the 403 page once always did).
    assert "Akteur" not in refused.content.decode().split("<main", 1)[1]
    assert client.post(edit_url(board), data).status_code == 403
    assert client.post(verify_url(board)).status_code == 403
    board.refresh_from_db()
    assert board.name == "Beirat Strukturwandel" and board.last_verified_on is None
    assert [str(s) for s in board.seats.all()] == ["Landrat"]
    assert Body.objects.count() == 1


def test_member_page_shows_no_edit_buttons(client, board, member):
    client.force_login(member)
    html = client.get(board.get_absolute_url()).content.decode()
    assert edit_url(board) not in html and verify_url(board) not in html


@pytest.mark.parametrize("persona", ["body_editor", "owner", "moderator"])
def test_editors_convening_editors_and_moderators_edit_seats_and_verify(client, board, persona, request):
    person = request.getfixturevalue(persona)
    client.force_login(person)
    page = client.get(board.get_absolute_url())
    assert edit_url(board) in page.content.decode() and verify_url(board) in page.content.decode()
    data = posted_from(client.get(edit_url(board)))
    data.update(
        {
            "name": "Beirat Strukturwandel (neu)",
            "seats-0-DELETE": "on",
            "seats-1-role": "Jugendvertretung",
            "seats-1-is_civil_society": "on",
            "sources-0-url": "https://example.org/quelle",
        }
    )
    response = client.post(edit_url(board), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    board.refresh_from_db()
    assert board.name == "Beirat Strukturwandel (neu)"
    assert [(str(s), s.is_civil_society) for s in board.seats.all()] == [("Jugendvertretung", True)]
    assert list(board.sources.values_list("url", flat=True)) == ["https://example.org/quelle"]
    assert board.history.latest().history_user == person
    assert client.post(verify_url(board)).status_code == 302
    board.refresh_from_db()
    assert board.verified_by == person and board.last_verified_on is not None


def test_changing_a_seat_in_place(client, board, body_editor):
    client.force_login(body_editor)
    data = posted_from(client.get(edit_url(board)))
    data.update({"seats-0-rights": "advisory", "seats-0-count": "3"})
    assert client.post(edit_url(board), data).status_code == 302
    seat = board.seats.get()
    assert (seat.role, seat.rights, seat.count) == ("Landrat", Seat.Rights.ADVISORY, 3)


def test_editors_of_an_actor_and_moderators_create_bodies(client, owner, owned_actor, moderator):
    for person, name in ((owner, "Beirat A"), (moderator, "Beirat B")):
        client.force_login(person)
        response = client.post(reverse("bodies:body_create"), new_body_data(client, name=name))
        assert response.status_code == 302, response.content.decode()[:3000]
        made = Body.objects.get(name=name)
        assert response["Location"] == made.get_absolute_url()
        assert person in made.editors.all()
        assert [(s.role, s.count, s.is_civil_society) for s in made.seats.all()] == [("Jugendvertretung", 2, True)]
        assert [(s.url, s.title) for s in made.sources.all()] == [("https://example.org/beirat", "Satzung")]


def test_predicates(board, member, outsider, owner, moderator, body_editor):
    from django.contrib.auth.models import AnonymousUser

    assert not can_edit_body(AnonymousUser(), board)
    assert not can_edit_body(member, board) and not can_edit_body(outsider, board)
    assert can_edit_body(owner, board) and can_edit_body(moderator, board) and can_edit_body(body_editor, board)
    assert member.has_perm("bodies.view_body", board)
    assert owner.has_perm("bodies.change_body", board) and not member.has_perm("bodies.change_body", board)
    assert can_create_body(owner) and can_create_body(moderator)
    assert not can_create_body(member) and not can_create_body(body_editor)
    assert not member.has_perm("bodies.add_body")


def test_the_history_is_for_those_who_edit(client, board, body_editor, member):
    history = reverse("bodies:body_history", kwargs={"slug": board.slug})
    client.force_login(member)
    assert client.get(history).status_code == 403
    client.force_login(body_editor)
    data = posted_from(client.get(edit_url(board)))
    data["summary"] = "Neu beschrieben"
    assert client.post(edit_url(board), data).status_code == 302
    response = client.get(history)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0]["record"].history_user == body_editor
    assert len(rows) == 2 and rows[0]["changed_fields"]
