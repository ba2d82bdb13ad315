"""Registering for a date without an account (double opt-in) or signed in, confirming and
cancelling by the links in the mails, the waitlist and its promotion, and bad input."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from wandelnetz.events import services, tokens
from wandelnetz.events.models import Registration
from wandelnetz.events.tests.factories import next_week_at
from wandelnetz.events.tests.factories_registration import (
    calendar_parts,
    german,
    link_in,
    open_date,
    registered,
    tasks_must_succeed,  # noqa: F401 - autouse fixture
)

pytestmark = pytest.mark.django_db

QUESTION = "Brauchst du einen barrierefreien Zugang?"
CHECK_INBOX = (
    "Thank you! We have sent you an email. Please confirm your registration with the link in "
    "the email; until then, no place is kept for you."
)


def form_data(**overrides):
    data = {"name": "Kim Beispiel", "email": "kim@example.org", "consent": "on"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def register_url(occurrence):
    return reverse("events:register", kwargs={"slug": occurrence.event.slug, "pk": occurrence.pk})


def post_registration(client, occurrence, capture, **overrides):
    with capture(execute=True):
        return client.post(register_url(occurrence), form_data(**overrides))


# --- The form -------------------------------------------------------------------------------------


def test_form_shows_the_date_questions_and_what_happens_to_the_data(client):
    occurrence = open_date(title="Stammtisch Lebendige Orte", capacity=20, registration_questions=QUESTION)
    response = client.get(register_url(occurrence))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Stammtisch Lebendige Orte" in page
    assert QUESTION in page
    assert german("Email address") in page
    # The consent says who gets the data, for what and until when.
    assert 'name="consent"' in page
    assert "14" in page
    assert (
        german(
            "No account needed. After sending the form you receive an email with a link to confirm your registration."
        )
        in page
    )
    # The online link is for participants only.
    assert "meet.example.org" not in page


def test_full_date_says_waitlist_before_registering(client):
    occurrence = open_date(capacity=1)
    registered(occurrence, 1)
    page = client.get(register_url(occurrence)).content.decode()
    assert german("Fully booked – registration for the waitlist.") in page
    assert german("Join the waitlist") in page


def test_signed_in_person_sees_name_and_address_prefilled(client, member):
    occurrence = open_date()
    client.force_login(member)
    page = client.get(register_url(occurrence)).content.decode()
    assert f'value="{member.email}"' in page
    assert f'value="{member.display_name}"' in page


# --- Registering without an account: double opt-in -----------------------------------------------


def test_anonymous_registration_waits_for_the_confirmation_link(client, mailoutbox, django_capture_on_commit_callbacks):
    occurrence = open_date(capacity=20, registration_questions=QUESTION)
    response = post_registration(
        client, occurrence, django_capture_on_commit_callbacks, email="Kim@Example.org", answer_0="Ja, Rollstuhl"
    )
    assert response.status_code == 302 and response["Location"] == occurrence.get_absolute_url()
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.UNCONFIRMED
    assert registration.email == "kim@example.org"
    assert registration.answers == {QUESTION: "Ja, Rollstuhl"}
    assert registration.user is None
    assert german(CHECK_INBOX) in client.get(response["Location"]).content.decode()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["kim@example.org"]
    assert message.subject.startswith("[Wandelnetz]")
    assert "meet.example.org" not in message.body  # not before confirming
    assert link_in(message, "bestaetigen")
    assert services.occurrence_counts(occurrence)["confirmed"] == 0


def test_confirm_link_shows_a_button_and_post_confirms(client, mailoutbox, django_capture_on_commit_callbacks):
    occurrence = open_date(capacity=20)
    post_registration(client, occurrence, django_capture_on_commit_callbacks)
    confirm = link_in(mailoutbox[0], "bestaetigen")
    # Mail scanners fetch links: GET changes nothing.
    page = client.get(confirm)
    assert page.status_code == 200
    assert german("Confirm registration") in page.content.decode()
    assert Registration.objects.get().status == Registration.Status.UNCONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm)
    assert response.status_code == 302
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    assert german("Your registration is confirmed: you have a place.") in client.get(confirm).content.decode()
    # The confirmation: the online link, a calendar entry and the cancel link.
    assert len(mailoutbox) == 2
    confirmation = mailoutbox[1]
    assert "https://meet.example.org/stammtisch-geheim" in confirmation.body
    assert link_in(confirmation, "absagen")
    [ics] = calendar_parts(confirmation)
    assert ics.get_param("method") == "PUBLISH"
    calendar = ics.get_payload(decode=True).decode()
    assert "BEGIN:VTIMEZONE" in calendar and "TZID:Europe/Berlin" in calendar
    assert occurrence.event.uid.split("@")[0] in calendar
    # Confirming again is harmless and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    assert len(mailoutbox) == 2


def test_confirming_after_the_places_are_taken_puts_one_on_the_waitlist(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    occurrence = open_date(capacity=1)
    post_registration(client, occurrence, django_capture_on_commit_callbacks)
    confirm = link_in(mailoutbox[0], "bestaetigen")
    registered(occurrence, 1)  # someone else was faster
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    registration = Registration.objects.get(email="kim@example.org")
    assert registration.status == Registration.Status.WAITLISTED
    waitlist_mail = mailoutbox[-1]
    assert "1" in waitlist_mail.body
    assert "meet.example.org" not in waitlist_mail.body
    assert calendar_parts(waitlist_mail) == []
    assert link_in(waitlist_mail, "absagen")


def test_registering_twice_creates_no_second_registration(client, mailoutbox, django_capture_on_commit_callbacks):
    occurrence = open_date()
    post_registration(client, occurrence, django_capture_on_commit_callbacks)
    # Again at once: the same answer, no second row, no mail flood.
    response = post_registration(client, occurrence, django_capture_on_commit_callbacks, email="KIM@example.org")
    assert response.status_code == 302
    assert Registration.objects.count() == 1
    assert len(mailoutbox) == 1
    # Later: the confirmation mail is sent again.
    Registration.objects.update(modified=timezone.now() - timedelta(minutes=10))
    post_registration(client, occurrence, django_capture_on_commit_callbacks)
    assert Registration.objects.count() == 1
    assert len(mailoutbox) == 2
    assert link_in(mailoutbox[1], "bestaetigen")


def test_registering_a_confirmed_address_again_reveals_nothing_on_the_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Anyone can type anyone's address: the page answers as for a new registration, the owner
    of the address is told by mail that they are registered already."""
    occurrence = open_date()
    registered(occurrence, 1)
    Registration.objects.update(modified=timezone.now() - timedelta(minutes=10))
    response = post_registration(client, occurrence, django_capture_on_commit_callbacks, email="person1@example.org")
    assert german(CHECK_INBOX) in client.get(response["Location"]).content.decode()
    assert Registration.objects.count() == 1
    [message] = mailoutbox
    assert message.to == ["person1@example.org"]
    assert link_in(message, "absagen")
    assert "meet.example.org" not in message.body


