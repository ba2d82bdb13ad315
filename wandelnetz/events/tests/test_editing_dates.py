"""Single dates: leave out, cancel, move, relocate, annotate, undo; a clear 400 for bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse

from wandelnetz.events.models import Event, OccurrenceChange
from wandelnetz.events.recurrence import BERLIN
from wandelnetz.events.tests.factories import event as make_event
from wandelnetz.events.tests.factories import occurrence_of
from wandelnetz.places.services import create_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def weekly(owned_actor) -> Event:
    return make_event("Wöchentliches Treffen", organisers=[owned_actor], rrule="FREQ=WEEKLY;COUNT=4")


def _url(event: Event) -> str:
    return reverse("events:event_dates", args=[event.slug])


def _change_data(occurrence, **overrides) -> dict:
    start = occurrence.starts_at.astimezone(BERLIN)
    prefix = f"date-{occurrence.pk}-"
    data = {
        "action": "change",
        "occurrence": occurrence.pk,
        prefix + "date": start.date().isoformat(),
        prefix + "start_time": start.strftime("%H:%M"),
        prefix + "end_time": occurrence.ends_at.astimezone(BERLIN).strftime("%H:%M"),
        prefix + "place": "",
        prefix + "location_note": "",
        prefix + "note": "",
    }
    data.update({prefix + key: value for key, value in overrides.items()})
    return data


def test_dates_page_lists_the_dates(client, owner, weekly):
    client.force_login(owner)
    response = client.get(_url(weekly))
    assert response.status_code == 200
    assert len(response.context["occurrences"]) == 4
    html = response.content.decode()
    assert html.count('name="action" value="exclude"') == 4


def test_leaving_out_a_date_removes_it(client, owner, weekly):
    second = occurrence_of(weekly, 1)
    client.force_login(owner)
    response = client.post(_url(weekly), {"action": "exclude", "occurrence": second.pk})
    assert response.status_code == 302
    weekly.refresh_from_db()
    assert weekly.occurrences.count() == 3
    assert second.original_start not in set(weekly.occurrences.values_list("original_start", flat=True))
    assert weekly.sequence == 1
    change = weekly.changes.get()
    assert change.excluded
    # Undo brings it back.
    response = client.post(_url(weekly), {"action": "undo", "change": change.pk})
    assert response.status_code == 302
    assert weekly.occurrences.count() == 4 and not weekly.changes.exists()


def test_cancelling_a_date_marks_it_cancelled(client, owner, weekly):
    third = occurrence_of(weekly, 2)
    client.force_login(owner)
    response = client.post(_url(weekly), {"action": "cancel", "occurrence": third.pk})
    assert response.status_code == 302
    third.refresh_from_db()
    assert third.cancelled and third.is_changed
    assert weekly.occurrences.filter(cancelled=True).count() == 1
    page = client.get(_url(weekly))
    assert [o.cancelled for o in page.context["occurrences"]] == [False, False, True, False]
    assert page.content.decode().count('name="action" value="cancel"') == 3


def test_cancelling_keeps_an_earlier_move(client, owner, weekly):
    first = occurrence_of(weekly)
    client.force_login(owner)
    client.post(_url(weekly), _change_data(first, start_time="18:00", end_time="19:30"))
    client.post(_url(weekly), {"action": "cancel", "occurrence": first.pk})
    first.refresh_from_db()
    assert first.cancelled and first.starts_at.astimezone(BERLIN).hour == 18


def test_moving_relocating_and_annotating_a_date(client, owner, weekly):
    place = create_place(name="Ökokirche Deutzen")
    second = occurrence_of(weekly, 1)
    new_day = second.starts_at.astimezone(BERLIN).date() + timedelta(days=1)
    client.force_login(owner)
    page = client.get(_url(weekly), {"termin": second.pk})
    assert page.status_code == 200 and page.context["change_form"] is not None
    response = client.post(
        _url(weekly),
        _change_data(
            second,
            date=new_day.isoformat(),
            start_time="18:00",
            end_time="20:00",
            place=place.slug,
            note="mit Filmvorführung",
        ),
    )
    assert response.status_code == 302
    second.refresh_from_db()
    start = second.starts_at.astimezone(BERLIN)
    assert (start.date(), start.hour) == (new_day, 18)
    assert second.ends_at - second.starts_at == timedelta(hours=2)
    assert second.place == place and second.note == "mit Filmvorführung" and not second.cancelled
    change = weekly.changes.get()
    assert change.original_start == second.original_start


def test_a_note_alone_stores_no_new_time(client, owner, weekly):
    first = occurrence_of(weekly)
    client.force_login(owner)
    client.post(_url(weekly), _change_data(first, note="Gast: Dr. Beispiel"))
    change = weekly.changes.get()
    assert change.starts_at is None and change.ends_at is None and change.note == "Gast: Dr. Beispiel"


def test_single_event_can_be_moved(client, owner, owned_actor):
    single = make_event(organisers=[owned_actor])
    occurrence = occurrence_of(single)
    client.force_login(owner)
    response = client.post(_url(single), _change_data(occurrence, start_time="16:00", end_time="17:00"))
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.starts_at.astimezone(BERLIN).hour == 16


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"date": "2027-02-30"}, "date", "invalid"),
        ({"start_time": "19:00", "end_time": "18:00"}, "end_time", "end_before_start"),
        ({"start_time": ""}, "start_time", "required"),
        ({"place": "gibt-es-nicht"}, "place", "invalid_choice"),
        ({"note": "x" * 301}, "note", "max_length"),
        ({"date": "0001-01-01"}, "date", "out_of_range"),
    ],
)
def test_bad_date_change_is_a_400(client, owner, weekly, overrides, field, code):
    first = occurrence_of(weekly)
    client.force_login(owner)
    response = client.post(_url(weekly), _change_data(first, **overrides))
    assert response.status_code == 400
    assert response.context["change_form"].has_error(field, code)
    assert 'class="error-summary"' in response.content.decode()
    assert not OccurrenceChange.objects.exists()
    weekly.refresh_from_db()
    assert weekly.sequence == 0


@pytest.mark.parametrize(
    "data",
    [
        {"action": "explode", "occurrence": "1"},
        {"action": "cancel", "occurrence": "999999"},
        {"action": "cancel", "occurrence": "abc"},
        {"action": "cancel"},
        {"action": "undo", "change": "999999"},
        {"action": "undo", "change": ""},
        {"action": "cancel", "occurrence": "9" * 30},
        {"action": "undo", "change": "9" * 30},
    ],
)
def test_tampered_date_actions_are_a_400(client, owner, weekly, data):
    client.force_login(owner)
    response = client.post(_url(weekly), data)
    assert response.status_code == 400
    assert not OccurrenceChange.objects.exists()


def test_dates_of_another_event_cannot_be_changed(client, owner, weekly, owned_actor):
    other = make_event(organisers=[owned_actor])
    foreign = occurrence_of(other)
    client.force_login(owner)
    response = client.post(_url(weekly), {"action": "cancel", "occurrence": foreign.pk})
    assert response.status_code == 400
    foreign.refresh_from_db()
    assert not foreign.cancelled


def test_unknown_date_in_the_query_is_a_400(client, owner, weekly):
    client.force_login(owner)
    assert client.get(_url(weekly), {"termin": "999999"}).status_code == 400
    assert client.get(_url(weekly), {"termin": "x"}).status_code == 400
    assert client.get(_url(weekly), {"termin": "9" * 30}).status_code == 400
    assert client.get(_url(weekly), {"termin": "²"}).status_code == 400


def test_dates_page_query_count_does_not_grow(client, owner, owned_actor, django_assert_num_queries):
    small = make_event(organisers=[owned_actor], rrule="FREQ=WEEKLY;COUNT=2")
    large = make_event(organisers=[owned_actor], rrule="FREQ=WEEKLY;COUNT=40")
    place = create_place(name="Volkshaus")
    client.force_login(owner)
    for event in (small, large):
        for index in range(2):
            client.post(_url(event), _change_data(occurrence_of(event, index), place=place.slug, note="Notiz"))
    client.get(_url(small))  # warm the session and caches
    with django_assert_num_queries(7) as small_queries:
        assert client.get(_url(small)).status_code == 200
    with django_assert_num_queries(len(small_queries.captured_queries)):
        assert client.get(_url(large)).status_code == 200
