"""Recurrence rules: expanding them in local wall time, describing them in words, the form's patterns.

Rules are iCalendar RRULE texts (RFC 5545) without the "RRULE:" prefix. They are expanded from
the event's start in Europe/Berlin, so a meeting at 19:00 stays at 19:00 across daylight-saving
changes; UNTIL is kept in UTC, as RFC 5545 requires when DTSTART carries a TZID.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule as du
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from wandelnetz.core.forms import parse_id

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
MAX_RULE_LENGTH = 300


def local(value: datetime) -> datetime:
    return value.astimezone(BERLIN)


def parse_rule(text: str) -> dict[str, str]:
    """RRULE text → its parts, upper-cased; raises ValidationError with a clear message."""
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        raise ValidationError(_("The repetition rule is empty."), code="empty")
    if len(text) > MAX_RULE_LENGTH:
        raise ValidationError(_("The repetition rule is too long."), code="too_long")
    parts: dict[str, str] = {}
    for piece in text.split(";"):
        key, sep, value = piece.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValidationError(_("“%(part)s” is not a valid part of a repetition rule.") % {"part": piece})
        parts[key.strip().upper()] = value.strip().upper()
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise ValidationError(_("A rule must repeat daily, weekly, monthly or yearly (FREQ)."), code="freq")
    return parts


def normalise_rule(text: str, starts_at: datetime) -> str:
    """Validate a rule against its start and return it in canonical form (UNTIL in UTC)."""
    parts = parse_rule(text)
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValidationError(_("A rule ends either after a number of dates or on a day, not both."))
    if "COUNT" in parts and (parse_id(parts["COUNT"]) or 0) not in range(1, 1001):
        raise ValidationError(_("The number of dates must be between 1 and 1000."))
    if "INTERVAL" in parts and (parse_id(parts["INTERVAL"]) or 0) not in range(1, 100):
        raise ValidationError(_("The interval must be between 1 and 99."))
    if "UNTIL" in parts:
        parts["UNTIL"] = _until_in_utc(parts["UNTIL"])
    canonical = ";".join(f"{key}={value}" for key, value in parts.items())
    try:
        rule = du.rrulestr(canonical, dtstart=local(starts_at))
        first = next(iter(rule), None)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise ValidationError(_("The repetition rule cannot be read: %(error)s") % {"error": error}) from None
    if first is None:
        raise ValidationError(_("The repetition rule gives no date on or after the start."))
    return canonical


def _until_in_utc(value: str) -> str:
    try:
        if len(value) == 8:  # a date: the end of that day in Berlin
            day = datetime.strptime(value, "%Y%m%d").date()
            end = datetime.combine(day, time(23, 59, 59), tzinfo=BERLIN)
        elif value.endswith("Z"):
            end = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        else:  # floating local time
            end = datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=BERLIN)
    except ValueError:
        raise ValidationError(_("The end of the repetition (UNTIL) is not a valid date.")) from None
    return end.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Instance:
    """One date a rule gives: its original start (the RECURRENCE-ID) and its actual times."""

    original_start: datetime
    starts_at: datetime
    ends_at: datetime | None


def expand(
    starts_at: datetime,
    ends_at: datetime | None,
    rule: str,
    window_start: datetime,
    window_end: datetime,
) -> Iterator[Instance]:
    """The dates of an event between two instants, in local wall time (DST-safe).

    Without a rule, the single date is returned when it overlaps the window.
    """
    start_local = local(starts_at)
    wall_duration = None
    if ends_at is not None:
        wall_duration = local(ends_at).replace(tzinfo=None) - start_local.replace(tzinfo=None)
    if not rule:
        if starts_at < window_end and (ends_at or starts_at) >= window_start:
            yield Instance(starts_at, starts_at, ends_at)
        return
    dates = du.rrulestr(rule, dtstart=start_local)
    # Occurrences that started before the window but are still running are not needed:
    # lists and feeds look at starts; a margin of one day keeps all-day events in.
    for occurrence in dates.xafter(window_start.astimezone(BERLIN) - timedelta(days=1), inc=True):
        if occurrence >= window_end:
            break
        start = _wall(occurrence)
        end = _wall(occurrence.replace(tzinfo=None) + wall_duration) if wall_duration is not None else None
        yield Instance(start, start, end)


def _wall(naive_or_local: datetime) -> datetime:
    """A wall-clock time in Berlin as an aware datetime (fold=0 for ambiguous times)."""
    return naive_or_local.replace(tzinfo=BERLIN)


# --- Describing rules in words --------------------------------------------------------------

WEEKDAYS = [
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
]


def _ordinal(n: int) -> str:
    if n == -1:
        return _("last")
    if n == -2:
        return _("second to last")
    if get_language().startswith("de"):
        return f"{n}."
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _weekday_list(codes: list[str]) -> str:
    names = [str(WEEKDAYS[WEEKDAY_CODES.index(code)]) for code in codes]
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _split_byday(value: str) -> tuple[int | None, str]:
    code = value[-2:]
    number = value[:-2]
    if code not in WEEKDAY_CODES or (number and not number.lstrip("+-").isdigit()):
        raise ValueError(value)
    return (int(number) if number else None), code


def describe_rule(rule: str, starts_at: datetime) -> str:
    """A rule in words, e.g. "jeden 2. Montag im Monat"; falls back to the rule text."""
    try:
        parts = parse_rule(rule)
        text = _describe(parts, local(starts_at))
    except (ValidationError, ValueError, IndexError):
        return _("repeats by the rule %(rule)s") % {"rule": rule}
    if "COUNT" in parts:
        text = _("%(rule)s, %(count)s times") % {"rule": text, "count": parts["COUNT"]}
    elif "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).astimezone(BERLIN)
        text = _("%(rule)s until %(date)s") % {"rule": text, "date": formats.date_format(until, "SHORT_DATE_FORMAT")}
    return text


def _describe(parts: dict[str, str], start: datetime) -> str:
    freq = parts["FREQ"]
    interval = int(parts.get("INTERVAL", "1"))
    bydays = [_split_byday(v) for v in parts["BYDAY"].split(",")] if "BYDAY" in parts else []
    supported = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL", "WKST"}
    if set(parts) - supported:
        raise ValueError("unsupported parts")
    if freq == "DAILY" and not bydays:
        return _("daily") if interval == 1 else _("every %(n)s days") % {"n": interval}
    if freq == "WEEKLY" or (freq == "DAILY" and bydays):
        codes = [code for _n, code in bydays] or [WEEKDAY_CODES[start.weekday()]]
        days = _weekday_list(codes)
        if interval == 1:
            return _("every %(weekdays)s") % {"weekdays": days}
        if interval == 2:
            return _("every other %(weekdays)s") % {"weekdays": days}
        return _("every %(n)s weeks on %(weekdays)s") % {"n": interval, "weekdays": days}
    if freq == "MONTHLY":
        if bydays and all(n is not None for n, _code in bydays) and len(bydays) == 1:
            n, code = bydays[0]
            assert n is not None
            text = _("every %(ordinal)s %(weekday)s of the month") % {
                "ordinal": _ordinal(n),
                "weekday": WEEKDAYS[WEEKDAY_CODES.index(code)],
            }
        elif bydays:
            raise ValueError("mixed BYDAY")
        else:
            day = int(parts.get("BYMONTHDAY", start.day))
            text = (
                _("on the last day of every month")
                if day == -1
                else _("every month on the %(ordinal)s") % {"ordinal": _ordinal(day)}
            )
        if interval > 1:
            text = _("%(rule)s, every %(n)s months") % {"rule": text, "n": interval}
        return text
    if freq == "YEARLY" and not bydays:
        return _("every year on %(day)s") % {"day": formats.date_format(start, _("F j"))}
    raise ValueError("unsupported")


def describe_times(starts_at: datetime, ends_at: datetime | None, *, all_day: bool, to_be_announced: bool) -> str:
    """The time of day in words: "17:00–18:30 Uhr", "ganztägig", "Uhrzeit folgt"."""
    if to_be_announced:
        return _("time to be announced")
    if all_day:
        return _("all day")
    start = formats.time_format(local(starts_at), "H:i")
    if ends_at is None:
        return _("from %(start)s") % {"start": start}
    return _("%(start)s–%(end)s") % {"start": start, "end": formats.time_format(local(ends_at), "H:i")}


# --- The form's patterns ----------------------------------------------------------------------

PATTERNS = ["none", "weekly", "biweekly", "monthly_nth", "monthly_last", "monthly_day", "custom"]


def nth_weekday(day: date) -> tuple[int, bool]:
    """Which weekday of its month a date is (1–5) and whether it is the last one."""
    return (day.day - 1) // 7 + 1, (day + timedelta(days=7)).month != day.month


def rule_for_pattern(pattern: str, starts_at: datetime, until: date | None = None, custom: str = "") -> str:
    """The RRULE for one of the form's patterns, from the event's first date."""
    start = local(starts_at)
    code = WEEKDAY_CODES[start.weekday()]
    n, _is_last = nth_weekday(start.date())
    if pattern == "none":
        return ""
    if pattern == "custom":
        return normalise_rule(custom, starts_at)
    rule = {
        "weekly": f"FREQ=WEEKLY;BYDAY={code}",
        "biweekly": f"FREQ=WEEKLY;INTERVAL=2;BYDAY={code}",
        "monthly_nth": f"FREQ=MONTHLY;BYDAY={n}{code}",
        "monthly_last": f"FREQ=MONTHLY;BYDAY=-1{code}",
        "monthly_day": f"FREQ=MONTHLY;BYMONTHDAY={start.day}",
    }.get(pattern)
    if rule is None:
        raise ValidationError(_("Choose one of the offered repetitions."), code="pattern")
    if until is not None:
        rule += f";UNTIL={until:%Y%m%d}"
    return normalise_rule(rule, starts_at)


def pattern_choices(starts_at: datetime | None) -> list[tuple[str, str]]:
    """The patterns with their words for a given first date (generic words without one)."""
    if starts_at is None:
        return [
            ("none", _("does not repeat")),
            ("weekly", _("every week on the same weekday")),
            ("biweekly", _("every other week on the same weekday")),
            ("monthly_nth", _("monthly on the same weekday (e.g. every 2nd Monday)")),
            ("monthly_last", _("monthly on the last such weekday (e.g. last Friday)")),
            ("monthly_day", _("monthly on the same day of the month")),
            ("custom", _("own rule (iCalendar RRULE)")),
        ]
    choices = [("none", _("does not repeat"))]
    n, is_last = nth_weekday(local(starts_at).date())
    for pattern in PATTERNS[1:-1]:
        if (pattern == "monthly_last" and not is_last) or (pattern == "monthly_nth" and n == 5):
            continue
        choices.append((pattern, describe_rule(rule_for_pattern(pattern, starts_at), starts_at)))
    choices.append(("custom", _("own rule (iCalendar RRULE)")))
    return choices


def pattern_of_rule(rule: str, starts_at: datetime) -> tuple[str, date | None]:
    """Which form pattern (and end date) gives this rule; "custom" when none does."""
    if not rule:
        return "none", None
    parts = parse_rule(rule)
    until = None
    if "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).astimezone(BERLIN).date()
    for pattern in PATTERNS[1:-1]:
        if rule_for_pattern(pattern, starts_at, until) == rule:
            return pattern, until
    return "custom", None
