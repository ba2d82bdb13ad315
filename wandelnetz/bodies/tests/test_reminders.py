"""Entries nobody has verified for a year are flagged, and their editors reminded once a month,
by mail (a background task) and in the platform."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult

from wandelnetz.accounts.models import Notification, User
from wandelnetz.accounts.tests.factories import UserFactory
from wandelnetz.actors.tests.factories import actor
from wandelnetz.bodies import services
from wandelnetz.bodies.models import VERIFICATION_PERIOD
from wandelnetz.bodies.tasks import periodic_bodies_work, schedule_next
from wandelnetz.bodies.tests.factories import body
from wandelnetz.events.tasks import periodic_events_work

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}


@pytest.fixture
def world(owner, owned_actor):
    """An unverified body edited by `body_editor` and convened by owned_actor (edited by owner);
    a body verified last month; a body verified 13 months ago with one editor."""
    body_editor = UserFactory(display_name="Gremienredaktion")
    stale_editor = UserFactory(display_name="Alte Redaktion")
    unverified = body("Ungeprüfter Beirat", editors=[body_editor], convened_by=owned_actor)
    fresh = body("Frischer Beirat", editors=[body_editor])
    fresh.last_verified_on = timezone.localdate() - timedelta(days=30)
    fresh.save()
    stale = body("Alter Beirat", editors=[stale_editor])
    stale.last_verified_on = timezone.localdate() - VERIFICATION_PERIOD - timedelta(days=30)
    stale.save()
    return {
        "unverified": unverified,
        "fresh": fresh,
        "stale": stale,
        "editor": body_editor,
        "stale_editor": stale_editor,
    }


def test_flags(world):
    assert world["unverified"].needs_verification
    assert world["stale"].needs_verification
    assert not world["fresh"].needs_verification


def test_editors_and_convening_editors_are_reminded_by_mail_and_notification(
    world, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_verification_reminders() == 2
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == sorted([world["editor"].email, owner.email, world["stale_editor"].email])
    mail = next(m for m in mailoutbox if m.to == [world["stale_editor"].email])
    assert mail.subject == "[Wandelnetz] Bitte prüfen: Alter Beirat"  # German like the mail's text
    assert "http" in mail.body and world["stale"].get_absolute_url() in mail.body
    notes = Notification.objects.filter(user=world["editor"])
    assert [n.url for n in notes] == [world["unverified"].get_absolute_url()]
    assert Notification.objects.filter(user=owner).count() == 1
    assert not Notification.objects.filter(message__contains="Frischer").exists()


def test_reminders_go_out_once_per_30_days(world, mailoutbox, django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_verification_reminders(now) == 2
        assert services.send_verification_reminders(now + timedelta(days=29)) == 0
    sent = len(mailoutbox)
    assert Notification.objects.count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_verification_reminders(now + timedelta(days=31)) == 2
    assert len(mailoutbox) == 2 * sent
    assert Notification.objects.count() == 6


def test_verified_bodies_are_not_reminded_and_pending_mails_are_dropped(
    world, owner, mailoutbox, django_capture_on_commit_callbacks
):
    services.verify_body(body=world["stale"], user=world["stale_editor"])
    services.verify_body(body=world["unverified"], user=owner)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_verification_reminders() == 0
    assert mailoutbox == []


def test_without_editors_the_moderators_are_reminded(mailoutbox, django_capture_on_commit_callbacks):
    moderator = UserFactory(role=User.Role.MODERATOR)
    UserFactory(role=User.Role.MODERATOR, is_active=False)
    nobodys = body("Niemandes Gremium")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_verification_reminders() == 1
    assert [m.to for m in mailoutbox] == [[moderator.email]]
    assert Notification.objects.get().url == nobodys.get_absolute_url()


def test_convening_actor_editors_only(mailoutbox, django_capture_on_commit_callbacks):
    convener = UserFactory()
    body("Einberufenes Gremium", convened_by=actor("Einberufer", editors=[convener]))
    with django_capture_on_commit_callbacks(execute=True):
        services.send_verification_reminders()
    assert [m.to for m in mailoutbox] == [[convener.email]]


def test_the_daily_chore_sends_the_reminders(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        done = periodic_bodies_work.call()
    assert done == {"bodies_reminded": 2}
    assert len(mailoutbox) == 3


def test_the_command_queues_both_chains_once(settings):
    settings.TASKS = DATABASE_QUEUE
    call_command("schedule_periodic_tasks")
    call_command("schedule_periodic_tasks")  # idempotent
    for task in (periodic_bodies_work, periodic_events_work):
        assert DBTaskResult.objects.filter(task_path=task.module_path, status="READY").count() == 1
    DBTaskResult.objects.filter(task_path=periodic_bodies_work.module_path).update(status="SUCCEEDED")
    assert schedule_next()
    next_run = DBTaskResult.objects.get(task_path=periodic_bodies_work.module_path, status="READY")
    assert (next_run.run_after - next_run.enqueued_at).total_seconds() == pytest.approx(86400, abs=5)


def test_the_command_runs_both_chores_now(capsys):
    call_command("schedule_periodic_tasks", "--now")
    out = capsys.readouterr().out
    assert "bodies_reminded" in out and "events_extended" in out
