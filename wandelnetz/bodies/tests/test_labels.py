"""Words that are the same in English and different in German keep their own German label."""

from django.utils import translation

from wandelnetz.bodies.models import Body
from wandelnetz.events.models import Event
from wandelnetz.minutes.models import Minutes


def test_a_body_workshop_is_a_werkstatt_and_an_event_workshop_stays_a_workshop():
    with translation.override("de"):
        assert str(Body.Kind.WORKSHOP.label) == "Werkstatt"
        assert str(Event.Kind.WORKSHOP.label) == "Workshop"
    with translation.override("en"):
        assert str(Body.Kind.WORKSHOP.label) == str(Event.Kind.WORKSHOP.label) == "Workshop"


def test_minutes_have_a_german_plural():
    with translation.override("de"):
        assert (str(Minutes._meta.verbose_name), str(Minutes._meta.verbose_name_plural)) == ("Protokoll", "Protokolle")
    with translation.override("en"):
        assert str(Minutes._meta.verbose_name_plural) == "minutes"
