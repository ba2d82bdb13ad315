from datetime import timedelta

from django.core.management.base import BaseCommand

from wandelnetz.events.tasks import periodic_events_work, schedule_next


class Command(BaseCommand):
    help = "Run the periodic event chores now (dates ahead, reminders, calendar imports) and queue the next run."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Do the chores in this process instead of queueing.")

    def handle(self, *args, **options):
        if options["now"]:
            result = periodic_events_work.call()
            self.stdout.write(str(result))
        elif schedule_next(timedelta(0)):
            self.stdout.write("A periodic run is queued; `manage.py db_worker` carries it out.")
        else:
            self.stdout.write("This task backend cannot defer; run this command with --now from cron.")
