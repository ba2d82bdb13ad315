from django.core.management.base import BaseCommand, CommandError

from wandelnetz.events import importing
from wandelnetz.events.models import CalendarFeed


class Command(BaseCommand):
    help = "Fetch the imported calendars that are due (or one, with --feed) and update their events."

    def add_arguments(self, parser):
        parser.add_argument("--feed", type=int, metavar="ID", help="Fetch this feed now, due or not.")

    def handle(self, *args, **options):
        if options["feed"] is not None:
            feed = CalendarFeed.objects.select_related("actor").filter(pk=options["feed"]).first()
            if feed is None:
                raise CommandError(f"There is no imported calendar with the id {options['feed']}.")
            feeds = [feed]
        else:
            feeds = list(importing.due_feeds())
        failed = 0
        for feed in feeds:
            result = importing.fetch_feed(feed)
            line = f"{feed.pk} {feed.url}: {result.message}"
            if result.ok:
                self.stdout.write(line)
                for note in result.notes:
                    self.stdout.write(f"  {note}")
            else:
                failed += 1
                self.stderr.write(line)
        self.stdout.write(f"{len(feeds)} calendar(s) fetched, {failed} failed.")
        if options["feed"] is not None and failed:
            raise CommandError("The calendar could not be fetched.")
