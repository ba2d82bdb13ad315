from django.core.management.base import BaseCommand

from wandelnetz.demo.world import (
    DEMO_ADMIN_EMAIL,
    DEMO_EDITOR_EMAIL,
    DEMO_MODERATOR_EMAIL,
    DEMO_PASSWORD,
    load_demo_world,
)


class Command(BaseCommand):
    help = "Load the world of the Strukturwandel-Stammtisch minutes (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        counts = load_demo_world()
        added = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(f"Demo world loaded (added {added}).")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  admin:     {DEMO_ADMIN_EMAIL}")
        self.stdout.write(f"  moderator: {DEMO_MODERATOR_EMAIL}")
        self.stdout.write(f"  editor of AkSLL: {DEMO_EDITOR_EMAIL}")
