"""Reads for the atlas of bodies ("Wo wird entschieden?"), body pages and topic hubs.

Lists carry per body `current_seats` (the seats held today, with their actors),
`civil_society_seats` (the number of current civil-society seats) and `civil_society_voting`
(whether one of them votes), all from one query for the seats of the bodies shown
(`add_current_seats`): the query count is fixed whatever the number of bodies or seats.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from wandelnetz.actors.models import Actor
from wandelnetz.bodies.models import Body, BodySource, Seat
from wandelnetz.core.history import history_rows
from wandelnetz.events.models import Occurrence
from wandelnetz.search.selectors import matching_object_ids
from wandelnetz.topics.models import Region, Topic


@dataclass(frozen=True)
class BodyFilter:
    """What the atlas is narrowed to; a topic or region includes its subtree."""

    query: str = ""
    region: Region | None = None
    level: str = ""
    topic: Topic | None = None
    power: int | None = None  # the lowest rung shown: 3 = "at least co-decides"
    civil_society: bool | None = None  # True: a civil-society seat today; False: seats known, none civil
    seats_unknown: bool = False  # True: only bodies with no seat recorded for today


def current_seats(day: date | None = None) -> Q:
    """Seats held on `day` (today): begun (or no start known) and not ended."""
    day = day or timezone.localdate()
    return (Q(since__isnull=True) | Q(since__lte=day)) & (Q(until__isnull=True) | Q(until__gte=day))


def _civil_seats(day: date) -> QuerySet[Seat]:
    return Seat.objects.filter(current_seats(day), body=OuterRef("pk"), is_civil_society=True)


def _any_seats(day: date) -> Exists:
    """Whether any seat is recorded for today: without one, nobody knows who sits there."""
    return Exists(Seat.objects.filter(current_seats(day), body=OuterRef("pk")))


def _in_subtree(through: type[Model], field: str, node_model: type[Topic] | type[Region], node_path: str) -> QuerySet:
    """Ids of bodies linked to a node in the subtree at `node_path` (see actors.selectors)."""
    nodes = node_model._default_manager.filter(path__startswith=node_path).values("pk")
    return through._default_manager.filter(**{f"{field}_id__in": nodes}).values("body_id")


def _matching(criteria: BodyFilter, day: date) -> QuerySet[Body]:
    bodies = Body.objects.all()
    if criteria.topic is not None:
        bodies = bodies.filter(pk__in=_in_subtree(Body.topics.through, "topic", Topic, criteria.topic.path))
    if criteria.region is not None:
        bodies = bodies.filter(pk__in=_in_subtree(Body.regions.through, "region", Region, criteria.region.path))
    if criteria.level:
        bodies = bodies.filter(level=criteria.level)
    if criteria.power is not None:
        bodies = bodies.filter(power__gte=criteria.power)
    if criteria.civil_society is True:
        bodies = bodies.filter(Exists(_civil_seats(day)))
    elif criteria.civil_society is False:
        bodies = bodies.filter(_any_seats(day)).exclude(Exists(_civil_seats(day)))
    if criteria.seats_unknown:
        bodies = bodies.exclude(_any_seats(day))
    if criteria.query:
        bodies = bodies.filter(pk__in=matching_object_ids(criteria.query, kind="bodies.body"))
    return bodies


def filtered_bodies(criteria: BodyFilter) -> QuerySet[Body]:
    """Bodies matching every given criterion, by name, with their topics and regions (what an atlas
    card shows; the long texts are deferred): one query for the rows, two for a page's topics and
    regions. Add the seats to the rows of a page with `add_current_seats`."""
    day = timezone.localdate()
    return (
        _matching(criteria, day)
        .only(*_LIST_BODY_FIELDS)
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.only("name", "slug")),
            Prefetch("regions", queryset=Region.objects.only("name", "slug", "path")),
        )
    )


def gaps(criteria: BodyFilter) -> QuerySet[Body]:
    """Bodies (within `criteria`) that co-decide or decide, whose seats today are recorded and
    include no civil-society seat, most power first; plain rows (name, kind, level, power).

    A body with no seat recorded is not a gap: its seats are unknown (see `gap_counts`)."""
    day = timezone.localdate()
    return (
        _matching(criteria, day)
        .filter(power__gte=Body.Power.CODECIDE)
        .filter(_any_seats(day))
        .exclude(Exists(_civil_seats(day)))
        .only("name", "short_name", "slug", "kind", "level", "power")
        .order_by("-power", "name")
    )


def gap_counts(criteria: BodyFilter) -> tuple[int, int]:
    """(gaps, unknown) within `criteria`, in one query: bodies that co-decide or decide with seats
    recorded and none for civil society, and those with no seat recorded at all."""
    day = timezone.localdate()
    any_seats, civil = _any_seats(day), Exists(_civil_seats(day))
    counts = (
        _matching(criteria, day)
        .filter(power__gte=Body.Power.CODECIDE)
        .aggregate(
            gaps=Count("pk", filter=Q(any_seats) & ~Q(civil)),
            unknown=Count("pk", filter=~Q(any_seats)),
        )
    )
    return counts["gaps"], counts["unknown"]


def _level_order() -> Case:
    """Municipality first, the EU last: the order of `Body.Level`."""
    return Case(
        *(When(level=value, then=Value(rank)) for rank, value in enumerate(Body.Level.values)),
        default=Value(len(Body.Level.values)),
        output_field=IntegerField(),
    )


def bodies_on_topic(topic: Topic, limit: int | None = None, topic_ids: list[int] | None = None) -> list[Body]:
    """Bodies dealing with `topic` or one of its subtopics, by level and then most power first
    (with `civil_society_seats`, `civil_society_voting`, `current_seats` and `next_meeting`, the
    start of the next date of the body's meeting series, or None); two queries, at most `limit` bodies.

    `topic_ids`, the ids of the topic's subtree when the caller has them (topics.selectors.topic_family),
    spare the path subquery. The rows carry what a hub shows (the long texts are deferred); the
    civil-society numbers are summed up from the current seats, which are fetched anyway, instead of
    two subqueries per body.
    """
    if topic_ids is None:
        linked = _in_subtree(Body.topics.through, "topic", Topic, topic.path)
    else:
        linked = Body.topics.through.objects.filter(topic_id__in=topic_ids).values("body_id")
    next_meeting = (
        Occurrence.objects.filter(event__series=OuterRef("series"), starts_at__gte=timezone.now(), cancelled=False)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    ordered: QuerySet[Body] = (
        Body.objects.filter(pk__in=linked)
        .only(*_LIST_BODY_FIELDS)
        .annotate(level_rank=_level_order(), next_meeting=Subquery(next_meeting))
        .order_by("level_rank", "-power", "name", "pk")
    )
    bodies = list(ordered[:limit] if limit is not None else ordered)
    add_current_seats(bodies)
    return bodies


def add_current_seats(bodies: list[Body], day: date | None = None) -> None:
    """Set `current_seats` (the seats held on `day`, today by default, with their actors' names
    and slugs), `civil_society_holders` (the civil-society ones among them), `civil_society_seats`
    and `civil_society_voting` on `bodies`; one query.

    Summed up from the seats a list shows anyway, instead of two subqueries per body."""
    day = day or timezone.localdate()
    by_pk = {body.pk: body for body in bodies}
    for body in bodies:
        body.current_seats = []  # type: ignore[attr-defined]
    if by_pk:
        seats = (
            Seat.objects.filter(current_seats(day), body_id__in=list(by_pk))
            .select_related("actor")
            .only(*_LIST_SEAT_FIELDS, "actor__name", "actor__short_name", "actor__slug")
            .order_by("-is_civil_society", "rights", "pk")  # Seat's ordering within one body
        )
        for seat in seats:
            body = by_pk[seat.body_id]
            seat.body = body
            body.current_seats.append(seat)  # type: ignore[attr-defined]
    for body in bodies:
        civil = [seat for seat in body.current_seats if seat.is_civil_society]  # type: ignore[attr-defined]
        body.civil_society_holders = civil  # type: ignore[attr-defined]
        body.civil_society_seats = sum(seat.count for seat in civil)  # type: ignore[attr-defined]
        body.civil_society_voting = any(seat.rights == Seat.Rights.VOTING for seat in civil)  # type: ignore[attr-defined]


# What a list shows of a body and of its seats (the atlas, filtered_bodies; the hub, bodies_on_topic).
_LIST_BODY_FIELDS = (
    "name",
    "short_name",
    "slug",
    "kind",
    "level",
    "power",
    "openness",
    "summary",
    "convened_by",
    "series",
    "last_verified_on",
)
_LIST_SEAT_FIELDS = ("body", "actor", "role", "is_civil_society", "rights", "count", "since", "until")


def body_for_page(slug: str) -> Body | None:
    """The body with everything its page shows (all seats, past ones too, with their actors), or None."""
    return (
        Body.objects.filter(slug=slug)
        .select_related("convened_by", "series", "verified_by")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.only("name", "slug")),
            Prefetch("regions", queryset=Region.objects.only("name", "slug", "path")),
            Prefetch(
                "seats", queryset=Seat.objects.select_related("actor").order_by("-is_civil_society", "rights", "pk")
            ),
            Prefetch("sources", queryset=BodySource.objects.order_by("position", "pk")),
        )
        .first()
    )


def seats_held_today(body: Body, day: date | None = None) -> list[Seat]:
    """The body's current seats from its prefetched seats (no query after `body_for_page`)."""
    prefetched = getattr(body, "current_seats", None)
    if prefetched is not None:
        return list(prefetched)
    return [seat for seat in body.seats.all() if seat.is_current(day)]


def bodies_editable_by(user) -> QuerySet[Body]:  # type: ignore[no-untyped-def]
    """Bodies `user` edits directly or through the actor that convenes them."""
    convening = Actor.objects.filter(editors=user).values("pk")
    return Body.objects.filter(Q(editors=user) | Q(convened_by__in=convening)).distinct().order_by("name")


def body_history(body: Body) -> list[dict]:
    """The change history, newest first (at most 100 rows), each row with the fields it changed."""
    return history_rows(body)