def test_registering_in_english_sends_english_mails(client, mailoutbox, django_capture_on_commit_callbacks):
    occurrence = open_date()
    client.cookies["django_language"] = "en"
    post_registration(client, occurrence, django_capture_on_commit_callbacks)
    assert "Please confirm your registration" in mailoutbox[0].subject


# --- Signed in with a verified address ------------------------------------------------------------


def test_signed_in_person_with_verified_address_is_registered_at_once(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    occurrence = open_date(capacity=5)
    client.force_login(member)
    response = post_registration(client, occurrence, django_capture_on_commit_callbacks, email=member.email)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.user == member
    [message] = mailoutbox
    assert "https://meet.example.org/stammtisch-geheim" in message.body
    assert calendar_parts(message)
    # Once more: "already registered", nothing new.
    response = post_registration(client, occurrence, django_capture_on_commit_callbacks, email=member.email)
    assert (
        german("You are already registered for this date and have a place.")
        in client.get(response["Location"]).content.decode()
    )
    assert Registration.objects.count() == 1 and len(mailoutbox) == 1


def test_signed_in_person_with_another_address_confirms_it_by_mail(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    occurrence = open_date()
    client.force_login(member)
    post_registration(client, occurrence, django_capture_on_commit_callbacks, email="other@example.org")
    assert Registration.objects.get().status == Registration.Status.UNCONFIRMED
    assert link_in(mailoutbox[0], "bestaetigen")


def test_full_date_puts_a_verified_person_on_the_waitlist(client, member, django_capture_on_commit_callbacks):
    occurrence = open_date(capacity=1)
    registered(occurrence, 1)
    client.force_login(member)
    response = post_registration(client, occurrence, django_capture_on_commit_callbacks, email=member.email)
    assert Registration.objects.get(user=member).status == Registration.Status.WAITLISTED
    assert response.status_code == 302


# --- Cancelling by link, and the waitlist moving up ----------------------------------------------


def test_cancel_link_frees_the_place_for_the_first_on_the_waitlist(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    occurrence = open_date(capacity=1)
    first = registered(occurrence, 1)
    second = registered(occurrence, 2)
    registered(occurrence, 3)
    cancel = reverse("events:registration_cancel", kwargs={"token": tokens.cancel_token(first)})
    page = client.get(cancel)
    assert page.status_code == 200
    assert "Person 1" in page.content.decode()
    assert german("Cancel my registration") in page.content.decode()
    first.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED and first.cancelled_at is not None
    assert second.status == Registration.Status.CONFIRMED
    assert german("Your registration is cancelled.") in client.get(cancel).content.decode()
    [promotion] = mailoutbox
    assert promotion.to == ["person2@example.org"]
    assert german("You have got a place: %(title)s") % {"title": occurrence.event.title} in promotion.subject
    assert "https://meet.example.org/stammtisch-geheim" in promotion.body
    assert calendar_parts(promotion)
    assert link_in(promotion, "absagen")
    # Cancelling twice is harmless: nobody else moves up, no mail.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(cancel).status_code == 302
    assert services.occurrence_counts(occurrence) == {"confirmed": 1, "waitlisted": 1, "free": 0}
    assert len(mailoutbox) == 1


def test_the_whole_way_without_an_account(client, mailoutbox, django_capture_on_commit_callbacks):
    """Register, confirm, cancel, register again: each step by the links in the mails."""
    occurrence = open_date(capacity=3)
    post_registration(client, occurrence, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(mailoutbox[0], "bestaetigen"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(mailoutbox[1], "absagen"))
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    post_registration(client, occurrence, django_capture_on_commit_callbacks)
    assert Registration.objects.filter(status=Registration.Status.UNCONFIRMED).count() == 1
    assert len(mailoutbox) == 3


def test_cancel_link_of_a_past_date_is_refused_clearly(client):
    occurrence = open_date()
    registration = registered(occurrence, 1)
    occurrence.starts_at = timezone.now() - timedelta(hours=1)
    occurrence.save()
    cancel = reverse("events:registration_cancel", kwargs={"token": tokens.cancel_token(registration)})
    response = client.post(cancel)
    assert response.status_code == 400
    assert german("This date has passed; a registration can no longer be cancelled.") in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_link_pages_are_private(client):
    registration = registered(open_date(), 1)
    for name, token in [
        ("events:registration_cancel", tokens.cancel_token(registration)),
        ("events:registration_confirm", tokens.confirm_token(registration)),
    ]:
        response = client.get(reverse(name, kwargs={"token": token}))
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


# --- Bad links ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["events:registration_confirm", "events:registration_cancel"])
def test_tampered_token_is_a_clear_error(client, name):
    registration = registered(open_date(), 1)
    token = tokens.cancel_token(registration) if name.endswith("cancel") else tokens.confirm_token(registration)
    for bad in [token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), "nonsense", "x" * 500, signing.dumps("1")]:
        response = client.get(reverse(name, kwargs={"token": bad}))
        assert response.status_code == 400
        assert "not valid" in response.content.decode() or "nicht gültig" in response.content.decode()
        response = client.post(reverse(name, kwargs={"token": bad}))
        assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_confirm_token_cannot_cancel_and_cancel_token_cannot_confirm(client):
    occurrence = open_date()
    registration, _ = services.register(occurrence, name="Kim", email="kim@example.org")
    cancel_with_confirm_token = reverse(
        "events:registration_cancel", kwargs={"token": tokens.confirm_token(registration)}
    )
    confirm_with_cancel_token = reverse(
        "events:registration_confirm", kwargs={"token": tokens.cancel_token(registration)}
    )
    assert client.post(cancel_with_confirm_token).status_code == 400
    assert client.post(confirm_with_cancel_token).status_code == 400
    registration.refresh_from_db()
    assert registration.status == Registration.Status.UNCONFIRMED


def test_confirm_link_expires_after_seven_days(client, monkeypatch):
    occurrence = open_date(starts_at=next_week_at(days=20))
    registration, _ = services.register(occurrence, name="Kim", email="kim@example.org")
    eight_days_ago = time.time() - 8 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: eight_days_ago)
    old_token = tokens.confirm_token(registration)
    monkeypatch.undo()
    response = client.post(reverse("events:registration_confirm", kwargs={"token": old_token}))
    assert response.status_code == 400
    assert "7" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.UNCONFIRMED


def test_link_of_a_deleted_registration_says_so(client):
    registration = registered(open_date(), 1)
    token = tokens.cancel_token(registration)
    registration.delete()
    response = client.get(reverse("events:registration_cancel", kwargs={"token": token}))
    assert response.status_code == 400


# --- Bad input on the form ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"email": "not-an-address"},
        {"email": ""},
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 201},
        {"email": "a" * 250 + "@example.org"},
        {"consent": None},
        {"answer_0": "x" * 1001},
    ],
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(client, mailoutbox, overrides):
    occurrence = open_date(registration_questions=QUESTION)
    response = client.post(register_url(occurrence), form_data(**overrides))
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_answers_are_optional(client):
    occurrence = open_date(registration_questions=QUESTION)
    assert client.post(register_url(occurrence), form_data()).status_code == 302
    assert Registration.objects.get().answers == {}


