"""Public event pages (placeholder routes until the public-views helper writes them)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from wandelnetz.events.models import Event, Occurrence, Series


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse(get_object_or_404(Event, slug=slug).title)


def occurrence_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return HttpResponse(str(get_object_or_404(Occurrence, event__slug=slug, pk=pk)))


def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse(get_object_or_404(Series, slug=slug).title)


urlpatterns = [
    path("reihen/<slug:slug>/", series_detail, name="series_detail"),
    path("<slug:slug>/", event_detail, name="event_detail"),
    path("<slug:slug>/termin/<int:pk>/", occurrence_detail, name="occurrence_detail"),
]
