"""In-platform notifications: left by services, counted in the header, listed and marked read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wandelnetz.accounts.models import Notification
from wandelnetz.accounts.notifications import mark_read, notify, unread_count

pytestmark = pytest.mark.django_db


def test_notify_counts_and_marks_read(member, outsider):
    first = notify(user=member, message="  “Infoplattform” ist jetzt\n„stockt“. ", url="/ergebnisse/infoplattform/")
    assert first.message == "“Infoplattform” ist jetzt „stockt“." and first.url == "/ergebnisse/infoplattform/"
    second = notify(user=member, message="x" * 600)
    assert len(second.message) == 500 and second.message.endswith("…")
    theirs = notify(user=outsider, message="Für jemand anderen")
    assert unread_count(member) == 2
    assert mark_read(member, [first.pk, theirs.pk]) == 1  # another person's id is ignored
    assert unread_count(member) == 1 and unread_count(outsider) == 1
    assert mark_read(member, "all") == 1
    assert unread_count(member) == 0 and unread_count(outsider) == 1


def test_the_page_is_for_signed_in_people_only(client):
    response = client.get(reverse("notifications:notification_list"))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    response = client.post(reverse("notifications:notification_mark_read"), {"all": "1"})
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_the_page_lists_newest_first_with_links_and_marks_read(client, member, outsider):
    notify(user=member, message="Älter", url="/ergebnisse/alt/")
    notify(user=member, message="Neuer", url="/ergebnisse/neu-1/")
    notify(user=outsider, message="Nicht meins")
    client.force_login(member)
    response = client.get(reverse("notifications:notification_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Neuer") < page.index("Älter") and "Nicht meins" not in page
    assert 'href="/ergebnisse/alt/"' in page
    one = Notification.objects.get(message="Neuer")
    assert client.post(reverse("notifications:notification_mark_read"), {"id": one.pk}).status_code == 302
    assert unread_count(member) == 1
    assert client.post(reverse("notifications:notification_mark_read"), {"all": "1"}).status_code == 302
    assert unread_count(member) == 0 and unread_count(outsider) == 1


def test_the_page_says_it_holds_reminders_to_check_entries_too(client, member):
    """Not only follow-ups: the bodies' verification reminders land here as well."""
    client.force_login(member)
    page = client.get(reverse("notifications:notification_list")).content.decode()
    assert "welche Einträge Sie prüfen sollten" in page


@pytest.mark.parametrize("data", [{}, {"id": "abc"}, {"id": "1" * 30}, {"id": "²"}])
def test_marking_without_a_valid_choice_is_400(client, member, data):
    notify(user=member, message="Bleibt ungelesen")
    client.force_login(member)
    assert client.post(reverse("notifications:notification_mark_read"), data).status_code == 400
    assert unread_count(member) == 1


def test_a_malformed_page_number_is_400(client, member):
    client.force_login(member)
    assert client.get(reverse("notifications:notification_list"), {"page": "zwei"}).status_code == 400
    assert client.get(reverse("notifications:notification_list"), {"page": "7"}).status_code == 404


def _notification_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("about"))
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries if "accounts_notification" in q["sql"]]


def test_the_header_count_costs_nothing_for_anonymous_and_one_query_signed_in(client, member):
    notify(user=member, message="Neu")
    notify(user=member, message="Auch neu")
    assert _notification_queries(client) == []
    client.force_login(member)
    assert len(_notification_queries(client)) == 1
    page = client.get(reverse("about")).content.decode()
    link = page.split('href="/benachrichtigungen/"')[1].split("</a>")[0]
    assert "2" in link


@pytest.mark.parametrize("how_many", [3, 30])
def test_the_page_query_count_does_not_grow(client, member, how_many):
    for n in range(how_many):
        notify(user=member, message=f"Nachricht {n}", url="/ergebnisse/")
    client.force_login(member)
    url = reverse("notifications:notification_list")
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # session, user, the header's unread count, the page's count and rows
    assert len(queries) == 5
