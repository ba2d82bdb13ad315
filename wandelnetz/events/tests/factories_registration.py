"""Helpers for the registration tests: dates open for registration, people registered, mails read."""

import re
from typing import Any

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished

from wandelnetz.events import services
from wandelnetz.events.models import Occurrence, Registration
from wandelnetz.events.tests.factories import event, occurrence_of


def open_date(**fields: Any) -> Occurrence:
    """A date next week of an event taking registrations (online, with an online link)."""
    fields.setdefault("registration_enabled", True)
    fields.setdefault("attendance", "online")
    fields.setdefault("online_url", "https://meet.example.org/stammtisch-geheim")
    return occurrence_of(event(**fields))


def registered(occurrence: Occurrence, n: int, **kwargs: Any) -> Registration:
    """Person n registered with a verified address (a place or a waitlist spot)."""
    registration, _needs_mail = services.register(
        occurrence, name=f"Person {n}", email=f"person{n}@example.org", email_verified=True, **kwargs
    )
    return registration


def german(msgid: str) -> str:
    """What the German pages say for an English source text (translated or not yet)."""
    with translation.override("de"):
        return gettext(msgid)


def link_in(message: Any, kind: str) -> str:
    """The path of the confirm or cancel link ("bestaetigen", "absagen") in a mail."""
    found = re.search(r"https?://[^/\s]+(/veranstaltungen/anmeldung/\S+/" + kind + "/)", message.body)
    assert found, message.body
    return found.group(1)


def calendar_parts(message: mail.EmailMessage) -> list[Any]:
    return [part for part in message.attachments if getattr(part, "get_content_type", lambda: "")() == "text/calendar"]


@pytest.fixture(autouse=True)
def tasks_must_succeed():
    """The immediate task backend records a failing task instead of raising: fail the test."""
    failures: list[Any] = []

    def record(sender: Any, task_result: Any, **kwargs: Any) -> None:
        if task_result.status == TaskResultStatus.FAILED:
            failures.append(task_result.errors)

    task_finished.connect(record)
    yield
    task_finished.disconnect(record)
    assert failures == []
