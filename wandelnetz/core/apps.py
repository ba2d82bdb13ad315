from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wandelnetz.core"
    label = "core"

    def ready(self) -> None:
        from wandelnetz.core.page_cache import connect_invalidation

        connect_invalidation()
