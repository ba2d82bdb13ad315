"""Month and week views: an accessible grid, filters, wall times across DST, impossible dates are 404."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wandelnetz.events import services
from wandelnetz.events.recurrence import BERLIN
from wandelnetz.events.tests.factories import event, next_week_at, occurrence_of
from wandelnetz.events.tests.factories_public import speak_english
from wandelnetz.topics.tests.factories import topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    speak_english(client)


def test_calendar_redirects_to_this_month_keeping_filters(client):
    today = timezone.localtime(timezone.now(), BERLIN).date()
    response = client.get(reverse("events:calendar"), {"kind": "talk"})
    assert response.status_code == 302
    assert response["Location"] == reverse("events:month", args=[today.year, today.month]) + "?kind=talk"


def test_month_grid_is_a_table_with_headers_and_linked_dates(client):
    start = next_week_at(18, 30)
    talk = event("Vortrag Strukturwandel", starts_at=start)
    html = client.get(reverse("events:month", args=[start.year, start.month])).content.decode()
    assert "<table" in html and "<caption>" in html
    assert html.count('<th scope="col">') == 8  # the week number and seven weekdays
    assert '<th scope="row">' in html
    assert "18:30" in html
    assert f'<a href="{occurrence_of(talk).get_absolute_url()}">Vortrag Strukturwandel</a>' in html


def test_month_links_to_the_previous_and_next_month_with_the_filters(client):
    html = client.get(reverse("events:month", args=[2027, 1]), {"kind": "talk"}).content.decode()
    assert 'href="/veranstaltungen/monat/2026/12/?kind=talk"' in html
    assert 'href="/veranstaltungen/monat/2027/2/?kind=talk"' in html


def test_filters_apply_to_the_month_and_week(client):
    mobility = topic("Mobilität")
    start = next_week_at()
    event("Mit Thema", starts_at=start, topics=[mobility])
    event("Ohne Thema", starts_at=start + timedelta(hours=1))
    month_url = reverse("events:month", args=[start.year, start.month])
    html = client.get(month_url, {"topic": mobility.slug}).content.decode()
    assert "Mit Thema" in html and "Ohne Thema" not in html
    year, week, _ = start.isocalendar()
    html = client.get(reverse("events:week", args=[year, week]), {"topic": mobility.slug}).content.decode()
    assert "Mit Thema" in html and "Ohne Thema" not in html


def test_dates_of_other_months_are_not_in_the_grid(client):
    start = next_week_at()
    event("Im Monat", starts_at=start)
    next_month = (start.replace(day=1) + timedelta(days=32)).replace(day=1)
    event("Nächster Monat", starts_at=next_month.replace(hour=12))
    html = client.get(reverse("events:month", args=[start.year, start.month])).content.decode()
    assert "Im Monat" in html and "Nächster Monat" not in html


def test_wall_times_across_daylight_saving_in_month_and_week(client):
    """A weekly 19:00 meeting shows 19:00 before and after the switch to summer time (28.03.2027)."""
    weekly = event("Wochentreff", starts_at=datetime(2027, 3, 22, 19, 0, tzinfo=BERLIN), rrule="FREQ=WEEKLY;COUNT=3")
    html = client.get(reverse("events:month", args=[2027, 3])).content.decode()
    assert html.count("19:00") == 2  # 22.03 and 29.03
    html = client.get(reverse("events:month", args=[2027, 4])).content.decode()
    assert html.count("19:00") == 1
    week = client.get(reverse("events:week", args=[2027, 13])).content.decode()  # 29.03.–04.04.2027
    assert "19:00–20:30" in week and occurrence_of(weekly, 1).get_absolute_url() in week
    assert "Monday, March 29, 2027" in week or "Monday, Mar. 29, 2027" in week


def test_the_week_lists_each_day_with_its_dates(client):
    start = next_week_at(10)
    cancelled = event("Abgesagter Workshop", starts_at=start)
    services.change_occurrence(occurrence_of(cancelled), cancelled=True)
    year, week, weekday = start.isocalendar()
    html = client.get(reverse("events:week", args=[year, week])).content.decode()
    assert html.count('<h2 id="day-') == 7
    assert "Abgesagter Workshop" in html and "Cancelled" in html
    assert "No events on this day." in html


def test_month_cells_cut_long_days_with_a_link_to_the_full_list(client):
    start = next_week_at(8)
    for i in range(12):
        event(f"Termin {i}", starts_at=start + timedelta(minutes=i))
    html = client.get(reverse("events:month", args=[start.year, start.month])).content.decode()
    assert "4 more dates" in html
    day = start.date().isoformat()
    assert f"from={day}&amp;to={day}" in html


@pytest.mark.parametrize(
    "url",
    [
        "/veranstaltungen/monat/2027/13/",
        "/veranstaltungen/monat/2027/0/",
        "/veranstaltungen/monat/0/5/",
        "/veranstaltungen/monat/10000/5/",
        "/veranstaltungen/monat/99999999999999999999999/1/",
        "/veranstaltungen/woche/2027/54/",
        "/veranstaltungen/woche/2027/53/",  # 2027 has 52 ISO weeks
        "/veranstaltungen/woche/2027/0/",
        "/veranstaltungen/woche/0/1/",
        "/veranstaltungen/woche/10000/1/",
        "/veranstaltungen/woche/2027/99999999999999999999999/",
    ],
)
def test_impossible_months_and_weeks_are_404_with_a_message(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "The calendar has no" in response.content.decode()


def test_week_53_exists_where_the_year_has_it(client):
    assert client.get("/veranstaltungen/woche/2026/53/").status_code == 200
    assert client.get("/veranstaltungen/monat/2999/12/").status_code == 200
    assert client.get("/veranstaltungen/monat/1900/1/").status_code == 200
