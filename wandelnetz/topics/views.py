from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wandelnetz.core.pagination import BadPageNumber, paginate
from wandelnetz.events.selectors import EventFilter, upcoming_brief
from wandelnetz.topics import selectors
from wandelnetz.topics.models import Region, Topic

PAGE_SIZE = 20


def topic_list(request: HttpRequest) -> HttpResponse:
    return render(request, "topics/topic_list.html", {"topics": selectors.topic_tree()})


def _paged_actors(request: HttpRequest, actors):  # type: ignore[no-untyped-def]
    try:
        return paginate(actors, request.GET.get("page"), PAGE_SIZE), None
    except BadPageNumber as error:
        return None, str(error)


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise Http404(_("No topic is known under this address."))
    page, error = _paged_actors(request, selectors.actors_on_topic(topic))
    context = {
        "topic": topic,
        "ancestors": selectors.ancestors(topic),
        "children": selectors.children(topic),
        "page": page,
        "page_error": error,
        "upcoming_dates": upcoming_brief(EventFilter(topic=topic)),
        "events_query": urlencode({"topic": topic.slug}),
    }
    return render(request, "topics/topic_detail.html", context, status=400 if error else 200)


def region_list(request: HttpRequest) -> HttpResponse:
    return render(request, "topics/region_list.html", {"regions": selectors.region_tree()})


def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise Http404(_("No region is known under this address."))
    page, error = _paged_actors(request, selectors.actors_in_region(region))
    context = {
        "region": region,
        "ancestors": selectors.ancestors(region),
        "children": selectors.children(region),
        "places": region.places.order_by("name")[:50],
        "page": page,
        "page_error": error,
        "upcoming_dates": upcoming_brief(EventFilter(region=region)),
        "events_query": urlencode({"region": region.slug}),
    }
    return render(request, "topics/region_detail.html", context, status=400 if error else 200)
