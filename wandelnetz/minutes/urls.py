from django.urls import URLPattern

app_name = "minutes"

urlpatterns: list[URLPattern] = []
