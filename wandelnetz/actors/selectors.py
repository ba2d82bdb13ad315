"""Reads for the directory: lists and pages with everything they show loaded up front."""

from dataclasses import dataclass

from django.db.models import F, Func, IntegerField, Model, OuterRef, Prefetch, Q, QuerySet, Subquery

from wandelnetz.actors.models import Actor, Relation
from wandelnetz.core.history import history_rows
from wandelnetz.places.models import Place
from wandelnetz.search.selectors import matching_object_ids
from wandelnetz.topics.models import Region, Topic


@dataclass(frozen=True)
class ActorFilter:
    query: str = ""
    topic: Topic | None = None
    region: Region | None = None
    kind: str = ""


def published_actors() -> QuerySet[Actor]:
    return Actor.objects.filter(status=Actor.Status.PUBLISHED)


def _in_subtree(through_model: type[Model], field: str, node_model: type[Model], node_path: str) -> QuerySet:
    """Ids of actors linked to a node in the subtree at `node_path`, as a subquery.

    The node ids come from their own small subquery so that the link table is searched by its
    index; joined, SQLite scanned all links (80 ms instead of 8 for a large topic).
    """
    nodes = node_model._default_manager.filter(path__startswith=node_path).values("pk")
    return through_model._default_manager.filter(**{f"{field}_id__in": nodes}).values("actor_id")


def filtered_actors(criteria: ActorFilter) -> QuerySet[Actor]:
    """Published actors matching every given criterion; a topic or region includes its subtree."""
    actors = published_actors()
    if criteria.topic is not None:
        actors = actors.filter(pk__in=_in_subtree(Actor.topics.through, "topic", Topic, criteria.topic.path))
    if criteria.region is not None:
        actors = actors.filter(pk__in=_in_subtree(Actor.regions.through, "region", Region, criteria.region.path))
    if criteria.kind:
        actors = actors.filter(kind=criteria.kind)
    if criteria.query:
        actors = actors.filter(pk__in=matching_object_ids(criteria.query, kind="actors.actor"))
    return actors


def with_list_relations(actors: QuerySet[Actor]) -> QuerySet[Actor]:
    """What an actor row in a list shows: its topics and regions, two queries for any page size."""
    return actors.only("name", "slug", "short_name", "kind", "summary", "status").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.only("name", "slug")),
        Prefetch("regions", queryset=Region.objects.only("name", "slug", "path")),
    )


def actor_for_page(slug: str) -> Actor | None:
    """The actor with everything its page shows, or None (its editors: `editor_ids_of`)."""
    return (
        Actor.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.only("name", "slug")),
            Prefetch("regions", queryset=Region.objects.only("name", "slug", "path")),
            Prefetch("places", queryset=Place.objects.select_related("region")),
        )
        .first()
    )


def editor_ids_of(actor: Actor) -> set[int]:
    """The ids of `actor`'s editors, in one query (the permission predicates read them)."""
    return set(actor.editors.values_list("pk", flat=True))


RELATIONS_SHOWN = 50


def public_relations_of(actor: Actor, limit: int = RELATIONS_SHOWN) -> tuple[list[Relation], list[Relation]]:
    """Confirmed relations from and to `actor` whose other side is public, up to `limit` each way
    (one more is fetched so callers can tell there are more).

    Two indexed queries: one with `source = … OR target = …` made SQLite scan all relations.
    """
    confirmed = (
        Relation.objects.filter(state=Relation.State.CONFIRMED)
        .filter(source__status=Actor.Status.PUBLISHED, target__status=Actor.Status.PUBLISHED)
        .select_related("source", "target")
    )
    outgoing = list(confirmed.filter(source=actor).order_by("kind", "target__name")[: limit + 1])
    incoming = list(confirmed.filter(target=actor).order_by("kind", "source__name")[: limit + 1])
    return outgoing, incoming


def pending_relations_for(actor: Actor) -> list[Relation]:
    """Relations waiting for a decision that involve `actor` (for its editors)."""
    return list(
        Relation.objects.filter(Q(source=actor) | Q(target=actor), state=Relation.State.PROPOSED)
        .select_related("source", "target", "proposed_by_actor")
        .order_by("-created")
    )


def moderation_queue() -> QuerySet[Actor]:
    return Actor.objects.filter(status=Actor.Status.PENDING).select_related("created_by").order_by("created")


def actor_history(actor: Actor) -> list[dict]:
    """The change history, newest first (at most 100 rows), each row with the fields it changed."""
    return history_rows(actor)


def actors_editable_by(user) -> QuerySet[Actor]:
    """The actors `user` edits, each with `relations_awaiting`: the proposed relations the other side
    made, which its editors confirm or decline (in the same query)."""
    awaiting = (
        Relation.objects.filter(Q(source=OuterRef("pk")) | Q(target=OuterRef("pk")), state=Relation.State.PROPOSED)
        .exclude(proposed_by_actor=OuterRef("pk"))
        .order_by()
        .annotate(count=Func(F("pk"), function="COUNT"))
        .values("count")
    )
    return (
        Actor.objects.filter(editors=user)
        .annotate(relations_awaiting=Subquery(awaiting, output_field=IntegerField()))
        .order_by("name")
    )
