"""An actor's editors add and remove co-editors; an actor keeps at least one; others get 403."""

import pytest
from django.urls import reverse

from wandelnetz.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(actor) -> str:
    return reverse("actors:actor_editors", args=[actor.slug])


def test_editor_adds_a_co_editor_by_email(client, owner, member, owned_actor):
    client.force_login(owner)
    response = client.post(url(owned_actor), {"email": member.email.upper()})
    assert response.status_code == 302
    assert set(owned_actor.editors.all()) == {owner, member}
    client.force_login(member)
    assert client.get(reverse("actors:actor_edit", args=[owned_actor.slug])).status_code == 200


def test_unknown_or_unconfirmed_address_is_refused(client, owner, owned_actor):
    unconfirmed = UserFactory(verified=False)
    unconfirmed.emailaddress_set.update(verified=False)
    client.force_login(owner)
    for email in ("niemand@example.org", unconfirmed.email, "keine-adresse"):
        response = client.post(url(owned_actor), {"email": email})
        assert response.status_code == 400, email
        assert 'class="error-summary"' in response.content.decode()
    assert list(owned_actor.editors.all()) == [owner]


def test_editor_removes_a_co_editor(client, owner, member, owned_actor):
    owned_actor.editors.add(member)
    client.force_login(owner)
    response = client.post(url(owned_actor), {"remove": member.pk})
    assert response.status_code == 302
    assert list(owned_actor.editors.all()) == [owner]


def test_the_last_editor_cannot_leave(client, owner, owned_actor):
    client.force_login(owner)
    response = client.post(url(owned_actor), {"remove": owner.pk})
    assert response.status_code == 400
    assert "mindestens eine" in response.content.decode()
    assert list(owned_actor.editors.all()) == [owner]


def test_junk_remove_value_is_a_400_or_404(client, owner, outsider, owned_actor):
    client.force_login(owner)
    assert client.post(url(owned_actor), {"remove": "abc"}).status_code == 400
    assert client.post(url(owned_actor), {"remove": "²"}).status_code == 400  # a digit to isdigit(), not to int()
    assert client.post(url(owned_actor), {"remove": outsider.pk}).status_code == 404


def test_outsider_gets_403_and_changes_nothing(client, outsider, owned_actor, owner):
    client.force_login(outsider)
    assert client.get(url(owned_actor)).status_code == 403
    assert client.post(url(owned_actor), {"email": outsider.email}).status_code == 403
    assert client.post(url(owned_actor), {"remove": owner.pk}).status_code == 403
    assert list(owned_actor.editors.all()) == [owner]
