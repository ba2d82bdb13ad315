"""Reads for follow-ups: filtered lists, boards by status (per series, per topic), the page of one."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import NoReverseMatch

from wandelnetz.actors.models import Actor
from wandelnetz.events.models import Event, Series
from wandelnetz.followups.models import FollowUp, FollowUpLink, StatusChange
from wandelnetz.search.selectors import matching_object_ids
from wandelnetz.topics.models import Topic

S = FollowUp.Status
# The columns of a board, left to right: from an idea to its end.
BOARD_ORDER: list[str] = [S.PROPOSED, S.UNDER_REVIEW, S.IN_PROGRESS, S.STALLED, S.DONE, S.REJECTED]


@dataclass(frozen=True)
class FollowUpFilter:
    """What a list or board is narrowed to; a topic includes its subtopics."""

    status: str = ""
    topic: Topic | None = None
    series: Series | None = None
    actor: Actor | None = None  # the owner
    query: str = ""


def filtered_follow_ups(criteria: FollowUpFilter) -> QuerySet[FollowUp]:
    """Follow-ups matching every criterion, latest status change first, with owner and source event."""
    follow_ups = FollowUp.objects.all()
    if criteria.status:
        follow_ups = follow_ups.filter(status=criteria.status)
    if criteria.topic is not None:
        follow_ups = follow_ups.filter(pk__in=_on_topic_ids(criteria.topic))
    if criteria.series is not None:
        follow_ups = follow_ups.filter(source_event__series=criteria.series)
    if criteria.actor is not None:
        follow_ups = follow_ups.filter(owner_actor=criteria.actor)
    if criteria.query:
        follow_ups = follow_ups.filter(pk__in=matching_object_ids(criteria.query, kind="followups.followup"))
    return with_list_details(follow_ups).order_by("-status_changed_at", "pk")


def _on_topic_ids(topic: Topic) -> QuerySet:
    topics = Topic.objects.filter(path__startswith=topic.path).values("pk")
    return FollowUp.topics.through.objects.filter(topic_id__in=topics).values("followup_id")


def with_list_details(follow_ups: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    """What a row or card shows: the owning actor and the source event (no further queries)."""
    return follow_ups.select_related("owner_actor", "source_event").defer(
        "text",
        "owner_actor__description",
        "owner_actor__how_to_join",
        "source_event__description",
    )


def _latest_per_status(follow_ups: QuerySet[FollowUp], per_status: int) -> QuerySet:
    """`follow_ups` ranked within their status, the latest changed first, as plain rows: every row
    with `place_in_column` and `column_total` (how many have its status); only the first `per_status`
    of each status are kept. The ranking sorts narrow rows (no joins), whatever the rows later show."""
    return (
        follow_ups.order_by()
        .annotate(
            place_in_column=Window(
                RowNumber(), partition_by=[F("status")], order_by=[F("status_changed_at").desc(), F("pk").asc()]
            ),
            column_total=Window(Count("pk"), partition_by=[F("status")]),
        )
        .filter(place_in_column__lte=per_status)
    )


def board(follow_ups: QuerySet[FollowUp], per_status: int | None = None) -> dict[str, list[FollowUp]]:
    """The follow-ups by status, every status a key in board order (empty lists too); one query.

    With `per_status`, each column holds at most that many, the latest changed first: their ids are
    ranked in a subquery, so only the rows shown are joined with their owner and event.
    """
    if per_status is not None:
        follow_ups = FollowUp.objects.filter(pk__in=_latest_per_status(follow_ups, per_status).values("pk"))
    rows = with_list_details(follow_ups).order_by("-status_changed_at", "pk")
    columns: dict[str, list[FollowUp]] = {status: [] for status in BOARD_ORDER}
    for follow_up in rows:
        columns[follow_up.status].append(follow_up)
    return columns


def status_counts(follow_ups: QuerySet[FollowUp]) -> dict[str, int]:
    """How many follow-ups have each status (every status a key); one query."""
    counts = dict.fromkeys(BOARD_ORDER, 0)
    for row in follow_ups.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


def follow_ups_on_topic(topic: Topic, per_status: int = 5) -> dict[str, list[FollowUp]]:
    """The latest follow-ups on `topic` or a subtopic, at most `per_status` per status; one query."""
    return board(FollowUp.objects.filter(pk__in=_on_topic_ids(topic)), per_status=per_status)


def topic_board_with_counts(
    topic_ids: list[int], per_status: int = 5
) -> tuple[dict[str, list[FollowUp]], dict[str, int]]:
    """For a topic hub: the board of the follow-ups on the topics `topic_ids` (a topic's subtree, see
    topics.selectors.topic_family), at most `per_status` per status, and how many there are of each
    status (as `follow_ups_on_topic` and `status_counts`); two queries.

    The first ranks ids and counts the statuses in one pass; the second fetches the cards shown
    with their owners (the long text and the source event, which a card does not show, are left out).
    """
    linked = FollowUp.topics.through.objects.filter(topic_id__in=topic_ids).values("followup_id")
    ranked = _latest_per_status(FollowUp.objects.filter(pk__in=linked), per_status)
    counts = dict.fromkeys(BOARD_ORDER, 0)
    shown: list[int] = []
    for pk, status, total in ranked.values_list("pk", "status", "column_total"):
        counts[status] = total
        shown.append(pk)
    columns: dict[str, list[FollowUp]] = {status: [] for status in BOARD_ORDER}
    if shown:
        cards = (
            FollowUp.objects.filter(pk__in=shown)
            .select_related("owner_actor")
            .only(*_CARD_FIELDS, "owner_actor__name", "owner_actor__slug")
            .order_by("-status_changed_at", "pk")
        )
        for follow_up in cards:
            columns[follow_up.status].append(follow_up)
    return columns, counts


# What a board's card shows (followups/includes/board.html).
_CARD_FIELDS = ("title", "slug", "status", "status_reason", "status_changed_at", "owner_actor", "owner_name")


def follow_ups_of_series(series: Series, per_status: int | None = None) -> dict[str, list[FollowUp]]:
    """The follow-ups of the events of `series`, by status; one query."""
    return board(FollowUp.objects.filter(source_event__series=series), per_status=per_status)


def follow_ups_of_event(event: Event) -> list[FollowUp]:
    """The follow-ups that came from `event`, in board order, with their owners; one query."""
    rows = with_list_details(FollowUp.objects.filter(source_event=event)).order_by("title", "pk")
    position = {status: index for index, status in enumerate(BOARD_ORDER)}
    return sorted(rows, key=lambda follow_up: position.get(follow_up.status, 99))


def follow_up_for_page(slug: str) -> FollowUp | None:
    """The follow-up with everything its page shows, or None: owner, source event (and series),
    topics, the timeline with who made each step, its links and the links pointing to it.
    Five queries. Each link carries `href` and `label`."""
    follow_up = (
        FollowUp.objects.filter(slug=slug)
        .select_related("owner_actor", "source_event", "source_event__series")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.only("name", "slug")),
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.select_related("changed_by").order_by("changed_at", "pk"),
            ),
            Prefetch(
                "links",
                queryset=FollowUpLink.objects.select_related("event", "body", "target").order_by("added_at", "pk"),
            ),
            Prefetch(
                "linked_from",
                queryset=FollowUpLink.objects.select_related("follow_up").order_by("added_at", "pk"),
            ),
        )
        .first()
    )
    if follow_up is not None:
        for link in follow_up.links.all():
            link.href, link.label = _describe(link)  # type: ignore[attr-defined]
    return follow_up


def _describe(link: FollowUpLink) -> tuple[str, str]:
    """Where a link goes and what it is called."""
    linked: Any = link.event or link.body or link.target
    if linked is None:
        return link.url, link.url
    try:
        return linked.get_absolute_url(), str(linked)
    except NoReverseMatch:  # a type whose pages are not mounted (yet)
        return "", str(linked)


def is_following(follow_up: FollowUp, user: Any) -> bool:
    if not (user and user.is_authenticated):
        return False
    return follow_up.followers.filter(user=user).exists()
