"""How events and series appear in the search."""

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from wandelnetz.actors.models import Actor
from wandelnetz.core.markdown import markdown_to_text
from wandelnetz.events.models import Event, Series
from wandelnetz.search.registry import SearchDocument, register
from wandelnetz.topics.models import Region, Topic


def event_document(event: Event) -> SearchDocument:
    when = formats.date_format(timezone.localtime(event.starts_at), "SHORT_DATE_FORMAT")
    parts = [
        when,
        event.summary,
        markdown_to_text(event.description),
        event.series.title if event.series else "",
        event.place.name if event.place else "",
        event.location_note,
        ", ".join(a.name + (f" {a.short_name}" if a.short_name else "") for a in event.organisers.all()),
        ", ".join(f"{c.speaker_name} {c.title}" for c in event.contributions.all()),
        ", ".join(t.name for t in event.topics.all()),
        ", ".join(r.name for r in event.regions.all()),
    ]
    return SearchDocument(
        title=event.title, body="\n".join(p for p in parts if p), url=event.get_absolute_url(), is_public=True
    )


def events_to_index():
    return Event.objects.select_related("series", "place").prefetch_related(
        Prefetch("organisers", queryset=Actor.objects.only("name", "short_name")),
        Prefetch("topics", queryset=Topic.objects.only("name")),
        Prefetch("regions", queryset=Region.objects.only("name")),
        "contributions",
    )


def series_document(series: Series) -> SearchDocument:
    parts = [
        series.summary,
        markdown_to_text(series.description),
        ", ".join(a.name for a in series.organisers.all()),
        ", ".join(t.name for t in series.topics.all()),
    ]
    return SearchDocument(
        title=series.title, body="\n".join(p for p in parts if p), url=series.get_absolute_url(), is_public=True
    )


def series_to_index():
    return Series.objects.prefetch_related(
        Prefetch("organisers", queryset=Actor.objects.only("name")),
        Prefetch("topics", queryset=Topic.objects.only("name")),
    )


register(Event, label=_("Events"), document=event_document, queryset=events_to_index)
register(Series, label=_("Event series"), document=series_document, queryset=series_to_index)
