"""A proposal is withdrawn by the side that made it; a confirmed relation is ended by either side
(it stays, shown as a former one) and deleted by moderators only."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wandelnetz.actors import services
from wandelnetz.actors.models import Relation
from wandelnetz.actors.permissions import can_delete_relation, can_end_relation, can_withdraw_relation
from wandelnetz.actors.tests.factories import actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance(outsider):
    """The other side; `outsider` edits it."""
    return actor("StrukturWandeln Bündnis", kind="alliance", editors=[outsider])


@pytest.fixture
def proposed(owned_actor, alliance, owner):
    """Proposed by the owned actor's side: Aktionskreis Beispiel is part of the alliance."""
    return services.propose_relation(
        proposing_actor=owned_actor,
        other=alliance,
        kind=Relation.Kind.PART_OF,
        outgoing=True,
        proposed_by=owner,
        start_date=date(2019, 5, 1),
    )


@pytest.fixture
def confirmed(proposed, outsider):
    return services.confirm_relation(relation=proposed, decided_by=outsider)


def url(name, relation):
    return reverse(f"actors:{name}", args=[relation.pk])


def html_of(client, actor_):
    return client.get(actor_.get_absolute_url()).content.decode()


# --- Permissions ----------------------------------------------------------------------------------


def test_who_may_withdraw_end_and_delete(proposed, owner, outsider, member, moderator):
    relation = Relation.objects.select_related("source", "target").get(pk=proposed.pk)
    # Withdraw: the proposing side's editors and moderators; not the other side's, not anyone else.
    assert can_withdraw_relation(owner, relation)
    assert can_withdraw_relation(moderator, relation)
    assert not can_withdraw_relation(outsider, relation)
    assert not can_withdraw_relation(member, relation)
    assert not can_withdraw_relation(None, relation)
    # End: either side's editors and moderators.
    assert can_end_relation(owner, relation)
    assert can_end_relation(outsider, relation)
    assert can_end_relation(moderator, relation)
    assert not can_end_relation(member, relation)
    # Delete: moderators only.
    assert can_delete_relation(moderator, relation)
    assert not can_delete_relation(owner, relation)
    assert not can_delete_relation(outsider, relation)
    assert not can_delete_relation(member, relation)


def test_relation_without_a_proposing_side_is_withdrawn_by_moderators_only(owned_actor, alliance, owner, moderator):
    relation = Relation.objects.create(source=owned_actor, target=alliance, kind=Relation.Kind.PARTNER_OF)
    assert relation.proposing_actor is None
    assert not can_withdraw_relation(owner, relation)
    assert can_withdraw_relation(moderator, relation)


# --- Services -------------------------------------------------------------------------------------


def test_withdraw_deletes_a_proposal(proposed, owner):
    services.withdraw_relation(relation=proposed, withdrawn_by=owner)
    assert not Relation.objects.exists()


def test_a_confirmed_relation_cannot_be_withdrawn(confirmed, owner):
    with pytest.raises(services.RelationError, match="wartet nicht mehr auf Bestätigung"):
        services.withdraw_relation(relation=confirmed, withdrawn_by=owner)
    assert Relation.objects.get().state == Relation.State.CONFIRMED


def test_end_sets_the_end_date_and_keeps_the_relation(confirmed, owner):
    services.end_relation(relation=confirmed, end_date=date(2025, 3, 31), ended_by=owner)
    confirmed.refresh_from_db()
    assert confirmed.end_date == date(2025, 3, 31)
    assert confirmed.state == Relation.State.CONFIRMED
    assert confirmed.has_ended


def test_end_refuses_a_date_before_the_start(confirmed, owner):
    with pytest.raises(services.RelationError, match="nicht vor dem Anfangsdatum"):
        services.end_relation(relation=confirmed, end_date=date(2019, 4, 30), ended_by=owner)
    confirmed.refresh_from_db()
    assert confirmed.end_date is None


def test_end_refuses_an_ended_or_unconfirmed_relation(proposed, owner):
    with pytest.raises(services.RelationError, match="Nur eine bestätigte Beziehung"):
        services.end_relation(relation=proposed, end_date=date(2025, 1, 1), ended_by=owner)
    services.confirm_relation(relation=proposed, decided_by=None)
    services.end_relation(relation=proposed, end_date=date(2025, 1, 1), ended_by=owner)
    with pytest.raises(services.RelationError, match="bereits beendet"):
        services.end_relation(relation=proposed, end_date=date(2025, 6, 1), ended_by=owner)
    proposed.refresh_from_db()
    assert proposed.end_date == date(2025, 1, 1)


def test_a_planned_end_can_be_brought_forward(confirmed, owner):
    # An end date in the future is no end yet: the relation still counts as current.
    later = timezone.localdate() + timedelta(days=200)
    services.end_relation(relation=confirmed, end_date=later, ended_by=owner)
    confirmed.refresh_from_db()
    assert not confirmed.has_ended
    services.end_relation(relation=confirmed, end_date=timezone.localdate(), ended_by=owner)
    confirmed.refresh_from_db()
    assert confirmed.has_ended


