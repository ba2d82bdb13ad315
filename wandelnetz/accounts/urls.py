from django.urls import path

from wandelnetz.accounts import data_views

app_name = "accounts"

urlpatterns = [
    path("daten/", data_views.account_data, name="account_data"),
    path("daten/herunterladen/", data_views.account_data_download, name="account_data_download"),
    path("daten/konto-loeschen/", data_views.account_erase, name="account_erase"),
]
