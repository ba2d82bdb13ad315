"""The schedule in an event's JSON-LD reads the stored rule; numbers that are not ASCII digits
(a "²" is a digit to str.isdigit(), not to int()) are left out instead of failing the page."""

from datetime import datetime
from zoneinfo import ZoneInfo

from wandelnetz.events.jsonld import schedule_json_ld
from wandelnetz.events.models import Event


def _event(rule: str) -> Event:
    return Event(rrule=rule, starts_at=datetime(2022, 1, 10, 19, 0, tzinfo=ZoneInfo("Europe/Berlin")))


def test_odd_digits_in_a_stored_rule_are_left_out():
    schedule = schedule_json_ld(_event("FREQ=MONTHLY;BYDAY=²MO;BYMONTHDAY=²;COUNT=²"))
    assert schedule is not None
    assert schedule["byDay"] == "https://schema.org/Monday"
    assert "byMonthWeek" not in schedule and "byMonthDay" not in schedule and "repeatCount" not in schedule


def test_plain_numbers_are_kept():
    schedule = schedule_json_ld(_event("FREQ=MONTHLY;BYDAY=2MO;COUNT=12"))
    assert schedule is not None
    assert (schedule["byMonthWeek"], schedule["repeatCount"]) == (2, 12)
