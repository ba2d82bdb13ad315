from django.urls import path

from wandelnetz.bodies import views, views_editors

app_name = "bodies"

urlpatterns = [
    path("", views.body_list, name="body_list"),
    path("neu/", views.body_create, name="body_create"),
    path("<slug:slug>/", views.body_detail, name="body_detail"),
    path("<slug:slug>/bearbeiten/", views.body_edit, name="body_edit"),
    path("<slug:slug>/pruefen/", views.body_verify, name="body_verify"),
    path("<slug:slug>/verlauf/", views.body_history, name="body_history"),
    path("<slug:slug>/redaktion/", views_editors.body_editors, name="body_editors"),
]
