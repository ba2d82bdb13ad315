from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wandelnetz.actors.selectors import published_actors, with_list_relations
from wandelnetz.core.pagination import BadPageNumber, paginate
from wandelnetz.events.selectors import EventFilter, upcoming_brief
from wandelnetz.places.models import Place

PAGE_SIZE = 50


def place_list(request: HttpRequest) -> HttpResponse:
    places = Place.objects.select_related("region").order_by("name")
    try:
        page = paginate(places, request.GET.get("page"), PAGE_SIZE)
    except BadPageNumber as error:
        return render(request, "places/place_list.html", {"page": None, "page_error": str(error)}, status=400)
    return render(request, "places/place_list.html", {"page": page})


def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    place = Place.objects.select_related("region").filter(slug=slug).first()
    if place is None:
        raise Http404(_("No place is known under this address."))
    actors = with_list_relations(published_actors().filter(places=place))[:100]
    json_ld = {
        "@context": "https://schema.org",
        "@type": "Place",
        "name": place.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": place.street,
            "postalCode": place.postcode,
            "addressLocality": place.locality,
            "addressCountry": "DE",
        },
    }
    if place.latitude is not None and place.longitude is not None:
        json_ld["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    context = {
        "place": place,
        "actors": actors,
        "json_ld": json_ld,
        "upcoming_dates": upcoming_brief(EventFilter(place=place)),
        "events_query": urlencode({"place": place.slug}),
    }
    return render(request, "places/place_detail.html", context)
