"""Members propose, moderators approve, editors edit; everyone else gets 403."""

import pytest
from django.urls import reverse

from wandelnetz.actors.models import Actor, Relation
from wandelnetz.actors.tests.factories import actor

pytestmark = pytest.mark.django_db

PROFILE = {"name": "Neue Initiative Zeitz", "kind": "initiative", "summary": "Wir beleben Leerstand."}


def test_member_proposal_waits_for_moderation(client, member):
    client.force_login(member)
    response = client.post(reverse("actors:actor_create"), PROFILE)
    created = Actor.objects.get(name="Neue Initiative Zeitz")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.status == Actor.Status.PENDING
    assert list(created.editors.all()) == [member]
    # Not public: not listed, not found by others, not found in search.
    client.logout()
    assert client.get(created.get_absolute_url()).status_code == 404
    assert "Neue Initiative" not in client.get(reverse("actors:actor_list")).content.decode()
    assert "Neue Initiative" not in client.get(reverse("search"), {"q": "Initiative Zeitz"}).content.decode()


def test_proposer_sees_own_pending_actor(client, member):
    client.force_login(member)
    client.post(reverse("actors:actor_create"), PROFILE)
    created = Actor.objects.get(name="Neue Initiative Zeitz")
    response = client.get(created.get_absolute_url())
    assert response.status_code == 200
    assert "wartet auf die Freigabe" in response.content.decode()


def test_moderator_approves_and_actor_becomes_public(client, member, moderator):
    client.force_login(member)
    client.post(reverse("actors:actor_create"), PROFILE)
    created = Actor.objects.get(name="Neue Initiative Zeitz")
    client.force_login(moderator)
    queue = client.get(reverse("actors:moderation_queue"))
    assert "Neue Initiative Zeitz" in queue.content.decode()
    response = client.post(reverse("actors:actor_moderate", args=[created.slug]), {"decision": "approve"})
    assert response.status_code == 302
    client.logout()
    assert client.get(created.get_absolute_url()).status_code == 200
    assert "Neue Initiative Zeitz" in client.get(reverse("search"), {"q": "Leerstand"}).content.decode()


def test_moderator_rejects_with_a_reason(client, member, moderator):
    client.force_login(member)
    client.post(reverse("actors:actor_create"), PROFILE)
    created = Actor.objects.get(name="Neue Initiative Zeitz")
    client.force_login(moderator)
    client.post(reverse("actors:actor_moderate", args=[created.slug]), {"decision": "reject", "note": "Doppelt"})
    created.refresh_from_db()
    assert created.status == Actor.Status.REJECTED and created.moderation_note == "Doppelt"
    client.force_login(member)
    assert "Doppelt" in client.get(created.get_absolute_url()).content.decode()


def test_rejecting_without_a_reason_points_at_the_refused_card(client, moderator):
    first = actor("Erster Vorschlag", status=Actor.Status.PENDING)
    refused = actor("Zweiter Vorschlag", status=Actor.Status.PENDING)
    client.force_login(moderator)
    response = client.post(reverse("actors:actor_moderate", args=[refused.slug]), {"decision": "reject", "note": ""})
    assert response.status_code == 400
    html = response.content.decode()
    # The summary's link leads to a field that exists, in the refused actor's card, not the first one.
    assert 'href="#id_note"' in html
    # Each card's buttons name their actor (a screen reader's list of buttons).
    assert 'Ablehnen<span class="visually-hidden">: Zweiter Vorschlag</span>' in html
    assert html.count('id="id_note"') == 1
    assert html.index("Zweiter Vorschlag") < html.index('id="id_note"')
    assert html.index("Erster Vorschlag") < html.index("Zweiter Vorschlag")
    refused.refresh_from_db()
    first.refresh_from_db()
    assert refused.status == first.status == Actor.Status.PENDING


