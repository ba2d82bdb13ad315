from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "wandelnetz.demo"
    label = "demo"
