from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AccountsConfig(AppConfig):
    name = "wandelnetz.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Each app's share of a person's data, for the export and the erasure (personal_data.py).
        autodiscover_modules("personal_data")
