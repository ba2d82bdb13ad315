"""Form data for the event and series forms, as a browser without JavaScript would post it."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from wandelnetz.events.models import Event
from wandelnetz.events.recurrence import BERLIN


def today_in_berlin() -> date:
    return timezone.localtime(timezone.now(), BERLIN).date()


def second_monday_after(day: date) -> date:
    """The 2nd Monday of the month after `day`."""
    first = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    first_monday = first + timedelta(days=(0 - first.weekday()) % 7)
    return first_monday + timedelta(days=7)


def monday_before_dst_change(after: date) -> date:
    """A Monday two weeks before the next change of daylight-saving time after `after`."""
    day = after + timedelta(days=15)
    while True:
        before = datetime(day.year, day.month, day.day, 12, tzinfo=BERLIN).utcoffset()
        following = day + timedelta(days=1)
        if datetime(following.year, following.month, following.day, 12, tzinfo=BERLIN).utcoffset() != before:
            break
        day = following
    start = day - timedelta(days=14)
    return start - timedelta(days=start.weekday())


def contributions_management(total: int = 3, initial: int = 0) -> dict[str, str]:
    return {
        "contributions-TOTAL_FORMS": str(total),
        "contributions-INITIAL_FORMS": str(initial),
        "contributions-MIN_NUM_FORMS": "0",
        "contributions-MAX_NUM_FORMS": "1000",
    }


def event_data(organisers: list[Any], /, **overrides: Any) -> dict[str, Any]:
    """A valid posting of the event form: a single meeting next week, 19:00–21:00."""
    day = today_in_berlin() + timedelta(days=7)
    data: dict[str, Any] = {
        "title": "Treffen des Aktionskreises",
        "summary": "Wir planen das Jahr.",
        "description": "Mit **Kaffee**.",
        "kind": Event.Kind.MEETING,
        "status": Event.Status.PLANNED,
        "series": "",
        "date": day.isoformat(),
        "start_time": "19:00",
        "end_time": "21:00",
        "end_date": "",
        "repeat": "none",
        "repeat_until": "",
        "custom_rule": "",
        "attendance": Event.Attendance.IN_PERSON,
        "place": "",
        "location_note": "",
        "online_url": "",
        "organisers": [a.pk for a in organisers],
        "accessibility": "",
        "language": Event.Language.GERMAN,
        "capacity": "",
        "registration_closes_hours": "0",
        "registration_questions": "",
        **contributions_management(),
    }
    data.update(overrides)
    return data


def event_data_for(event: Event, **overrides: Any) -> dict[str, Any]:
    """The edit form's data as currently saved (what a browser posts back unchanged)."""
    from wandelnetz.events.editing_forms import EventForm

    form = EventForm(instance=event, user=_any_moderator())
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, time):
            data[name] = value.strftime("%H:%M")
        elif isinstance(value, date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    contributions = list(event.contributions.all())
    data.update(contributions_management(total=len(contributions) + 1, initial=len(contributions)))
    for index, contribution in enumerate(contributions):
        data.update(
            {
                f"contributions-{index}-id": str(contribution.pk),
                f"contributions-{index}-event": str(event.pk),
                f"contributions-{index}-speaker_name": contribution.speaker_name,
                f"contributions-{index}-actor": contribution.actor.slug if contribution.actor else "",
                f"contributions-{index}-title": contribution.title,
            }
        )
    data.update(overrides)
    return data


def _any_moderator():
    from wandelnetz.accounts.models import User

    return User(role=User.Role.MODERATOR)
