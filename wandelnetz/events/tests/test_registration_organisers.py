"""Organisers see who registered for a date, export the list and write to the participants;
nobody else sees participants' names or addresses."""

import csv
import io

import pytest
from django.urls import reverse

from wandelnetz.events import services
from wandelnetz.events.models import Registration
from wandelnetz.events.tests.factories_registration import (
    german,
    link_in,
    open_date,
    registered,
    tasks_must_succeed,  # noqa: F401 - autouse fixture
)

pytestmark = pytest.mark.django_db

QUESTIONS = "Brauchst du einen barrierefreien Zugang?\nWas möchtest du einbringen?"
PAGES = ["events:participants", "events:participants_csv", "events:participants_message"]


@pytest.fixture
def date_with_people(owned_actor):
    """A date of `owned_actor` with 2 places: 2 confirmed, 1 waitlisted, 1 unconfirmed, 1 cancelled."""
    occurrence = open_date(organisers=[owned_actor], capacity=2, registration_questions=QUESTIONS)
    registered(occurrence, 1, answers={"Brauchst du einen barrierefreien Zugang?": "Ja"})
    registered(occurrence, 2)
    registered(occurrence, 3, answers={"Was möchtest du einbringen?": '=HYPERLINK("http://evil")'})
    services.register(occurrence, name="Ungeprüft", email="unconfirmed@example.org")
    gone = registered(occurrence, 4)
    services.cancel_registration(gone)
    return occurrence


def url(name, occurrence):
    return reverse(name, kwargs={"slug": occurrence.event.slug, "pk": occurrence.pk})


# --- Who may see the lists ------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, date_with_people, name):
    response = client.get(url(name, date_with_people))
    assert response.status_code == 302
    assert "/konto/" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_members_and_outsiders_get_403(client, member, outsider, date_with_people, name):
    for person in (member, outsider):
        client.force_login(person)
        response = client.get(url(name, date_with_people))
        assert response.status_code == 403
        assert "person1@example.org" not in response.content.decode()
    assert client.post(url("events:participants_message", date_with_people), {}).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_organisers_and_moderators_may(client, owner, moderator, date_with_people, name):
    for person in (owner, moderator):
        client.force_login(person)
        response = client.get(url(name, date_with_people))
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_editor_of_another_actor_gets_403(client, date_with_people):
    from wandelnetz.accounts.tests.factories import UserFactory
    from wandelnetz.actors.tests.factories import actor

    other_editor = UserFactory()
    actor("Anderer Verein", editors=[other_editor])
    client.force_login(other_editor)
    assert client.get(url("events:participants", date_with_people)).status_code == 403


def test_public_pages_never_show_participants(client, date_with_people):
    for address in [
        date_with_people.get_absolute_url(),
        date_with_people.event.get_absolute_url(),
        url("events:register", date_with_people),
    ]:
        page = client.get(address).content.decode()
        assert "person1@example.org" not in page
        assert "Person 1" not in page


# --- The participants page ------------------------------------------------------------------------


def test_participants_page_lists_people_by_status_with_answers(client, owner, date_with_people):
    client.force_login(owner)
    page = client.get(url("events:participants", date_with_people)).content.decode()
    for shown in ["Person 1", "person1@example.org", "Person 2", "Person 3", "Ungeprüft", "unconfirmed@example.org"]:
        assert shown in page
    assert "Person 4" not in page  # cancelled
    assert "Brauchst du einen barrierefreien Zugang?" in page
    assert "<td>Ja</td>" in page
    # Confirmed first, then the waitlist, then the unconfirmed.
    assert page.index("Person 1") < page.index("Person 3") < page.index("Ungeprüft")
    assert german("2 of 2") in page or "2 of 2" in page or "2 von 2" in page


