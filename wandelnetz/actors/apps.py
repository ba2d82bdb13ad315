from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "wandelnetz.actors"
    label = "actors"
