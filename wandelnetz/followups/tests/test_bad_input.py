"""Bad input gets a clear message and a 4xx, and saves nothing."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from wandelnetz.events.tests.factories import event
from wandelnetz.followups.models import FollowUp, FollowUpLink, StatusChange
from wandelnetz.followups.tests.factories import follow_up

pytestmark = pytest.mark.django_db


def _status(client, item, data):
    with override("en"):
        return client.post(reverse("followups:followup_status", args=[item.slug]), data)


def _nothing_changed(item: FollowUp) -> bool:
    item.refresh_from_db()
    return item.status == "proposed" and StatusChange.objects.filter(follow_up=item).count() == 1


def test_a_jump_that_is_not_allowed_is_refused_with_a_message(editor, item):
    response = _status(editor, item, {"to_status": "done", "comment": "Erledigt."})
    assert response.status_code == 400
    assert "cannot become" in response.content.decode()
    assert _nothing_changed(item)


def test_stalled_without_a_reason_is_refused(editor, item):
    response = _status(editor, item, {"to_status": "stalled", "reason": " ", "comment": "Liegt."})
    assert response.status_code == 400
    assert "Please give a reason" in response.content.decode()
    assert _nothing_changed(item)


@pytest.mark.parametrize("comment", [None, "", "  \n "])
def test_a_status_change_without_a_comment_is_refused(editor, item, comment):
    """Each step of the timeline says what happened: followers are told in these words."""
    data = {"to_status": "under_review"} | ({} if comment is None else {"comment": comment})
    response = _status(editor, item, data)
    assert response.status_code == 400
    assert "Please say in a comment what happened." in response.content.decode()
    assert _nothing_changed(item)


@pytest.mark.parametrize(
    "data",
    [
        {"to_status": "vanished", "comment": "x"},
        {},
        {"to_status": "proposed", "comment": "x"},  # the status it has
        {"to_status": "stalled", "reason": "x" * 301, "comment": "x"},
        {"to_status": "in_progress", "comment": "x" * 5001},
    ],
)
def test_other_bad_status_posts(editor, item, data):
    assert _status(editor, item, data).status_code == 400
    assert _nothing_changed(item)


def test_the_status_select_offers_only_the_next_steps(editor, item):
    page = editor.get(item.get_absolute_url()).content.decode()
    select = page.split('name="to_status"')[1].split("</select>")[0]
    assert 'value="under_review"' in select and 'value="done"' not in select


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "event", "target": "gibt-es-nicht"}, "There is no event"),
        ({"kind": "body", "target": "kein-gremium"}, "There is no body"),
        ({"kind": "follow_up", "target": "/ergebnisse/nichts/"}, "There is no follow-up"),
        ({"kind": "follow_up", "target": "infoplattform"}, "cannot link to itself"),
        ({"kind": "web", "target": "nicht eine adresse"}, "complete web address"),
        ({"kind": "web", "target": "javascript:alert(1)"}, "complete web address"),
        ({"kind": "teleport", "target": "x"}, 'class="field-error"'),
        ({"kind": "web", "target": ""}, 'class="field-error"'),
    ],
)
def test_bad_links_are_refused(editor, item, data, message):
    with override("en"):
        response = editor.post(reverse("followups:followup_link_add", args=[item.slug]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FollowUpLink.objects.exists()


def test_links_by_slug_or_address_and_no_duplicates(editor, item):
    meeting = event("Stammtisch Jugendbeteiligung")
    url = reverse("followups:followup_link_add", args=[item.slug])
    assert editor.post(url, {"kind": "event", "target": meeting.get_absolute_url()}).status_code == 302
    with override("en"):
        response = editor.post(url, {"kind": "event", "target": meeting.slug})
    assert response.status_code == 400 and "already" in response.content.decode()
    assert FollowUpLink.objects.get().event == meeting
    page = editor.get(item.get_absolute_url()).content.decode()
    assert meeting.get_absolute_url() in page


def test_over_long_title_and_unknown_status_on_create(editor, owned_actor):
    create = reverse("followups:followup_create")
    assert editor.post(create, {"title": "x" * 201, "status": "proposed"}).status_code == 400
    assert editor.post(create, {"title": "Gut", "status": "vanished"}).status_code == 400
    assert editor.post(create, {"title": "Gut", "status": "stalled"}).status_code == 400  # no reason
    assert editor.post(create, {"title": "Gut", "status": "proposed", "owner_actor": "niemand"}).status_code == 400
    assert editor.post(create, {"title": "Gut", "status": "proposed", "due_date": "31.02.2022"}).status_code == 400
    assert not FollowUp.objects.exists()


def test_over_long_title_on_edit(editor, item):
    response = editor.post(reverse("followups:followup_edit", args=[item.slug]), {"title": "x" * 201})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.title == "Infoplattform"


@pytest.mark.parametrize("value", ["9" * 24, "²"])
def test_tampered_topic_id_on_edit(editor, item, value):
    """An id no column holds (SQLite raised OverflowError in the IN list) is a form error."""
    response = editor.post(reverse("followups:followup_edit", args=[item.slug]), {"title": "Neu", "topics": [value]})
    assert response.status_code == 400
    assert response.context["form"].errors["topics"]
    item.refresh_from_db()
    assert item.title == "Infoplattform"


@pytest.mark.parametrize(
    "params",
    [
        {"page": "zwei"},
        {"page": "0"},
        {"status": "vanished"},
        {"topic": "nichts"},
        {"series": "nichts"},
        {"actor": "x"},
    ],
)
def test_bad_list_filters_are_400(client, params):
    follow_up()
    assert client.get(reverse("followups:followup_list"), params).status_code == 400


def test_unknown_pages_are_404(client):
    assert client.get(reverse("followups:followup_detail", args=["nichts"])).status_code == 404
    assert client.get(reverse("followups:series_board", args=["nichts"])).status_code == 404
    assert client.get(reverse("followups:topic_board", args=["nichts"])).status_code == 404
    assert client.get(reverse("followups:followup_list"), {"page": "99"}).status_code == 404
