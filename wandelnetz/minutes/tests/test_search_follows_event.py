"""The search entry of minutes follows their event: renamed with it, gone with it."""

import pytest

from wandelnetz.events import services as event_services
from wandelnetz.events.tests.factories import event
from wandelnetz.minutes.services import save_minutes
from wandelnetz.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def _entries():
    return SearchEntry.objects.filter(kind="minutes.minutes")


def test_renamed_event_renames_its_minutes_in_the_search():
    meeting = event(title="Stammtisch Alt")
    save_minutes(event=meeting, text="Wir sprachen über Radwege.", user=None)
    assert _entries().get().title == "Protokoll: Stammtisch Alt"
    meeting.title = "Stammtisch Neu"
    event_services.update_event(meeting, changed_fields=["title"])
    assert _entries().get().title == "Protokoll: Stammtisch Neu"


def test_deleted_event_takes_its_minutes_out_of_the_search():
    meeting = event(title="Stammtisch")
    save_minutes(event=meeting, text="Wir sprachen über Radwege.", user=None)
    assert _entries().count() == 1
    meeting.delete()
    assert _entries().count() == 0
