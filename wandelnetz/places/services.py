"""Writes for places."""

from decimal import Decimal

from django.db import transaction

from wandelnetz.core.slugs import unique_slug
from wandelnetz.places.models import Place
from wandelnetz.search.services import index_object
from wandelnetz.topics.models import Region


@transaction.atomic
def create_place(
    *,
    name: str,
    street: str = "",
    postcode: str = "",
    locality: str = "",
    region: Region | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    description: str = "",
) -> Place:
    """Create a place with a unique slug."""
    place = Place.objects.create(
        name=name,
        slug=unique_slug(Place, name),
        street=street,
        postcode=postcode,
        locality=locality,
        region=region,
        latitude=latitude,
        longitude=longitude,
        description=description,
    )
    index_object(obj=place)
    return place
