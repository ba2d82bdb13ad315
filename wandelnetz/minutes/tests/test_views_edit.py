"""Editing the minutes' text directly (no import) and deleting the minutes: editors and moderators only."""

import pytest
from django.urls import reverse

from wandelnetz.events.models import Contribution
from wandelnetz.events.tests.factories import event
from wandelnetz.followups.models import FollowUp
from wandelnetz.minutes.models import MAX_MINUTES_CHARS, Minutes, MinutesLink
from wandelnetz.minutes.tests.factories_views import minutes_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(owned_actor):
    return event(
        "Stammtisch Dezember",
        organisers=[owned_actor],
        contributions=[{"speaker_name": "Erika Musterfrau", "title": "Impuls"}],
    )


def edit_url(ev) -> str:
    return reverse("minutes:minutes_edit", args=[ev.slug])


def delete_url(ev) -> str:
    return reverse("minutes:minutes_delete", args=[ev.slug])


def test_editor_writes_minutes_without_an_import(client, owner, meeting):
    client.force_login(owner)
    form = client.get(edit_url(meeting))
    assert form.status_code == 200 and 'name="text"' in form.content.decode()
    response = client.post(edit_url(meeting), {"text": "Erste Notizen\r\nzweite Zeile"})
    assert response.status_code == 303
    assert response["Location"] == reverse("minutes:minutes_detail", args=[meeting.slug])
    minutes = Minutes.objects.get(event=meeting)
    assert minutes.text == "Erste Notizen\nzweite Zeile"
    assert minutes.imported_at is None


def test_editing_changes_only_the_text(client, moderator, meeting):
    minutes_for(meeting, links=2, follow_ups=2)
    client.force_login(moderator)
    assert "Mobilitätswende" in client.get(edit_url(meeting)).content.decode()  # the current text to edit
    response = client.post(edit_url(meeting), {"text": "Neu geschrieben."})
    assert response.status_code == 303
    assert Minutes.objects.get().text == "Neu geschrieben."
    assert MinutesLink.objects.count() == 2 and FollowUp.objects.count() == 2 and Contribution.objects.count() == 1


@pytest.mark.parametrize("text", ["", "  \n ", "x" * (MAX_MINUTES_CHARS + 1)], ids=["empty", "blank", "too-long"])
def test_bad_text_is_400_and_keeps_the_minutes(client, owner, meeting, text):
    minutes_for(meeting, text="Bleibt so.")
    client.force_login(owner)
    response = client.post(edit_url(meeting), {"text": text})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert Minutes.objects.get().text == "Bleibt so."


def test_delete_asks_then_deletes_only_the_minutes(client, owner, meeting):
    minutes_for(meeting, links=3, follow_ups=2)
    client.force_login(owner)
    ask = client.get(delete_url(meeting))
    assert ask.status_code == 200 and "<form" in ask.content.decode()
    assert Minutes.objects.exists()
    response = client.post(delete_url(meeting))
    assert response.status_code == 303 and response["Location"] == meeting.get_absolute_url()
    assert not Minutes.objects.exists() and not MinutesLink.objects.exists()
    assert FollowUp.objects.count() == 2 and Contribution.objects.count() == 1
    assert client.get(delete_url(meeting)).status_code == 404  # nothing left to delete


def test_others_cannot_edit_or_delete(client, outsider, meeting):
    minutes_for(meeting, text="Bleibt so.")
    client.force_login(outsider)
    assert client.post(edit_url(meeting), {"text": "Gekapert"}).status_code == 403
    assert client.post(delete_url(meeting)).status_code == 403
    assert Minutes.objects.get().text == "Bleibt so."


def test_admin_lists_and_saves_minutes_and_keeps_the_index(client, meeting):
    from wandelnetz.accounts.tests.factories import UserFactory
    from wandelnetz.search.models import SearchEntry

    minutes = minutes_for(meeting, links=2)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("admin:minutes_minutes_changelist")).status_code == 200
    change_url = reverse("admin:minutes_minutes_change", args=[minutes.pk])
    assert client.get(change_url).status_code == 200
    response = client.post(reverse("admin:minutes_minutes_delete", args=[minutes.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Minutes.objects.exists()
    assert not SearchEntry.objects.filter(kind="minutes.minutes").exists()
