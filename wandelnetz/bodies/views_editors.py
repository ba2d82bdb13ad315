"""The editors of a body under /gremien/<slug>/redaktion/: who keeps the entry up to date and gets
its verification reminders. Only those who may edit the body see and change the list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wandelnetz.accounts.http import SignedInRequest
from wandelnetz.actors.forms import AddEditorForm
from wandelnetz.bodies import services
from wandelnetz.bodies.permissions import can_edit_body
from wandelnetz.bodies.views import editable_body
from wandelnetz.core.forms import parse_id


@login_required
def body_editors(request: SignedInRequest, slug: str) -> HttpResponse:
    body = editable_body(request, slug)
    form = AddEditorForm()
    status = 200
    if request.method == "POST":
        if "remove" in request.POST:
            pk = parse_id(request.POST["remove"])
            user = body.editors.filter(pk=pk).first() if pk is not None else None
            if user is None:
                return HttpResponse(_("Unknown editor."), status=400, content_type="text/plain; charset=utf-8")
            services.remove_editor(body=body, user=user)
            messages.success(request, _("%(name)s no longer edits this body.") % {"name": user})
            if not can_edit_body(request.user, body):  # took themselves off and has no other way in
                return redirect(body)
            return redirect("bodies:body_editors", slug=body.slug)
        form = AddEditorForm(request.POST)
        if form.is_valid():
            services.add_editor(body=body, user=form.cleaned_data["email"])
            messages.success(request, _("%(name)s can now edit this body.") % {"name": form.cleaned_data["email"]})
            return redirect("bodies:body_editors", slug=body.slug)
        status = 400
    context = {"body": body, "editors": body.editors.order_by("email"), "form": form}
    return render(request, "bodies/body_editors.html", context, status=status)
