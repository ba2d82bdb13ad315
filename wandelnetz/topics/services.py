"""Writes for topics and regions."""

from django.db import transaction

from wandelnetz.core.slugs import unique_slug
from wandelnetz.core.trees import attach_node
from wandelnetz.search.services import index_object
from wandelnetz.topics.models import Region, Topic


@transaction.atomic
def create_topic(*, name: str, parent: Topic | None = None, description: str = "", slug: str = "") -> Topic:
    """Create a topic below `parent` with a unique slug."""
    topic = Topic.objects.create(
        name=name, parent=parent, description=description, slug=slug or unique_slug(Topic, name)
    )
    attach_node(topic)
    index_object(obj=topic)
    return topic


@transaction.atomic
def create_region(
    *, name: str, kind: str, parent: Region | None = None, state: str = "", description: str = "", slug: str = ""
) -> Region:
    """Create a region below `parent` with a unique slug."""
    region = Region.objects.create(
        name=name,
        kind=kind,
        parent=parent,
        state=state,
        description=description,
        slug=slug or unique_slug(Region, name),
    )
    attach_node(region)
    index_object(obj=region)
    return region
