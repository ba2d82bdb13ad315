"""Public event pages: upcoming dates, archive, month and week calendars, event, date and series pages.

Lists, calendars and feeds share one filter form (`EventFilterForm`); its values live in the
URL, so every view works without JavaScript and can be linked, bookmarked and subscribed to.
"""

import calendar
from datetime import date, datetime, time, timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from wandelnetz.core.pagination import BadPageNumber, paginate
from wandelnetz.events import selectors, services
from wandelnetz.events.forms import FIRST_YEAR, LAST_YEAR, EventFilterForm
from wandelnetz.events.jsonld import event_json_ld, occurrence_json_ld
from wandelnetz.events.models import Event, Occurrence
from wandelnetz.events.permissions import can_edit_event
from wandelnetz.events.recurrence import BERLIN, describe_rule, describe_times, local

PAGE_SIZE = 50
# A month of a busy network can hold thousands of dates; the grid shows this many at most,
# and per day a few, with a link to the day's full list.
CALENDAR_LIMIT = 2000
PER_DAY_SHOWN = 8


def _list_page(request: HttpRequest, *, archive: bool) -> HttpResponse:
    form = EventFilterForm(request.GET)
    page = None
    status = 200
    if form.is_valid():
        criteria = form.criteria()
        dates = selectors.past(criteria) if archive else selectors.upcoming(criteria)
        try:
            page = paginate(selectors.with_list_details(dates), request.GET.get("page"), PAGE_SIZE)
        except BadPageNumber as error:
            form.add_error(None, str(error))
            status = 400
    else:
        status = 400
    today = timezone.localtime(timezone.now(), BERLIN).date()
    context = {
        "form": form,
        "page": page,
        "archive": archive,
        "filter_query": form.query_string() if status == 200 else "",
        "active_filters": form.active_filters() if status == 200 else [],
        "month_link": (today.year, today.month),
        "week_link": tuple(today.isocalendar())[:2],
    }
    return render(request, "events/event_list.html", context, status=status)


def event_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, archive=False)


def event_archive(request: HttpRequest) -> HttpResponse:
    return _list_page(request, archive=True)


def calendar_redirect(request: HttpRequest) -> HttpResponse:
    today = timezone.localtime(timezone.now(), BERLIN).date()
    target = redirect("events:month", year=today.year, month=today.month)
    if request.GET:
        target["Location"] += "?" + request.GET.urlencode()
    return target


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=BERLIN)


def _calendar_dates(
    form: EventFilterForm, first_day: date, end_day: date, *, details: bool = False
) -> tuple[dict[date, list[Occurrence]], bool]:
    """The filtered dates from `first_day` to before `end_day`, by local day; and whether some were cut.

    With `details`, organisers and series are loaded too (the week's list shows them).
    """
    dates = selectors.in_period(form.criteria(), _day_start(first_day), _day_start(end_day))
    if details:
        dates = selectors.with_list_details(dates)
    rows = list(dates[: CALENDAR_LIMIT + 1])
    truncated = len(rows) > CALENDAR_LIMIT
    by_day: dict[date, list[Occurrence]] = {}
    for occurrence in rows[:CALENDAR_LIMIT]:
        by_day.setdefault(local(occurrence.starts_at).date(), []).append(occurrence)
    return by_day, truncated


