"""Follow-up pages ("Was wurde daraus?"): the list, boards per series and per topic, the page of
one follow-up with its timeline, and the forms of those who may change it.

Everyone reads; editors of the owner, of an organiser of the source event, the creator and
moderators change; signed-in people follow. Every form works without JavaScript; refused input
re-renders the page with the message and a 400, saving nothing.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wandelnetz.accounts.http import SignedInRequest
from wandelnetz.core.forms import parse_slug
from wandelnetz.core.pagination import BadPageNumber, paginate
from wandelnetz.events.models import Event, Series
from wandelnetz.events.permissions import can_edit_event
from wandelnetz.followups import selectors, services
from wandelnetz.followups.forms import FollowUpCreateForm, FollowUpFilterForm, FollowUpForm, LinkForm, StatusForm
from wandelnetz.followups.models import TRANSITIONS, FollowUp
from wandelnetz.followups.permissions import can_create_follow_up, can_edit_follow_up
from wandelnetz.topics.models import Topic

PAGE_SIZE = 30
BOARD_PER_STATUS = 50


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# --- Reading ----------------------------------------------------------------------------------


def followup_list(request: HttpRequest) -> HttpResponse:
    form = FollowUpFilterForm(request.GET)
    page = None
    status = 200
    if form.is_valid():
        try:
            page = paginate(selectors.filtered_follow_ups(form.criteria()), request.GET.get("page"), PAGE_SIZE)
        except BadPageNumber as error:
            form.add_error(None, str(error))
            status = 400
    else:
        status = 400
    context = {
        "form": form,
        "page": page,
        "filter_query": form.query_string() if status == 200 else "",
        "active_filters": form.active_filters() if status == 200 else [],
        "can_create": can_create_follow_up(request.user),
    }
    return render(request, "followups/followup_list.html", context, status=status)


def _detail_page(
    request: HttpRequest,
    slug: str,
    *,
    status_form: StatusForm | None = None,
    link_form: LinkForm | None = None,
    status: int = 200,
) -> HttpResponse:
    follow_up = selectors.follow_up_for_page(slug)
    if follow_up is None:
        raise Http404(_("No follow-up is known under this address."))
    can_edit = can_edit_follow_up(request.user, follow_up)
    context = {
        "follow_up": follow_up,
        "can_edit": can_edit,
        "following": selectors.is_following(follow_up, request.user),
        "status_form": (status_form or StatusForm(follow_up=follow_up)) if can_edit else None,
        "link_form": (link_form or LinkForm()) if can_edit else None,
        "has_next_status": bool(can_edit and TRANSITIONS.get(follow_up.status)),
    }
    return render(request, "followups/followup_detail.html", context, status=status)


def followup_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail_page(request, slug)


def _board_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    context["per_status"] = BOARD_PER_STATUS
    return render(request, "followups/board_page.html", context)


def series_board(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(Series.objects.only("title", "slug"), slug=slug)
    follow_ups = FollowUp.objects.filter(source_event__series=series)
    context = {
        "series": series,
        "board": selectors.board(follow_ups, per_status=BOARD_PER_STATUS),
        "counts": selectors.status_counts(follow_ups),
        "list_query": f"series={series.slug}",
    }
    return _board_page(request, context)


def topic_board(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic.objects.only("name", "slug", "path"), slug=slug)
    follow_ups = selectors.filtered_follow_ups(selectors.FollowUpFilter(topic=topic))
    context = {
        "topic": topic,
        "board": selectors.follow_ups_on_topic(topic, per_status=BOARD_PER_STATUS),
        "counts": selectors.status_counts(follow_ups),
        "list_query": f"topic={topic.slug}",
    }
    return _board_page(request, context)


# --- Changing ---------------------------------------------------------------------------------


def _editable(request: SignedInRequest, slug: str) -> FollowUp:
    follow_up = get_object_or_404(FollowUp, slug=slug)
    if not can_edit_follow_up(request.user, follow_up):
        raise PermissionDenied
    return follow_up


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def followup_create(request: SignedInRequest) -> HttpResponse:
    if not can_create_follow_up(request.user):
        raise PermissionDenied
    initial: dict[str, Any] = {}
    event = None
    if requested := request.GET.get("veranstaltung", ""):
        event = Event.objects.filter(slug=slug).first() if (slug := parse_slug(requested)) else None
        if event is None:
            raise Http404(_("No event is known under this address."))
        if not can_edit_event(request.user, event):
            raise PermissionDenied
        organiser = event.organisers.only("slug").first()
        initial = {
            "source_event": event.slug,
            "topics": list(event.topics.values_list("pk", flat=True)),
            "owner_actor": organiser.slug if organiser else "",
        }
    form = FollowUpCreateForm(_posted(request), initial=initial, user=request.user)
    context = {"form": form, "creating": True, "event": event}
    if request.method != "POST":
        return render(request, "followups/followup_form.html", context)
    if form.is_valid():
        fields, topics = form.link_values()
        source_event = form.cleaned_data.get("source_event")
        try:
            follow_up = services.create_follow_up(
                **fields,
                topics=topics,
                status=form.cleaned_data["status"],
                status_reason=form.cleaned_data.get("status_reason") or "",
                source_event=source_event,
                origin=FollowUp.Origin.EVENT if source_event else FollowUp.Origin.DIRECT,
                created_by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The follow-up has been saved. You follow it now."))
            return redirect(follow_up)
    return render(request, "followups/followup_form.html", context, status=400)


@login_required
def followup_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    follow_up = _editable(request, slug)
    form = FollowUpForm(_posted(request), instance=follow_up)
    context = {"form": form, "follow_up": follow_up, "creating": False}
    if request.method != "POST":
        return render(request, "followups/followup_form.html", context)
    if form.is_valid():
        fields, topics = form.link_values()
        try:
            services.update_follow_up(
                follow_up=FollowUp.objects.get(pk=follow_up.pk), user=request.user, topics=topics, **fields
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(follow_up)
    context["follow_up"] = FollowUp.objects.get(pk=follow_up.pk)  # the saved title and slug for the page
    return render(request, "followups/followup_form.html", context, status=400)


@login_required
@require_POST
def followup_status(request: SignedInRequest, slug: str) -> HttpResponse:
    follow_up = _editable(request, slug)
    form = StatusForm(request.POST, follow_up=follow_up)
    if form.is_valid():
        data = form.cleaned_data
        try:
            change = services.change_status(
                follow_up=follow_up,
                to_status=data["to_status"],
                reason=data["reason"],
                comment=data["comment"],
                user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("The status is now “%(status)s”.") % {"status": services.status_label(change.to_status)}
            )
            return redirect(follow_up)
    return _detail_page(request, slug, status_form=form, status=400)


@login_required
@require_POST
def followup_link_add(request: SignedInRequest, slug: str) -> HttpResponse:
    follow_up = _editable(request, slug)
    form = LinkForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_link(
                follow_up=follow_up,
                event=data["event"],
                body=data["body"],
                target=data["follow_up"],
                url=data["url"],
                note=data["note"],
                user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The link has been added."))
            return redirect(follow_up)
    return _detail_page(request, slug, link_form=form, status=400)


@login_required
@require_POST
def followup_link_remove(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    follow_up = _editable(request, slug)
    link = get_object_or_404(follow_up.links, pk=pk)
    services.remove_link(link=link)
    messages.success(request, _("The link has been removed."))
    return redirect(follow_up)


@login_required
@require_POST
def followup_follow(request: SignedInRequest, slug: str) -> HttpResponse:
    """POST action=follow or action=unfollow (idempotent)."""
    follow_up = get_object_or_404(FollowUp, slug=slug)
    action = request.POST.get("action")
    if action == "follow":
        services.follow(follow_up=follow_up, user=request.user)
        messages.success(request, _("You follow this follow-up: each change of its status is sent to you."))
    elif action == "unfollow":
        services.unfollow(follow_up=follow_up, user=request.user)
        messages.success(request, _("You no longer follow this follow-up."))
    else:
        return HttpResponse(_("Choose to follow or to unfollow."), status=400, content_type="text/plain; charset=utf-8")
    return redirect(follow_up)
