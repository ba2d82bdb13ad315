"""Reads for topic and region pages."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower

from wandelnetz.actors.models import Actor
from wandelnetz.actors.selectors import ActorFilter, filtered_actors, with_list_relations
from wandelnetz.core.trees import tree_order
from wandelnetz.topics.models import Region, Topic


def topic_tree() -> list[Topic]:
    """All topics in tree order (parents before their children), one query."""
    topics = list(Topic.objects.only("name", "slug", "parent_id", "depth", "path"))
    return tree_order(topics)


def region_tree() -> list[Region]:
    regions = list(Region.objects.only("name", "slug", "kind", "parent_id", "depth", "path", "state"))
    return tree_order(regions)


def ancestors(node: Topic | Region) -> list:
    ids = node.ancestors_ids()
    found = {n.pk: n for n in type(node).objects.filter(pk__in=ids).only("name", "slug")} if ids else {}
    return [found[i] for i in ids if i in found]


def children(node: Topic | Region) -> QuerySet:
    return type(node)._default_manager.filter(parent_id=node.pk).only("name", "slug").order_by("name")


@dataclass(frozen=True)
class TopicFamily:
    """What a topic page needs of the tree around `topic`: its ancestors (root first), its children
    (by name) and the ids of its subtree (itself included), which the page's lists filter by."""

    ancestors: list[Topic]
    children: list[Topic]
    subtree_ids: list[int]


def topic_family(topic: Topic) -> TopicFamily:
    """Ancestors, children and subtree ids of `topic` in one query (plain rows, no model instances
    for the subtree)."""
    ancestor_ids = topic.ancestors_ids()
    nearby = Q(path__startswith=topic.path) | Q(pk__in=ancestor_ids) if ancestor_ids else Q(path__startswith=topic.path)
    rows = Topic.objects.filter(nearby).order_by("name").values_list("pk", "parent_id", "path", "name", "slug")
    found: dict[int, Topic] = {}
    children: list[Topic] = []
    subtree_ids: list[int] = []
    for pk, parent_id, path, name, slug in rows:
        if path.startswith(topic.path):
            subtree_ids.append(pk)
            if parent_id == topic.pk:
                children.append(Topic(pk=pk, parent_id=parent_id, path=path, name=name, slug=slug))
        else:
            found[pk] = Topic(pk=pk, parent_id=parent_id, path=path, name=name, slug=slug)
    return TopicFamily(
        ancestors=[found[pk] for pk in ancestor_ids if pk in found], children=children, subtree_ids=subtree_ids
    )


_FEW_TOPICS = 20  # a subtree this small links few actors (see actors_on_topic)


def actors_on_topic(topic: Topic, subtree_ids: list[int] | None = None) -> QuerySet:
    """Published actors on `topic` or a subtopic, as a list shows them. With the subtree's topic ids
    (from `topic_family`) the links are looked up by those ids, without the path subquery."""
    if subtree_ids is None:
        return with_list_relations(filtered_actors(ActorFilter(topic=topic)))
    linked = Actor.topics.through.objects.filter(topic_id__in=subtree_ids).values("actor_id")
    actors = Actor.objects.filter(pk__in=linked)
    if connection.vendor == "sqlite" and len(subtree_ids) <= _FEW_TOPICS:
        # Compared through an expression (the values are lower case already): on the bare column,
        # SQLite, which keeps no statistics, searched all published actors by the status index and
        # probed each in the list of linked ones instead of looking up the few linked ones (a leaf
        # topic's count: 5 ms instead of 1). A large subtree links so many actors that the index,
        # in name order, is the better way (its page: 2 ms instead of 5). PostgreSQL plans this
        # well with the bare column.
        actors = actors.alias(status_value=Lower("status")).filter(status_value=Actor.Status.PUBLISHED)
    else:
        actors = actors.filter(status=Actor.Status.PUBLISHED)
    # The pk breaks ties between equal names, so that pages never overlap.
    return with_list_relations(actors.order_by("name", "pk"))


def actors_in_region(region: Region) -> QuerySet:
    return with_list_relations(filtered_actors(ActorFilter(region=region)))


def top_topics(limit: int = 12) -> QuerySet[Topic]:
    return Topic.objects.filter(depth=0).annotate(actor_count=Count("actors")).order_by("name")[:limit]
