"""Daily background work of the bodies app: reminders for entries nobody has verified for a year.

Like `events.tasks`, the chore enqueues its own next run when the backend can defer;
`manage.py schedule_periodic_tasks` starts the chain (it reads `settings.PERIODIC_TASK_CHAINS`).
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import default_task_backend, task

PERIOD = timedelta(days=1)


@task()
def periodic_bodies_work() -> dict[str, int]:
    from wandelnetz.bodies import services

    done = {"bodies_reminded": services.send_verification_reminders()}
    schedule_next()
    return done


def schedule_next(delay: timedelta = PERIOD) -> bool:
    """Enqueue the next run unless one is already waiting; False when the backend cannot defer."""
    if not default_task_backend.supports_defer:
        return False
    from django_tasks.backends.database.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=periodic_bodies_work.module_path, status="READY").exists()
    if not waiting:
        periodic_bodies_work.using(run_after=timezone.now() + delay).enqueue()
    return True
