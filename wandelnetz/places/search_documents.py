"""How places appear in the search."""

from django.utils.translation import gettext_lazy as _

from wandelnetz.places.models import Place
from wandelnetz.search.registry import SearchDocument, register


def place_document(place: Place) -> SearchDocument:
    body = "\n".join(p for p in [place.address, place.region.name if place.region else "", place.description] if p)
    return SearchDocument(title=place.name, body=body, url=place.get_absolute_url(), is_public=True)


register(Place, label=_("Places"), document=place_document, queryset=lambda: Place.objects.select_related("region"))
