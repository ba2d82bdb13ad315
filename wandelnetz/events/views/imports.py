"""Imported calendars: an actor's editors register its existing iCal feeds and watch their fetches."""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wandelnetz.actors.models import Actor
from wandelnetz.actors.permissions import can_edit_actor
from wandelnetz.core.forms import parse_id
from wandelnetz.events import importing
from wandelnetz.events.models import CalendarFeed


class CalendarFeedForm(forms.Form):
    # A CharField, not a URLField: webcal:// addresses (what calendar apps hand out) are welcome,
    # and the importer's own check gives the clearer messages.
    url = forms.CharField(
        label=gettext_lazy("Address of the calendar (iCal)"),
        max_length=importing.MAX_URL_LENGTH,
        help_text=gettext_lazy(
            "The public iCal address of the calendar, e.g. from Google Calendar “Public address in iCal format”, "
            "Nextcloud “Copy subscription link” or Outlook “Publish calendar → ICS”. It starts with https:// "
            "or webcal://."
        ),
        widget=forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
    )

    def __init__(self, *args, actor: Actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_url(self) -> str:
        try:
            url = importing.normalise_feed_url(self.cleaned_data["url"])
        except importing.FeedError as error:
            raise forms.ValidationError(str(error), code="address") from None
        feeds = CalendarFeed.objects.filter(actor=self.actor)
        if feeds.filter(url=url).exists():
            raise forms.ValidationError(_("This calendar is already imported for this actor."), code="duplicate")
        if feeds.count() >= importing.MAX_FEEDS_PER_ACTOR:
            raise forms.ValidationError(
                _("An actor can import at most %(count)s calendars.") % {"count": importing.MAX_FEEDS_PER_ACTOR},
                code="too_many",
            )
        return url


def _bad_request(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _feed_from(request: HttpRequest, actor: Actor, name: str) -> CalendarFeed | None:
    pk = parse_id(request.POST.get(name, ""))
    if pk is None:
        return None
    return get_object_or_404(CalendarFeed, pk=pk, actor=actor)


@login_required
def calendar_feeds(request: HttpRequest, actor_slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=actor_slug)
    if not can_edit_actor(request.user, actor):
        raise PermissionDenied
    form = CalendarFeedForm(actor=actor)
    status = 200
    if request.method == "POST":
        if "remove" in request.POST:
            return _remove(request, actor)
        if "fetch" in request.POST:
            return _fetch_now(request, actor)
        form = CalendarFeedForm(request.POST, actor=actor)
        if form.is_valid():
            feed = importing.add_feed(actor=actor, url=form.cleaned_data["url"], added_by=request.user)
            messages.success(
                request,
                _(
                    "The calendar has been added. Fetch it now, or it is fetched automatically within the hour "
                    "and then every %(hours)s hours."
                )
                % {"hours": settings.CALENDAR_IMPORT_INTERVAL_HOURS},
            )
            return redirect(f"{request.path}#feed-{feed.pk}")
        status = 400
    feeds = list(importing.feeds_of(actor))
    for feed in feeds:
        feed.host = urlsplit(feed.url).hostname or feed.url  # type: ignore[attr-defined]
    context = {
        "actor": actor,
        "feeds": feeds,
        "form": form,
        "interval_hours": settings.CALENDAR_IMPORT_INTERVAL_HOURS,
    }
    return render(request, "events/imports_feeds.html", context, status=status)


def _remove(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Removing deletes the imported events too: a confirmation step first (no JavaScript needed)."""
    feed = _feed_from(request, actor, "remove")
    if feed is None:
        return _bad_request(_("Unknown calendar."))
    if request.POST.get("confirm") != "yes":
        event_count = feed.events.count()
        return render(request, "events/imports_remove.html", {"actor": actor, "feed": feed, "event_count": event_count})
    removed = importing.remove_feed(feed)
    messages.success(
        request,
        ngettext(
            "The calendar has been removed, with %(count)s imported event.",
            "The calendar has been removed, with %(count)s imported events.",
            removed,
        )
        % {"count": removed},
    )
    return redirect("events:calendar_feeds", actor_slug=actor.slug)


def _fetch_now(request: HttpRequest, actor: Actor) -> HttpResponse:
    feed = _feed_from(request, actor, "fetch")
    if feed is None:
        return _bad_request(_("Unknown calendar."))
    result = importing.fetch_feed(feed)
    if result.ok:
        messages.success(request, result.message)
        for note in result.notes:
            messages.info(request, note)
    else:
        messages.error(request, _("The calendar could not be fetched: %(error)s") % {"error": result.message})
    return redirect(f"{request.path}#feed-{feed.pk}")


urlpatterns = [
    path("kalender-import/<slug:actor_slug>/", calendar_feeds, name="calendar_feeds"),
]
