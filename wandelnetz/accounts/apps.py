from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wandelnetz.accounts"
    label = "accounts"
