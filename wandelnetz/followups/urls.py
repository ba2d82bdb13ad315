from django.urls import path

from wandelnetz.followups import views

app_name = "followups"

urlpatterns = [
    path("", views.followup_list, name="followup_list"),
    path("neu/", views.followup_create, name="followup_create"),
    path("reihe/<slug:slug>/", views.series_board, name="series_board"),
    path("thema/<slug:slug>/", views.topic_board, name="topic_board"),
    path("<slug:slug>/", views.followup_detail, name="followup_detail"),
    path("<slug:slug>/bearbeiten/", views.followup_edit, name="followup_edit"),
    path("<slug:slug>/status/", views.followup_status, name="followup_status"),
    path("<slug:slug>/verweise/", views.followup_link_add, name="followup_link_add"),
    path("<slug:slug>/verweise/<int:pk>/entfernen/", views.followup_link_remove, name="followup_link_remove"),
    path("<slug:slug>/folgen/", views.followup_follow, name="followup_follow"),
]
