"""A body's editors add and remove co-editors on /gremien/<slug>/redaktion/; those who edit through the
convening actor or as moderators may too; everyone else gets 403 and changes nothing."""

import pytest
from django.urls import reverse

from wandelnetz.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


PINNED_QUERIES = 6  # session, user, notification counter, body, editors, convening actor


def url(board) -> str:
    return reverse("bodies:body_editors", kwargs={"slug": board.slug})


def test_editor_adds_a_co_editor_by_email_who_can_then_edit(client, board, body_editor, member):
    client.force_login(body_editor)
    page = client.get(url(board))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Gremienredaktion" in html and "Aktionskreis Beispiel" in html  # the convening actor's editors too
    assert url(board) in client.get(board.get_absolute_url()).content.decode()  # linked from the body's page
    response = client.post(url(board), {"email": member.email.upper()})
    assert response.status_code == 302
    assert set(board.editors.all()) == {body_editor, member}
    client.force_login(member)
    assert client.get(reverse("bodies:body_edit", kwargs={"slug": board.slug})).status_code == 200


def test_convening_actors_editor_and_moderator_manage_editors(client, board, owner, moderator, body_editor):
    for person in (owner, moderator):
        client.force_login(person)
        assert client.get(url(board)).status_code == 200
    response = client.post(url(board), {"remove": body_editor.pk})
    assert response.status_code == 302
    assert not board.editors.exists()  # the moderator and the actor's editors still keep it up to date
    client.force_login(owner)
    assert "Niemand bearbeitet diesen Eintrag bisher direkt." in client.get(url(board)).content.decode()


def test_an_editor_who_leaves_is_sent_to_the_body_page(client, board, body_editor):
    client.force_login(body_editor)
    response = client.post(url(board), {"remove": body_editor.pk})
    assert response.status_code == 302 and response["Location"] == board.get_absolute_url()
    assert not board.editors.exists()
    assert client.get(url(board)).status_code == 403


def test_bad_input_is_a_400_with_a_message_and_changes_nothing(client, board, body_editor, outsider):
    unconfirmed = UserFactory(verified=False)
    unconfirmed.emailaddress_set.update(verified=False)
    client.force_login(body_editor)
    for email in ("niemand@example.org", unconfirmed.email, "keine-adresse", "x" * 300 + "@example.org"):
        response = client.post(url(board), {"email": email})
        assert response.status_code == 400, email
        assert 'class="error-summary"' in response.content.decode()
    for junk in ("abc", str(outsider.pk), "", "-1", "²"):
        response = client.post(url(board), {"remove": junk})
        assert response.status_code == 400, junk
    assert list(board.editors.all()) == [body_editor]


def test_others_get_403_or_sign_in_and_change_nothing(client, board, member, body_editor):
    assert client.get(url(board)).status_code == 302  # anonymous: to sign in
    client.force_login(member)
    assert client.get(url(board)).status_code == 403
    assert client.post(url(board), {"email": member.email}).status_code == 403
    assert client.post(url(board), {"remove": body_editor.pk}).status_code == 403
    assert list(board.editors.all()) == [body_editor]
    assert client.get(reverse("bodies:body_editors", kwargs={"slug": "gibt-es-nicht"})).status_code == 404


def test_the_page_reads_a_fixed_number_of_queries(client, board, body_editor, django_assert_num_queries):
    client.force_login(body_editor)
    client.get(url(board))
    with django_assert_num_queries(PINNED_QUERIES):
        client.get(url(board))
    for person in UserFactory.create_batch(5):
        board.editors.add(person)
    with django_assert_num_queries(PINNED_QUERIES):
        assert client.get(url(board)).status_code == 200
