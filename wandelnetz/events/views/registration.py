"""Registering for a date, confirming and cancelling by signed link, and the organisers' pages.

Links from mails (confirm, cancel) show a page with a button on GET and act only on POST:
mail scanners fetch links in advance, and must not confirm or cancel anything.
"""

import csv
from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from wandelnetz.core.tasks import enqueue_after_commit
from wandelnetz.events import notifications, selectors, services, tokens
from wandelnetz.events.models import Occurrence, Registration
from wandelnetz.events.recurrence import local
from wandelnetz.events.registration_forms import ParticipantsMessageForm, RegistrationForm

# Cells a spreadsheet would read as a formula (CSV injection); such a cell gets a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages with participants' data (or a personal link) are never stored by caches or browsers."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


def _occurrence_or_404(slug: str, pk: int) -> Occurrence:
    occurrence = selectors.occurrence_for_registration(slug, pk)
    if occurrence is None:
        raise Http404(_("This event has no such date."))
    return occurrence


def _verified_email(request: HttpRequest, email: str) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def _own_registration(request: HttpRequest, occurrence: Occurrence) -> Registration | None:
    """The signed-in person's active registration for this date, if any."""
    if not request.user.is_authenticated:
        return None
    return (
        Registration.objects.filter(occurrence=occurrence, user=request.user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


# --- Registering ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    occurrence = _occurrence_or_404(slug, pk)
    event = occurrence.event
    closed_reason = ""
    try:
        services.check_open_for_registration(occurrence)
    except services.RegistrationError as error:
        closed_reason = str(error)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": getattr(request.user, "display_name", "") or "", "email": request.user.email}
    data = request.POST if request.method == "POST" else None
    form = RegistrationForm(data, questions=event.question_list, initial=initial)
    status = 200
    if request.method == "POST":
        if closed_reason:
            status = 400
        elif form.is_valid():
            response = _register(request, occurrence, form)
            if response is not None:
                return response
            status = 400
        else:
            status = 400
    context = {
        "event": event,
        "occurrence": occurrence,
        "form": form,
        "closed_reason": closed_reason,
        "counts": services.occurrence_counts(occurrence),
        "when": notifications.when_text(occurrence),
        "where": notifications.where_text(occurrence),
        "own_registration": _own_registration(request, occurrence),
    }
    return render(request, "events/registration_form.html", context, status=status)


def _register(request: HttpRequest, occurrence: Occurrence, form: RegistrationForm) -> HttpResponse | None:
    """Register from a valid form; a redirect, or None with the error added to the form."""
    email = form.cleaned_data["email"]
    verified = _verified_email(request, email)
    language = notifications.mail_language(getattr(request, "LANGUAGE_CODE", None))
    existed = (
        Registration.objects.filter(occurrence=occurrence, email=email)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("status", flat=True)
        .first()
    )
    try:
        registration, needs_confirmation = services.register(
            occurrence,
            name=form.cleaned_data["name"],
            email=email,
            answers=form.answers(),
            user=request.user,
            email_verified=verified,
        )
    except services.RegistrationError as error:
        form.add_error(None, str(error))
        return None
    if needs_confirmation:
        notifications.request_confirmation(registration, language=language, resend=existed is not None)
        messages.success(
            request,
            _(
                "Thank you! We have sent you an email. Please confirm your registration with the link in "
                "the email; until then, no place is kept for you."
            ),
        )
    elif existed is None or existed == Registration.Status.UNCONFIRMED:
        notifications.announce_outcome(registration, language=language)
        messages.success(request, _outcome_text(registration))
    elif verified:
        messages.info(request, _already_text(registration))
    else:
        # Someone registered an address that is registered already. The page must not reveal
        # that (it could be anyone's address): the owner is told by mail, the form says the same
        # as for a new registration.
        notifications.remind_of_registration(registration, language=language)
        messages.success(
            request,
            _(
                "Thank you! We have sent you an email. Please confirm your registration with the link in "
                "the email; until then, no place is kept for you."
            ),
        )
    return redirect(occurrence.get_absolute_url())


def _already_text(registration: Registration) -> str:
    if registration.status == Registration.Status.WAITLISTED:
        return _("You are already registered for this date: on the waitlist, place %(position)s.") % {
            "position": notifications.waitlist_position(registration)
        }
    return _("You are already registered for this date and have a place.")


def _outcome_text(registration: Registration) -> str:
    if registration.status == Registration.Status.CONFIRMED:
        return _("You have a place. We have sent you a confirmation by email, with the cancellation link.")
    if registration.status == Registration.Status.WAITLISTED:
        return _(
            "All places are taken: you are on the waitlist, place %(position)s. We will write to you when "
            "a place becomes free."
        ) % {"position": notifications.waitlist_position(registration)}
    return ""


# --- Links from mails -----------------------------------------------------------------------------


def _token_error(request: HttpRequest, error: tokens.BadToken, status: int = 400) -> HttpResponse:
    return render(request, "events/registration_error.html", {"message": str(error)}, status=status)


def _date_context(registration: Registration) -> dict[str, Any]:
    occurrence = registration.occurrence
    return {
        "registration": registration,
        "occurrence": occurrence,
        "event": occurrence.event,
        "when": notifications.when_text(occurrence),
        "where": notifications.where_text(occurrence),
        "is_past": occurrence.starts_at <= timezone.now(),
    }


@_private
@require_http_methods(["GET", "POST"])
def registration_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        registration = tokens.registration_to_confirm(token)
    except tokens.BadToken as error:
        return _token_error(request, error)
    context = _date_context(registration)
    if request.method == "POST" and registration.status == Registration.Status.UNCONFIRMED:
        try:
            confirmed = services.confirm_registration(registration)
        except services.RegistrationError as error:
            context["error"] = str(error)
            return render(request, "events/registration_confirm.html", context, status=400)
        if confirmed.status != Registration.Status.UNCONFIRMED:
            language = notifications.mail_language(getattr(request, "LANGUAGE_CODE", None))
            notifications.announce_outcome(confirmed, language=language)
        return redirect(request.path)
    if registration.status == Registration.Status.WAITLISTED:
        context["position"] = notifications.waitlist_position(registration)
    if registration.status == Registration.Status.UNCONFIRMED:
        try:
            services.check_open_for_registration(registration.occurrence)
        except services.RegistrationError as error:
            context["error"] = str(error)
            return render(request, "events/registration_confirm.html", context, status=400)
    return render(request, "events/registration_confirm.html", context)


@_private
@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    try:
        registration = tokens.registration_to_cancel(token)
    except tokens.BadToken as error:
        return _token_error(request, error)
    context = _date_context(registration)
    if context["is_past"] and registration.status != Registration.Status.CANCELLED:
        context["error"] = _("This date has passed; a registration can no longer be cancelled.")
        return render(request, "events/registration_cancel.html", context, status=400)
    if request.method == "POST":
        promoted = services.cancel_registration(registration)  # cancelling twice is harmless
        notifications.announce_promotion(promoted)
        return redirect(request.path)
    if registration.status == Registration.Status.WAITLISTED:
        context["position"] = notifications.waitlist_position(registration)
    return render(request, "events/registration_cancel.html", context)


# --- Organisers -----------------------------------------------------------------------------------


def _managed_occurrence(request: HttpRequest, slug: str, pk: int) -> Occurrence:
    occurrence = _occurrence_or_404(slug, pk)
    if not request.user.has_perm("events.manage_registrations", occurrence.event):
        raise PermissionDenied
    return occurrence


def _answer_columns(occurrence: Occurrence, rows: list[Registration]) -> list[str]:
    """The event's questions, then any question answered earlier and removed since."""
    columns = list(occurrence.event.question_list)
    for registration in rows:
        for question in registration.answers or {}:
            if question not in columns:
                columns.append(question)
    return columns


@_private
@login_required
def participants(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    occurrence = _managed_occurrence(request, slug, pk)
    rows = selectors.participants_of(occurrence)
    columns = _answer_columns(occurrence, rows)
    for registration in rows:
        registration.answer_list = [(registration.answers or {}).get(q, "") for q in columns]  # type: ignore[attr-defined]
    groups = [
        (status, label, [r for r in rows if r.status == status])
        for status, label in [
            (Registration.Status.CONFIRMED, _("With a place")),
            (Registration.Status.WAITLISTED, _("On the waitlist")),
            (Registration.Status.UNCONFIRMED, _("Email address not confirmed yet")),
        ]
    ]
    capacity = occurrence.event.capacity
    confirmed = len(groups[0][2])
    context = {
        "event": occurrence.event,
        "occurrence": occurrence,
        "when": notifications.when_text(occurrence),
        "groups": groups,
        "columns": columns,
        "counts": {
            "confirmed": confirmed,
            "waitlisted": len(groups[1][2]),
            "unconfirmed": len(groups[2][2]),
            "capacity": capacity,
            "free": None if capacity is None else max(capacity - confirmed, 0),
        },
    }
    return render(request, "events/registration_participants.html", context)


def _cell(value: str) -> str:
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@_private
@login_required
def participants_csv(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    occurrence = _managed_occurrence(request, slug, pk)
    rows = selectors.participants_of(occurrence)
    columns = _answer_columns(occurrence, rows)
    start = local(occurrence.starts_at)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"teilnehmende-{occurrence.event.slug}-{start:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # a BOM, so that Excel reads UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_cell(c) for c in [_("Name"), _("Email"), _("Status"), _("Registered at"), *columns]])
    for registration in rows:
        answers = registration.answers or {}
        writer.writerow(
            [
                _cell(registration.name),
                _cell(registration.email),
                _cell(registration.get_status_display()),
                f"{local(registration.created):%Y-%m-%d %H:%M}",
                *(_cell(answers.get(question, "")) for question in columns),
            ]
        )
    return response


@_private
@login_required
@require_http_methods(["GET", "POST"])
def participants_message(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    occurrence = _managed_occurrence(request, slug, pk)
    form = ParticipantsMessageForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            statuses = form.statuses()
            count = Registration.objects.filter(occurrence=occurrence, status__in=statuses).count()
            if count:
                enqueue_after_commit(
                    notifications.send_participants_message,
                    occurrence.pk,
                    form.cleaned_data["subject"],
                    form.cleaned_data["text"],
                    [str(s) for s in statuses],
                    notifications.mail_language(getattr(request, "LANGUAGE_CODE", None)),
                )
                messages.success(
                    request,
                    ngettext(
                        "Your message is being sent to %(count)s person.",
                        "Your message is being sent to %(count)s people, each on their own.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect(reverse("events:participants", kwargs={"slug": slug, "pk": pk}))
            form.add_error("recipients", _("Nobody is registered in this group yet."))
        status = 400
    context = {
        "event": occurrence.event,
        "occurrence": occurrence,
        "when": notifications.when_text(occurrence),
        "form": form,
        "counts": services.occurrence_counts(occurrence),
    }
    return render(request, "events/registration_message.html", context, status=status)


urlpatterns = [
    path("<slug:slug>/termin/<int:pk>/anmelden/", register, name="register"),
    path("anmeldung/<str:token>/bestaetigen/", registration_confirm, name="registration_confirm"),
    path("anmeldung/<str:token>/absagen/", registration_cancel, name="registration_cancel"),
    path("<slug:slug>/termin/<int:pk>/teilnehmende/", participants, name="participants"),
    path("<slug:slug>/termin/<int:pk>/teilnehmende.csv", participants_csv, name="participants_csv"),
    path("<slug:slug>/termin/<int:pk>/nachricht/", participants_message, name="participants_message"),
]