@pytest.mark.parametrize("url_name", ["actors:moderation_queue"])
def test_members_cannot_moderate(client, member, url_name):
    client.force_login(member)
    response = client.get(reverse(url_name))
    assert response.status_code == 403
    # The refusal says what it is about (it once spoke of editing an actor on every 403 page).
    assert "Nur die Moderation kann vorgeschlagene Akteure sehen" in response.content.decode()


def test_member_cannot_approve(client, member):
    pending = actor("Wartet", status=Actor.Status.PENDING)
    client.force_login(member)
    response = client.post(reverse("actors:actor_moderate", args=[pending.slug]), {"decision": "approve"})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == Actor.Status.PENDING


def test_anonymous_is_sent_to_sign_in_to_propose(client):
    response = client.get(reverse("actors:actor_create"))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    response = client.post(reverse("actors:actor_create"), PROFILE)
    assert response.status_code == 302
    assert not Actor.objects.exists()


def test_editor_edits_directly(client, owner, owned_actor):
    client.force_login(owner)
    response = client.post(
        reverse("actors:actor_edit", args=[owned_actor.slug]),
        {"name": "Aktionskreis Beispiel", "kind": "initiative", "meeting_rhythm": "jeden 2. Montag im Monat"},
    )
    assert response.status_code == 302
    owned_actor.refresh_from_db()
    assert owned_actor.meeting_rhythm == "jeden 2. Montag im Monat"
    assert owned_actor.status == Actor.Status.PUBLISHED


def test_outsider_gets_403_on_edit_and_nothing_changes(client, outsider, owned_actor):
    client.force_login(outsider)
    url = reverse("actors:actor_edit", args=[owned_actor.slug])
    assert client.get(url).status_code == 403
    response = client.post(url, {"name": "Übernommen", "kind": "initiative"})
    assert response.status_code == 403
    owned_actor.refresh_from_db()
    assert owned_actor.name == "Aktionskreis Beispiel"


def test_outsider_gets_403_on_history(client, outsider, owned_actor):
    client.force_login(outsider)
    assert client.get(reverse("actors:actor_history", args=[owned_actor.slug])).status_code == 403


def test_moderator_may_edit_any_actor(client, moderator, owned_actor):
    client.force_login(moderator)
    assert client.get(reverse("actors:actor_edit", args=[owned_actor.slug])).status_code == 200


def test_anonymous_edit_goes_to_sign_in(client, owned_actor):
    response = client.post(reverse("actors:actor_edit", args=[owned_actor.slug]), {"name": "X", "kind": "initiative"})
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    owned_actor.refresh_from_db()
    assert owned_actor.name == "Aktionskreis Beispiel"


def test_edit_links_only_for_editors(client, owner, outsider, owned_actor):
    edit_url = reverse("actors:actor_edit", args=[owned_actor.slug])
    assert edit_url not in client.get(owned_actor.get_absolute_url()).content.decode()
    client.force_login(outsider)
    assert edit_url not in client.get(owned_actor.get_absolute_url()).content.decode()
    client.force_login(owner)
    assert edit_url in client.get(owned_actor.get_absolute_url()).content.decode()


def test_outsider_cannot_propose_relations_for_someone_else(client, outsider, owned_actor):
    other = actor("Bündnis")
    client.force_login(outsider)
    response = client.post(
        reverse("actors:relation_propose", args=[owned_actor.slug]),
        {"kind": "part_of", "other": other.slug, "direction": "out"},
    )
    assert response.status_code == 403
    assert not Relation.objects.exists()


def test_deciding_an_actor_already_decided_says_so(client, moderator):
    # Two moderators at once, or a second click: the second once got "not found".
    decided = actor("Schon entschieden", status=Actor.Status.PUBLISHED)
    client.force_login(moderator)
    response = client.post(
        reverse("actors:actor_moderate", args=[decided.slug]), {"decision": "reject", "note": "zu spät"}, follow=True
    )
    assert response.status_code == 200
    assert "„Schon entschieden“ wurde bereits entschieden (Veröffentlicht)." in response.content.decode()
    decided.refresh_from_db()
    assert decided.status == Actor.Status.PUBLISHED and decided.moderation_note == ""
