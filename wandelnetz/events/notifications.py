"""Mails about registrations: double opt-in, confirmation (with .ics), waitlist, promotion,
reminders and organisers' messages to participants.

Every mail is a django-tasks task, enqueued by the views; the backend runs it after the
transaction that changed the registration commits, so no mail speaks of a change that was
rolled back. Tasks receive ids and re-read the registration: when its status changed in the
meantime (someone cancelled before the mail went out), the outdated mail is not sent.
Mails are plain text, branded "Wandelnetz", in German unless the person registered on the
English pages (the views pass the language in; nothing about it is stored).
"""

import logging
from datetime import datetime, timedelta
from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from wandelnetz.accounts.adapter import PLATFORM_NAME
from wandelnetz.core.tasks import enqueue_after_commit
from wandelnetz.events import tokens
from wandelnetz.events.ical import absolute_url, occurrence_ics
from wandelnetz.events.models import Event, Occurrence, Registration
from wandelnetz.events.recurrence import describe_times, local
from wandelnetz.events.services import REGISTRATION_RETENTION

logger = logging.getLogger(__name__)

# A second confirmation mail for the same registration goes out at most this often, so that the
# public form cannot be used to flood someone's inbox.
RESEND_AFTER = timedelta(minutes=5)
REMINDER_AHEAD = timedelta(hours=24)


def mail_language(request_language: str | None) -> str:
    """German unless the person used the English pages."""
    return "en" if (request_language or "").startswith("en") else settings.LANGUAGE_CODE


def confirm_url(registration: Registration) -> str:
    return absolute_url(reverse("events:registration_confirm", kwargs={"token": tokens.confirm_token(registration)}))


def cancel_url(registration: Registration) -> str:
    return absolute_url(reverse("events:registration_cancel", kwargs={"token": tokens.cancel_token(registration)}))


def waitlist_position(registration: Registration) -> int:
    """1 for the first on the waitlist (order: when they confirmed, then id)."""
    ahead = Registration.objects.filter(
        Q(queued_at__lt=registration.queued_at) | Q(queued_at=registration.queued_at, pk__lt=registration.pk),
        occurrence_id=registration.occurrence_id,
        status=Registration.Status.WAITLISTED,
    )
    return ahead.count() + 1


# --- What the views call ------------------------------------------------------------------------


def request_confirmation(registration: Registration, *, language: str, resend: bool = False) -> bool:
    """Send the double opt-in link; a repeated request within RESEND_AFTER sends nothing."""
    if resend and not _claim_resend(registration):
        return False
    enqueue_after_commit(send_confirmation_request, registration.pk, language)
    return True


def remind_of_registration(registration: Registration, *, language: str) -> bool:
    """Someone registered an address that is registered already: tell its owner (not the form)."""
    if not _claim_resend(registration):
        return False
    enqueue_after_commit(send_already_registered, registration.pk, language)
    return True


def announce_outcome(registration: Registration, *, language: str) -> None:
    """A place or a waitlist spot was taken: send the matching mail."""
    enqueue_after_commit(send_registration_outcome, registration.pk, registration.status, language)


def announce_promotion(registration: Registration | None) -> None:
    """Someone moved up from the waitlist (their language is unknown: German)."""
    if registration is not None:
        enqueue_after_commit(send_promotion, registration.pk, settings.LANGUAGE_CODE)


def _claim_resend(registration: Registration) -> bool:
    now = timezone.now()
    # `modified` doubles as "last mail sent": the claim is one UPDATE, so two requests at once
    # send one mail.
    return bool(Registration.objects.filter(pk=registration.pk, modified__lt=now - RESEND_AFTER).update(modified=now))


# --- Tasks --------------------------------------------------------------------------------------


@task()
def send_confirmation_request(registration_id: int, language: str) -> bool:
    registration = _registration(registration_id)
    if registration is None or registration.status != Registration.Status.UNCONFIRMED:
        return False
    with translation.override(language):
        context = {**_date_context(registration), "confirm_url": confirm_url(registration)}
        subject = _("Please confirm your registration: %(title)s") % {"title": registration.occurrence.event.title}
        _message(registration.email, subject, "registration_confirm_request", context).send()
    return True


@task()
def send_already_registered(registration_id: int, language: str) -> bool:
    registration = _registration(registration_id)
    if registration is None or not registration.is_active:
        return False
    with translation.override(language):
        context = {**_date_context(registration), "position": _position_if_waiting(registration)}
        subject = _("You are already registered: %(title)s") % {"title": registration.occurrence.event.title}
        _message(registration.email, subject, "registration_already", context).send()
    return True


@task()
def send_registration_outcome(registration_id: int, status: str, language: str) -> bool:
    """The mail after confirming: a place (with .ics and online link) or a waitlist spot."""
    registration = _registration(registration_id)
    if registration is None or registration.status != status:
        return False  # promoted or cancelled since: that change sends its own mail
    with translation.override(language):
        title = registration.occurrence.event.title
        if status == Registration.Status.CONFIRMED:
            subject = _("You are registered: %(title)s") % {"title": title}
            context = {**_participant_context(registration), "with_calendar": True}
            message = _message(registration.email, subject, "registration_confirmed", context)
            _attach_calendar(message, registration.occurrence)
        elif status == Registration.Status.WAITLISTED:
            subject = _("You are on the waitlist: %(title)s") % {"title": title}
            context = {**_date_context(registration), "position": waitlist_position(registration)}
            message = _message(registration.email, subject, "registration_waitlisted", context)
        else:
            return False
        message.send()
    return True


