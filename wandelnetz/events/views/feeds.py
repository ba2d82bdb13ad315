"""Calendar feeds (iCalendar) and news feeds (RSS, Atom) of events, cheap to poll.

Every feed answers with an ETag and Last-Modified computed without building the feed: from the
address's filters, the number of matching events (or upcoming dates) and their latest change,
and the site's content version (core/page_cache.py), which rises with any write to events,
places, actors or topics, so a renamed place or organiser changes the feed's ETag as well.
A conditional GET that matches answers 304; the built body is kept in the cache under its ETag,
so clients that never send validators (most calendar programs) are served from the cache too.
"""

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.http import http_date
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wandelnetz.core.markdown import markdown_to_text
from wandelnetz.core.page_cache import current_version
from wandelnetz.events import ical
from wandelnetz.events.forms import EventFilterForm
from wandelnetz.events.models import Event, Occurrence
from wandelnetz.events.recurrence import describe_times, local
from wandelnetz.events.selectors import EventFilter, filtered_occurrences, upcoming, with_list_details
from wandelnetz.events.services import window_end

# Calendar feeds reach back this far: programs keep showing the recent past.
FEED_PAST_DAYS = 90
NEWS_FEED_ITEMS = 50
MAX_AGE_SECONDS = 300
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


class InvalidFilter(Exception):
    """The query string names an unknown filter value; the message says which."""


def feed_criteria(request: HttpRequest) -> EventFilter:
    """The filter the query string describes (the list's names); raises InvalidFilter."""
    form = EventFilterForm(request.GET)
    if not form.is_valid():
        messages = [f"{name}: {error}" for name, errors in form.errors.items() for error in errors]
        raise InvalidFilter("\n".join(messages))
    return form.criteria()


def _bad_filter(error: InvalidFilter) -> HttpResponse:
    text = _("The feed's filters are not valid:") + "\n" + str(error) + "\n"
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


# --- Conditional GET ----------------------------------------------------------------------------


def _etag(*parts: object) -> str:
    fingerprint = "|".join(str(part) for part in (*parts, get_language(), current_version()))
    return '"' + hashlib.sha256(fingerprint.encode()).hexdigest()[:40] + '"'


def _last_modified(etag: str, latest: datetime | None) -> datetime:
    """When this representation first appeared (at least its events' latest change).

    Changes of places, organisers or topics change the ETag but no event's `modified`; the time
    a new ETag is first seen stands in for them, so If-Modified-Since stays correct.
    """
    key = f"feed-seen:{etag}"
    now = timezone.now().replace(microsecond=0)
    cache.add(key, now, timeout=60 * 60 * 24 * 30)
    seen = cache.get(key) or now
    return max(seen, latest) if latest is not None else seen


