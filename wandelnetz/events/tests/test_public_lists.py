"""The upcoming list and the archive: filters in the URL (each, combined, subtrees), bad values, rows."""

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse

from wandelnetz.actors.tests.factories import actor
from wandelnetz.events import services
from wandelnetz.events.models import Event, TargetGroup
from wandelnetz.events.tests.factories import event, next_week_at, occurrence_of, series
from wandelnetz.events.tests.factories_public import place, speak_english
from wandelnetz.topics.models import Region
from wandelnetz.topics.tests.factories import region, topic

pytestmark = pytest.mark.django_db
LIST = "/veranstaltungen/"


@pytest.fixture(autouse=True)
def english(client):
    speak_english(client)


def titles(client, url: str = LIST, **params: str) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return [occurrence.event.title for occurrence in response.context["page"].object_list]


def test_list_url_names():
    assert reverse("events:event_list") == LIST
    assert reverse("events:event_archive") == LIST + "archiv/"
    assert reverse("events:series_list") == LIST + "reihen/"


def test_the_views_name_the_series_list_in_the_plural(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    html = client.get(reverse("events:event_list")).content.decode()
    assert f'<a href="{reverse("events:series_list")}">Reihen</a>' in html


def test_upcoming_list_shows_future_dates_in_order_and_the_archive_past_ones_newest_first(client):
    event("Übermorgen", starts_at=next_week_at(days=2))
    event("Nächste Woche", starts_at=next_week_at(days=7))
    event("Letzte Woche", starts_at=next_week_at(days=-7))
    event("Letzter Monat", starts_at=next_week_at(days=-30))
    assert titles(client) == ["Übermorgen", "Nächste Woche"]
    assert titles(client, LIST + "archiv/") == ["Letzte Woche", "Letzter Monat"]
    html = client.get(LIST).content.decode()
    assert "2 dates" in html


def test_rows_show_time_kind_attendance_place_organisers_series_and_marks(client):
    organiser = actor("Aktionskreis Strukturwandel Leipziger Land", short_name="AkSLL")
    stammtisch = series("Strukturwandel-Stammtisch")
    event("Mit Ort", organisers=[organiser], place=place(), kind=Event.Kind.WORKSHOP, series=stammtisch)
    event("Ohne Ort und Zeit", time_to_be_announced=True, duration=None, starts_at=next_week_at(days=8))
    event("Online-Stammtisch", attendance=Event.Attendance.ONLINE, online_url="https://meet.example.org/x")
    cancelled = event("Abgesagt", starts_at=next_week_at(days=9))
    services.set_event_status(cancelled, Event.Status.CANCELLED)
    html = client.get(LIST).content.decode()
    for expected in [
        "17:00–18:30",
        "Workshop",
        "In person",
        "Ökokirche Deutzen, Neukieritzsch",
        "AkSLL",
        organiser.get_absolute_url(),
        stammtisch.get_absolute_url(),
        "time to be announced",
        "place to be announced",
        "Online",
        "Cancelled",
    ]:
        assert expected in html, expected
    assert "meet.example.org" not in html


@pytest.fixture
def world():
    """Events spread over topics, regions, actors, series, places, kinds and attendance."""
    mobility = topic("Mobilität")
    bus = topic("Busverkehr", parent=mobility)
    culture = topic("Kunst und Kultur")
    revier = region("Mitteldeutsches Revier", kind=Region.Kind.REVIER)
    district = region("Landkreis Leipzig", parent=revier)
    lausitz = region("Lausitzer Revier", kind=Region.Kind.REVIER)
    aksll = actor("AkSLL")
    vhs = actor("VHS Leipzig")
    stammtisch = series("Strukturwandel-Stammtisch")
    church = place()
    young = list(TargetGroup.objects.filter(code="young_people"))
    event(
        "Busse im Landkreis",
        organisers=[aksll],
        topics=[bus],
        regions=[district],
        place=church,
        kind=Event.Kind.MEETING,
        starts_at=next_week_at(days=3),
    )
    event(
        "Stammtisch Lebendige Orte",
        organisers=[vhs],
        topics=[culture],
        regions=[revier],
        series=stammtisch,
        kind=Event.Kind.STAMMTISCH,
        attendance=Event.Attendance.ONLINE,
        target_groups=young,
        starts_at=next_week_at(days=10),
    )
    event(
        "Klimafit Schulung",
        organisers=[vhs],
        topics=[mobility],
        regions=[lausitz],
        kind=Event.Kind.EDUCATION,
        attendance=Event.Attendance.HYBRID,
        starts_at=next_week_at(days=20),
    )
    return locals()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "@mobility"}, ["Busse im Landkreis", "Klimafit Schulung"]),  # subtopics included
        ({"topic": "@bus"}, ["Busse im Landkreis"]),
        ({"region": "@revier"}, ["Busse im Landkreis", "Stammtisch Lebendige Orte"]),  # subregions
        ({"region": "@district"}, ["Busse im Landkreis"]),
        ({"actor": "@vhs"}, ["Stammtisch Lebendige Orte", "Klimafit Schulung"]),
        ({"series": "@stammtisch"}, ["Stammtisch Lebendige Orte"]),
        ({"place": "@church"}, ["Busse im Landkreis"]),
        ({"kind": "education"}, ["Klimafit Schulung"]),
        ({"attendance": "online"}, ["Stammtisch Lebendige Orte", "Klimafit Schulung"]),
        ({"attendance": "in_person"}, ["Busse im Landkreis", "Klimafit Schulung"]),
        ({"target": "young_people"}, ["Stammtisch Lebendige Orte"]),
        ({"q": "Klimafit"}, ["Klimafit Schulung"]),
        ({"topic": "@mobility", "attendance": "online"}, ["Klimafit Schulung"]),
        ({"actor": "@vhs", "region": "@revier"}, ["Stammtisch Lebendige Orte"]),
        ({"topic": "@mobility", "region": "@lausitz", "kind": "meeting"}, []),
    ],
)
def test_each_filter_and_combinations(client, world, params, expected):
    resolved = {key: world[value[1:]].slug if value.startswith("@") else value for key, value in params.items()}
    assert titles(client, **resolved) == expected