def test_delete_removes_the_relation(confirmed, moderator):
    services.delete_relation(relation=confirmed, deleted_by=moderator)
    assert not Relation.objects.exists()


# --- Withdrawing in the UI ------------------------------------------------------------------------


def test_proposer_withdraws_and_the_other_side_no_longer_sees_it(
    client, proposed, owner, outsider, owned_actor, alliance
):
    client.force_login(outsider)
    my_actors = client.get(reverse("actors:my_actors")).content.decode()
    assert "wartet auf Ihre Entscheidung" in my_actors
    client.force_login(owner)
    page = html_of(client, owned_actor)
    # The button names the relation for screen readers.
    assert (
        'Zurückziehen<span class="visually-hidden">: Aktionskreis Beispiel ist Teil von StrukturWandeln Bündnis</span>'
        in page
    )
    response = client.post(url("relation_withdraw", proposed), {"actor": owned_actor.pk}, follow=True)
    assert response.redirect_chain == [(owned_actor.get_absolute_url(), 303)]
    assert "Der Vorschlag „Aktionskreis Beispiel ist Teil von StrukturWandeln Bündnis“ wurde zurückgezogen." in (
        response.content.decode()
    )
    assert not Relation.objects.exists()
    client.force_login(outsider)
    assert "wartet auf Ihre Entscheidung" not in client.get(reverse("actors:my_actors")).content.decode()
    assert url("relation_decide", proposed) not in html_of(client, alliance)


def test_the_other_side_sees_no_withdraw_button(client, proposed, outsider, alliance):
    client.force_login(outsider)
    assert url("relation_withdraw", proposed) not in html_of(client, alliance)


@pytest.mark.parametrize("who", ["outsider", "member"])
def test_others_may_not_withdraw(client, proposed, who, request):
    # `outsider` edits the other side: that side declines instead.
    client.force_login(request.getfixturevalue(who))
    response = client.post(url("relation_withdraw", proposed))
    assert response.status_code == 403
    assert Relation.objects.filter(pk=proposed.pk).exists()


def test_moderator_may_withdraw(client, proposed, moderator):
    client.force_login(moderator)
    assert client.post(url("relation_withdraw", proposed)).status_code == 303
    assert not Relation.objects.exists()


def test_withdraw_is_post_only_and_needs_an_existing_relation(client, proposed, owner):
    client.force_login(owner)
    assert client.get(url("relation_withdraw", proposed)).status_code == 405
    assert client.post(reverse("actors:relation_withdraw", args=[987654])).status_code == 404
    assert Relation.objects.exists()


def test_withdrawing_a_confirmed_relation_is_refused_with_a_message(client, confirmed, owner, owned_actor):
    client.force_login(owner)
    response = client.post(url("relation_withdraw", confirmed), {"actor": owned_actor.pk})
    assert response.status_code == 400
    assert "wartet nicht mehr auf Bestätigung" in response.content.decode()
    assert Relation.objects.get().state == Relation.State.CONFIRMED


