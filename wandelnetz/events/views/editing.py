"""Creating and editing events, their single dates and their series (editors of an organiser)."""

from datetime import timedelta
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wandelnetz.accounts.http import SignedInRequest
from wandelnetz.actors.models import Actor
from wandelnetz.core.forms import parse_id, parse_slug
from wandelnetz.events import services
from wandelnetz.events.editing_forms import (
    BaseContributionFormSet,
    ContributionFormSet,
    EventForm,
    EventStatusForm,
    OccurrenceChangeForm,
    SeriesForm,
    calendar_changes,
)
from wandelnetz.events.models import Event, Occurrence, OccurrenceChange, Series
from wandelnetz.events.permissions import can_create_event, can_edit_event, can_edit_series

DATES_SHOWN = 50


def _editable_event(request: SignedInRequest, slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not can_edit_event(request.user, event):
        raise PermissionDenied
    return event


def _posted(request: HttpRequest) -> Any:
    """The posted data, also when empty: an empty posting is invalid, not an unbound form."""
    return request.POST if request.method == "POST" else None


def _add_model_errors(form: Any, error: ValidationError) -> None:
    """A service's model validation failed after the form passed: show it as form errors."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Events -----------------------------------------------------------------------------------


def _event_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "events/edit_event.html", context, status=status)


@login_required
def event_create(request: SignedInRequest) -> HttpResponse:
    if not can_create_event(request.user):
        raise PermissionDenied
    organiser = None
    if slug := parse_slug(request.GET.get("veranstalter", "")):
        organiser = Actor.objects.filter(slug=slug).first()
    form = EventForm(_posted(request), user=request.user, organiser=organiser)
    formset = cast(
        BaseContributionFormSet, ContributionFormSet(_posted(request), instance=Event(), prefix="contributions")
    )
    context = {"form": form, "formset": formset, "creating": True}
    if request.method != "POST":
        return _event_page(request, context)
    if form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        links = {key: data.pop(key) for key in ("organisers", "topics", "regions", "target_groups")}
        model_fields = {key: data[key] for key in form._meta.fields if key not in links}  # type: ignore[union-attr]
        try:
            event = services.create_event(
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                rrule=data["rrule"],
                contributions=formset.contribution_rows(),
                created_by=request.user,
                **links,
                **model_fields,
            )
        except ValidationError as error:
            _add_model_errors(form, error)
        else:
            messages.success(request, _("The event has been created."))
            return redirect(event)
    return _event_page(request, context, status=400)


@login_required
def event_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    event = _editable_event(request, slug)
    before = {name: getattr(event, name) for name in ("starts_at", "ends_at", "rrule")}
    form = EventForm(_posted(request), instance=event, user=request.user)
    formset = cast(
        BaseContributionFormSet, ContributionFormSet(_posted(request), instance=event, prefix="contributions")
    )
    context = {
        "form": form,
        "formset": formset,
        "event": event,
        "status_form": EventStatusForm(initial={"status": event.status}, auto_id="status_%s"),
    }
    if request.method != "POST":
        return _event_page(request, context)
    if form.is_valid() and formset.is_valid():
        edited = form.save(commit=False)
        form.apply_times(edited)
        try:
            with transaction.atomic():
                form.save_m2m()
                formset.save_in_order()
                services.update_event(edited, calendar_changes(form, before, edited))
        except ValidationError as error:
            _add_model_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(edited)
    # The instance carries the rejected values now; the page's links need the saved slug.
    context["event"] = Event.objects.get(pk=event.pk)
    return _event_page(request, context, status=400)


@login_required
@require_POST
def event_status(request: SignedInRequest, slug: str) -> HttpResponse:
    event = _editable_event(request, slug)
    form = EventStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse(
            _("Unknown status: choose planned, confirmed, cancelled or postponed."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    services.set_event_status(event, form.cleaned_data["status"])
    messages.success(request, _("The event's status is now “%(status)s”.") % {"status": event.get_status_display()})
    if request.POST.get("back") == "dates":
        return redirect("events:event_dates", slug=event.slug)
    return redirect("events:event_edit", slug=event.slug)


# --- Single dates -----------------------------------------------------------------------------


def _dates_context(event: Event, change_form: OccurrenceChangeForm | None) -> dict[str, Any]:
    now = timezone.now()
    occurrences = list(
        event.occurrences.filter(starts_at__gte=now - timedelta(days=1))
        .select_related("place")
        .order_by("starts_at", "pk")[:DATES_SHOWN]
    )
    for occurrence in occurrences:
        occurrence.event = event  # spare a query per row in the forms and the template
    changes = list(event.changes.select_related("place").order_by("original_start"))
    return {
        "event": event,
        "occurrences": occurrences,
        "changes": changes,
        "change_form": change_form,
        "dates_shown": DATES_SHOWN,
        "status_form": EventStatusForm(initial={"status": event.status}, auto_id="status_%s"),
    }


def _occurrence_from_post(request: HttpRequest, event: Event) -> Occurrence | None:
    pk = parse_id(request.POST.get("occurrence", ""))
    if pk is None:
        return None
    occurrence = event.occurrences.filter(pk=pk).first()
    if occurrence is not None:
        occurrence.event = event
    return occurrence


def _bad_request(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


@login_required
def event_dates(request: SignedInRequest, slug: str) -> HttpResponse:
    """The event's dates; leave one out, cancel, move or relocate it, add a note, undo a change.

    GET ?termin=<pk> opens the change form for one date; every change is a POST with `action`.
    """
    event = _editable_event(request, slug)
    if request.method == "POST":
        return _change_date(request, event)
    change_form = None
    if (chosen := request.GET.get("termin", "")) != "":
        pk = parse_id(chosen)
        occurrence = event.occurrences.filter(pk=pk).first() if pk is not None else None
        if occurrence is None:
            return _bad_request(_("This event has no such date."))
        occurrence.event = event
        change_form = OccurrenceChangeForm(occurrence=occurrence)
    return render(request, "events/edit_dates.html", _dates_context(event, change_form))


def _change_date(request: SignedInRequest, event: Event) -> HttpResponse:
    action = request.POST.get("action", "")
    if action == "undo":
        pk = parse_id(request.POST.get("change", ""))
        change = event.changes.filter(pk=pk).first() if pk is not None else None
        if change is None:
            return _bad_request(_("This event has no such changed date."))
        services.undo_occurrence_change(change)
        messages.success(request, _("The date is back as the rule gives it."))
        return redirect("events:event_dates", slug=event.slug)
    if action not in ("exclude", "cancel", "change"):
        return _bad_request(_("Unknown action."))
    occurrence = _occurrence_from_post(request, event)
    if occurrence is None:
        return _bad_request(_("This event has no such date."))
    current = OccurrenceChange.objects.filter(event=event, original_start=occurrence.original_start).first()
    if action == "exclude":
        services.change_occurrence(occurrence, excluded=True)
        messages.success(request, _("The date has been left out."))
    elif action == "cancel":
        kept: dict[str, Any] = {}
        if current is not None:
            kept = {
                "starts_at": current.starts_at,
                "ends_at": current.ends_at,
                "place": current.place,
                "location_note": current.location_note,
                "note": current.note,
            }
        services.change_occurrence(occurrence, cancelled=True, **kept)
        messages.success(request, _("The date has been marked as cancelled."))
    else:
        form = OccurrenceChangeForm(request.POST, occurrence=occurrence)
        if not form.is_valid():
            return render(request, "events/edit_dates.html", _dates_context(event, form), status=400)
        data = form.cleaned_data
        try:
            services.change_occurrence(
                occurrence,
                cancelled=data["cancelled"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                location_note=data["location_note"],
                note=data["note"],
            )
        except ValidationError as error:
            _add_model_errors(form, error)
            return render(request, "events/edit_dates.html", _dates_context(event, form), status=400)
        messages.success(request, _("The date has been changed."))
    return redirect("events:event_dates", slug=event.slug)


# --- Series -----------------------------------------------------------------------------------


@login_required
def series_create(request: SignedInRequest) -> HttpResponse:
    if not can_create_event(request.user):
        raise PermissionDenied
    form = SeriesForm(_posted(request), user=request.user)
    context = {"form": form, "creating": True}
    if request.method != "POST":
        return render(request, "events/edit_series.html", context)
    if form.is_valid():
        data = dict(form.cleaned_data)
        with transaction.atomic():
            series = services.create_series(**data)
        messages.success(request, _("The series has been created."))
        return redirect(series)
    return render(request, "events/edit_series.html", context, status=400)


@login_required
def series_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(Series, slug=slug)
    if not can_edit_series(request.user, series):
        raise PermissionDenied
    form = SeriesForm(_posted(request), instance=Series.objects.get(pk=series.pk), user=request.user)
    context = {"form": form, "series": series}
    if request.method != "POST":
        return render(request, "events/edit_series.html", context)
    if form.is_valid():
        edited = form.save(commit=False)
        links = {name: form.cleaned_data[name] for name in ("organisers", "topics", "regions")}
        try:
            services.update_series(edited, **links)
        except ValidationError as error:
            _add_model_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(edited)
    return render(request, "events/edit_series.html", context, status=400)


urlpatterns = [
    path("neu/", event_create, name="event_create"),
    path("reihen/neu/", series_create, name="series_create"),
    path("reihen/<slug:slug>/bearbeiten/", series_edit, name="series_edit"),
    path("<slug:slug>/bearbeiten/", event_edit, name="event_edit"),
    path("<slug:slug>/termine/", event_dates, name="event_dates"),
    path("<slug:slug>/status/", event_status, name="event_status"),
]
