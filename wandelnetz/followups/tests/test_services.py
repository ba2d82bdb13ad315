"""Creating, editing, links and following: the contracts other apps rely on."""

import pytest

from wandelnetz.actors.tests.factories import actor
from wandelnetz.events.tests.factories import event
from wandelnetz.followups import services
from wandelnetz.followups.models import Follower, FollowUp, FollowUpLink
from wandelnetz.followups.tests.factories import follow_up
from wandelnetz.topics.tests.factories import topic

pytestmark = pytest.mark.django_db


def test_create_makes_slug_first_step_topics_and_creator_follows(member):
    culture = topic("Kunst und Kultur")
    stammtisch = event("Stammtisch")
    item = services.create_follow_up(
        title="Stammtisch zu Kunst und Kultur",
        text="Ein eigener **Stammtisch**.",
        topics=[culture],
        owner_name="Koordination",
        origin=FollowUp.Origin.MINUTES,
        source_event=stammtisch,
        created_by=member,
    )
    assert item.slug == "stammtisch-zu-kunst-und-kultur"
    assert list(item.topics.all()) == [culture]
    first = item.status_changes.get()
    assert (first.from_status, first.to_status, first.changed_by) == ("", "proposed", member)
    assert Follower.objects.filter(follow_up=item, user=member).exists()
    again = services.create_follow_up(title="Stammtisch zu Kunst und Kultur")
    assert again.slug == "stammtisch-zu-kunst-und-kultur-2"
    assert not again.followers.exists()


def test_a_title_like_a_path_word_gets_another_slug():
    assert follow_up("Neu").slug != "neu"


def test_over_long_title_is_refused_and_nothing_saved():
    with pytest.raises(services.ValidationError):
        follow_up("x" * 201)
    assert not FollowUp.objects.exists()


def test_update_changes_fields_and_topics_but_never_the_status(member):
    mobility, youth = topic("Mobilität"), topic("Jugend")
    item = follow_up("Alt", topics=[mobility])
    owner = actor("AkSLL")
    services.update_follow_up(follow_up=item, user=member, title="Neu gefasst", owner_actor=owner, topics=[youth])
    item.refresh_from_db()
    assert item.title == "Neu gefasst" and item.owner_actor == owner
    assert list(item.topics.all()) == [youth]
    with pytest.raises(ValueError):
        services.update_follow_up(follow_up=item, user=member, status="done")


def test_links_point_to_exactly_one_target(member):
    item, other = follow_up("Jugendbeteiligung vertiefen"), follow_up("Weiter")
    meeting = event("Stammtisch Jugendbeteiligung")
    link = services.add_link(follow_up=item, event=meeting, note="Thema am 07.03.2022", user=member)
    assert (link.kind, link.event) == (FollowUpLink.Kind.EVENT, meeting)
    assert services.add_link(follow_up=item, target=other).kind == FollowUpLink.Kind.FOLLOW_UP
    assert services.add_link(follow_up=item, url="https://example.org/plattform").kind == FollowUpLink.Kind.WEB
    refused = [
        {},
        {"event": meeting, "url": "https://example.org/"},
        {"target": item},
        {"event": meeting},  # the same link again
        {"url": "https://example.org/plattform"},
        {"url": "javascript:alert(1)"},
        {"url": "example.org"},
        {"url": "https://example.org/" + "x" * 500},
    ]
    for arguments in refused:
        with pytest.raises(services.LinkRefused):
            services.add_link(follow_up=item, **arguments)
    assert item.links.count() == 3
    services.remove_link(link=link)
    assert item.links.count() == 2


def test_follow_and_unfollow_are_idempotent(member):
    item = follow_up()
    services.follow(follow_up=item, user=member)
    services.follow(follow_up=item, user=member)
    assert item.followers.count() == 1
    services.unfollow(follow_up=item, user=member)
    services.unfollow(follow_up=item, user=member)
    assert not item.followers.exists()


def test_follow_ups_of_event_in_board_order():
    meeting = event("Stammtisch")
    later = follow_up("A", source_event=meeting)
    services.change_status(follow_up=later, to_status="in_progress", user=None)
    first = follow_up("B", source_event=meeting)
    follow_up("Anderswo")
    from wandelnetz.followups.selectors import follow_ups_of_event

    assert follow_ups_of_event(meeting) == [first, later]
