"""Start the chains of periodic chores listed in `settings.PERIODIC_TASK_CHAINS`.

Each entry names a `schedule_next(delay)` function; its module holds the chore itself, a task
named `periodic_…` (run at once with `--now`). Apps join by adding their entry to the setting,
so this command imports none of them by name.
"""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string
from django_tasks.base import Task


def periodic_task_of(chain_path: str) -> Task:
    """The `periodic_…` task in the module of the chain's `schedule_next`."""
    module = import_module(chain_path.rsplit(".", 1)[0])
    found = [value for name, value in vars(module).items() if name.startswith("periodic_") and isinstance(value, Task)]
    if len(found) != 1:
        raise LookupError(f"{module.__name__} must hold exactly one periodic_… task")
    return found[0]


class Command(BaseCommand):
    help = "Run the periodic chores now (dates ahead, reminders, calendar imports, …) and queue the next runs."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Do the chores in this process instead of queueing.")

    def handle(self, *args, **options):
        chains = list(settings.PERIODIC_TASK_CHAINS)
        if options["now"]:
            for path in chains:
                result = periodic_task_of(path).call()
                self.stdout.write(str(result))
            return
        queued = [import_string(path)(timedelta(0)) for path in chains]
        if all(queued):
            self.stdout.write("The periodic runs are queued; `manage.py db_worker` carries them out.")
        else:
            self.stdout.write("This task backend cannot defer; run this command with --now from cron.")
