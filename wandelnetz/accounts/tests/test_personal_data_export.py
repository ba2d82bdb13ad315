"""The page "Ihr Konto und Ihre Daten" and the download of everything stored about the person."""

import json

import pytest
from django.urls import reverse

from wandelnetz.accounts.personal_data import covered_fields
from wandelnetz.accounts.tests.factories_personal_data import a_busy_person, field_name, relations_to_user

pytestmark = pytest.mark.django_db


def test_every_relation_to_the_user_is_in_a_share():
    """A new field pointing to the user fails here until a share says what export and erasure do."""
    found = {field_name(model, field) for model, field in relations_to_user()}
    assert found - covered_fields() == set(), "relations to the user no share covers"
    assert covered_fields() - found == set(), "shares name relations that do not exist"
    assert "actors.HistoricalActor.history_user" in found and "account.EmailAddress.user" in found


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for name in ("accounts:account_data", "accounts:account_data_download"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    response = client.post(reverse("accounts:account_erase"), {"password": "x"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_page_says_what_is_stored_and_offers_both_actions(client, member):
    client.force_login(member)
    response = client.get(reverse("accounts:account_data"))
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "<h1>Ihr Konto und Ihre Daten</h1>" in page and member.email in page
    assert f'action="{reverse("accounts:account_data_download")}"' in page
    assert f'action="{reverse("accounts:account_erase")}"' in page and 'for="id_password"' in page
    assert f'href="{reverse("accounts:account_data")}" aria-current="page"' in page  # the header's link


def _download(client, user) -> tuple[dict, str]:
    client.force_login(user)
    response = client.get(reverse("accounts:account_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="wandelnetz-meine-daten-')
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode("utf-8")
    return json.loads(text), text


def test_the_download_holds_everything_about_the_person(client, member, outsider):
    world = a_busy_person(member, outsider)
    data, text = _download(client, member)
    assert "Bürgerverein Deutzen" in text and '\n  "account": {' in text  # UTF-8 as is, indented
    assert data["account"]["email"] == member.email and data["account"]["groups"] == ["Redaktion Lausitz"]
    assert data["account"]["permissions"] == ["actors.view_actor"] and "password" not in data["account"]
    assert {row["email"] for row in data["email_addresses"]} == {member.email, "zweite.adresse@example.org"}
    registrations = {row["event"]: row for row in data["registrations"]}
    assert set(registrations) == {"Dorfgespräch", "Rückblick", "Sommerfest"}
    assert registrations["Sommerfest"]["status"] == "unconfirmed"
    assert registrations["Dorfgespräch"]["answers"] == {"Brauchen Sie einen barrierefreien Zugang?": "Ja"}
    assert registrations["Dorfgespräch"]["status"] == "confirmed"
    assert [row["title"] for row in data["follows"]] == ["Radweg nach Deutzen"]
    assert [row["message"] for row in data["notifications"]] == ["„Radweg nach Deutzen“ ist jetzt in Arbeit."]
    assert data["actors_edited"] == [{"title": "Bürgerverein Deutzen", "url": world.actor.get_absolute_url()}]
    assert [row["title"] for row in data["actors_created"]] == ["Bürgerverein Deutzen"]
    assert len(data["actor_changes"]) == 2
    assert data["relations"][0]["proposed"] and data["relations"][0]["decided"]
    assert [row["title"] for row in data["bodies_edited"]] == ["Revierbeirat"]
    assert [row["title"] for row in data["bodies_created"]] == ["Revierbeirat"]
    assert data["bodies_verified"][0]["last_verified_on"]
    assert len(data["body_changes"]) == 2  # created, verified
    assert {row["title"] for row in data["events_created"]} == {"Dorfgespräch"}
    assert data["calendars_added"][0]["url"] == "https://kalender.example.org/dorf.ics"
    assert [row["title"] for row in data["follow_ups_created"]] == ["Radweg nach Deutzen"]
    assert [row["to"] for row in data["status_changes"]] == ["proposed", "in_progress"]
    assert data["follow_up_links_added"][0]["note"] == "Planung"
    assert data["minutes_imported"][0]["url"] == world.minutes.get_absolute_url()
    assert data["admin_actions"][0]["action"] == "changed" and data["admin_actions"][0]["type"] == "accounts.user"
    assert data["sign_ins"]["successful"][0]["ip_address"] == "192.0.2.7"
    assert len(data["sign_ins"]["failed"]) == 1


def test_the_download_carries_nothing_about_anyone_else(client, member, outsider):
    """Not the other participant of the same date, nor whom an admin action was about."""
    a_busy_person(member, outsider)
    _data, text = _download(client, member)
    for theirs in (outsider.email, str(outsider), "Alex Anders", "Nein", "Nur für Alex", "203.0.113.5"):
        assert theirs not in text
    # A failed sign-in under the person's address may have been someone else's: its time only.
    assert "198.51.100.9" not in text and "Angreifer-Bot" not in text
    theirs, their_text = _download(client, outsider)
    assert "Kim Beispiel" not in their_text and member.email not in their_text
    assert [row["name"] for row in theirs["registrations"]] == ["Alex Anders"]


def test_the_data_page_costs_the_same_however_much_is_stored(client, member, outsider, django_assert_num_queries):
    client.force_login(member)
    # Session, user, the header's unread count.
    with django_assert_num_queries(3):
        assert client.get(reverse("accounts:account_data")).status_code == 200
    a_busy_person(member, outsider)
    with django_assert_num_queries(3):
        assert client.get(reverse("accounts:account_data")).status_code == 200
