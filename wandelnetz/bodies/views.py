"""Bodies under /gremien/: the atlas ("Wo wird entschieden?"), body pages, creating, editing and
verifying. Filters live in the URL, so every page works without JavaScript."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wandelnetz.accounts.http import SignedInRequest
from wandelnetz.bodies import selectors, services
from wandelnetz.bodies.forms import (
    SEATS_UNKNOWN,
    WITHOUT_CIVIL_SOCIETY,
    BodyFilterForm,
    BodyForm,
    SeatFormSet,
    SourceFormSet,
)
from wandelnetz.bodies.jsonld import body_json_ld
from wandelnetz.bodies.models import Body, BodySource, Seat
from wandelnetz.bodies.permissions import can_create_body, can_edit_body
from wandelnetz.bodies.sentences import civil_society_sentence
from wandelnetz.core.pagination import BadPageNumber, paginate
from wandelnetz.events.selectors import EventFilter, upcoming_brief

PAGE_SIZE = 20
GAPS_SHOWN = 20


def _gaps_query(request: HttpRequest, civil: str = WITHOUT_CIVIL_SOCIETY) -> str:
    """The atlas's current filters narrowed to the gaps (at least co-decides, seats known, none for
    civil society), or with `civil=SEATS_UNKNOWN` to those whose seats are not recorded."""
    params: dict[str, str] = {key: str(value) for key, value in request.GET.items() if key != "page" and value}
    params["civil"] = civil
    if params.get("power", "") not in {str(Body.Power.CODECIDE), str(Body.Power.DECIDE)}:
        params["power"] = str(Body.Power.CODECIDE)
    return urlencode(params)


def body_list(request: HttpRequest) -> HttpResponse:
    form = BodyFilterForm(request.GET)
    page = None
    gap_rows: list[Body] = []
    gap_count = unknown_count = 0
    status = 200
    if form.is_valid():
        criteria = form.criteria()
        try:
            page = paginate(selectors.filtered_bodies(criteria), request.GET.get("page"), PAGE_SIZE)
        except BadPageNumber as error:
            form.add_error(None, str(error))
            status = 400
        else:
            page.object_list = list(page.object_list)
            selectors.add_current_seats(page.object_list)
            gap_count, unknown_count = selectors.gap_counts(criteria)
            gap_rows = list(selectors.gaps(criteria)[:GAPS_SHOWN])
    else:
        status = 400
    context = {
        "form": form,
        "page": page,
        "gaps": gap_rows,
        "gap_count": gap_count,
        "unknown_count": unknown_count,
        "gaps_query": _gaps_query(request) if status == 200 else "",
        "unknown_query": _gaps_query(request, SEATS_UNKNOWN) if status == 200 else "",
        "may_create": can_create_body(request.user),
    }
    return render(request, "bodies/body_list.html", context, status=status)


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.body_for_page(slug)
    if body is None:
        raise Http404(_("No body is known under this address."))
    if request.user.is_authenticated:
        body.editor_ids = set(body.editors.values_list("pk", flat=True))  # type: ignore[attr-defined]
    seats = list(body.seats.all())
    today = timezone.localdate()
    current = [seat for seat in seats if seat.is_current(today)]
    context = {
        "body": body,
        "seats": seats,
        "current_seat_ids": {seat.pk for seat in current},
        "sentence": civil_society_sentence(seats, current),
        "rungs": [
            {"value": value, "label": label, "current": value == body.power} for value, label in Body.Power.choices
        ],
        "may_edit": can_edit_body(request.user, body),
        "json_ld": body_json_ld(body, request),
        "upcoming_dates": upcoming_brief(EventFilter(series=body.series)) if body.series_id else [],
        "events_query": urlencode({"series": body.series.slug}) if body.series else "",
    }
    return render(request, "bodies/body_detail.html", context)


def _add_model_errors(form: Any, error: ValidationError) -> None:
    """A service's model validation failed after the forms passed: show it as form errors."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _save(request: SignedInRequest, body: Body | None, form: BodyForm, sources: Any, seats: Any) -> Body:
    """Write the checked forms through the services, in one transaction."""
    with transaction.atomic():
        if body is None:
            data = dict(form.cleaned_data)
            links = {key: data.pop(key) for key in ("topics", "regions")}
            return services.create_body(
                created_by=request.user, sources=sources.rows(), seats=seats.new_rows(), **links, **data
            )
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        links = {key: data.pop(key) for key in ("topics", "regions") if key in data}
        new_sources = sources.rows() if sources.has_changed() else None
        if data or links or new_sources is not None:
            services.update_body(body=body, user=request.user, sources=new_sources, **links, **data)
        for seat in seats.removed_seats():
            services.remove_seat(seat=seat)
        for seat, fields in seats.changed_seats():
            services.update_seat(seat=seat, **fields)
        for fields in seats.new_rows():
            services.add_seat(body=body, **fields)
        return body


def _form_page(request: SignedInRequest, body: Body | None) -> HttpResponse:
    posted = request.POST if request.method == "POST" else None
    # The forms change their instance while checking; the page keeps the saved body.
    instance = Body.objects.select_related("convened_by", "series").get(pk=body.pk) if body else Body()
    form = BodyForm(posted, instance=instance)
    sources = SourceFormSet(
        posted, instance=instance, prefix="sources", queryset=BodySource.objects.order_by("position", "pk")
    )
    seats = SeatFormSet(
        posted,
        instance=instance,
        prefix="seats",
        queryset=Seat.objects.select_related("actor").order_by("-is_civil_society", "rights", "pk"),
    )
    context = {"form": form, "sources": sources, "seats": seats, "body": body, "creating": body is None}
    if posted is None:
        return render(request, "bodies/body_form.html", context)
    # Check all three, so that every error is shown at once.
    valid = [form.is_valid(), sources.is_valid(), seats.is_valid()]
    if all(valid):
        try:
            saved = _save(request, body, form, sources, seats)
        except ValidationError as error:
            _add_model_errors(form, error)
        else:
            messages.success(
                request, _("The body has been created.") if body is None else _("The changes have been saved.")
            )
            return redirect(saved)
    return render(request, "bodies/body_form.html", context, status=400)


@login_required
def body_create(request: SignedInRequest) -> HttpResponse:
    if not can_create_body(request.user):
        raise PermissionDenied
    return _form_page(request, None)


def editable_body(request: SignedInRequest, slug: str) -> Body:
    """The body at `slug` if the signed-in person may edit it; 404 or 403 otherwise."""
    body = get_object_or_404(Body.objects.select_related("convened_by"), slug=slug)
    if not can_edit_body(request.user, body):
        raise PermissionDenied
    return body


@login_required
def body_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    return _form_page(request, editable_body(request, slug))


@login_required
@require_POST
def body_verify(request: SignedInRequest, slug: str) -> HttpResponse:
    body = editable_body(request, slug)
    services.verify_body(body=body, user=request.user)
    messages.success(request, _("Thank you! The entry is marked as verified today."))
    return redirect(body)


@login_required
def body_history(request: SignedInRequest, slug: str) -> HttpResponse:
    body = editable_body(request, slug)
    return render(request, "bodies/body_history.html", {"body": body, "rows": selectors.body_history(body)})
