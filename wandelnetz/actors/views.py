from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wandelnetz.accounts.http import SignedInRequest
from wandelnetz.actors import selectors, services
from wandelnetz.actors.forms import (
    ActorFilterForm,
    ActorForm,
    AddEditorForm,
    RejectForm,
    RelationEndForm,
    RelationProposalForm,
)
from wandelnetz.actors.jsonld import actor_json_ld
from wandelnetz.actors.models import Actor, Relation
from wandelnetz.actors.permissions import (
    can_decide_relation,
    can_delete_relation,
    can_edit_actor,
    can_end_relation,
    can_moderate_actors,
    can_propose_actor,
    can_view_actor,
    can_withdraw_relation,
)
from wandelnetz.core.forms import parse_id
from wandelnetz.core.pagination import BadPageNumber, paginate
from wandelnetz.events.selectors import EventFilter, upcoming_brief

PAGE_SIZE = 20


def _only_editors() -> str:
    return _("You may not do this. Only the editors of an actor and the moderators can change it.")


def actor_list(request: HttpRequest) -> HttpResponse:
    form = ActorFilterForm(request.GET)
    status = 200
    page = None
    if form.is_valid():
        criteria = selectors.ActorFilter(
            query=form.cleaned_data["q"].strip(),
            topic=form.cleaned_data["topic"],
            region=form.cleaned_data["region"],
            kind=form.cleaned_data["kind"],
        )
        try:
            page = paginate(
                selectors.with_list_relations(selectors.filtered_actors(criteria)),
                request.GET.get("page"),
                PAGE_SIZE,
            )
        except BadPageNumber as error:
            form.add_error(None, str(error))
            status = 400
    else:
        status = 400
    return render(request, "actors/actor_list.html", {"form": form, "page": page}, status=status)


def _actor_or_404(request: HttpRequest, slug: str) -> Actor:
    actor = selectors.actor_for_page(slug)
    if actor is None:
        raise Http404(_("No actor is known under this address."))
    # Only a signed-in visitor can be an editor: an anonymous visit spares the query.
    actor.editor_ids = selectors.editor_ids_of(actor) if request.user.is_authenticated else set()  # type: ignore[attr-defined]
    if not can_view_actor(request.user, actor):
        # Unpublished actors do not exist for the public.
        raise Http404(_("No actor is known under this address."))
    return actor


def _render_actor_page(
    request: HttpRequest, actor: Actor, *, relation_form: RelationProposalForm | None = None, status: int = 200
) -> HttpResponse:
    outgoing, incoming = selectors.public_relations_of(actor)
    shown = selectors.RELATIONS_SHOWN
    more_relations = len(outgoing) > shown or len(incoming) > shown
    outgoing, incoming = outgoing[:shown], incoming[:shown]
    may_edit = can_edit_actor(request.user, actor)
    if relation_form is None and may_edit and actor.is_public:
        relation_form = RelationProposalForm()
    context = {
        "actor": actor,
        "outgoing": outgoing,
        "incoming": incoming,
        "more_relations": more_relations,
        "relations_shown": shown,
        "may_edit": may_edit,
        "may_delete_relations": can_delete_relation(request.user),
        "pending_relations": selectors.pending_relations_for(actor) if may_edit else [],
        "relation_form": relation_form if may_edit else None,
        "json_ld": actor_json_ld(actor, outgoing, incoming, request),
        "upcoming_dates": upcoming_brief(EventFilter(actor=actor)),
        "events_query": urlencode({"actor": actor.slug}),
    }
    return render(request, "actors/actor_detail.html", context, status=status)


def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_actor_page(request, _actor_or_404(request, slug))


@login_required
def actor_create(request: SignedInRequest) -> HttpResponse:
    if not can_propose_actor(request.user):
        raise PermissionDenied
    form = ActorForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            links = {key: data.pop(key) for key in ("topics", "regions", "places")}
            actor = services.create_actor(created_by=request.user, **links, **data)
            messages.success(request, _("Thank you! The actor is waiting for a moderator's approval."))
            return redirect(actor)
        return render(request, "actors/actor_form.html", {"form": form, "creating": True}, status=400)
    return render(request, "actors/actor_form.html", {"form": form, "creating": True})