def test_anonymous_is_sent_to_sign_in(client, proposed):
    for name in ("relation_withdraw", "relation_end", "relation_delete"):
        response = client.post(url(name, proposed), {"end_date": "2025-03-31"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert Relation.objects.get().state == Relation.State.PROPOSED


# --- Ending in the UI -----------------------------------------------------------------------------


def test_either_side_ends_and_the_relation_shows_as_former(client, confirmed, outsider, owned_actor, alliance):
    client.force_login(outsider)  # the alliance's side, which did not propose it
    page = html_of(client, alliance)
    assert (
        'Beziehung beenden<span class="visually-hidden">: Aktionskreis Beispiel ist Teil von StrukturWandeln '
        "Bündnis</span>"
    ) in page
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page  # today unless said otherwise
    response = client.post(
        url("relation_end", confirmed), {"actor": alliance.pk, "end_date": "2025-03-31"}, follow=True
    )
    assert response.redirect_chain == [(alliance.get_absolute_url(), 303)]
    assert "wurde beendet. Sie wird jetzt als ehemalige Beziehung angezeigt." in response.content.decode()
    confirmed.refresh_from_db()
    assert confirmed.end_date == date(2025, 3, 31)
    client.logout()
    for side in (owned_actor, alliance):
        page = html_of(client, side)
        assert "(ehemals, 2019–03/2025)" in page
        assert 'class="former"' in page
    # No longer a membership in the structured data either.
    assert '"memberOf"' not in html_of(client, owned_actor)


def test_an_ended_relation_offers_no_end_button(client, confirmed, owner, owned_actor):
    services.end_relation(relation=confirmed, end_date=date(2024, 1, 1), ended_by=owner)
    client.force_login(owner)
    assert url("relation_end", confirmed) not in html_of(client, owned_actor)


def test_current_relation_with_a_planned_end_shows_both_dates(client, confirmed, owner, owned_actor):
    later = date(timezone.localdate().year + 2, 6, 30)
    services.end_relation(relation=confirmed, end_date=later, ended_by=owner)
    page = html_of(client, owned_actor)
    assert f"(seit 2019, bis 06/{later.year})" in page
    assert "ehemals" not in page


def test_people_of_neither_side_may_not_end(client, confirmed, member):
    client.force_login(member)
    response = client.post(url("relation_end", confirmed), {"end_date": "2025-03-31"})
    assert response.status_code == 403
    confirmed.refresh_from_db()
    assert confirmed.end_date is None


def test_moderator_may_end(client, confirmed, moderator):
    client.force_login(moderator)
    assert client.post(url("relation_end", confirmed), {"end_date": "2025-03-31"}).status_code == 303
    confirmed.refresh_from_db()
    assert confirmed.end_date == date(2025, 3, 31)


@pytest.mark.parametrize(
    ("end_date", "message"),
    [
        ("2019-04-30", "Das Enddatum darf nicht vor dem Anfangsdatum (1. Mai 2019) liegen."),
        ("2025-02-30", "Bitte geben Sie ein gültiges Datum an"),
        ("morgen", "Bitte geben Sie ein gültiges Datum an"),
        ("", "Bitte geben Sie das Datum an, an dem die Beziehung endete."),
    ],
)
def test_bad_end_dates_are_refused_with_a_message(client, confirmed, owner, owned_actor, end_date, message):
    client.force_login(owner)
    response = client.post(url("relation_end", confirmed), {"actor": owned_actor.pk, "end_date": end_date})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'href="#id_end_{confirmed.pk}_end_date"' in html  # the summary leads to the field
    confirmed.refresh_from_db()
    assert confirmed.end_date is None


def test_ending_twice_or_ending_a_proposal_is_refused(client, proposed, owner, outsider):
    client.force_login(owner)
    response = client.post(url("relation_end", proposed), {"end_date": "2025-03-31"})
    assert response.status_code == 400
    assert "Nur eine bestätigte Beziehung kann beendet werden." in response.content.decode()
    services.confirm_relation(relation=proposed, decided_by=outsider)
    assert client.post(url("relation_end", proposed), {"end_date": "2025-03-31"}).status_code == 303
    response = client.post(url("relation_end", proposed), {"end_date": "2025-04-30"})
    assert response.status_code == 400
    assert "Diese Beziehung ist bereits beendet." in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.end_date == date(2025, 3, 31)


def test_end_is_post_only_and_needs_an_existing_relation(client, confirmed, owner):
    client.force_login(owner)
    assert client.get(url("relation_end", confirmed)).status_code == 405
    assert client.post(reverse("actors:relation_end", args=[987654]), {"end_date": "2025-03-31"}).status_code == 404


# --- Deleting (moderators) ------------------------------------------------------------------------


def test_moderator_deletes_after_a_confirmation_step(client, confirmed, moderator, owned_actor, alliance):
    client.force_login(moderator)
    page = html_of(client, alliance)
    assert (
        'Löschen<span class="visually-hidden">: Aktionskreis Beispiel ist Teil von StrukturWandeln Bündnis</span>'
        in page
    )
    ask = client.get(url("relation_delete", confirmed), {"actor": alliance.pk})
    assert ask.status_code == 200
    assert "versehentlich eingetragenen Beziehung" in ask.content.decode()
    assert Relation.objects.exists()  # asking deletes nothing
    response = client.post(url("relation_delete", confirmed), {"actor": alliance.pk}, follow=True)
    assert response.redirect_chain == [(alliance.get_absolute_url(), 303)]
    assert "wurde gelöscht." in response.content.decode()
    assert not Relation.objects.exists()


@pytest.mark.parametrize("who", ["owner", "outsider", "member"])
def test_only_moderators_may_delete(client, confirmed, who, request, owned_actor):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("relation_delete", confirmed)).status_code == 403
    assert client.post(url("relation_delete", confirmed)).status_code == 403
    assert Relation.objects.exists()
    assert url("relation_delete", confirmed) not in html_of(client, owned_actor)


def test_delete_of_a_missing_relation_is_404(client, moderator):
    client.force_login(moderator)
    assert client.post(reverse("actors:relation_delete", args=[987654])).status_code == 404


def test_redirect_ignores_an_actor_that_is_not_a_side(client, confirmed, owner, owned_actor, member):
    stranger = actor("Ganz anderer Verein", editors=[member])
    client.force_login(owner)
    response = client.post(url("relation_end", confirmed), {"actor": stranger.pk, "end_date": "2025-03-31"})
    assert response.status_code == 303
    assert response["Location"] == owned_actor.get_absolute_url()
