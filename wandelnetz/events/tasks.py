"""Background work of the events app, through django-tasks (database queue by default).

There is no scheduler: `periodic_events_work` does the recurring chores and enqueues itself again
for the next hour when the backend can defer (the database backend can). `manage.py
schedule_periodic_tasks` starts the chain (idempotent); a cron job calling it is a fine fallback.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import default_task_backend, task

PERIOD = timedelta(hours=1)


@task()
def periodic_events_work() -> dict[str, int]:
    from wandelnetz.events import importing, notifications, services

    done = {
        "events_extended": services.extend_occurrence_windows(),
        "reminders_sent": notifications.send_due_reminders(),
        "feeds_fetched": importing.fetch_due_feeds(),
        "registrations_deleted": services.delete_past_registrations(),
    }
    schedule_next()
    return done


def schedule_next(delay: timedelta = PERIOD) -> bool:
    """Enqueue the next run unless one is already waiting; False when the backend cannot defer."""
    if not default_task_backend.supports_defer:
        return False
    from django_tasks.backends.database.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=periodic_events_work.module_path, status="READY").exists()
    if not waiting:
        periodic_events_work.using(run_after=timezone.now() + delay).enqueue()
    return True