@login_required
def actor_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug)
    if not can_edit_actor(request.user, actor):
        raise PermissionDenied(_only_editors())
    form = ActorForm(request.POST or None, request.FILES or None, instance=Actor.objects.get(pk=actor.pk))
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.changed_data}
            links = {key: data.pop(key) for key in ("topics", "regions", "places") if key in data}
            was_rejected = actor.status == Actor.Status.REJECTED
            if data or links:
                services.update_actor(actor=actor, changed_by=request.user, **links, **data)
            if was_rejected and actor.status == Actor.Status.PENDING:
                messages.success(
                    request,
                    _(
                        "The changes have been saved and the actor has been sent to the moderators for review "
                        "again. You will be notified of their decision."
                    ),
                )
            elif was_rejected:
                messages.info(request, _("Nothing was changed, so the actor remains rejected."))
            else:
                messages.success(request, _("The changes have been saved."))
            return redirect(actor)
        return render(request, "actors/actor_form.html", {"form": form, "actor": actor}, status=400)
    return render(request, "actors/actor_form.html", {"form": form, "actor": actor})


@login_required
def actor_history(request: SignedInRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug)
    if not can_edit_actor(request.user, actor):
        raise PermissionDenied(_only_editors())
    return render(request, "actors/actor_history.html", {"actor": actor, "rows": selectors.actor_history(actor)})


@login_required
def moderation_queue(request: SignedInRequest) -> HttpResponse:
    if not can_moderate_actors(request.user):
        raise PermissionDenied(_("Only moderators may see and decide the proposed actors."))
    return render(
        request,
        "actors/moderation_queue.html",
        {"actors": selectors.moderation_queue(), "reject_form": RejectForm()},
    )


@login_required
@require_POST
def actor_moderate(request: SignedInRequest, slug: str) -> HttpResponse:
    if not can_moderate_actors(request.user):
        raise PermissionDenied(_("Only moderators may see and decide the proposed actors."))
    actor = get_object_or_404(Actor, slug=slug)
    if actor.status != Actor.Status.PENDING:
        # Another moderator (or a second click) was first: say so instead of "not found".
        messages.info(
            request,
            _("“%(name)s” has already been decided (%(status)s).")
            % {"name": actor.name, "status": actor.get_status_display()},
        )
        return redirect("actors:moderation_queue")
    decision = request.POST.get("decision")
    if decision == "approve":
        services.approve_actor(actor=actor, moderator=request.user)
        messages.success(request, _("“%(name)s” is now public.") % {"name": actor.name})
    elif decision == "reject":
        form = RejectForm(request.POST)
        if not form.is_valid():
            return render(
                request,
                "actors/moderation_queue.html",
                {"actors": selectors.moderation_queue(), "reject_form": form, "rejecting": actor},
                status=400,
            )
        services.reject_actor(actor=actor, moderator=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("“%(name)s” has been rejected.") % {"name": actor.name})
    else:
        return HttpResponse(_("Unknown decision."), status=400, content_type="text/plain; charset=utf-8")
    return redirect("actors:moderation_queue")


@login_required
@require_POST
def relation_propose(request: SignedInRequest, slug: str) -> HttpResponse:
    actor = _actor_or_404(request, slug)
    if not can_edit_actor(request.user, actor):
        raise PermissionDenied(_only_editors())
    form = RelationProposalForm(request.POST)
    if form.is_valid():
        try:
            services.propose_relation(
                proposing_actor=actor,
                other=form.cleaned_data["other"],
                kind=form.cleaned_data["kind"],
                outgoing=form.cleaned_data["direction"] == "out",
                proposed_by=request.user,
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
            )
        except services.RelationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The relation has been proposed. It becomes public once the other side confirms it.")
            )
            return redirect(actor)
    return _render_actor_page(request, actor, relation_form=form, status=400)


@login_required
@require_POST
def relation_decide(request: SignedInRequest, pk: int) -> HttpResponse:
    relation = get_object_or_404(
        Relation.objects.select_related("source", "target"), pk=pk, state=Relation.State.PROPOSED
    )
    if not can_decide_relation(request.user, relation):
        raise PermissionDenied(
            _("Only the editors of the other side and the moderators may confirm or decline this relation.")
        )
    decision = request.POST.get("decision")
    if decision == "confirm":
        services.confirm_relation(relation=relation, decided_by=request.user)
        messages.success(request, _("The relation has been confirmed and is now public."))
    elif decision == "decline":
        services.decline_relation(relation=relation, decided_by=request.user)
        messages.success(request, _("The relation has been declined."))
    else:
        return HttpResponse(_("Unknown decision."), status=400, content_type="text/plain; charset=utf-8")
    return redirect(relation.confirming_actor)


def _relation_or_404(pk: int) -> Relation:
    return get_object_or_404(Relation.objects.select_related("source", "target"), pk=pk)


def _relation_text(relation: Relation) -> str:
    return f"{relation.source.name} {relation.get_kind_display()} {relation.target.name}"


