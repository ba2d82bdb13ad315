"""Reads for topic and region pages."""

from django.db.models import Count, QuerySet

from wandelnetz.actors.selectors import ActorFilter, filtered_actors, with_list_relations
from wandelnetz.topics.models import Region, Topic


def topic_tree() -> list[Topic]:
    """All topics in tree order (parents before their children), one query."""
    topics = list(Topic.objects.only("name", "slug", "parent_id", "depth", "path"))
    return _tree_order(topics)


def region_tree() -> list[Region]:
    regions = list(Region.objects.only("name", "slug", "kind", "parent_id", "depth", "path", "state"))
    return _tree_order(regions)


def _tree_order(nodes: list) -> list:
    by_parent: dict[int | None, list] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)
    ordered: list = []

    def walk(parent_id: int | None) -> None:
        for node in sorted(by_parent.get(parent_id, []), key=lambda n: n.name.lower()):
            ordered.append(node)
            walk(node.pk)

    walk(None)
    return ordered


def ancestors(node: Topic | Region) -> list:
    ids = node.ancestors_ids()
    found = {n.pk: n for n in type(node).objects.filter(pk__in=ids).only("name", "slug")} if ids else {}
    return [found[i] for i in ids if i in found]


def children(node: Topic | Region) -> QuerySet:
    return type(node)._default_manager.filter(parent_id=node.pk).only("name", "slug").order_by("name")


def actors_on_topic(topic: Topic) -> QuerySet:
    return with_list_relations(filtered_actors(ActorFilter(topic=topic)))


def actors_in_region(region: Region) -> QuerySet:
    return with_list_relations(filtered_actors(ActorFilter(region=region)))


def top_topics(limit: int = 12) -> QuerySet[Topic]:
    return Topic.objects.filter(depth=0).annotate(actor_count=Count("actors")).order_by("name")[:limit]
