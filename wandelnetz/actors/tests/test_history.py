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


def test_history_rows_name_each_change_in_a_fixed_number_of_queries(owner, owned_actor, django_assert_num_queries):
    """One query for the records and one per tracked many-to-many field (topics, regions, places),
    at 3 and at 13 rows, and the fields each row names are those simple-history's own diff names."""
    from wandelnetz.actors import services
    from wandelnetz.actors.selectors import actor_history

    mobility, energy = topic("Mobilität"), topic("Energie")
    services.update_actor(actor=owned_actor, changed_by=owner, phone="0341 1")
    services.update_actor(actor=owned_actor, changed_by=owner, topics=[mobility])
    with django_assert_num_queries(4):
        rows = actor_history(owned_actor)
    assert [row["changed_fields"] for row in rows] == [["Themen"], ["Telefon"], []]
    for number in range(10):
        services.update_actor(actor=owned_actor, changed_by=owner, topics=[energy if number % 2 else mobility])
    with django_assert_num_queries(4):
        rows = actor_history(owned_actor)
    assert len(rows) == 13
    records = list(owned_actor.history.order_by("-history_date", "-history_id"))
    for row, newer, older in zip(rows, records, [*records[1:], None], strict=True):
        expected = {c.field for c in newer.diff_against(older).changes} if older else set()
        assert len(row["changed_fields"]) == len(expected), (row, expected)


def test_history_page_shows_each_value_before_and_after(client, owner, moderator, owned_actor):
    """Editors and moderators see what an edit did, not only where: a vandalised description or a
    changed phone number reads before and after; a choice by its label; links only as "geändert"."""
    from wandelnetz.actors import services

    services.update_actor(actor=owned_actor, changed_by=owner, phone="0341 111", kind="initiative")
    services.update_actor(
        actor=owned_actor,
        changed_by=owner,
        phone="0341 222",
        description="<script>alert(1)</script> " + "Werbung " * 100,
        topics=[topic("Mobilität")],
    )
    client.force_login(moderator)
    html = client.get(reverse("actors:actor_history", args=[owned_actor.slug])).content.decode()
    newest = html.split('<ol class="history">')[1].split("</li>")[0]
    assert "<dt>Telefon</dt>" in newest
    assert "vorher: <q>0341 111</q> · jetzt: <q>0341 222</q>" in newest
    empty = '<span class="muted">(leer)</span>'
    assert f"vorher: {empty} · jetzt: <q>&lt;script&gt;alert(1)&lt;/script&gt; Werbung" in newest
    assert "<script>alert(1)" not in html
    assert "…</q>" in newest  # long text is cut
    assert "<dt>Themen</dt>\n<dd>geändert</dd>" in newest
    older = html.split('<ol class="history">')[1].split("</li>")[1]
    assert "<dt>Art</dt>" in older and "jetzt: <q>Initiative</q>" in older
