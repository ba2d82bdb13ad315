"""Every change to an actor is recorded: who, when, which fields; editors and moderators see it."""

import pytest
from django.urls import reverse

from wandelnetz.topics.tests.factories import topic

pytestmark = pytest.mark.django_db


def test_edit_is_recorded_with_user_and_changed_fields(client, owner, owned_actor):
    mobility = topic("Mobilität")
    client.force_login(owner)
    client.post(
        reverse("actors:actor_edit", args=[owned_actor.slug]),
        {
            "name": "Aktionskreis Beispiel",
            "short_name": "AkB",
            "kind": "association",
            "phone": "0341 000000",
            "topics": [mobility.pk],
        },
    )
    latest = owned_actor.history.latest()
    assert latest.history_user == owner
    previous = latest.prev_record
    changed = {c.field for c in latest.diff_against(previous).changes}
    assert changed == {"phone", "topics"}


def test_history_page_lists_changes_for_editor_and_moderator(client, owner, moderator, owned_actor):
    client.force_login(owner)
    client.post(
        reverse("actors:actor_edit", args=[owned_actor.slug]),
        {"name": "Aktionskreis Beispiel", "short_name": "AkB", "kind": "association", "meeting_rhythm": "monatlich"},
    )
    for person in (owner, moderator):
        client.force_login(person)
        response = client.get(reverse("actors:actor_history", args=[owned_actor.slug]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Redaktion" in html  # the editor's display name
        assert "Treffrhythmus" in html  # the changed field, by its German label


def test_unchanged_form_writes_no_history(client, owner, owned_actor):
    client.force_login(owner)
    client.post(
        reverse("actors:actor_edit", args=[owned_actor.slug]),
        {"name": "Aktionskreis Beispiel", "short_name": "AkB", "kind": "association"},
    )
    assert owned_actor.history.count() == 1
