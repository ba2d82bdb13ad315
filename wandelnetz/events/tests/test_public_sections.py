"""Upcoming events on actor, topic (with subtopics), region (with subregions) and place pages."""

import pytest
from django.urls import NoReverseMatch, reverse

from wandelnetz.actors.tests.factories import actor
from wandelnetz.events.tests.factories import event, next_week_at, occurrence_of
from wandelnetz.events.tests.factories_public import place, speak_english
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    speak_english(client)


def test_actor_page_lists_its_upcoming_events_and_links_to_all(client):
    organiser = actor("AkSLL")
    mine = event("Treffen des AkSLL", organisers=[organiser])
    other = event("Fremdes Treffen")
    past = event("Altes Treffen", organisers=[organiser], starts_at=next_week_at(days=-7))
    html = client.get(organiser.get_absolute_url()).content.decode()
    assert occurrence_of(mine).get_absolute_url() in html
    assert other.title not in html and past.title not in html
    assert f'href="/veranstaltungen/?actor={organiser.slug}"' in html


def test_topic_page_includes_subtopics(client):
    mobility = topic("Mobilität")
    bus = topic("Busverkehr", parent=mobility)
    on_sub = event("Busse", topics=[bus])
    html = client.get(mobility.get_absolute_url()).content.decode()
    assert occurrence_of(on_sub).get_absolute_url() in html
    assert f'href="/veranstaltungen/?topic={mobility.slug}"' in html
    assert "Busse" not in client.get(topic("Kultur").get_absolute_url()).content.decode()


def test_region_page_includes_subregions(client):
    revier = region("Mitteldeutsches Revier", kind="revier")
    district = region("Landkreis Leipzig", parent=revier)
    local = event("Vor Ort", regions=[district])
    html = client.get(revier.get_absolute_url()).content.decode()
    assert occurrence_of(local).get_absolute_url() in html


def test_place_page_lists_events_there(client):
    church = place()
    there = event("In der Kirche", place=church)
    elsewhere = event("Anderswo", place=place("Rathaus"))
    html = client.get(church.get_absolute_url()).content.decode()
    assert occurrence_of(there).get_absolute_url() in html and elsewhere.title not in html


def test_a_section_shows_the_next_date_of_at_most_ten_events_each_once(client):
    organiser = actor("Fleißig")
    daily = event("Täglich", organisers=[organiser], rrule="FREQ=DAILY;COUNT=15")
    singles = [event(f"Einzeln {i}", organisers=[organiser], starts_at=next_week_at(days=20 + i)) for i in range(11)]
    html = client.get(organiser.get_absolute_url()).content.decode()
    links = [o.get_absolute_url() for o in daily.occurrences.order_by("starts_at")]
    assert [link in html for link in links] == [True] + [False] * 14  # the next date, then a link to the rest
    assert f'<a href="{daily.get_absolute_url()}">More dates of this event' in html
    shown = [single.title for single in singles if f">{single.title}</a>" in html]
    assert shown == [f"Einzeln {i}" for i in range(9)]  # ten events in all, soonest first


def test_no_events_is_said(client):
    html = client.get(actor("Ruhig").get_absolute_url()).content.decode()
    assert "No upcoming events are known." in html


def test_editors_get_links_to_create_events_and_import_calendars(client, owner, owned_actor, outsider):
    try:
        create = reverse("events:event_create") + f"?veranstalter={owned_actor.slug}"
        feeds = reverse("events:calendar_feeds", args=[owned_actor.slug])
    except NoReverseMatch:
        pytest.skip("the editing and import views are written in parallel")
    assert create not in client.get(owned_actor.get_absolute_url()).content.decode()
    client.force_login(outsider)
    assert create not in client.get(owned_actor.get_absolute_url()).content.decode()
    client.force_login(owner)
    html = client.get(owned_actor.get_absolute_url()).content.decode()
    assert create in html and feeds in html