def _conditional(
    request: HttpRequest,
    *,
    etag: str,
    latest: datetime | None,
    build: Callable[[], tuple[bytes, str]],
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """304 when the client has this version; else the body (from the cache when kept)."""
    last_modified = int(_last_modified(etag, latest).timestamp())
    carrier = HttpResponse()
    carrier["ETag"] = etag
    carrier["Last-Modified"] = http_date(last_modified)
    patch_cache_control(carrier, public=True, max_age=MAX_AGE_SECONDS)
    answer = get_conditional_response(request, etag=etag, last_modified=last_modified, response=carrier)
    if answer is not None and answer is not carrier:
        return answer
    body_key = f"feed-body:{etag}"
    stored = cache.get(body_key) if settings.PAGE_CACHE_SECONDS > 0 else None
    if stored is None:
        stored = build()
        if settings.PAGE_CACHE_SECONDS > 0:
            cache.set(body_key, stored, settings.PAGE_CACHE_SECONDS)
    body, content_type = stored
    response = HttpResponse(body, content_type=content_type)
    for name in ("ETag", "Last-Modified", "Cache-Control"):
        response[name] = carrier[name]
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# --- iCalendar ----------------------------------------------------------------------------------


def _calendar_events(criteria: EventFilter) -> QuerySet[Event]:
    """Events with at least one date matching the filter in the feed's period (masters, not dates)."""
    now = timezone.now()
    narrowed = replace(
        criteria,
        date_from=criteria.date_from or now - timedelta(days=FEED_PAST_DAYS),
        date_to=criteria.date_to or window_end(),
    )
    return Event.objects.filter(pk__in=filtered_occurrences(narrowed).values("event_id"))


def _feed_title(criteria: EventFilter) -> str:
    named = (criteria.topic, criteria.region, criteria.actor, criteria.series, criteria.place)
    narrowed_to = [str(value) for value in named if value is not None]
    if criteria.kind:
        narrowed_to.append(str(Event.Kind(criteria.kind).label))
    if narrowed_to:
        return _("Wandelnetz events: %(filters)s") % {"filters": " · ".join(narrowed_to)}
    return _("Wandelnetz events")


@require_safe
def feed_ics(request: HttpRequest) -> HttpResponse:
    """All events, or those matching the list's filters, as a calendar to subscribe to."""
    try:
        criteria = feed_criteria(request)
    except InvalidFilter as error:
        return _bad_filter(error)
    events = _calendar_events(criteria)
    summary = events.aggregate(latest=Max("modified"), count=Count("pk"))
    # The year too: the VTIMEZONE's range follows it.
    etag = _etag("ics", timezone.now().year, sorted(request.GET.lists()), summary["count"], summary["latest"])

    def build() -> tuple[bytes, str]:
        rows = events.order_by("starts_at", "pk")
        return ical.calendar_for_events(rows, name=_feed_title(criteria)), ICS_CONTENT_TYPE

    return _conditional(
        request,
        etag=etag,
        latest=summary["latest"],
        build=build,
        headers={"Content-Disposition": 'inline; filename="wandelnetz.ics"'},
    )


@require_safe
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """One event (with its rule and changed dates) as a calendar file."""
    known = Event.objects.filter(slug=slug).values("pk", "modified", "sequence").first()
    if known is None:
        raise Http404(_("No event is known under this address."))
    etag = _etag("event", timezone.now().year, known["pk"], known["sequence"], known["modified"])

    def build() -> tuple[bytes, str]:
        event = Event.objects.select_related("place").get(pk=known["pk"])
        return ical.calendar_for_events([event], name=event.title), ICS_CONTENT_TYPE

    return _conditional(
        request,
        etag=etag,
        latest=known["modified"],
        build=build,
        headers={"Content-Disposition": f'inline; filename="{slug}.ics"'},
    )


# --- RSS and Atom -------------------------------------------------------------------------------


class UpcomingDatesFeed(Feed):
    """The next dates matching the filter; one item per date."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    mime_type = "application/rss+xml"
    author_name = "Wandelnetz"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> EventFilter:
        return feed_criteria(request)

    def title(self, criteria: EventFilter) -> str:
        return _feed_title(criteria)

    def link(self) -> str:
        return ical.absolute_url(reverse("events:event_list"))

    def description(self) -> str:
        return _("The next dates of events in the Wandelnetz calendar.")

    def items(self, criteria: EventFilter) -> list[Occurrence]:
        return list(with_list_details(upcoming(criteria))[:NEWS_FEED_ITEMS])

    def item_title(self, item: Occurrence) -> str:
        event = item.event
        when = formats.date_format(local(item.starts_at), "D, d.m.Y")
        times = describe_times(
            item.starts_at, item.ends_at, all_day=event.all_day, to_be_announced=event.time_to_be_announced
        )
        title = _("%(date)s, %(times)s: %(title)s") % {"date": when, "times": times, "title": event.title}
        if item.cancelled:
            return _("Cancelled: %(title)s") % {"title": title}
        return title

    def item_link(self, item: Occurrence) -> str:
        return ical.absolute_url(item.get_absolute_url())

    def item_guid(self, item: Occurrence) -> str:
        # The date's original start is stable; an occurrence row's id may not be (re-materialised).
        return f"{ical.absolute_url(item.event.get_absolute_url())}#{local(item.original_start):%Y%m%dT%H%M%S}"

    item_guid_is_permalink = False

    def item_description(self, item: Occurrence) -> str:
        event = item.event
        text = event.summary or Truncator(markdown_to_text(event.description)).chars(400)
        place = item.effective_place
        where = place.name if place is not None else item.effective_location_note
        if event.attendance != Event.Attendance.IN_PERSON:
            where = f"{where} / {_('Online')}" if where else _("Online")
        parts = [text, where, item.note]
        return "\n".join(part for part in parts if part)

    def item_pubdate(self, item: Occurrence) -> datetime:
        return item.event.modified

    def item_updateddate(self, item: Occurrence) -> datetime:
        return item.event.modified

    def item_author_name(self, item: Occurrence) -> str:
        return ", ".join(actor.name for actor in item.event.organisers.all())

    def item_categories(self, item: Occurrence) -> list[str]:
        return [str(item.event.get_kind_display())]


class UpcomingDatesAtomFeed(UpcomingDatesFeed):
    feed_type = Atom1Feed
    mime_type = "application/atom+xml"

    def subtitle(self) -> str:
        return self.description()


def _news_feed(request: HttpRequest, feed: UpcomingDatesFeed, kind: str) -> HttpResponse:
    try:
        criteria = feed.get_object(request)
    except InvalidFilter as error:
        return _bad_filter(error)
    summary = upcoming(criteria).aggregate(latest=Max("event__modified"), count=Count("pk"))
    etag = _etag(kind, sorted(request.GET.lists()), summary["count"], summary["latest"])

    def build() -> tuple[bytes, str]:
        generator = feed.get_feed(criteria, request)
        return generator.writeString("utf-8").encode(), f"{feed.mime_type}; charset=utf-8"

    return _conditional(request, etag=etag, latest=summary["latest"], build=build)


_rss = UpcomingDatesFeed()
_atom = UpcomingDatesAtomFeed()


@require_safe
def feed_rss(request: HttpRequest) -> HttpResponse:
    """The next dates (filters as in the list) as RSS 2.0."""
    return _news_feed(request, _rss, "rss")


@require_safe
def feed_atom(request: HttpRequest) -> HttpResponse:
    """The next dates (filters as in the list) as Atom."""
    return _news_feed(request, _atom, "atom")


urlpatterns = [
    path("kalender.ics", feed_ics, name="feed_ics"),
    path("feed.rss", feed_rss, name="feed_rss"),
    path("feed.atom", feed_atom, name="feed_atom"),
    path("<slug:slug>.ics", event_ics, name="event_ics"),
]
