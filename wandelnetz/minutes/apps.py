from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "wandelnetz.minutes"
    verbose_name = _("Minutes")

    def ready(self) -> None:
        from wandelnetz.minutes import signals

        signals.connect()
