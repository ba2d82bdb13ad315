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


def test_the_actor_lookup_help_says_whose_name_it_asks_for():
    """'Sein Name, seine Abkürzung …' under 'Einberufen von' referred to nothing: the help names the actor."""
    from wandelnetz.actors.forms import RelationProposalForm
    from wandelnetz.bodies.forms import BodyForm, SeatForm

    helps = [
        BodyForm.base_fields["convened_by"].help_text,
        SeatForm.base_fields["actor"].help_text,
        RelationProposalForm.base_fields["other"].help_text,
    ]
    with translation.override("de"):
        for text in map(str, helps):
            assert (
                text == "Name oder Abkürzung des Akteurs, z. B. „AkSLL“, oder der letzte Teil der Adresse seiner Seite."
            )
    with translation.override("en"):
        assert (
            str(helps[0]) == "The actor's name or abbreviation, e.g. “AkSLL”, or the last part of its page's address."
        )
