"""The periodic chores run as a self-re-queueing task on the database queue."""

import pytest
from django.core.management import call_command
from django_tasks.backends.database.models import DBTaskResult

from wandelnetz.events.tasks import periodic_events_work, schedule_next
from wandelnetz.events.tests.factories import event, next_week_at

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}


def test_chores_extend_the_window_of_recurring_events(settings):
    settings.EVENTS_WINDOW_DAYS = 30
    weekly = event(starts_at=next_week_at(19), rrule="FREQ=WEEKLY")
    before = weekly.occurrences.count()
    settings.EVENTS_WINDOW_DAYS = 90
    done = periodic_events_work.call()
    assert done["events_extended"] == 1
    assert weekly.occurrences.count() > before + 5


def test_the_chain_is_queued_once_and_requeues_itself(settings):
    settings.TASKS = DATABASE_QUEUE
    call_command("schedule_periodic_tasks")
    call_command("schedule_periodic_tasks")  # idempotent: still one waiting run
    waiting = DBTaskResult.objects.filter(task_path=periodic_events_work.module_path, status="READY")
    assert waiting.count() == 1
    waiting.update(status="SUCCEEDED")  # as if the worker had run it …
    assert schedule_next()  # … and it queued the next run itself
    next_run = DBTaskResult.objects.get(task_path=periodic_events_work.module_path, status="READY")
    assert (next_run.run_after - next_run.enqueued_at).total_seconds() == pytest.approx(3600, abs=5)


def test_without_a_deferring_backend_the_command_says_to_use_cron(capsys):
    call_command("schedule_periodic_tasks")
    assert "--now" in capsys.readouterr().out
