"""Linking where a follow-up went next takes the target's title or name, as people know it; an
address or its last part still works, and a shared title asks which one is meant."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from wandelnetz.bodies.tests.factories import body
from wandelnetz.events.tests.factories import event
from wandelnetz.followups.models import FollowUpLink
from wandelnetz.followups.tests.factories import follow_up

pytestmark = pytest.mark.django_db


def add_link(editor, item, kind: str, target: str):  # type: ignore[no-untyped-def]
    with override("en"):
        return editor.post(reverse("followups:followup_link_add", args=[item.slug]), {"kind": kind, "target": target})


def test_an_event_by_its_title_in_any_case(editor, item):
    meeting = event("Stammtisch Jugendbeteiligung")
    assert add_link(editor, item, "event", "stammtisch jugendbeteiligung").status_code == 302
    assert FollowUpLink.objects.get().event == meeting


@pytest.mark.parametrize("target", ["Jugendbeirat Landkreis Leipzig", "JBL", "/gremien/jugendbeirat/"])
def test_a_body_by_its_name_abbreviation_or_address(editor, item, target):
    board = body("Jugendbeirat Landkreis Leipzig", short_name="JBL", slug="jugendbeirat")
    assert add_link(editor, item, "body", target).status_code == 302
    assert FollowUpLink.objects.get().body == board


def test_a_follow_up_by_its_title(editor, item):
    later = follow_up("Infoplattform im Landkreis")
    assert add_link(editor, item, "follow_up", "Infoplattform im Landkreis").status_code == 302
    assert FollowUpLink.objects.get().target == later


def test_a_shared_title_is_a_400_naming_each_and_the_address_part_picks_one(editor, item):
    first = event("Stammtisch", slug="stammtisch-2022-03-07")
    second = event("Stammtisch", slug="stammtisch-2022-04-04")
    response = add_link(editor, item, "event", "Stammtisch")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Several match" in html and "(stammtisch-2022-03-07)" in html and "(stammtisch-2022-04-04)" in html
    assert not FollowUpLink.objects.exists()
    assert add_link(editor, item, "event", "Stammtisch (stammtisch-2022-04-04)").status_code == 302
    assert FollowUpLink.objects.get().event == second
    assert add_link(editor, item, "event", first.slug).status_code == 302


@pytest.mark.parametrize("target", ["Gibt es nicht", "https://example.org/", "x" * 501])
def test_unknown_titles_empty_addresses_and_over_long_values_are_400s(editor, item, target):
    assert add_link(editor, item, "event", target).status_code == 400
    assert not FollowUpLink.objects.exists()
