from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wandelnetz.core"
    label = "core"
