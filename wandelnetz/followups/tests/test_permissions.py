"""Everyone reads follow-ups; editors of the owner or of an organiser of the source event, the
creator and moderators change them; everyone else gets 403, anonymous visitors the sign-in."""

import pytest
from django.urls import reverse

from wandelnetz.accounts.tests.factories import UserFactory
from wandelnetz.actors.tests.factories import actor
from wandelnetz.events.tests.factories import event
from wandelnetz.followups.models import FollowUp, FollowUpLink, StatusChange
from wandelnetz.followups.tests.factories import follow_up
from wandelnetz.topics.tests.factories import topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(owned_actor):
    return follow_up("Jugendbeteiligung vertiefen", owner_actor=owned_actor)


def _writes(item: FollowUp) -> list[tuple[str, dict]]:
    return [
        (reverse("followups:followup_edit", args=[item.slug]), {"title": "Gekapert"}),
        (reverse("followups:followup_status", args=[item.slug]), {"to_status": "under_review"}),
        (reverse("followups:followup_link_add", args=[item.slug]), {"kind": "web", "target": "https://example.org/"}),
    ]


def _unchanged(item: FollowUp) -> bool:
    item.refresh_from_db()
    return (
        item.title == "Jugendbeteiligung vertiefen"
        and item.status == "proposed"
        and StatusChange.objects.filter(follow_up=item).count() == 1
        and not FollowUpLink.objects.exists()
    )


def test_anonymous_reads_every_page(client, item):
    culture = topic("Kultur")
    item.topics.add(culture)
    pages = [
        reverse("followups:followup_list"),
        reverse("followups:followup_detail", args=[item.slug]),
        reverse("followups:topic_board", args=[culture.slug]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "csrfmiddlewaretoken" not in response.content.decode()  # cacheable, no forms


def test_anonymous_posts_go_to_sign_in(client, item):
    urls = [url for url, _data in _writes(item)]
    urls += [reverse("followups:followup_follow", args=[item.slug]), reverse("followups:followup_create")]
    for url in urls:
        response = client.post(url, {"action": "follow"})
        assert response.status_code == 302 and "/konto/login/" in response["Location"], url
    assert _unchanged(item) and not item.followers.exists()


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_member_and_outsider_get_403(client, item, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("followups:followup_edit", args=[item.slug])).status_code == 403
    for url, data in _writes(item):
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("followups:followup_create")).status_code == 403
    assert _unchanged(item)
    page = client.get(item.get_absolute_url()).content.decode()
    assert reverse("followups:followup_status", args=[item.slug]) not in page


def _may_change(client, item: FollowUp) -> None:
    url = reverse("followups:followup_status", args=[item.slug])
    response = client.post(url, {"to_status": "in_progress", "comment": "los"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "in_progress"
    response = client.post(
        reverse("followups:followup_link_add", args=[item.slug]), {"kind": "web", "target": "https://example.org/"}
    )
    assert response.status_code == 302 and item.links.count() == 1
    assert client.get(reverse("followups:followup_edit", args=[item.slug])).status_code == 200


def test_editor_of_the_owner_may_change(client, owner, item):
    client.force_login(owner)
    _may_change(client, item)


def test_editor_of_an_organiser_of_the_source_event_may_change(client):
    organiser_editor = UserFactory()
    meeting = event("Stammtisch", organisers=[actor("Bündnis", editors=[organiser_editor])])
    item = follow_up("Aus dem Stammtisch", source_event=meeting)
    client.force_login(organiser_editor)
    _may_change(client, item)


def test_moderator_may_change(client, moderator, item):
    client.force_login(moderator)
    _may_change(client, item)


def test_creator_may_change(client, member):
    item = follow_up("Meins", created_by=member)
    client.force_login(member)
    _may_change(client, item)


def test_signed_in_people_follow_and_unfollow(client, outsider, item):
    client.force_login(outsider)
    url = reverse("followups:followup_follow", args=[item.slug])
    assert client.post(url, {"action": "follow"}).status_code == 302
    assert client.post(url, {"action": "follow"}).status_code == 302
    assert item.followers.filter(user=outsider).count() == 1
    assert "unfollow" in client.get(item.get_absolute_url()).content.decode()
    assert client.post(url, {"action": "unfollow"}).status_code == 302
    assert not item.followers.exists()
    assert client.post(url, {"action": "dance"}).status_code == 400


def test_creating_needs_an_actor_and_an_editable_source_event(client, owner, owned_actor):
    mine = event("Mein Treffen", organisers=[owned_actor])
    theirs = event("Fremdes Treffen")
    client.force_login(owner)
    create = reverse("followups:followup_create")
    response = client.get(create, {"veranstaltung": mine.slug})
    assert response.status_code == 200 and mine.slug in response.content.decode()
    assert client.get(create, {"veranstaltung": theirs.slug}).status_code == 403
    assert client.get(create, {"veranstaltung": "gibt-es-nicht"}).status_code == 404
    for junk in ("\x00", "x" * 81, "<b>"):  # PostgreSQL refused the NUL byte in the lookup (a 500)
        assert client.get(create, {"veranstaltung": junk}).status_code == 404
    data = {"title": "Fremd", "status": "proposed", "source_event": theirs.slug}
    assert client.post(create, data).status_code == 400
    assert not FollowUp.objects.exists()
    data = {"title": "Jugend stärken", "status": "proposed", "source_event": mine.slug, "owner_actor": owned_actor.slug}
    response = client.post(create, data)
    assert response.status_code == 302
    created = FollowUp.objects.get()
    assert (created.source_event, created.owner_actor, created.origin, created.created_by) == (
        mine,
        owned_actor,
        "event",
        owner,
    )
    assert created.followers.filter(user=owner).exists()


def test_moderator_may_note_a_follow_up_of_any_event(client, moderator):
    theirs = event("Fremdes Treffen")
    client.force_login(moderator)
    response = client.post(
        reverse("followups:followup_create"),
        {"title": "Von der Moderation", "status": "proposed", "source_event": theirs.slug},
    )
    assert response.status_code == 302 and FollowUp.objects.get().source_event == theirs


def test_only_editors_remove_links(client, outsider, owner, item):
    link = item.links.create(kind="web", url="https://example.org/")
    url = reverse("followups:followup_link_remove", args=[item.slug, link.pk])
    client.force_login(outsider)
    assert client.post(url).status_code == 403
    client.force_login(owner)
    assert client.get(url).status_code == 405
    other = follow_up("Anderes").links.create(kind="web", url="https://example.org/")
    assert client.post(reverse("followups:followup_link_remove", args=[item.slug, other.pk])).status_code == 404
    assert client.post(url).status_code == 302
    assert not item.links.exists() and FollowUpLink.objects.count() == 1