def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404(
            _(
                "The calendar has no month %(month)s/%(year)s: "
                "months run from 1 to 12, years from %(first)s to %(last)s."
            )
            % {"month": month, "year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    first_day = date(year, month, 1)
    next_first = date(year + month // 12, month % 12 + 1, 1)
    previous_first = (first_day - timedelta(days=1)).replace(day=1)
    form = EventFilterForm(request.GET)
    weeks = []
    truncated = False
    status = 200
    if form.is_valid():
        by_day, truncated = _calendar_dates(form, first_day, next_first)
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append(
                {
                    "number": week[0].isocalendar()[1],
                    "year": week[0].isocalendar()[0],
                    "days": [
                        {
                            "date": day,
                            "in_month": day.month == month,
                            "dates": by_day.get(day, [])[:PER_DAY_SHOWN] if day.month == month else [],
                            "more": max(len(by_day.get(day, [])) - PER_DAY_SHOWN, 0) if day.month == month else 0,
                        }
                        for day in week
                    ],
                }
            )
    else:
        status = 400
    context = {
        "form": form,
        "first_day": first_day,
        "weeks": weeks,
        "weekday_names": [date(2024, 1, day) for day in range(1, 8)],  # a Monday to a Sunday
        "month_link": (year, month),
        "week_link": tuple(first_day.isocalendar())[:2],
        "previous": previous_first if previous_first.year >= FIRST_YEAR else None,
        "next": next_first if next_first.year <= LAST_YEAR else None,
        "truncated": truncated,
        "today": timezone.localtime(timezone.now(), BERLIN).date(),
        "filter_query": form.query_string() if status == 200 else "",
        "active_filters": form.active_filters() if status == 200 else [],
    }
    return render(request, "events/calendar_month.html", context, status=status)


def week(request: HttpRequest, year: int, week: int) -> HttpResponse:
    try:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError
        monday = date.fromisocalendar(year, week, 1)
    except (ValueError, OverflowError):
        raise Http404(
            _(
                "The calendar has no week %(week)s/%(year)s: "
                "a year has 52 or 53 weeks; years run from %(first)s to %(last)s."
            )
            % {"week": week, "year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
        ) from None
    form = EventFilterForm(request.GET)
    days = []
    truncated = False
    status = 200
    if form.is_valid():
        by_day, truncated = _calendar_dates(form, monday, monday + timedelta(days=7), details=True)
        days = [{"date": day, "dates": by_day.get(day, [])} for day in (monday + timedelta(days=n) for n in range(7))]
    else:
        status = 400
    previous_monday, next_monday = monday - timedelta(days=7), monday + timedelta(days=7)
    context = {
        "form": form,
        "year": year,
        "week": week,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "month_link": (monday.year, monday.month),
        "week_link": (year, week),
        "days": days,
        "previous": tuple(previous_monday.isocalendar())[:2] if previous_monday.year >= FIRST_YEAR else None,
        "next": tuple(next_monday.isocalendar())[:2] if next_monday.isocalendar()[0] <= LAST_YEAR else None,
        "truncated": truncated,
        "today": timezone.localtime(timezone.now(), BERLIN).date(),
        "filter_query": form.query_string() if status == 200 else "",
        "active_filters": form.active_filters() if status == 200 else [],
    }
    return render(request, "events/calendar_week.html", context, status=status)


def _event_or_404(slug: str) -> Event:
    event = selectors.event_for_page(slug)
    if event is None:
        raise Http404(_("No event is known under this address."))
    return event


def _rule_text(event: Event) -> str:
    """ "jeden 2. Montag im Monat, 19:00–21:00 Uhr" for a recurring event; empty otherwise."""
    if not event.is_recurring:
        return ""
    times = describe_times(
        event.starts_at, event.ends_at, all_day=event.all_day, to_be_announced=event.time_to_be_announced
    )
    return _("%(rule)s, %(times)s") % {"rule": describe_rule(event.rrule, event.starts_at), "times": times}


def _is_over(occurrence: Occurrence, event: Event, now: datetime) -> bool:
    """Whether the date has ended (not merely begun): a running conference has not "taken place" yet.

    A whole-day date (or one whose time is still to be announced) lasts until the end of its last day in Berlin.
    """
    end = occurrence.ends_at or occurrence.starts_at
    if event.all_day or event.time_to_be_announced:
        return local(end).date() < local(now).date()
    return end <= now


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    now = timezone.now()
    dates = selectors.dates_of(event, now=now)
    context = {
        "event": event,
        "dates": dates,
        # dates_of gives the next dates, or only the last one when none is left: then all are over.
        "dates_are_past": bool(dates) and _is_over(dates[0], event, now),
        "rule_text": _rule_text(event),
        "may_edit": can_edit_event(request.user, event),
        "json_ld": event_json_ld(event, request),
    }
    return render(request, "events/event_detail.html", context)


def occurrence_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    occurrence = selectors.occurrence_for_page(slug, pk)
    if occurrence is None:
        raise Http404(_("This event has no such date."))
    event = occurrence.event
    counts = None
    closed_reason = ""
    if event.registration_enabled:
        counts = services.occurrence_counts(occurrence)
        try:
            services.check_open_for_registration(occurrence)
        except services.RegistrationError as error:
            closed_reason = str(error)
    context = {
        "event": event,
        "occurrence": occurrence,
        "is_past": _is_over(occurrence, event, timezone.now()),
        "rule_text": _rule_text(event),
        "counts": counts,
        "closed_reason": closed_reason,
        "may_edit": can_edit_event(request.user, event),
        "json_ld": occurrence_json_ld(occurrence, request),
    }
    return render(request, "events/occurrence_detail.html", context)


def series_list(request: HttpRequest) -> HttpResponse:
    try:
        page = paginate(selectors.series_with_next_date(), request.GET.get("page"), PAGE_SIZE)
    except BadPageNumber as error:
        return render(request, "events/series_list.html", {"page": None, "page_error": str(error)}, status=400)
    return render(request, "events/series_list.html", {"page": page})


def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    series = selectors.series_for_page(slug)
    if series is None:
        raise Http404(_("No series is known under this address."))
    criteria = selectors.EventFilter(series=series)
    upcoming_dates = list(selectors.with_list_details(selectors.upcoming(criteria))[: PAGE_SIZE + 1])
    past_dates = list(selectors.with_list_details(selectors.past(criteria))[: selectors.DATES_SHOWN + 1])
    context = {
        "series": series,
        "upcoming_dates": upcoming_dates[:PAGE_SIZE],
        "more_upcoming": len(upcoming_dates) > PAGE_SIZE,
        "past_dates": past_dates[: selectors.DATES_SHOWN],
        "more_past": len(past_dates) > selectors.DATES_SHOWN,
        "today": timezone.localtime(timezone.now(), BERLIN).date(),
    }
    return render(request, "events/series_detail.html", context)


urlpatterns = [
    path("", event_list, name="event_list"),
    path("archiv/", event_archive, name="event_archive"),
    path("monat/<int:year>/<int:month>/", month, name="month"),
    path("woche/<int:year>/<int:week>/", week, name="week"),
    path("kalender/", calendar_redirect, name="calendar"),
    path("reihen/", series_list, name="series_list"),
    path("reihen/<slug:slug>/", series_detail, name="series_detail"),
    path("<slug:slug>/", event_detail, name="event_detail"),
    path("<slug:slug>/termin/<int:pk>/", occurrence_detail, name="occurrence_detail"),
]
