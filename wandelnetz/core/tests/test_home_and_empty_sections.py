"""The home page leads to the next dates, the atlas and the follow-ups; empty sections say so."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wandelnetz.actors.tests.factories import actor
from wandelnetz.events.tests.factories import event, next_week_at
from wandelnetz.places.models import Place
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db


def test_home_shows_the_next_dates_and_leads_to_atlas_and_follow_ups(client):
    event("Stammtisch Lebendige Orte", starts_at=next_week_at(days=3))
    event("Filmabend Mobilität", starts_at=next_week_at(days=10))
    event("Vergangener Abend", starts_at=timezone.now() - timedelta(days=30))
    html = client.get(reverse("home")).content.decode()
    assert "Stammtisch Lebendige Orte" in html and "Filmabend Mobilität" in html
    assert html.index("Stammtisch Lebendige Orte") < html.index("Filmabend Mobilität")  # soonest first
    assert "Vergangener Abend" not in html
    assert f'href="{reverse("events:event_list")}?"' in html
    assert f'<a href="{reverse("bodies:body_list")}">Wo wird entschieden?</a>' in html
    assert f'<a href="{reverse("followups:followup_list")}">Was wurde daraus?</a>' in html


def test_home_without_upcoming_dates_says_so(client):
    html = client.get(reverse("home")).content.decode()
    assert "Es sind keine kommenden Veranstaltungen bekannt." in html


def test_home_shows_at_most_five_dates(client):
    for days in range(1, 8):
        event(f"Abend {days}", starts_at=next_week_at(days=days))
    html = client.get(reverse("home")).content.decode()
    assert [f"Abend {d}" in html for d in range(1, 8)] == [True] * 5 + [False] * 2


def test_topic_and_region_without_actors_say_so_under_their_heading(client, django_user_model):
    empty_topic = topic("Kunst und Kultur")
    empty_region = region("Landkreis Görlitz")
    for url, sentence in [
        (empty_topic.get_absolute_url(), "Zu diesem Thema ist noch kein Akteur eingetragen."),
        (empty_region.get_absolute_url(), "In dieser Region ist noch kein Akteur eingetragen."),
    ]:
        html = client.get(url).content.decode()
        assert sentence in html
        assert reverse("actors:actor_create") not in html  # proposing needs an account
    user = django_user_model.objects.create_user(email="neu@example.org", password="x-long-password-1")
    client.force_login(user)
    assert reverse("actors:actor_create") in client.get(empty_topic.get_absolute_url()).content.decode()


def test_topic_with_actors_shows_the_count_not_the_empty_sentence(client):
    mobility = topic("Mobilität")
    actor("Verkehrsinitiative", topics=[mobility])
    html = client.get(mobility.get_absolute_url()).content.decode()
    assert "1 Akteur" in html and "Verkehrsinitiative" in html
    assert "noch kein Akteur eingetragen" not in html


def test_place_without_actors_says_so(client):
    place = Place.objects.create(name="Ökokirche Deutzen", slug="oekokirche-deutzen")
    html = client.get(place.get_absolute_url()).content.decode()
    assert "Noch kein Akteur nennt diesen Ort als Treffpunkt." in html
    assert '<ul class="cards">' not in html


def test_a_repeating_event_shows_once_with_a_link_to_its_other_dates(client):
    monthly = event("Monatliches Treffen", starts_at=next_week_at(days=1), rrule="FREQ=WEEKLY;COUNT=12")
    event("Filmabend", starts_at=next_week_at(days=40))
    html = client.get(reverse("home")).content.decode()
    assert html.count(">Monatliches Treffen</a>") == 1
    assert "Filmabend" in html  # not hidden behind twelve dates of the same meeting
    assert f'<a href="{monthly.get_absolute_url()}">Weitere Termine dieser Veranstaltung' in html
    # The actor page groups the same way.
    organiser = monthly.organisers.get()
    html = client.get(organiser.get_absolute_url()).content.decode()
    assert html.count(">Monatliches Treffen</a>") == 1 and "Weitere Termine dieser Veranstaltung" in html
