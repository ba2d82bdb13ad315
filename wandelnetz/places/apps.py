from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "wandelnetz.places"
    label = "places"
