"""How bodies appear in the search: names, descriptions, kind and level in words, topics,
regions, the convening actor and the holders of seats (so "AkSLL" finds where it sits)."""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wandelnetz.bodies.models import Body, Seat
from wandelnetz.core.markdown import markdown_to_text
from wandelnetz.search.registry import SearchDocument, register
from wandelnetz.topics.models import Region, Topic


def _actor_words(actor) -> str:  # type: ignore[no-untyped-def]
    return actor.name + (f" {actor.short_name}" if actor.short_name else "")


def body_document(body: Body) -> SearchDocument:
    title = f"{body.name} ({body.short_name})" if body.short_name else body.name
    with translation.override(settings.LANGUAGE_CODE):
        kind_and_level = f"{body.get_kind_display()} {body.get_level_display()}"
    parts = [
        body.summary,
        kind_and_level,
        markdown_to_text(body.description),
        markdown_to_text(body.how_to_take_part),
        body.meeting_rhythm,
        _actor_words(body.convened_by) if body.convened_by else "",
        ", ".join(_actor_words(s.actor) if s.actor else s.role for s in body.seats.all()),
        ", ".join(t.name for t in body.topics.all()),
        ", ".join(r.name for r in body.regions.all()),
    ]
    return SearchDocument(
        title=title, body="\n".join(p for p in parts if p), url=body.get_absolute_url(), is_public=True
    )


def bodies_to_index():
    return Body.objects.select_related("convened_by").prefetch_related(
        Prefetch("seats", queryset=Seat.objects.select_related("actor")),
        Prefetch("topics", queryset=Topic.objects.only("name")),
        Prefetch("regions", queryset=Region.objects.only("name")),
    )


register(Body, label=_("Bodies"), document=body_document, queryset=bodies_to_index)
