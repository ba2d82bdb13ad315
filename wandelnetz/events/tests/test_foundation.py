from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wandelnetz.events import services
from wandelnetz.events.models import Registration
from wandelnetz.events.recurrence import BERLIN, describe_rule, describe_times, normalise_rule, rule_for_pattern
from wandelnetz.events.tests.factories import event, next_week_at, occurrence_of

pytestmark = pytest.mark.django_db


def test_weekly_event_keeps_wall_time_across_daylight_saving():
    start = datetime(2027, 3, 15, 19, 0, tzinfo=BERLIN)  # before the switch on 28.03.2027
    weekly = event(starts_at=start, rrule="FREQ=WEEKLY;COUNT=4")
    local_starts = [o.starts_at.astimezone(BERLIN) for o in weekly.occurrences.order_by("starts_at")]
    assert [(s.day, s.hour, s.minute) for s in local_starts] == [(15, 19, 0), (22, 19, 0), (29, 19, 0), (5, 19, 0)]
    assert {s.utcoffset() for s in local_starts} == {timedelta(hours=1), timedelta(hours=2)}


def test_second_monday_rule_in_words():
    start = datetime(2027, 2, 8, 19, 0, tzinfo=BERLIN)
    rule = rule_for_pattern("monthly_nth", start)
    assert rule == "FREQ=MONTHLY;BYDAY=2MO"
    with translation.override("de"):
        assert describe_rule(rule, start) == "jeden 2. Montag im Monat"
        assert describe_times(start, start + timedelta(hours=2), all_day=False, to_be_announced=False) == (
            "19:00–21:00 Uhr"
        )
        assert describe_times(start, None, all_day=False, to_be_announced=True) == "Uhrzeit folgt"
    with translation.override("en"):
        assert describe_rule(rule, start) == "every 2nd Monday of the month"


def test_until_is_stored_in_utc():
    start = datetime(2027, 1, 4, 19, 0, tzinfo=BERLIN)
    assert normalise_rule("FREQ=WEEKLY;UNTIL=20270201", start) == "FREQ=WEEKLY;UNTIL=20270201T225959Z"


@pytest.mark.parametrize(
    "bad", ["", "FREQ=SECONDLY", "FREQ=WEEKLY;COUNT=0", "FREQ=WEEKLY;BYDAY=XX", "FREQ", "FREQ=WEEKLY;UNTIL=2027"]
)
def test_bad_rules_are_clear_errors(bad):
    with pytest.raises(ValidationError):
        normalise_rule(bad, datetime(2027, 1, 4, 19, 0, tzinfo=BERLIN))


def test_left_out_and_moved_dates():
    weekly = event(starts_at=next_week_at(19), rrule="FREQ=WEEKLY;COUNT=3")
    second, third = occurrence_of(weekly, 1), occurrence_of(weekly, 2)
    services.change_occurrence(second, excluded=True)
    services.change_occurrence(third, starts_at=third.starts_at + timedelta(hours=1))
    rows = list(weekly.occurrences.order_by("starts_at"))
    assert len(rows) == 2
    assert rows[1].is_changed and rows[1].starts_at == third.starts_at + timedelta(hours=1)
    assert rows[1].ends_at - rows[1].starts_at == timedelta(minutes=90)
    assert rows[1].original_start == third.original_start


def test_moving_the_start_time_keeps_registrations():
    weekly = event(starts_at=next_week_at(19), rrule="FREQ=WEEKLY;COUNT=3", registration_enabled=True)
    first = occurrence_of(weekly)
    registration, _needs_mail = services.register(first, name="A", email="a@example.org", email_verified=True)
    weekly.starts_at += timedelta(hours=-1)
    weekly.ends_at += timedelta(hours=-1)
    services.update_event(weekly, ["starts_at", "ends_at"])
    registration.refresh_from_db()
    assert registration.occurrence.starts_at.astimezone(BERLIN).hour == 18
    assert weekly.occurrences.count() == 3
    assert weekly.sequence == 1


def test_capacity_waitlist_and_promotion():
    single = event(registration_enabled=True, capacity=1)
    occurrence = occurrence_of(single)
    first, _ = services.register(occurrence, name="A", email="a@example.org", email_verified=True)
    second, _ = services.register(occurrence, name="B", email="b@example.org", email_verified=True)
    assert (first.status, second.status) == (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
    promoted = services.cancel_registration(first)
    assert promoted is not None and promoted.pk == second.pk
    second.refresh_from_db()
    assert second.status == Registration.Status.CONFIRMED


def test_search_finds_events_by_stem_and_organiser():
    from wandelnetz.actors.tests.factories import actor
    from wandelnetz.search.selectors import find_hits

    organiser = actor("Ökokirche Deutzen Freundeskreis")
    films = event("Filmabende zur Mobilität", organisers=[organiser], description="Wir zeigen **Filme**.")
    event("Stammtisch")
    assert [h.url for h in find_hits("Filmabend", kinds=["events.event"])] == [films.get_absolute_url()]
    assert [h.url for h in find_hits("Okokirche", kinds=["events.event"])] == [films.get_absolute_url()]


def test_search_follows_event_changes():
    from wandelnetz.search.selectors import find_hits

    renamed = event("Zukunftswerkstatt")
    renamed.title = "Ideenwerkstatt"
    services.update_event(renamed, ["title"])
    assert find_hits("Zukunftswerkstatt", kinds=["events.event"]) == []
    assert [h.url for h in find_hits("Ideenwerkstatt", kinds=["events.event"])] == [renamed.get_absolute_url()]


def test_rolling_window_extends_without_duplicates(settings):
    settings.EVENTS_WINDOW_DAYS = 60
    weekly = event(starts_at=next_week_at(19), rrule="FREQ=WEEKLY")
    first_count = weekly.occurrences.count()
    assert 8 <= first_count <= 10
    settings.EVENTS_WINDOW_DAYS = 120
    services.extend_occurrence_windows()
    services.extend_occurrence_windows()
    assert weekly.occurrences.count() >= first_count + 8
    assert weekly.occurrences.values("original_start").distinct().count() == weekly.occurrences.count()


def test_a_date_with_registrations_that_leaves_the_rule_stays_cancelled():
    weekly = event(starts_at=next_week_at(19), rrule="FREQ=WEEKLY;COUNT=3", registration_enabled=True)
    last = occurrence_of(weekly, 2)
    services.register(last, name="A", email="a@example.org", email_verified=True)
    weekly.rrule = "FREQ=WEEKLY;COUNT=2"
    services.update_event(weekly, ["rrule"])
    last.refresh_from_db()
    assert last.cancelled
    assert weekly.occurrences.count() == 3
    assert Registration.objects.get(occurrence=last).status == Registration.Status.CONFIRMED