@task()
def send_promotion(registration_id: int, language: str) -> bool:
    registration = _registration(registration_id)
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return False
    with translation.override(language):
        subject = _("You have got a place: %(title)s") % {"title": registration.occurrence.event.title}
        context = {**_participant_context(registration), "with_calendar": True}
        message = _message(registration.email, subject, "registration_promoted", context)
        _attach_calendar(message, registration.occurrence)
        message.send()
    return True


@task()
def send_participants_message(occurrence_id: int, subject: str, text: str, statuses: list[str], language: str) -> int:
    """An organiser's message, one mail per participant (nobody sees the other addresses)."""
    recipients = list(
        Registration.objects.filter(occurrence_id=occurrence_id, status__in=statuses)
        .select_related("occurrence", "occurrence__event", "occurrence__place", "occurrence__event__place")
        .order_by("queued_at", "pk")
    )
    with translation.override(language):
        messages = [
            _message(
                registration.email,
                subject,
                "participants_message",
                {**_date_context(registration), "text": text, "cancel_url": cancel_url(registration)},
            )
            for registration in recipients
        ]
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)
    return len(messages)


def send_due_reminders(now: datetime | None = None) -> int:
    """Remind confirmed participants of dates starting within 24 hours, once each; the count sent.

    Each reminder is claimed (`reminder_sent_at`) before it is sent, so two workers never send
    the same one; a reminder whose sending failed is released and tried again on the next run.
    """
    now = now or timezone.now()
    due = (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            occurrence__cancelled=False,
            occurrence__starts_at__gt=now,
            occurrence__starts_at__lte=now + REMINDER_AHEAD,
        )
        .exclude(occurrence__event__status__in=[Event.Status.CANCELLED, Event.Status.POSTPONED])
        .select_related("occurrence", "occurrence__event", "occurrence__place", "occurrence__event__place")
        .order_by("occurrence__starts_at", "pk")
    )
    sent = 0
    with get_connection() as connection, translation.override(settings.LANGUAGE_CODE):
        for registration in due:
            claimed = Registration.objects.filter(pk=registration.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if not claimed:
                continue
            subject = _("Reminder: %(title)s") % {"title": registration.occurrence.event.title}
            message = _message(registration.email, subject, "registration_reminder", _participant_context(registration))
            message.connection = connection
            try:
                message.send()
            except Exception:
                logger.exception("Reminder for registration %s could not be sent", registration.pk)
                Registration.objects.filter(pk=registration.pk).update(reminder_sent_at=None)
                continue
            sent += 1
    return sent


# --- Building mails -----------------------------------------------------------------------------


def _registration(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related(
            "occurrence", "occurrence__event", "occurrence__place", "occurrence__event__place"
        )
        .filter(pk=registration_id)
        .first()
    )


def _position_if_waiting(registration: Registration) -> int | None:
    if registration.status == Registration.Status.WAITLISTED:
        return waitlist_position(registration)
    return None


def when_text(occurrence: Occurrence) -> str:
    """ "Montag, 24. Januar 2022, 17:00–18:30 Uhr" in the active language, Berlin time."""
    event = occurrence.event
    start = local(occurrence.starts_at)
    times = describe_times(
        occurrence.starts_at, occurrence.ends_at, all_day=event.all_day, to_be_announced=event.time_to_be_announced
    )
    return _("%(weekday)s, %(date)s, %(times)s") % {
        "weekday": formats.date_format(start, "l"),
        "date": formats.date_format(start, "DATE_FORMAT"),
        "times": times,
    }


def where_text(occurrence: Occurrence) -> str:
    event = occurrence.event
    parts = []
    if event.attendance != Event.Attendance.ONLINE:
        place = occurrence.effective_place
        note = occurrence.effective_location_note
        if place is not None:
            parts.append(", ".join(part for part in [place.name, place.address, note] if part))
        elif note:
            parts.append(note)
        else:
            parts.append(_("place to be announced"))
    if event.attendance != Event.Attendance.IN_PERSON:
        parts.append(_("online"))
    return " / ".join(parts)


def _date_context(registration: Registration) -> dict[str, Any]:
    occurrence = registration.occurrence
    return {
        "platform": PLATFORM_NAME,
        "retention_days": REGISTRATION_RETENTION.days,
        "registration": registration,
        "name": registration.name,
        "event": occurrence.event,
        "occurrence": occurrence,
        "when": when_text(occurrence),
        "where": where_text(occurrence),
        "page_url": absolute_url(occurrence.get_absolute_url()),
        "cancel_url": cancel_url(registration),
    }


def _participant_context(registration: Registration) -> dict[str, Any]:
    """What someone with a place is told: the online link too."""
    event = registration.occurrence.event
    online_url = event.online_url if event.attendance != Event.Attendance.IN_PERSON else ""
    return {**_date_context(registration), "online_url": online_url}


def _message(to: str, subject: str, template: str, context: dict[str, Any]) -> EmailMessage:
    body = render_to_string(f"events/mail/{template}.txt", context)
    # Header injection is refused by Django; a subject is one line anyway.
    subject = " ".join(f"[{PLATFORM_NAME}] {subject}".split())
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])


def _attach_calendar(message: EmailMessage, occurrence: Occurrence) -> None:
    part = MIMEText(occurrence_ics(occurrence, include_online_link=True).decode(), "calendar", "utf-8")
    part.set_param("method", "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename="termin.ics")
    message.attach(part)
