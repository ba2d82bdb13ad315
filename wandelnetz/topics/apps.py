from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "wandelnetz.topics"
    label = "topics"
