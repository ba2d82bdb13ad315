from django.urls import path

from wandelnetz.accounts import notification_views

app_name = "notifications"

urlpatterns = [
    path("", notification_views.notification_list, name="notification_list"),
    path("gelesen/", notification_views.notification_mark_read, name="notification_mark_read"),
]