def _side(request: HttpRequest, relation: Relation) -> Actor:
    """The side whose page the form was sent from (`actor`: its id), else the source."""
    data = request.POST if request.method == "POST" else request.GET
    return relation.target if parse_id(data.get("actor", "")) == relation.target_id else relation.source


def _back_to_side(request: HttpRequest, relation: Relation) -> HttpResponse:
    # 303: the browser fetches the page with GET, and reloading it does not post the form again.
    return HttpResponseRedirect(_side(request, relation).get_absolute_url(), status=303)


@login_required
@require_POST
def relation_withdraw(request: SignedInRequest, pk: int) -> HttpResponse:
    """The proposing side takes a proposal back before the other side decided."""
    relation = _relation_or_404(pk)
    if not can_withdraw_relation(request.user, relation):
        raise PermissionDenied(
            _("Only the editors of the side that proposed this relation and the moderators may withdraw it.")
        )
    try:
        services.withdraw_relation(relation=relation, withdrawn_by=request.user)
    except services.RelationError as error:
        # Decided meanwhile (or a second click): the page shows how things stand now.
        messages.error(request, str(error))
        return _render_actor_page(request, _actor_or_404(request, _side(request, relation).slug), status=400)
    messages.success(
        request, _("The proposed relation “%(relation)s” has been withdrawn.") % {"relation": _relation_text(relation)}
    )
    return _back_to_side(request, relation)


@login_required
@require_POST
def relation_end(request: SignedInRequest, pk: int) -> HttpResponse:
    """Either side says a confirmed relation has ended; it stays on the pages as a former one."""
    relation = _relation_or_404(pk)
    if not can_end_relation(request.user, relation):
        raise PermissionDenied(_("Only the editors of either side and the moderators may end this relation."))
    form = RelationEndForm(request.POST, relation=relation)
    if form.is_valid():
        try:
            services.end_relation(relation=relation, end_date=form.cleaned_data["end_date"], ended_by=request.user)
        except services.RelationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The relation “%(relation)s” has been ended. It is now shown as a former relation.")
                % {"relation": _relation_text(relation)},
            )
            return _back_to_side(request, relation)
    context = {"relation": relation, "form": form, "actor": _side(request, relation)}
    return render(request, "actors/relation_end.html", context, status=400)


@login_required
def relation_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    """GET: ask; POST: a moderator deletes a relation entered by mistake."""
    relation = _relation_or_404(pk)
    if not can_delete_relation(request.user, relation):
        raise PermissionDenied(
            _(
                "Only moderators may delete a relation. The editors of either side can end it instead; "
                "it is then kept as a former relation."
            )
        )
    if request.method != "POST":
        context = {"relation": relation, "actor": _side(request, relation)}
        return render(request, "actors/relation_delete.html", context)
    services.delete_relation(relation=relation, deleted_by=request.user)
    messages.success(
        request, _("The relation “%(relation)s” has been deleted.") % {"relation": _relation_text(relation)}
    )
    return _back_to_side(request, relation)


@login_required
def my_actors(request: SignedInRequest) -> HttpResponse:
    return render(request, "actors/my_actors.html", {"actors": selectors.actors_editable_by(request.user)})


@login_required
def actor_editors(request: SignedInRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug)
    if not can_edit_actor(request.user, actor):
        raise PermissionDenied(_only_editors())
    form = AddEditorForm()
    status = 200
    if request.method == "POST":
        if request.POST.get("remove"):
            pk = parse_id(request.POST["remove"])
            user = get_object_or_404(actor.editors, pk=pk) if pk is not None else None
            if user is None:
                return HttpResponse(_("Unknown editor."), status=400, content_type="text/plain; charset=utf-8")
            try:
                services.remove_editor(actor=actor, user=user)
            except services.EditorError as error:
                messages.error(request, str(error))
                status = 400
            else:
                messages.success(request, _("%(name)s no longer edits this actor.") % {"name": user})
                if user == request.user:
                    return redirect(actor)
                return redirect("actors:actor_editors", slug=actor.slug)
        else:
            form = AddEditorForm(request.POST)
            if form.is_valid():
                services.add_editor(actor=actor, user=form.cleaned_data["email"], added_by=request.user)
                messages.success(request, _("%(name)s can now edit this actor.") % {"name": form.cleaned_data["email"]})
                return redirect("actors:actor_editors", slug=actor.slug)
            status = 400
    context = {"actor": actor, "editors": actor.editors.order_by("email"), "form": form}
    return render(request, "actors/actor_editors.html", context, status=status)
