"""The demo world holds the actors, places, topics, regions and relations of the minutes,
and loading it twice adds nothing."""

import pytest
from django.core.management import call_command

from wandelnetz.accounts.models import User
from wandelnetz.actors.models import Actor, Relation
from wandelnetz.demo.world import load_demo_world
from wandelnetz.places.models import Place
from wandelnetz.search.models import SearchEntry
from wandelnetz.topics.models import Region, Topic

pytestmark = pytest.mark.django_db

INVKG_DISTRICTS = {
    "Mitteldeutsches Revier": {
        "Landkreis Leipzig",
        "Landkreis Nordsachsen",
        "Stadt Leipzig",
        "Burgenlandkreis",
        "Saalekreis",
        "Landkreis Mansfeld-Südharz",
        "Landkreis Anhalt-Bitterfeld",
        "Stadt Halle (Saale)",
        "Landkreis Altenburger Land",
    },
    "Lausitzer Revier": {
        "Landkreis Dahme-Spreewald",
        "Landkreis Elbe-Elster",
        "Landkreis Oberspreewald-Lausitz",
        "Landkreis Spree-Neiße",
        "Stadt Cottbus",
        "Landkreis Bautzen",
        "Landkreis Görlitz",
    },
}


def test_regions_follow_the_coal_regions_act():
    load_demo_world()
    for revier, districts in INVKG_DISTRICTS.items():
        root = Region.objects.get(name=revier, parent=None)
        assert set(Region.objects.filter(parent=root).values_list("name", flat=True)) == districts
    deutzen = Region.objects.get(name="Deutzen")
    assert [r.name for r in Region.objects.filter(pk__in=deutzen.ancestors_ids()).order_by("depth")] == [
        "Mitteldeutsches Revier",
        "Landkreis Leipzig",
        "Neukieritzsch",
    ]
    assert Region.objects.get(name="Zeitz").parent.name == "Burgenlandkreis"


def test_actors_of_the_minutes_are_published():
    load_demo_world()
    names = set(Actor.objects.filter(status="published").values_list("name", flat=True))
    assert {
        "Gesellschaftsdenken e.V.",
        "Aktionskreis Strukturwandel Leipziger Land",
        "StrukturWandeln – Zivilgesellschaftliches Bündnis im Mitteldeutschen Revier",
        "Bürgerregion Lausitz",
        "Volkshochschule Leipzig",
        "Burg Giebichenstein Kunsthochschule Halle",
        "Strukturwandel-Stammtisch",
    } == names


def test_aksll_profile_and_relation():
    load_demo_world()
    aksll = Actor.objects.get(short_name="AkSLL")
    assert aksll.meeting_rhythm.startswith("jeden 2. Montag im Monat")
    assert aksll.email == "mitmachen@ak-strukturwandel.de"
    assert aksll.website == "https://ak-strukturwandel.de"
    assert list(aksll.places.values_list("name", flat=True)) == ["Ökokirche Deutzen"]
    assert set(aksll.regions.values_list("name", flat=True)) == {"Landkreis Leipzig"}
    relation = Relation.objects.get(source=aksll)
    assert relation.kind == Relation.Kind.PART_OF and relation.state == Relation.State.CONFIRMED
    assert relation.target.name.startswith("StrukturWandeln")


def test_topics_are_the_bold_terms_of_the_discussion():
    load_demo_world()
    names = set(Topic.objects.values_list("name", flat=True))
    assert {
        "Transparenz",
        "Bildungsangebote",
        "Nachhaltige Transformation",
        "Kinder und Jugendliche",
        "Kunst und Kultur",
        "Infoplattform",
        "Beteiligungs- und Gesprächsangebote",
        "Lebendige Orte",
        "Jugendbeteiligung",
        "Stiftungen & Engagement",
        "Mobilität",
    } <= names
    assert Topic.objects.get(name="Mobilität").parent.name == "Nachhaltige Transformation"


def test_place_lies_in_neukieritzsch():
    load_demo_world()
    place = Place.objects.get(name="Ökokirche Deutzen")
    assert place.locality == "Neukieritzsch"
    assert place.region.name == "Deutzen"


def test_demo_people_are_fictional_accounts_only():
    load_demo_world()
    assert all(email.endswith("@demo.wandelnetz.invalid") for email in User.objects.values_list("email", flat=True))


def test_loading_twice_adds_nothing(capsys):
    call_command("load_demo_world")
    counts = [m.objects.count() for m in (Region, Topic, Place, Actor, Relation, User, SearchEntry)]
    call_command("load_demo_world")
    assert [m.objects.count() for m in (Region, Topic, Place, Actor, Relation, User, SearchEntry)] == counts
    out = capsys.readouterr().out
    assert "admin@demo.wandelnetz.invalid" in out and "wandelnetz-demo" in out
    assert "actors: 0" in out


def test_demo_world_is_searchable(client):
    load_demo_world()
    html = client.get("/suche/", {"q": "Straßencafé"}).content.decode()
    assert "Gesellschaftsdenken e.V." in html
    html = client.get("/akteure/", {"topic": "mobilitaet", "region": "landkreis-leipzig"}).content.decode()
    assert "Aktionskreis Strukturwandel Leipziger Land" in html


def test_events_of_the_minutes():
    from wandelnetz.events.models import Event, Series
    from wandelnetz.events.recurrence import BERLIN

    load_demo_world()
    stammtisch = Series.objects.get(slug="strukturwandel-stammtisch")
    dates = [
        (e.starts_at.astimezone(BERLIN), e.ends_at.astimezone(BERLIN), e.attendance)
        for e in stammtisch.events.order_by("starts_at")
    ]
    assert [(s.date().isoformat(), s.strftime("%H:%M"), e.strftime("%H:%M"), a) for s, e, a in dates] == [
        ("2021-12-06", "17:00", "18:30", "online"),
        ("2022-01-24", "17:00", "18:30", "online"),
        ("2022-03-07", "17:00", "18:30", "online"),
        ("2022-04-25", "17:00", "18:30", "online"),
    ]
    first = Event.objects.get(slug="stammtisch-2021-12-06")
    assert [c.actor.slug for c in first.contributions.all()] == ["gesellschaftsdenken", "aksll"]

    evening = Event.objects.get(slug="aksll-strukturwandel-und-mobilitaet")
    assert evening.place.name == "Ökokirche Deutzen"
    assert evening.starts_at.astimezone(BERLIN).date().isoformat() == "2021-09-20"
    assert [c.title for c in evening.contributions.all()] == [
        "Film: Gundermann Revier",
        "Film: Tomorrow – Die Welt ist voller Lösungen",
    ]

    # The monthly meeting: every 2nd Monday, time and place not given by the minutes.
    monthly = Event.objects.get(slug="aksll-monatstreffen")
    assert monthly.time_to_be_announced and monthly.place_id is None and monthly.location_note
    starts = [o.starts_at.astimezone(BERLIN) for o in monthly.occurrences.all()]
    assert len(starts) > 50
    assert all(s.weekday() == 0 and 8 <= s.day <= 14 for s in starts)

    klimafit = Series.objects.get(slug="klimafit")
    assert klimafit.kind == "education" and not klimafit.events.exists()
