"""Saving and deleting minutes without an import: checked text, one row per event, the search in step."""

import pytest
from django.core.exceptions import ValidationError

from wandelnetz.events.tests.factories import event
from wandelnetz.minutes import services
from wandelnetz.minutes.models import MAX_MINUTES_CHARS, Minutes
from wandelnetz.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def entry(minutes: Minutes) -> SearchEntry | None:
    return SearchEntry.objects.filter(kind="minutes.minutes", object_id=minutes.pk).first()


def test_save_creates_then_updates_one_row(owner):
    meeting = event("Stammtisch")
    first = services.save_minutes(event=meeting, text="Erster Stand\r\n", user=owner)
    second = services.save_minutes(event=meeting, text="Zweiter Stand", user=owner)
    assert first.pk == second.pk and Minutes.objects.count() == 1
    assert Minutes.objects.get().text == "Zweiter Stand"
    assert first.text == "Erster Stand\n"  # newlines normalised by the importer's check


@pytest.mark.parametrize(
    "text", ["", "   ", "x" * (MAX_MINUTES_CHARS + 1), "Bild\x00\x01"], ids=["empty", "blank", "too-long", "binary"]
)
def test_refused_text_saves_nothing(text):
    meeting = event()
    with pytest.raises(ValidationError):
        services.save_minutes(event=meeting, text=text, user=None)
    assert not Minutes.objects.exists()


def test_refused_text_keeps_the_old_minutes():
    meeting = event()
    services.save_minutes(event=meeting, text="Bleibt", user=None)
    with pytest.raises(ValidationError):
        services.save_minutes(event=meeting, text="", user=None)
    assert Minutes.objects.get().text == "Bleibt"


def test_index_follows_save_and_delete():
    meeting = event("Stammtisch Dezember")
    minutes = services.save_minutes(event=meeting, text="Über **Mobilität** gesprochen.", user=None)
    indexed = entry(minutes)
    assert indexed is not None
    assert indexed.title == "Protokoll: Stammtisch Dezember"
    assert indexed.body == "Über Mobilität gesprochen."
    assert indexed.url == f"/protokolle/{meeting.slug}/" and indexed.is_public
    services.save_minutes(event=meeting, text="Anders.", user=None)
    assert entry(minutes).body == "Anders."
    services.delete_minutes(minutes=minutes)
    assert entry(minutes) is None and not Minutes.objects.exists()
