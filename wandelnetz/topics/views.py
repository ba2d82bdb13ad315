from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wandelnetz.bodies.models import Body
from wandelnetz.bodies.selectors import bodies_on_topic
from wandelnetz.core.pagination import BadPageNumber, paginate
from wandelnetz.core.paths import slug_url
from wandelnetz.events.selectors import EventFilter, upcoming_brief
from wandelnetz.followups.selectors import topic_board_with_counts
from wandelnetz.topics import selectors
from wandelnetz.topics.models import Region, Topic

PAGE_SIZE = 20
HUB_BODIES = 40  # bodies shown on a topic hub; the atlas, filtered by the topic, has them all
HUB_FOLLOW_UPS_PER_STATUS = 5


def _bodies_by_level(topic: Topic, topic_ids: list[int]) -> tuple[list[tuple[str, list[Body]]], bool]:
    """The hub's bodies grouped by level (municipality first), and whether there are more. Every body
    carries its `url` and the labels of its kind, power and openness (as get_…_display gives them,
    looked up once per page instead of per row), every actor holding one of its seats its `url`."""
    bodies = bodies_on_topic(topic, limit=HUB_BODIES + 1, topic_ids=topic_ids)
    more = len(bodies) > HUB_BODIES
    body_url = slug_url("bodies:body_detail")
    actor_url = slug_url("actors:actor_detail")
    levels, kinds, powers, openness = (
        dict(choices) for choices in (Body.Level.choices, Body.Kind.choices, Body.Power.choices, Body.Openness.choices)
    )
    groups: dict[str, list[Body]] = {}
    for body in bodies[:HUB_BODIES]:
        body.url = body_url(body)  # type: ignore[attr-defined]
        body.kind_label = kinds.get(body.kind, body.kind)  # type: ignore[attr-defined]
        body.power_label = powers.get(body.power, body.power)  # type: ignore[attr-defined]
        body.openness_label = openness.get(body.openness, body.openness)  # type: ignore[attr-defined]
        for seat in body.current_seats:  # type: ignore[attr-defined]
            if seat.actor is not None:
                seat.actor.url = actor_url(seat.actor)
        groups.setdefault(str(levels.get(body.level, body.level)), []).append(body)
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
    # The tree around the topic once; its subtree's ids narrow the bodies, follow-ups and actors.
    family = selectors.topic_family(topic)
    topic_url = slug_url("topics:topic_detail")
    for node in (*family.ancestors, *family.children):
        node.url = topic_url(node)  # type: ignore[attr-defined]
    page, error = _paged_actors(request, selectors.actors_on_topic(topic, family.subtree_ids))
    bodies_by_level, more_bodies = _bodies_by_level(topic, family.subtree_ids)
    follow_up_board, follow_up_counts = topic_board_with_counts(family.subtree_ids, HUB_FOLLOW_UPS_PER_STATUS)
    follow_up_url = slug_url("followups:followup_detail")
    for column in follow_up_board.values():
        for follow_up in column:
            follow_up.url = follow_up_url(follow_up)  # type: ignore[attr-defined]
    context = {
        "topic": topic,
        "bodies_by_level": bodies_by_level,
        "more_bodies": more_bodies,
        "follow_up_board": follow_up_board,
        "follow_up_counts": follow_up_counts,
        "topic_query": urlencode({"topic": topic.slug}),
        "ancestors": family.ancestors,
        "children": family.children,
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