def test_participants_page_query_count_does_not_grow(client, owner, owned_actor, django_assert_num_queries):
    small = open_date(organisers=[owned_actor], capacity=3, registration_questions=QUESTIONS)
    large = open_date(organisers=[owned_actor], capacity=30, registration_questions=QUESTIONS)
    for n in range(2):
        registered(small, n)
    for n in range(40):
        registered(large, 100 + n, answers={"Was möchtest du einbringen?": f"Idee {n}"})
    client.force_login(owner)
    client.get(url("events:participants", small))  # warm the session and permission caches
    with django_assert_num_queries(7) as small_queries:
        assert client.get(url("events:participants", small)).status_code == 200
    with django_assert_num_queries(len(small_queries)):
        assert client.get(url("events:participants", large)).status_code == 200


# --- CSV export -----------------------------------------------------------------------------------


def test_csv_is_excel_friendly_and_safe(client, owner, date_with_people):
    client.force_login(owner)
    response = client.get(url("events:participants_csv", date_with_people))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, *people = rows
    assert header[4:] == ["Brauchst du einen barrierefreien Zugang?", "Was möchtest du einbringen?"]
    assert len(header) == 6
    assert [row[0] for row in people] == ["Person 1", "Person 2", "Person 3", "Ungeprüft"]
    assert people[0][1] == "person1@example.org"
    assert people[0][4] == "Ja"
    # A formula is neutralised: spreadsheets show the text instead of running it.
    assert people[2][5] == '\'=HYPERLINK("http://evil")'
    statuses = [row[2] for row in people]
    assert statuses[0] == german("Registered") or statuses[0] == "Registered"


@pytest.mark.parametrize("dangerous", ["=1+1", "+49 341", "-2", "@SUM(A1)"])
def test_csv_neutralises_names_that_look_like_formulas(client, owner, owned_actor, dangerous):
    occurrence = open_date(organisers=[owned_actor])
    services.register(occurrence, name=dangerous, email="f@example.org", email_verified=True)
    client.force_login(owner)
    content = client.get(url("events:participants_csv", occurrence)).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[1][0] == "'" + dangerous


# --- Writing to participants ----------------------------------------------------------------------


def test_message_goes_to_each_confirmed_person_alone(
    client, owner, date_with_people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("events:participants_message", date_with_people),
            {"recipients": "confirmed", "subject": "Protokoll", "text": "Hier ist das Protokoll."},
        )
    assert response.status_code == 302 and response["Location"] == url("events:participants", date_with_people)
    assert sorted(m.to[0] for m in mailoutbox) == ["person1@example.org", "person2@example.org"]
    for message in mailoutbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert message.subject == "[Wandelnetz] Protokoll"
        assert "Hier ist das Protokoll." in message.body
        assert link_in(message, "absagen")
        assert "person3@example.org" not in message.body


def test_message_to_confirmed_and_waitlisted(
    client, owner, date_with_people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("events:participants_message", date_with_people),
            {"recipients": "confirmed_waitlisted", "subject": "Neuer Raum", "text": "Wir treffen uns oben."},
        )
    assert sorted(m.to[0] for m in mailoutbox) == [f"person{n}@example.org" for n in (1, 2, 3)]


@pytest.mark.parametrize(
    "data",
    [
        {"recipients": "confirmed", "subject": "", "text": "Text"},
        {"recipients": "confirmed", "subject": "Betreff", "text": ""},
        {"recipients": "everyone", "subject": "Betreff", "text": "Text"},
        {"recipients": "confirmed", "subject": "Zeile\nBcc: evil@example.org", "text": "Text"},
        {"recipients": "confirmed", "subject": "x" * 151, "text": "Text"},
        {"recipients": "confirmed", "subject": "Betreff", "text": "x" * 10_001},
    ],
)
def test_bad_message_is_refused_and_nothing_sent(
    client, owner, date_with_people, mailoutbox, django_capture_on_commit_callbacks, data
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("events:participants_message", date_with_people), data)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert mailoutbox == []


def test_message_to_nobody_is_refused(client, owner, owned_actor, mailoutbox):
    occurrence = open_date(organisers=[owned_actor])
    client.force_login(owner)
    response = client.post(
        url("events:participants_message", occurrence), {"recipients": "confirmed", "subject": "S", "text": "T"}
    )
    assert response.status_code == 400
    assert mailoutbox == []
    assert Registration.objects.count() == 0
