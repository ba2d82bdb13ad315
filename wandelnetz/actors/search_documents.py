"""How actors appear in the search."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from wandelnetz.actors.models import Actor
from wandelnetz.core.markdown import markdown_to_text
from wandelnetz.search.registry import SearchDocument, register
from wandelnetz.topics.models import Region, Topic


def actor_document(actor: Actor) -> SearchDocument:
    title = f"{actor.name} ({actor.short_name})" if actor.short_name else actor.name
    parts = [
        actor.summary,
        markdown_to_text(actor.description),
        actor.meeting_rhythm,
        ", ".join(t.name for t in actor.topics.all()),
        ", ".join(r.name for r in actor.regions.all()),
    ]
    return SearchDocument(
        title=title, body="\n".join(p for p in parts if p), url=actor.get_absolute_url(), is_public=actor.is_public
    )


def actors_to_index():
    return Actor.objects.prefetch_related(
        Prefetch("topics", queryset=Topic.objects.only("name")),
        Prefetch("regions", queryset=Region.objects.only("name")),
    )


register(Actor, label=_("Actors"), document=actor_document, queryset=actors_to_index)
