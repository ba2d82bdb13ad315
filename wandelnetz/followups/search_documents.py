"""How follow-ups appear in the search."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from wandelnetz.core.markdown import markdown_to_text
from wandelnetz.followups.models import FollowUp
from wandelnetz.search.registry import SearchDocument, register
from wandelnetz.topics.models import Topic


def follow_up_document(follow_up: FollowUp) -> SearchDocument:
    owner = follow_up.owner_actor
    parts = [
        str(follow_up.get_status_display()),
        follow_up.status_reason,
        markdown_to_text(follow_up.text),
        (owner.name + (f" {owner.short_name}" if owner.short_name else "")) if owner else "",
        follow_up.owner_name,
        follow_up.source_event.title if follow_up.source_event else "",
        ", ".join(t.name for t in follow_up.topics.all()),
    ]
    return SearchDocument(
        title=follow_up.title,
        body="\n".join(p for p in parts if p),
        url=follow_up.get_absolute_url(),
        is_public=True,
    )


def follow_ups_to_index():
    return FollowUp.objects.select_related("owner_actor", "source_event").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.only("name"))
    )


register(FollowUp, label=_("Follow-ups"), document=follow_up_document, queryset=follow_ups_to_index)
