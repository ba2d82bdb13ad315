from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _analyze_sqlite(using: str = "default", **kwargs: object) -> None:
    # SQLite plans without statistics unless ANALYZE ran; wrong guesses cost 10× on big tables.
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class CoreConfig(AppConfig):
    name = "wandelnetz.core"
    label = "core"

    def ready(self) -> None:
        from wandelnetz.core.page_cache import connect_invalidation

        connect_invalidation()
        post_migrate.connect(_analyze_sqlite, sender=self, dispatch_uid="core_analyze_sqlite")
