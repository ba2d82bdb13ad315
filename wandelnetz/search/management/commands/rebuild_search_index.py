from django.core.management.base import BaseCommand

from wandelnetz.search.services import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the database."

    def handle(self, *args: object, **options: object) -> None:
        for kind, count in rebuild_index().items():
            self.stdout.write(f"{kind}: {count}")
