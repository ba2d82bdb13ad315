"""A relation is proposed by one side, confirmed by the other, and public only when confirmed."""

import pytest
from django.urls import reverse

from wandelnetz.actors.models import Relation
from wandelnetz.actors.tests.factories import actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance(outsider):
    return actor("StrukturWandeln Bündnis", kind="alliance", editors=[outsider])


def propose(client, owner, owned_actor, alliance):
    client.force_login(owner)
    return client.post(
        reverse("actors:relation_propose", args=[owned_actor.slug]),
        {"kind": "part_of", "other": "StrukturWandeln Bündnis", "direction": "out", "start_date": "2020-01-01"},
    )


def test_proposed_relation_is_not_public(client, owner, owned_actor, alliance):
    response = propose(client, owner, owned_actor, alliance)
    assert response.status_code == 302
    relation = Relation.objects.get()
    assert relation.state == Relation.State.PROPOSED
    assert (relation.source, relation.target, relation.proposed_by_actor) == (owned_actor, alliance, owned_actor)
    client.logout()
    html = client.get(owned_actor.get_absolute_url()).content.decode()
    assert "StrukturWandeln Bündnis</a>" not in html


def test_proposer_cannot_confirm_own_proposal(client, owner, owned_actor, alliance):
    propose(client, owner, owned_actor, alliance)
    relation = Relation.objects.get()
    response = client.post(reverse("actors:relation_decide", args=[relation.pk]), {"decision": "confirm"})
    assert response.status_code == 403
    relation.refresh_from_db()
    assert relation.state == Relation.State.PROPOSED


def test_other_side_confirms_and_relation_is_public_on_both_pages(client, owner, outsider, owned_actor, alliance):
    propose(client, owner, owned_actor, alliance)
    relation = Relation.objects.get()
    client.force_login(outsider)  # editor of the alliance
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert reverse("actors:relation_decide", args=[relation.pk]) in page
    response = client.post(reverse("actors:relation_decide", args=[relation.pk]), {"decision": "confirm"})
    assert response.status_code == 302
    relation.refresh_from_db()
    assert relation.state == Relation.State.CONFIRMED and relation.decided_by == outsider
    client.logout()
    assert "StrukturWandeln Bündnis</a>" in client.get(owned_actor.get_absolute_url()).content.decode()
    assert "Aktionskreis Beispiel</a>" in client.get(alliance.get_absolute_url()).content.decode()


def test_other_side_declines(client, owner, outsider, owned_actor, alliance):
    propose(client, owner, owned_actor, alliance)
    relation = Relation.objects.get()
    client.force_login(outsider)
    client.post(reverse("actors:relation_decide", args=[relation.pk]), {"decision": "decline"})
    assert not Relation.objects.exists()


def test_duplicate_proposal_is_refused(client, owner, owned_actor, alliance):
    propose(client, owner, owned_actor, alliance)
    response = propose(client, owner, owned_actor, alliance)
    assert response.status_code == 400
    assert "existiert bereits" in response.content.decode()
    assert Relation.objects.count() == 1


def test_json_ld_names_membership(client, owner, outsider, owned_actor, alliance):
    import json
    import re

    propose(client, owner, owned_actor, alliance)
    relation = Relation.objects.get()
    client.force_login(outsider)
    client.post(reverse("actors:relation_decide", args=[relation.pk]), {"decision": "confirm"})
    client.logout()
    html = client.get(owned_actor.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Organization"
    assert data["memberOf"][0]["name"] == "StrukturWandeln Bündnis"
    html = client.get(alliance.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert data["member"][0]["name"] == "Aktionskreis Beispiel"


def test_an_umbrella_shows_fifty_members_and_says_there_are_more(client):
    """A hub with hundreds of members must not render them all on every visit."""
    from wandelnetz.actors.models import Actor

    hub = actor("Großes Bündnis", kind="alliance")
    members = Actor.objects.bulk_create(
        Actor(name=f"Mitglied {i:02d}", slug=f"mitglied-{i}", kind="association", status="published") for i in range(55)
    )
    Relation.objects.bulk_create(
        Relation(source=m, target=hub, kind=Relation.Kind.MEMBER_OF, state=Relation.State.CONFIRMED) for m in members
    )
    html = client.get(hub.get_absolute_url()).content.decode()
    assert html.count("ist Mitglied in Großes Bündnis") == 50
    assert "Nur die ersten 50 Beziehungen in jeder Richtung werden hier gezeigt." in html


def test_unknown_decision_or_decided_relation_changes_nothing(client, owner, outsider, owned_actor, alliance):
    propose(client, owner, owned_actor, alliance)
    relation = Relation.objects.get()
    client.force_login(outsider)
    url = reverse("actors:relation_decide", args=[relation.pk])
    assert client.post(url, {"decision": "vielleicht"}).status_code == 400
    assert client.post(url).status_code == 400
    relation.refresh_from_db()
    assert relation.state == Relation.State.PROPOSED
    client.post(url, {"decision": "confirm"})
    assert client.post(url, {"decision": "decline"}).status_code == 404  # already decided
    assert client.get(url).status_code == 405
    relation.refresh_from_db()
    assert relation.state == Relation.State.CONFIRMED


def test_a_shared_name_asks_which_one_and_name_with_address_part_picks_it(client, owner, owned_actor, alliance):
    twin = actor("StrukturWandeln Bündnis", slug="strukturwandeln-zwei")
    client.force_login(owner)
    url = reverse("actors:relation_propose", args=[owned_actor.slug])
    data = {"kind": "partner_of", "direction": "out"}
    response = client.post(url, {**data, "other": "strukturwandeln bündnis"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mehrere passen zu „strukturwandeln bündnis“" in html and f"({alliance.slug})" in html
    assert not Relation.objects.exists()
    response = client.post(url, {**data, "other": "StrukturWandeln Bündnis (strukturwandeln-zwei)"})
    assert response.status_code == 302
    assert Relation.objects.get().target == twin


def test_my_actors_tells_the_other_side_a_proposal_waits(client, owner, outsider, owned_actor, alliance):
    # Nothing told the other side: they had to open their actor's page to find the proposal.
    propose(client, owner, owned_actor, alliance)
    client.force_login(outsider)  # editor of the alliance
    html = client.get(reverse("actors:my_actors")).content.decode()
    assert "1 vorgeschlagene Beziehung wartet auf Ihre Entscheidung" in html
    assert f"{alliance.get_absolute_url()}#relations-title" in html
    # The proposing side waits too, but has nothing to decide.
    client.force_login(owner)
    assert "wartet auf Ihre Entscheidung" not in client.get(reverse("actors:my_actors")).content.decode()
    # Decided: the hint is gone.
    client.force_login(outsider)
    client.post(reverse("actors:relation_decide", args=[Relation.objects.get().pk]), {"decision": "confirm"})
    assert "wartet auf Ihre Entscheidung" not in client.get(reverse("actors:my_actors")).content.decode()


def test_decision_buttons_say_which_relation(client, owner, outsider, owned_actor, alliance):
    # A screen reader's list of buttons showed "Bestätigen", "Ablehnen" for every waiting relation alike.
    propose(client, owner, owned_actor, alliance)
    client.force_login(outsider)
    html = client.get(alliance.get_absolute_url()).content.decode()
    assert (
        'Bestätigen<span class="visually-hidden">: Aktionskreis Beispiel ist Teil von StrukturWandeln Bündnis</span>'
        in html
    )
