from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wandelnetz.bodies.models import Body
from wandelnetz.bodies.selectors import bodies_on_topic
from wandelnetz.core.pagination import BadPageNumber, paginate
from wandelnetz.events.selectors import EventFilter, upcoming_brief
from wandelnetz.followups.selectors import FollowUpFilter, filtered_follow_ups, follow_ups_on_topic, status_counts
from wandelnetz.topics import selectors
from wandelnetz.topics.models import Region, Topic

PAGE_SIZE = 20
HUB_BODIES = 40  # bodies shown on a topic hub; the atlas, filtered by the topic, has them all
HUB_FOLLOW_UPS_PER_STATUS = 5


def _bodies_by_level(topic: Topic) -> tuple[list[tuple[str, list[Body]]], bool]:
    """The hub's bodies grouped by level (municipality first), and whether there are more."""
    bodies = bodies_on_topic(topic, limit=HUB_BODIES + 1)
    more = len(bodies) > HUB_BODIES
    groups: dict[str, list[Body]] = {}
    for body in bodies[:HUB_BODIES]:
        groups.setdefault(body.get_level_display(), []).append(body)
    return list(groups.items()), more


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
    bodies_by_level, more_bodies = _bodies_by_level(topic)
    context = {
        "topic": topic,
        "bodies_by_level": bodies_by_level,
        "more_bodies": more_bodies,
        "follow_up_board": follow_ups_on_topic(topic, per_status=HUB_FOLLOW_UPS_PER_STATUS),
        "follow_up_counts": status_counts(filtered_follow_ups(FollowUpFilter(topic=topic))),
        "topic_query": urlencode({"topic": topic.slug}),
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
