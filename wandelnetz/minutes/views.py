"""Minutes under /protokolle/: reading them, importing them through a preview, editing and deleting them.

The import never saves before the coordinator confirms: the upload renders a preview of what
the importer proposes; confirming parses the same text again, applies the posted choices by
item key and saves everything in one transaction (`importer.apply_proposal`).
"""

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from wandelnetz.accounts.http import SignedInRequest
from wandelnetz.events.models import Event
from wandelnetz.followups.models import FollowUp
from wandelnetz.minutes import importer, selectors, services
from wandelnetz.minutes.forms import (
    MinutesSourceForm,
    MinutesTextForm,
    ProposalForm,
    SizeLimitedUploadHandler,
    preview_sections,
)
from wandelnetz.minutes.models import MAX_MINUTES_CHARS, Minutes
from wandelnetz.minutes.permissions import can_edit_minutes
from wandelnetz.minutes.proposal import Proposal


def _minutes_url(event: Event) -> str:
    return reverse("minutes:minutes_detail", kwargs={"slug": event.slug})


def _see_other(url: str) -> HttpResponse:
    # 303: the browser fetches the page with GET, and reloading it does not post the form again.
    return HttpResponseRedirect(url, status=303)


def _event_or_404(slug: str) -> Event:
    event = selectors.event_with_minutes(slug)
    if event is None:
        raise Http404(_("No event is known under this address."))
    return event


def _editable_event(request: SignedInRequest, slug: str) -> Event:
    event = _event_or_404(slug)
    if not can_edit_minutes(request.user, event):
        raise PermissionDenied
    return event


# --- Reading ----------------------------------------------------------------------------------


def minutes_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    minutes = selectors.minutes_of(event)
    may_edit = can_edit_minutes(request.user, event)
    if minutes is None:
        return render(request, "minutes/no_minutes.html", {"event": event, "may_edit": may_edit}, status=404)
    context = {
        "event": event,
        "minutes": minutes,
        "links": selectors.links_of(minutes),
        "follow_ups": selectors.follow_ups_from(event),
        "may_edit": may_edit,
    }
    return render(request, "minutes/minutes_detail.html", context)


# --- Importing --------------------------------------------------------------------------------


def _upload_page(request: HttpRequest, event: Event, form: MinutesSourceForm, status: int = 200) -> HttpResponse:
    context = {"event": event, "form": form, "existing": selectors.minutes_of(event)}
    return render(request, "minutes/upload.html", context, status=status)


def _preview_page(
    request: HttpRequest,
    event: Event,
    form: ProposalForm,
    text: str,
    status: int = 200,
    recorded: list[FollowUp] | None = None,
) -> HttpResponse:
    proposal = form.proposal
    if recorded is None:
        recorded = selectors.recorded_follow_ups(event)
    actor_ids = {a.actor_id for a in proposal.actors if a.actor_id}
    event_ids = {d.event_id for d in proposal.dates if d.event_id} | {
        f.event_id for f in proposal.follow_ups if f.event_id
    }
    context = {
        "event": event,
        "form": form,
        "proposal": proposal,
        "sections": preview_sections(
            form,
            actors=selectors.actors_by_id(actor_ids),
            topics=selectors.topics_by_id({t.topic_id for t in proposal.topics if t.topic_id}),
            events=selectors.events_by_id(event_ids),
        ),
        "text": text,
        "existing": selectors.minutes_of(event),
        "recorded_follow_ups": recorded,
        "new_follow_ups_unticked": bool(recorded) and any(f.follow_up_id is None for f in proposal.follow_ups),
        # The importer keeps the day as an ISO string (it travels in the JSON proposal); shown as a date.
        "meeting_day": date.fromisoformat(proposal.meeting_date) if proposal.meeting_date else None,
    }
    return render(request, "minutes/preview.html", context, status=status)


def _form_with_error(error: ValidationError) -> MinutesSourceForm:
    """An empty source form that shows `error` (the confirm step's text was refused)."""
    form = MinutesSourceForm(data={})
    form.errors.clear()  # the empty form's own complaint; the refusal below is the message
    form.add_error(None, error)
    return form


def _proposal_or_error(text: str, event: Event) -> Proposal | ValidationError:
    try:
        return importer.build_proposal(text, event=event)
    except ValidationError as error:  # the importer refuses text it cannot read at all
        return error


