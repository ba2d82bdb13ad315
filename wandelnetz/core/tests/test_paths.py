"""slug_path/slug_url: the addresses reverse() gives, without walking the resolver for every row."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from wandelnetz.actors.models import Actor
from wandelnetz.bodies.models import Body
from wandelnetz.core.paths import slug_path, slug_url
from wandelnetz.events.models import Event, Series
from wandelnetz.followups.models import FollowUp
from wandelnetz.places.models import Place
from wandelnetz.topics.models import Region, Topic

VIEWS = [
    ("actors:actor_detail", Actor),
    ("bodies:body_detail", Body),
    ("events:event_detail", Event),
    ("events:series_detail", Series),
    ("followups:followup_detail", FollowUp),
    ("places:place_detail", Place),
    ("topics:region_detail", Region),
    ("topics:topic_detail", Topic),
]


@pytest.mark.parametrize(("viewname", "model"), VIEWS)
def test_same_address_as_reverse_and_get_absolute_url(viewname, model):
    for slug in ("verein", "ein-ergebnis_2", "AkSLL-2021"):
        expected = reverse(viewname, kwargs={"slug": slug})
        assert slug_path(viewname, slug) == expected
        assert slug_url(viewname)(model(slug=slug)) == expected
        assert model(slug=slug).get_absolute_url() == expected


def test_views_do_not_share_their_parts():
    assert slug_path("actors:actor_detail", "x") != slug_path("bodies:body_detail", "x")


def test_another_script_prefix_gets_its_own_addresses():
    plain = slug_path("actors:actor_detail", "verein")
    try:
        set_script_prefix("/wandelnetz/")
        assert slug_path("actors:actor_detail", "verein") == "/wandelnetz" + plain
        assert slug_path("actors:actor_detail", "verein") == reverse("actors:actor_detail", kwargs={"slug": "verein"})
    finally:
        set_script_prefix("/")
    assert slug_path("actors:actor_detail", "verein") == plain


def test_other_slugs_are_reversed_as_usual():
    with pytest.raises(NoReverseMatch):  # reverse refuses a slug with an umlaut; so does slug_path
        slug_path("topics:topic_detail", "straße")
    with pytest.raises(NoReverseMatch):
        Topic(slug="straße").get_absolute_url()
