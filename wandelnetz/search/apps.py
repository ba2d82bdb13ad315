from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "wandelnetz.search"
    label = "search"

    def ready(self) -> None:
        autodiscover_modules("search_documents")
