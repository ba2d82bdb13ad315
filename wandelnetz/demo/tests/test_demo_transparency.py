"""The transparency half of the demo world: bodies, the minutes of 06.12.2021 and their follow-ups."""

import pytest
from django.core.management import call_command

from wandelnetz.bodies.models import Body, BodySource, Seat
from wandelnetz.demo.transparency import BODIES, MINUTES_FILE
from wandelnetz.demo.world import load_demo_world
from wandelnetz.events.models import Event
from wandelnetz.followups.models import FollowUp, FollowUpLink, StatusChange
from wandelnetz.minutes.models import Minutes, MinutesLink

pytestmark = pytest.mark.django_db

S = FollowUp.Status


def test_bodies_are_unverified_with_sources_and_no_invented_members():
    load_demo_world()
    assert Body.objects.count() == len(BODIES)
    for body in Body.objects.all():
        assert body.last_verified_on is None and body.needs_verification
        assert body.sources.exists(), body.name
    assert not Seat.objects.exists()  # who sits there is for editors to enter after checking
    assert all(source.url.startswith("https://") for source in BodySource.objects.all())


def test_minutes_are_kept_whole_and_were_imported():
    load_demo_world()
    minutes = Minutes.objects.get(event__slug="stammtisch-2021-12-06")
    assert minutes.text == MINUTES_FILE.read_text(encoding="utf-8")
    assert minutes.imported_at is not None
    # The next dates were already in the calendar: linked, not duplicated.
    assert Event.objects.filter(series__slug="strukturwandel-stammtisch").count() == 4
    # Both pinboards are kept.
    pinboards = MinutesLink.objects.filter(minutes=minutes, kind=MinutesLink.Kind.PINBOARD)
    assert sorted(link.url for link in pinboards) == [
        "https://padlet.com/elsaesser/m5bzyimm1w9soeqy",
        "https://padlet.com/elsaesser/muj7sbtjvh47udp2",
    ]


def test_follow_ups_of_the_minutes_with_their_links_and_statuses():
    load_demo_world()
    follow_ups = {f.title: f for f in FollowUp.objects.filter(source_event__slug="stammtisch-2021-12-06")}
    assert set(follow_ups) == {
        "Veranstaltungsreihe mit Inputs von Expert:innen",
        "Jugendbeteiligung vertiefen",
        "Stammtisch zu Kunst und Kultur",
        "Infoplattform: Mittel fehlen",
        "Infoplattform und Website des Bündnisses abstimmen",
    }
    assert follow_ups["Veranstaltungsreihe mit Inputs von Expert:innen"].status == S.PROPOSED
    assert follow_ups["Stammtisch zu Kunst und Kultur"].status == S.PROPOSED
    platform = follow_ups["Infoplattform: Mittel fehlen"]
    assert platform.status == S.STALLED and platform.status_reason == "Mittel fehlen"
    website = follow_ups["Infoplattform und Website des Bündnisses abstimmen"]
    assert website.status == S.IN_PROGRESS and website.owner_actor.slug == "strukturwandeln"
    assert FollowUpLink.objects.filter(follow_up=website, target=platform).exists()
    # Youth participation went on to the Stammtisch of 07.03.2022, and its timeline shows the step.
    youth = follow_ups["Jugendbeteiligung vertiefen"]
    assert FollowUpLink.objects.get(follow_up=youth, kind="event").event.slug == "stammtisch-2022-03-07"
    assert youth.status == S.IN_PROGRESS
    assert list(StatusChange.objects.filter(follow_up=youth).values_list("from_status", "to_status")) == [
        ("", S.PROPOSED),
        (S.PROPOSED, S.IN_PROGRESS),
    ]
    assert all(f.owner_actor is not None for f in follow_ups.values())
    # Dated as they happened, not when the demo was loaded.
    assert youth.status_changes.first().changed_at.date().isoformat() == "2021-12-06"
    assert youth.status_changes.last().changed_at.date().isoformat() == "2022-03-07"
    assert youth.topics.filter(slug="jugendbeteiligung").exists()


def test_loading_twice_adds_no_bodies_minutes_or_follow_ups():
    call_command("load_demo_world")
    counts = [m.objects.count() for m in (Body, Minutes, MinutesLink, FollowUp, FollowUpLink, StatusChange)]
    call_command("load_demo_world")
    assert [m.objects.count() for m in (Body, Minutes, MinutesLink, FollowUp, FollowUpLink, StatusChange)] == counts


def test_demo_hub_atlas_and_follow_ups_are_readable(client):
    load_demo_world()
    hub = client.get("/themen/beteiligung/")
    assert hub.status_code == 200
    # The hub of "Beteiligung" shows the follow-up on its subtopic "Jugendbeteiligung".
    assert [f.title for f in hub.context["follow_up_board"][S.IN_PROGRESS]] == ["Jugendbeteiligung vertiefen"]
    atlas = client.get("/gremien/")
    assert atlas.status_code == 200 and "Kreistag Landkreis Leipzig" in atlas.content.decode()
    assert client.get("/ergebnisse/").status_code == 200
    assert client.get("/protokolle/stammtisch-2021-12-06/").status_code == 200
    html = client.get("/suche/", {"q": "Infoplattform"}).content.decode()
    assert "/ergebnisse/" in html
