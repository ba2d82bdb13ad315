"""A past event reads as past: it says when it took place, and offers no registration, no access
link and no calendar entry; a cancelled one still says it was cancelled."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wandelnetz.events import services
from wandelnetz.events.models import Event
from wandelnetz.events.recurrence import BERLIN
from wandelnetz.events.tests.factories import event, next_week_at, occurrence_of, series
from wandelnetz.minutes import services as minutes_services

pytestmark = pytest.mark.django_db

DECEMBER_6 = datetime(2021, 12, 6, 17, 0, tzinfo=BERLIN)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_past_event_says_when_it_took_place_and_offers_nothing_to_join(client):
    stammtisch = series("Strukturwandel-Stammtisch")
    past = event(
        "Stammtisch: Netzwerke",
        starts_at=DECEMBER_6,
        attendance=Event.Attendance.ONLINE,
        online_url="https://meet.example.org/raum",
        registration_enabled=True,
        series=stammtisch,
    )
    html = page(client, past.get_absolute_url())
    took_place = '<time datetime="2021-12-06T17:00:00+01:00">6. Dezember 2021</time>'
    assert f"Diese Veranstaltung fand am {took_place} statt." in html
    # The series may have no next dates either: the link promises none.
    series_link = f'<a href="{stammtisch.get_absolute_url()}">Mehr aus der Reihe „Strukturwandel-Stammtisch“</a>'
    assert f"statt.</strong> {series_link}" in html
    assert "<dd>Fand statt</dd>" in html and "<dd>Geplant</dd>" not in html
    assert "Zugangslink" not in html
    assert reverse("events:event_ics", args=[past.slug]) not in html  # neither in <head> nor as a link
    assert ">Fand statt</h2>" in html
    # The date's own page: no registration box, a note instead.
    html = page(client, occurrence_of(past).get_absolute_url())
    assert "Dieser Termin ist vorbei." in html
    assert 'class="registration-box"' not in html
    assert reverse("events:register", args=[past.slug, occurrence_of(past).pk]) not in html
    assert "Zugangslink" not in html
    # The calendar file still answers, for whoever has the address.
    assert client.get(reverse("events:event_ics", args=[past.slug])).status_code == 200


def test_a_future_event_is_unchanged(client):
    ahead = event(
        "Stammtisch: Lebendige Orte",
        starts_at=next_week_at(),
        attendance=Event.Attendance.ONLINE,
        online_url="https://meet.example.org/raum",
        registration_enabled=True,
    )
    html = page(client, ahead.get_absolute_url())
    assert "fand am" not in html and "is-past" not in html
    assert "<dd>Geplant</dd>" in html
    assert "Den Zugangslink bekommen Sie nach der Anmeldung." in html
    assert reverse("events:event_ics", args=[ahead.slug]) in html
    html = page(client, occurrence_of(ahead).get_absolute_url())
    assert 'class="registration-box"' in html and "Dieser Termin ist vorbei." not in html


def test_a_cancelled_past_event_still_says_cancelled(client):
    cancelled = event("Abgesagtes Treffen", starts_at=DECEMBER_6)
    services.set_event_status(cancelled, Event.Status.CANCELLED)
    html = page(client, cancelled.get_absolute_url())
    assert "Diese Veranstaltung ist abgesagt." in html
    assert "fand am" not in html and "<dd>Fand statt</dd>" not in html


def test_a_postponed_past_event_still_says_postponed(client):
    postponed = event("Verschobenes Treffen", starts_at=DECEMBER_6)
    services.set_event_status(postponed, Event.Status.POSTPONED)
    html = page(client, postponed.get_absolute_url())
    assert "fand am" not in html and "<dd>Verschoben</dd>" in html


def test_a_recurring_event_whose_dates_are_all_over_names_its_last_date(client):
    weekly = event(
        "Wöchentlicher Treff",
        starts_at=datetime(2021, 11, 1, 18, 0, tzinfo=BERLIN),
        rrule="FREQ=WEEKLY;COUNT=3",
    )
    html = page(client, weekly.get_absolute_url())
    assert 'ihr letzter Termin war am <time datetime="2021-11-15T18:00:00+01:00">15. November 2021</time>' in html


def test_the_minutes_of_a_past_event_come_first(client):
    """What came of a past meeting leads its page; before the meeting, the minutes' place is after the programme."""
    past = event("Stammtisch mit Protokoll", starts_at=DECEMBER_6, description="Programm des Abends.")
    minutes_services.save_minutes(event=past, text="Es wurde viel besprochen.", user=None)
    html = page(client, past.get_absolute_url())
    assert html.index("fand am") < html.index('id="protokoll"') < html.index('id="dates-title"')
    assert html.index('id="protokoll"') < html.index('id="about-title"')
    ahead = event("Stammtisch vorab", description="Programm des Abends.")
    minutes_services.save_minutes(event=ahead, text="Vorbereitung.", user=None)
    html = page(client, ahead.get_absolute_url())
    assert html.index('id="about-title"') < html.index('id="protokoll"')


def test_a_running_event_has_not_taken_place_yet(client):
    """A date counts as past once it has ended, not once it has begun."""
    started = timezone.now() - timedelta(hours=1)
    running = event(
        "Laufende Konferenz",
        starts_at=started,
        duration=timedelta(hours=3),
        attendance=Event.Attendance.ONLINE,
        online_url="https://meet.example.org/raum",
    )
    html = page(client, running.get_absolute_url())
    assert "fand am" not in html and "<dd>Fand statt</dd>" not in html
    assert "Zugangslink" in html
    html = page(client, occurrence_of(running).get_absolute_url())
    assert "Dieser Termin ist vorbei." not in html


def test_an_all_day_date_lasts_until_midnight_in_berlin(client, monkeypatch):
    """An all-day date is not over during its day (Berlin time), and is over the next morning."""
    day = datetime(2021, 12, 6, tzinfo=BERLIN)
    whole_day = event("Aktionstag", starts_at=day, duration=None, all_day=True)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2021, 12, 6, 23, 30, tzinfo=BERLIN))
    html = page(client, whole_day.get_absolute_url())
    assert "fand am" not in html
    monkeypatch.setattr(timezone, "now", lambda: datetime(2021, 12, 7, 0, 30, tzinfo=BERLIN))
    html = page(client, whole_day.get_absolute_url())
    assert "Diese Veranstaltung fand am" in html
