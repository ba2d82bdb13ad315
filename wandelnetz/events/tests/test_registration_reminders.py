"""The day before a date, confirmed participants get one reminder with the online and cancel links;
some time after the date, their names and addresses are deleted."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from wandelnetz.events import notifications, services
from wandelnetz.events.models import Registration
from wandelnetz.events.tests.factories_registration import (
    link_in,
    open_date,
    registered,
    tasks_must_succeed,  # noqa: F401 - autouse fixture
)

pytestmark = pytest.mark.django_db


def date_in(hours: float, **fields):
    return open_date(starts_at=timezone.now() + timedelta(hours=hours), **fields)


def test_confirmed_participants_are_reminded_once(mailoutbox):
    tomorrow = date_in(20, capacity=1, title="Stammtisch Jugendbeteiligung")
    confirmed = registered(tomorrow, 1)
    registered(tomorrow, 2)  # waitlisted: no reminder
    services.register(tomorrow, name="Offen", email="open@example.org")  # unconfirmed: none either
    assert notifications.send_due_reminders() == 1
    [reminder] = mailoutbox
    assert reminder.to == ["person1@example.org"]
    assert "Stammtisch Jugendbeteiligung" in reminder.subject
    assert "https://meet.example.org/stammtisch-geheim" in reminder.body
    assert link_in(reminder, "absagen")
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at is not None
    # The next hourly run sends nothing again.
    assert notifications.send_due_reminders() == 0
    assert len(mailoutbox) == 1


def test_only_dates_within_the_next_day(mailoutbox):
    registered(date_in(30), 1)  # the day after tomorrow
    soon = date_in(2)
    registered(soon, 3)
    assert notifications.send_due_reminders() == 1
    assert mailoutbox[0].to == ["person3@example.org"]


def test_past_and_cancelled_dates_get_no_reminder(mailoutbox):
    past = date_in(3)
    registered(past, 1)
    past.starts_at = timezone.now() - timedelta(minutes=5)
    past.save()
    cancelled = date_in(5)
    registered(cancelled, 2)
    services.change_occurrence(cancelled, cancelled=True)
    assert notifications.send_due_reminders() == 0
    assert mailoutbox == []


def test_someone_moved_up_from_the_waitlist_is_reminded_too(mailoutbox):
    tomorrow = date_in(10, capacity=1)
    first = registered(tomorrow, 1)
    registered(tomorrow, 2)
    services.cancel_registration(first)
    assert notifications.send_due_reminders() == 1
    assert mailoutbox[0].to == ["person2@example.org"]


def test_in_person_reminder_has_no_online_link(mailoutbox):
    tomorrow = date_in(10, attendance="in_person", location_note="Ökokirche Deutzen")
    registered(tomorrow, 1)
    assert notifications.send_due_reminders() == 1
    assert "meet.example.org" not in mailoutbox[0].body
    assert "Ökokirche Deutzen" in mailoutbox[0].body


def test_a_failed_reminder_is_tried_again(monkeypatch, mailoutbox):
    tomorrow = date_in(10)
    registration = registered(tomorrow, 1)

    def refuse(self, *args, **kwargs):
        raise OSError("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr(mail.EmailMessage, "send", refuse)
        assert notifications.send_due_reminders() == 0
    registration.refresh_from_db()
    assert registration.reminder_sent_at is None
    assert notifications.send_due_reminders() == 1


def test_registrations_are_deleted_two_weeks_after_their_date():
    recent = date_in(3)
    registered(recent, 1)
    old = date_in(3)
    registered(old, 2)
    old.starts_at = timezone.now() - timedelta(days=15)
    old.ends_at = old.starts_at + timedelta(hours=2)
    old.save()
    assert services.delete_past_registrations() == 1
    assert list(Registration.objects.values_list("email", flat=True)) == ["person1@example.org"]