@csrf_exempt  # checked below, by csrf_protect, once the size of the posting is known
def minutes_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the form to paste or upload minutes. POST: the preview of what an import would save.

    The posting is read here, before the CSRF check would read it, so that too much pasted text
    (beyond DATA_UPLOAD_MAX_MEMORY_SIZE) gets the form with a message rather than a bare 400,
    and an uploaded file is dropped as soon as it is larger than minutes can be
    (Django's documented pattern for custom upload handlers: csrf_exempt, then csrf_protect).
    """
    if request.method == "POST":
        request.upload_handlers = [SizeLimitedUploadHandler(request), *request.upload_handlers]
        try:
            request.POST  # noqa: B018 - reading it is the point
        except RequestDataTooBig:
            return _too_much_text(cast(SignedInRequest, request), slug)
    return _checked_upload(cast(SignedInRequest, request), slug)


@login_required
def _too_much_text(request: SignedInRequest, slug: str) -> HttpResponse:
    # Nothing was read, so nothing can change: answering without the CSRF check is safe.
    event = _editable_event(request, slug)
    error = ValidationError(
        _("The minutes are too long: at most %(limit)s characters.")
        % {"limit": f"{MAX_MINUTES_CHARS:,}".replace(",", ".")}
    )
    return _upload_page(request, event, _form_with_error(error), status=400)


@csrf_protect
@login_required
def _checked_upload(request: SignedInRequest, slug: str) -> HttpResponse:
    event = _editable_event(request, slug)
    if request.method != "POST":
        return _upload_page(request, event, MinutesSourceForm())
    source = MinutesSourceForm(
        request.POST, request.FILES, upload_too_large=getattr(request, "minutes_upload_too_large", False)
    )
    if not source.is_valid():
        return _upload_page(request, event, source, status=400)
    text = source.cleaned_data["minutes_text"]
    proposal = _proposal_or_error(text, event)
    if isinstance(proposal, ValidationError):
        source.add_error(None, proposal)
        return _upload_page(request, event, source, status=400)
    # Follow-ups already recorded for the event: the ones proposed may retell them, so none is ticked.
    recorded = selectors.recorded_follow_ups(event)
    form = ProposalForm(proposal=proposal, untick_new_follow_ups=bool(recorded))
    return _preview_page(request, event, form, text, recorded=recorded)


def _created_message(proposal: Proposal, minutes: Minutes) -> str:
    """What this import saved, in words.

    Created follow-ups, contributions, topics and links come from the import's summary; new
    actors and dates from the applied choices (the summary also keeps earlier imports' ids).
    """
    summary = minutes.import_summary or {}
    counts = [
        (len(summary.get("contributions_created", [])), "contribution"),
        (sum(1 for a in proposal.actors if a.selected and not a.actor_id), "actor"),
        (len(summary.get("topics_created", [])), "topic"),
        (len(summary.get("follow_ups_created", [])), "follow-up"),
        (sum(1 for d in proposal.dates if d.selected and not d.event_id), "date"),
        (int(summary.get("links", 0) or 0), "link"),
    ]
    words = {
        "contribution": lambda n: ngettext("%(count)d contribution", "%(count)d contributions", n),
        "actor": lambda n: ngettext("%(count)d new actor", "%(count)d new actors", n),
        "topic": lambda n: ngettext("%(count)d new topic", "%(count)d new topics", n),
        "follow-up": lambda n: ngettext("%(count)d follow-up", "%(count)d follow-ups", n),
        "date": lambda n: ngettext("%(count)d new date", "%(count)d new dates", n),
        "link": lambda n: ngettext("%(count)d link", "%(count)d links", n),
    }
    parts = [words[kind](n) % {"count": n} for n, kind in counts if n]
    if not parts:
        return _("The minutes have been saved; nothing else was taken over.")
    return _("The minutes have been saved. Taken over: %(items)s.") % {"items": ", ".join(parts)}


@login_required
@require_POST
def minutes_confirm(request: SignedInRequest, slug: str) -> HttpResponse:
    """Save what the coordinator kept of the preview, with corrections, in one transaction."""
    event = _editable_event(request, slug)
    try:
        text = importer.check_text(request.POST.get("text", ""))
    except importer.MinutesRejected as error:
        return _upload_page(request, event, _form_with_error(error), status=400)
    proposal = _proposal_or_error(text, event)
    if isinstance(proposal, ValidationError):
        return _upload_page(request, event, _form_with_error(proposal), status=400)
    form = ProposalForm(request.POST, proposal=proposal)
    if not form.is_valid():
        return _preview_page(request, event, form, text, status=400)
    applied = form.apply()
    try:
        minutes = importer.apply_proposal(applied, event=event, text=text, user=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return _preview_page(request, event, form, text, status=400)
    messages.success(request, _created_message(applied, minutes))
    return _see_other(_minutes_url(event))


# --- Editing the text directly --------------------------------------------------------------------


@login_required
def minutes_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    """Write or correct the minutes' text without an import: nothing but the text changes."""
    event = _editable_event(request, slug)
    minutes = selectors.minutes_of(event)
    form = MinutesTextForm(
        request.POST if request.method == "POST" else None, initial={"text": minutes.text if minutes else ""}
    )
    context: dict[str, Any] = {"event": event, "minutes": minutes, "form": form}
    if request.method != "POST":
        return render(request, "minutes/edit.html", context)
    if form.is_valid():
        try:
            services.save_minutes(event=event, text=form.cleaned_data["text"], user=request.user)
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("The minutes have been saved."))
            return _see_other(_minutes_url(event))
    return render(request, "minutes/edit.html", context, status=400)


@login_required
def minutes_delete(request: SignedInRequest, slug: str) -> HttpResponse:
    """GET: ask; POST: delete the minutes (contributions and follow-ups of an import stay)."""
    event = _editable_event(request, slug)
    minutes = selectors.minutes_of(event)
    if minutes is None:
        raise Http404(_("This event has no minutes."))
    if request.method != "POST":
        return render(request, "minutes/delete.html", {"event": event, "minutes": minutes})
    services.delete_minutes(minutes=minutes)
    messages.success(request, _("The minutes have been deleted."))
    return _see_other(event.get_absolute_url())


urlpatterns = [
    path("<slug:slug>/", minutes_detail, name="minutes_detail"),
    path("<slug:slug>/hochladen/", minutes_upload, name="minutes_upload"),
    path("<slug:slug>/uebernehmen/", minutes_confirm, name="minutes_confirm"),
    path("<slug:slug>/bearbeiten/", minutes_edit, name="minutes_edit"),
    path("<slug:slug>/loeschen/", minutes_delete, name="minutes_delete"),
]