def test_date_range_filter_includes_the_last_day(client, world):
    day = next_week_at(days=10).date().isoformat()
    assert titles(client, **{"from": day, "to": day}) == ["Stammtisch Lebendige Orte"]
    assert titles(client, **{"from": day}) == ["Stammtisch Lebendige Orte", "Klimafit Schulung"]
    assert titles(client, **{"to": day}) == ["Busse im Landkreis", "Stammtisch Lebendige Orte"]


def test_a_moved_date_at_another_place_is_found_by_that_place(client):
    weekly = event("Wandernder Treff", starts_at=next_week_at(days=2), rrule="FREQ=WEEKLY;COUNT=2")
    hall = place("Volkshaus Böhlen")
    services.change_occurrence(occurrence_of(weekly, 1), place=hall)
    response = client.get(LIST, {"place": hall.slug})
    assert [o.pk for o in response.context["page"].object_list] == [occurrence_of(weekly, 1).pk]
    assert "Volkshaus Böhlen" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"topic": "gibt-es-nicht"}, "There is no topic “gibt-es-nicht”."),
        ({"region": "atlantis"}, "There is no region “atlantis”."),
        ({"actor": "niemand"}, "There is no actor “niemand”."),
        ({"series": "keine"}, "There is no series “keine”."),
        ({"place": "nirgends"}, "There is no place “nirgends”."),
        ({"kind": "rave"}, "Select a valid choice."),
        ({"attendance": "telepathy"}, "Select a valid choice."),
        ({"target": "aliens"}, "Select a valid choice."),
        ({"from": "2027-13-01"}, "Enter a valid date."),
        ({"to": "morgen"}, "Enter a valid date."),
        ({"from": "2027-05-02", "to": "2027-05-01"}, "The end date must not be before the start date."),
        ({"from": "0001-01-01"}, "Please give a date between the years 1900 and 2999."),
        ({"to": "9999-12-31"}, "Please give a date between the years 1900 and 2999."),
    ],
)
@pytest.mark.parametrize(
    "url", [LIST, LIST + "archiv/", "/veranstaltungen/monat/2027/5/", "/veranstaltungen/woche/2027/5/"]
)
def test_bad_filter_values_are_400_with_a_message(client, params, message, url):
    response = client.get(url, params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("url", [LIST, LIST + "archiv/", LIST + "reihen/"])
def test_a_bad_page_number_is_400_with_a_message(client, url):
    response = client.get(url, {"page": "zwei"})
    assert response.status_code == 400
    assert "The page number must be a whole number." in response.content.decode()


def test_a_page_past_the_end_is_404(client):
    event()
    assert client.get(LIST, {"page": "3"}).status_code == 404


def test_fifty_dates_per_page(client):
    daily = event("Täglich", rrule="FREQ=DAILY;COUNT=60")
    assert daily.occurrences.count() == 60
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 50
    assert "60 dates" in first.content.decode()
    assert len(client.get(LIST, {"page": "2"}).context["page"].object_list) == 10


def test_empty_result_is_helpful(client):
    html = client.get(LIST, {"kind": "excursion"}).content.decode()
    assert "No upcoming events match these filters." in html
    assert 'href="/veranstaltungen/archiv/?kind=excursion"' in html
    assert "Show all events without filters" in html


def test_feeds_of_the_current_filter_are_linked_and_announced(client, world):
    slug = world["mobility"].slug
    html = client.get(LIST, {"topic": slug, "q": ""}).content.decode()
    assert f'href="/veranstaltungen/archiv/?topic={slug}"' in html
    try:
        ics = reverse("events:feed_ics")
        rss = reverse("events:feed_rss")
    except NoReverseMatch:
        pytest.skip("the feeds are written in parallel")
    assert f'<link rel="alternate" type="text/calendar" title="Events (iCalendar)" href="{ics}?topic={slug}">' in html
    assert f'type="application/rss+xml" title="Events (RSS)" href="{rss}?topic={slug}"' in html
    assert f'href="{ics}?topic={slug}">Subscribe to these events (iCal)</a>' in html


def test_the_form_keeps_its_values_and_works_without_javascript(client, world):
    slug = world["mobility"].slug
    html = client.get(LIST, {"topic": slug, "kind": "education", "from": "2027-01-02"}).content.decode()
    assert '<form class="filters event-filters" method="get" action="/veranstaltungen/"' in html
    assert f'<option value="{slug}" selected>' in html
    assert '<option value="education" selected>' in html
    assert 'value="2027-01-02"' in html
    assert "<script" not in html.replace('<script type="application/ld+json">', "")


def test_main_navigation_links_to_events(client):
    html = client.get("/").content.decode()
    assert 'href="/veranstaltungen/"' in html


def test_unfiltered_past_weeks_are_not_upcoming(client):
    long_ago = event("Vor langer Zeit", starts_at=next_week_at(days=-400), duration=timedelta(hours=1))
    assert long_ago.title not in titles(client)


def test_the_rarer_filters_are_folded_away_unless_in_use(client):
    def details_tag(**params: str) -> str:
        html = client.get(LIST, params).content.decode()
        return html[html.index('<details class="more-filters"') :].split(">", 1)[0]

    assert " open" not in details_tag()
    assert " open" not in details_tag(topic="", q="Stammtisch")
    assert " open" in details_tag(kind="workshop")
    assert " open" in details_tag(**{"from": "kein-datum"})  # an error must be seen
    html = client.get(LIST).content.decode()
    # Text, topic and region stay outside, every other filter is inside.
    outside, inside = html.split('<details class="more-filters"', 1)
    assert 'name="q"' in outside and 'name="topic"' in outside and 'name="region"' in outside
    assert all(f'name="{name}"' in inside for name in ("actor", "series", "place", "kind", "from", "to"))
