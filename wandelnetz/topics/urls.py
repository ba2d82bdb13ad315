from django.urls import path

from wandelnetz.topics import views

app_name = "topics"

urlpatterns = [
    path("themen/", views.topic_list, name="topic_list"),
    path("themen/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("regionen/", views.region_list, name="region_list"),
    path("regionen/<slug:slug>/", views.region_detail, name="region_detail"),
]
