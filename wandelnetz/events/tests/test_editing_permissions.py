"""Editors of an organising actor (and moderators) change events and series; others get 403."""

import pytest
from django.urls import reverse

from wandelnetz.events.models import Event, Series
from wandelnetz.events.tests.factories import event as make_event
from wandelnetz.events.tests.factories import occurrence_of
from wandelnetz.events.tests.factories import series as make_series
from wandelnetz.events.tests.factories_editing import event_data, event_data_for

pytestmark = pytest.mark.django_db


def _event_urls(event: Event) -> list[str]:
    return [
        reverse("events:event_edit", args=[event.slug]),
        reverse("events:event_dates", args=[event.slug]),
    ]


def test_anonymous_is_sent_to_sign_in(client, owned_actor):
    single = make_event(organisers=[owned_actor])
    stammtisch = make_series("Stammtisch", organisers=[owned_actor])
    urls = [
        reverse("events:event_create"),
        reverse("events:series_create"),
        reverse("events:series_edit", args=[stammtisch.slug]),
        reverse("events:event_status", args=[single.slug]),
        *_event_urls(single),
    ]
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and "/konto/login/" in response["Location"], url
    assert Event.objects.count() == 1 and Series.objects.count() == 1


def test_member_without_an_actor_cannot_create(client, member, owned_actor):
    client.force_login(member)
    assert client.get(reverse("events:event_create")).status_code == 403
    assert client.post(reverse("events:event_create"), event_data([owned_actor])).status_code == 403
    assert client.get(reverse("events:series_create")).status_code == 403
    assert not Event.objects.exists()


def test_outsider_gets_403_and_nothing_changes(client, outsider, owned_actor):
    single = make_event("Vorher", organisers=[owned_actor])
    stammtisch = make_series("Stammtisch", organisers=[owned_actor])
    client.force_login(outsider)
    for url in _event_urls(single):
        assert client.get(url).status_code == 403
    response = client.post(reverse("events:event_edit", args=[single.slug]), event_data_for(single, title="Gekapert"))
    assert response.status_code == 403
    occurrence = occurrence_of(single)
    response = client.post(
        reverse("events:event_dates", args=[single.slug]), {"action": "cancel", "occurrence": occurrence.pk}
    )
    assert response.status_code == 403
    assert client.post(reverse("events:event_status", args=[single.slug]), {"status": "cancelled"}).status_code == 403
    url = reverse("events:series_edit", args=[stammtisch.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Gekapert", "organisers": [owned_actor.pk]}).status_code == 403
    single.refresh_from_db()
    stammtisch.refresh_from_db()
    occurrence.refresh_from_db()
    assert (single.title, single.status, single.sequence) == ("Vorher", Event.Status.PLANNED, 0)
    assert not occurrence.cancelled and not single.changes.exists()
    assert stammtisch.title == "Stammtisch"


def test_owner_may_edit(client, owner, owned_actor):
    single = make_event(organisers=[owned_actor])
    stammtisch = make_series("Stammtisch", organisers=[owned_actor])
    client.force_login(owner)
    for url in [*_event_urls(single), reverse("events:series_edit", args=[stammtisch.slug])]:
        assert client.get(url).status_code == 200, url
    response = client.post(reverse("events:event_edit", args=[single.slug]), event_data_for(single, title="Neu"))
    assert response.status_code == 302
    single.refresh_from_db()
    assert single.title == "Neu"


def test_editor_of_a_co_organiser_may_edit(client, owner, owned_actor):
    from wandelnetz.actors.tests.factories import actor

    other = actor("Mitveranstalter")
    single = make_event(organisers=[other, owned_actor])
    client.force_login(owner)
    # The co-organiser the owner does not edit stays offered (and kept) when saving.
    response = client.post(reverse("events:event_edit", args=[single.slug]), event_data_for(single, title="Neu"))
    assert response.status_code == 302
    assert set(single.organisers.all()) == {other, owned_actor}


def test_moderator_may_edit_any_event_and_series(client, moderator, owned_actor):
    single = make_event(organisers=[owned_actor])
    stammtisch = make_series("Stammtisch", organisers=[owned_actor])
    client.force_login(moderator)
    for url in [*_event_urls(single), reverse("events:series_edit", args=[stammtisch.slug])]:
        assert client.get(url).status_code == 200, url
    response = client.post(reverse("events:event_status", args=[single.slug]), {"status": "confirmed"})
    assert response.status_code == 302
    single.refresh_from_db()
    assert single.status == Event.Status.CONFIRMED


def test_unknown_event_is_404(client, owner):
    client.force_login(owner)
    assert client.get(reverse("events:event_edit", args=["gibt-es-nicht"])).status_code == 404
    assert client.get(reverse("events:series_edit", args=["gibt-es-nicht"])).status_code == 404


def test_an_unpublished_actor_cannot_organise(client, member):
    from wandelnetz.actors.models import Actor
    from wandelnetz.actors.tests.factories import actor

    pending = actor("Wartet noch", status=Actor.Status.PENDING, editors=[member])
    client.force_login(member)
    page = client.get(reverse("events:event_create"))
    assert page.status_code == 200
    assert not page.context["form"].fields["organisers"].queryset.exists()
    assert 'class="notice"' in page.content.decode()
    response = client.post(reverse("events:event_create"), event_data([pending]))
    assert response.status_code == 400 and response.context["form"].has_error("organisers", "invalid_choice")
    assert not Event.objects.exists()