def test_event_without_registration_refuses_posts(client):
    occurrence = open_date(registration_enabled=False)
    message = german("This event takes no registrations.")
    assert message in client.get(register_url(occurrence)).content.decode()
    response = client.post(register_url(occurrence), form_data())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Registration.objects.count() == 0


def test_after_the_deadline_the_form_is_closed(client):
    occurrence = open_date(starts_at=timezone.now() + timedelta(hours=10), registration_closes_hours=24)
    message = german("Registration for this date has closed.")
    page = client.get(register_url(occurrence))
    assert page.status_code == 200
    assert message in page.content.decode()
    assert 'name="email"' not in page.content.decode()
    response = client.post(register_url(occurrence), form_data())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Registration.objects.count() == 0


def test_confirming_after_the_deadline_is_refused(client):
    occurrence = open_date(starts_at=timezone.now() + timedelta(days=3), registration_closes_hours=24)
    registration, _ = services.register(occurrence, name="Kim", email="kim@example.org")
    occurrence.starts_at = timezone.now() + timedelta(hours=5)
    occurrence.save()
    response = client.post(reverse("events:registration_confirm", kwargs={"token": tokens.confirm_token(registration)}))
    assert response.status_code == 400
    assert german("Registration for this date has closed.") in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.UNCONFIRMED


def test_cancelled_date_takes_no_registrations(client):
    occurrence = open_date()
    services.change_occurrence(occurrence, cancelled=True)
    response = client.post(register_url(occurrence), form_data())
    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_unknown_date_is_404(client):
    occurrence = open_date()
    url = reverse("events:register", kwargs={"slug": occurrence.event.slug, "pk": occurrence.pk + 1000})
    assert client.get(url).status_code == 404
    assert client.post(url, form_data()).status_code == 404


def test_counts_take_one_query(django_assert_num_queries):
    occurrence = open_date(capacity=2)
    for n in range(4):
        registered(occurrence, n)
    occurrence.event  # noqa: B018 - loaded with the date
    with django_assert_num_queries(1):
        assert services.occurrence_counts(occurrence) == {"confirmed": 2, "waitlisted": 2, "free": 0}
