"""How topics and regions appear in the search."""

from django.utils.translation import gettext_lazy as _

from wandelnetz.search.registry import SearchDocument, register
from wandelnetz.topics.models import Region, Topic


def topic_document(topic: Topic) -> SearchDocument:
    return SearchDocument(title=topic.name, body=topic.description, url=topic.get_absolute_url(), is_public=True)


def region_document(region: Region) -> SearchDocument:
    body = "\n".join(p for p in [region.get_kind_display(), region.state, region.description] if p)
    return SearchDocument(title=region.name, body=body, url=region.get_absolute_url(), is_public=True)


register(Topic, label=_("Topics"), document=topic_document, queryset=Topic.objects.all)
register(Region, label=_("Regions"), document=region_document, queryset=Region.objects.all)
