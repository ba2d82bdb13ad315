"""The signed-in person's notifications: a list, newest first, and marking them read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wandelnetz.accounts import notifications
from wandelnetz.accounts.http import SignedInRequest
from wandelnetz.core.forms import parse_id
from wandelnetz.core.pagination import BadPageNumber, paginate

PAGE_SIZE = 30


@login_required
def notification_list(request: SignedInRequest) -> HttpResponse:
    try:
        page = paginate(notifications.notifications_of(request.user), request.GET.get("page"), PAGE_SIZE)
    except BadPageNumber as error:
        return render(request, "accounts/notifications.html", {"page": None, "error": str(error)}, status=400)
    return render(request, "accounts/notifications.html", {"page": page})


@login_required
@require_POST
def notification_mark_read(request: SignedInRequest) -> HttpResponse:
    """POST `all=1` marks every notification read; `id` (repeatable) marks those."""
    if request.POST.get("all"):
        notifications.mark_read(request.user, "all")
        messages.success(request, _("All notifications are marked as read."))
        return redirect("notifications:notification_list")
    ids = [parse_id(value) for value in request.POST.getlist("id")]
    if not ids or None in ids:
        return HttpResponse(
            _("Choose which notifications to mark as read."), status=400, content_type="text/plain; charset=utf-8"
        )
    notifications.mark_read(request.user, [pk for pk in ids if pk is not None])
    messages.success(request, _("The notification is marked as read."))
    return redirect("notifications:notification_list")
