"""Reads for minutes: the minutes page, the section on the event page."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, Substr
from django.utils.text import Truncator

from wandelnetz.actors.models import Actor
from wandelnetz.core.markdown import markdown_to_text
from wandelnetz.events.models import Contribution, Event
from wandelnetz.followups.models import FollowUp
from wandelnetz.followups.selectors import follow_ups_of_event
from wandelnetz.minutes.models import Minutes, MinutesLink
from wandelnetz.topics.models import Topic

EXCERPT_CHARS = 300
# The excerpt is made from the start of the text only: minutes can be 200,000 characters long,
# and the event page needs a few lines of them. Markup takes room, so read more than is shown.
_EXCERPT_SOURCE_CHARS = 1500


def event_with_minutes(slug: str) -> Event | None:
    """The event `slug` with its minutes (or none), contributions and series, in two queries; None if unknown."""
    return (
        Event.objects.filter(slug=slug)
        .select_related("series", "minutes")
        .prefetch_related(
            Prefetch("contributions", queryset=Contribution.objects.select_related("actor")),
        )
        .first()
    )


def minutes_of(event: Event) -> Minutes | None:
    """The event's minutes, or None (no query when `event_with_minutes` loaded it)."""
    try:
        return event.minutes
    except Minutes.DoesNotExist:
        return None


def safe_href(link: MinutesLink) -> str:
    """Where the link may point: web addresses and mail only; "" for anything else (shown as text)."""
    url = link.url.strip()
    lowered = url.lower()
    if lowered.startswith(("https://", "http://", "mailto:")):
        return url
    if link.kind == MinutesLink.Kind.EMAIL and "@" in url and ":" not in url and " " not in url:
        return "mailto:" + url
    return ""


@dataclass(frozen=True)
class LinkGroups:
    pinboards: list[MinutesLink]
    websites: list[MinutesLink]
    emails: list[MinutesLink]
    others: list[MinutesLink]

    def __bool__(self) -> bool:
        return bool(self.pinboards or self.websites or self.emails or self.others)


def links_of(minutes: Minutes) -> LinkGroups:
    """The links the minutes carried, by kind, websites with their actors (one query)."""
    rows = list(
        minutes.links.select_related("actor").only(
            "kind", "url", "label", "position", "minutes_id", "actor__name", "actor__slug"
        )
    )
    for link in rows:
        link.href = safe_href(link)  # type: ignore[attr-defined]
    kinds = MinutesLink.Kind
    return LinkGroups(
        pinboards=[link for link in rows if link.kind == kinds.PINBOARD],
        websites=[link for link in rows if link.kind == kinds.WEBSITE],
        emails=[link for link in rows if link.kind == kinds.EMAIL],
        others=[link for link in rows if link.kind not in {kinds.PINBOARD, kinds.WEBSITE, kinds.EMAIL}],
    )


def follow_ups_from(event: Event) -> list[FollowUp]:
    """The follow-ups that came from `event`, with their status and owner (one query)."""
    return follow_ups_of_event(event)


def recorded_follow_ups(event: Event) -> list[FollowUp]:
    """The follow-ups already recorded for `event` (by earlier minutes or by hand), titles only; one query."""
    return list(FollowUp.objects.filter(source_event=event).only("title", "slug").order_by("title", "pk"))


@dataclass(frozen=True)
class MinutesBrief:
    """What the event page shows of the minutes."""

    excerpt: str
    follow_up_count: int
    minutes: Minutes


def minutes_brief(event: Event) -> MinutesBrief | None:
    """An excerpt of the event's minutes and how many follow-ups came from the event; None without minutes.

    One query, whatever the length of the text or the number of follow-ups.
    """
    follow_ups = (
        FollowUp.objects.filter(source_event=OuterRef("event_id"))
        .order_by()
        .values("source_event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    minutes = (
        Minutes.objects.filter(event=event)
        .only("pk", "event_id", "imported_at")
        .annotate(
            opening=Substr("text", 1, _EXCERPT_SOURCE_CHARS),
            follow_up_count=Coalesce(Subquery(follow_ups, output_field=IntegerField()), 0),
        )
        .first()
    )
    if minutes is None:
        return None
    excerpt = Truncator(" ".join(markdown_to_text(minutes.opening).split())).chars(EXCERPT_CHARS)
    return MinutesBrief(excerpt=excerpt, follow_up_count=minutes.follow_up_count, minutes=minutes)


def actors_by_id(ids: set[int]) -> dict[int, Actor]:
    """The actors the import preview names, by id (one query; none when there are no ids)."""
    if not ids:
        return {}
    return {a.pk: a for a in Actor.objects.filter(pk__in=ids).only("name", "slug")}


def events_by_id(ids: set[int]) -> dict[int, Event]:
    """The events the import preview links to, by id (one query; none when there are no ids)."""
    if not ids:
        return {}
    return {e.pk: e for e in Event.objects.filter(pk__in=ids).only("title", "slug", "starts_at")}


def topics_by_id(ids: set[int]) -> dict[int, Topic]:
    """The topics the import preview names, by id (one query; none when there are no ids)."""
    if not ids:
        return {}
    return {t.pk: t for t in Topic.objects.filter(pk__in=ids).only("name", "slug")}
