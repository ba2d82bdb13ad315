"""The signed-in person's data: what is stored, a download of all of it, and deleting the account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wandelnetz.accounts import personal_data, services
from wandelnetz.accounts.forms import EraseAccountForm
from wandelnetz.accounts.http import SignedInRequest


def _page(request: SignedInRequest, form: EraseAccountForm, status: int = 200) -> HttpResponse:
    response = render(request, "accounts/account_data.html", {"form": form}, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_GET
def account_data(request: SignedInRequest) -> HttpResponse:
    return _page(request, EraseAccountForm(user=request.user, request=request))


@login_required
@require_GET
def account_data_download(request: SignedInRequest) -> HttpResponse:
    """Everything stored about the person, as one JSON file (Art. 15 and 20 GDPR)."""
    data = personal_data.export_personal_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"wandelnetz-meine-daten-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
def account_erase(request: SignedInRequest) -> HttpResponse:
    """Delete the account (Art. 17 GDPR) once the current password is given; then sign out."""
    form = EraseAccountForm(request.POST, user=request.user, request=request)
    if not form.is_valid():
        return _page(request, form, status=400)
    services.erase_account(user=request.user)
    logout(request)
    messages.success(request, _("Your account has been deleted."))
    return redirect("home")
