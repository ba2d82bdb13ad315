"""get_FOO_display() through ChoiceLabelsModel: the label in the active language, in one lookup."""

from django.utils import translation

from wandelnetz.actors.models import Actor
from wandelnetz.bodies.models import Body
from wandelnetz.followups.models import FollowUp, StatusChange
from wandelnetz.topics.models import Region


def test_label_follows_the_active_language():
    actor = Actor(kind=Actor.Kind.FOUNDATION)
    with translation.override("de"):
        assert actor.get_kind_display() == "Stiftung"
    with translation.override("en"):
        assert actor.get_kind_display() == "Foundation"
    with translation.override("de"):  # the cached labels stay lazy
        assert actor.get_kind_display() == "Stiftung"


def test_integer_choices_and_unknown_values():
    body = Body(power=Body.Power.DECIDE)
    with translation.override("en"):
        assert body.get_power_display() == str(Body.Power.DECIDE.label)
        body.power = 99  # not a choice: the value itself, as Django's own does
        assert body.get_power_display() == 99
        body.kind = ""
        assert body.get_kind_display() == ""


def test_each_field_has_its_own_labels():
    body = Body(level=Body.Level.values[0], openness=Body.Openness.values[0])
    with translation.override("en"):
        assert body.get_level_display() == str(Body.Level.choices[0][1])
        assert body.get_openness_display() == str(Body.Openness.choices[0][1])


def test_models_outside_timestamped_models_too():
    """Tree nodes and the plain link and history rows share the same labels."""
    region = Region(kind=Region.Kind.DISTRICT)
    change = StatusChange(to_status=FollowUp.Status.STALLED)
    with translation.override("de"):
        assert region.get_kind_display() == "Landkreis"
        assert change.get_to_status_display() == str(FollowUp.Status.STALLED.label)
    with translation.override("en"):
        assert region.get_kind_display() == "District"


def test_callable_choices_are_read_on_every_call():
    """A field whose choices come from a function may change them: those are not kept."""
    from django.db import models

    labels = {"association": "Verein"}
    field = models.CharField(choices=lambda: list(labels.items()))
    field.set_attributes_from_name("kind")
    actor = Actor(kind="association")
    assert actor._get_FIELD_display(field) == "Verein"
    labels["association"] = "Eingetragener Verein"
    assert actor._get_FIELD_display(field) == "Eingetragener Verein"
