"""How minutes appear in the search: under "Protokoll: <event>", with their text as plain words."""

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from wandelnetz.core.markdown import markdown_to_text
from wandelnetz.minutes.models import Minutes
from wandelnetz.search.registry import SearchDocument, register


def minutes_document(minutes: Minutes) -> SearchDocument:
    # The title is stored in the index in the site's language (German), like the titles people type.
    return SearchDocument(
        title=f"Protokoll: {minutes.event.title}",
        body=markdown_to_text(minutes.text),
        url=reverse("minutes:minutes_detail", kwargs={"slug": minutes.event.slug}),
        is_public=True,
    )


def minutes_to_index():
    return Minutes.objects.select_related("event").only("text", "event__title", "event__slug")


register(
    Minutes, label=pgettext_lazy("search kind, plural", "Minutes"), document=minutes_document, queryset=minutes_to_index
)
