"""Forms of the follow-up pages: list filters, creating and editing, status, links."""

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from wandelnetz.accounts.models import User
from wandelnetz.accounts.permissions import is_moderator
from wandelnetz.actors.forms import tree_choices
from wandelnetz.actors.models import Actor
from wandelnetz.bodies.models import Body
from wandelnetz.core.forms import FilterLinksMixin, IdsMultipleChoiceField, LookupField, QuickSelect, find_named
from wandelnetz.events.forms import PUBLIC_ACTORS
from wandelnetz.events.models import Event, Series
from wandelnetz.events.permissions import can_edit_event
from wandelnetz.followups.models import REASON_REQUIRED, TRANSITIONS, FollowUp, FollowUpLink
from wandelnetz.followups.selectors import BOARD_ORDER, FollowUpFilter
from wandelnetz.topics.models import Topic

FILTER_NAMES = ["q", "status", "topic", "series", "actor"]
STATUS_CHOICES = [(s, label) for s in BOARD_ORDER for value, label in FollowUp.Status.choices if value == s]


class FollowUpFilterForm(FilterLinksMixin, forms.Form):
    """The filters of the list; unknown values are errors, not ignored."""

    filter_names = FILTER_NAMES

    q = forms.CharField(label=_("Search term"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All statuses")), *STATUS_CHOICES], required=False)
    topic = LookupField(Topic, label=_("Topic"), required=False, unknown_message=_("There is no topic “%(slug)s”."))
    series = LookupField(Series, label=_("Series"), required=False, unknown_message=_("There is no series “%(slug)s”."))
    actor = LookupField(
        Actor,
        label=_("Owner (actor)"),
        required=False,
        named=PUBLIC_ACTORS,
        unknown_message=_("There is no actor “%(slug)s”."),
        help_text=_("Name, abbreviation or address part, e.g. “AkSLL”."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].widget = QuickSelect(choices=tree_choices(Topic, _("All topics")))
        self.fields["status"].widget = QuickSelect(choices=self.fields["status"].choices)  # type: ignore[attr-defined]

    def criteria(self) -> FollowUpFilter:
        data = self.cleaned_data
        return FollowUpFilter(
            status=data.get("status") or "",
            topic=data.get("topic"),
            series=data.get("series"),
            actor=data.get("actor"),
            query=(data.get("q") or "").strip(),
        )


class FollowUpForm(forms.ModelForm):
    """Title, text, topics, owner and due date; on creation also the first status and the event."""

    owner_actor = LookupField(
        Actor,
        label=_("Owner (actor)"),
        required=False,
        unknown_message=_("There is no actor “%(slug)s”."),
        help_text=_(
            "Name, abbreviation or address part, e.g. “AkSLL”. "
            "Leave empty when a person or group without a profile takes care of it."
        ),
    )

    class Meta:
        model = FollowUp
        fields = ["title", "text", "topics", "owner_actor", "owner_name", "due_date"]
        field_classes = {"topics": IdsMultipleChoiceField}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "topics": forms.CheckboxSelectMultiple,
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"text": _("Markdown: **bold**, *italic*, lists, [links](https://example.org).")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.owner_actor_id:
            self.fields["owner_actor"].current = self.instance.owner_actor  # type: ignore[attr-defined]
            self.initial["owner_actor"] = LookupField.display_name(self.instance.owner_actor)

    def link_values(self) -> tuple[dict[str, Any], list[Topic]]:
        """The model fields and the topics, from a valid form."""
        data = dict(self.cleaned_data)
        topics = list(data.pop("topics", []))
        return {name: data[name] for name in self._meta.fields if name in data}, topics  # type: ignore[union-attr]


class FollowUpCreateForm(FollowUpForm):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, initial=FollowUp.Status.PROPOSED)
    status_reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Needed when it is stalled or rejected, e.g. “funding missing”."),
    )
    source_event = LookupField(
        Event,
        label=_("From the event"),
        required=False,
        unknown_message=_("There is no event “%(slug)s”."),
        help_text=_("The event's title or the last part of its address. Only events you edit."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_source_event(self) -> Event | None:
        event = self.cleaned_data.get("source_event")
        if event is not None and not (is_moderator(self.user) or can_edit_event(self.user, event)):
            raise ValidationError(_("You can only note follow-ups of events you edit."), code="not_editor")
        return event

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status") in REASON_REQUIRED and not (cleaned.get("status_reason") or "").strip():
            self.add_error("status_reason", _("Please give a reason when a follow-up is stalled or rejected."))
        return cleaned


class StatusForm(forms.Form):
    """The next status. Every known status passes the form; the service refuses jumps with a message."""

    to_status = forms.ChoiceField(label=_("New status"), choices=STATUS_CHOICES)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Needed when it is stalled or rejected, e.g. “funding missing”."),
    )
    # Each step of the timeline says what happened: followers are told of it in these words.
    comment = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened, in a sentence or two: everyone following it reads this."),
        error_messages={"required": _("Please say in a comment what happened.")},
    )

    def __init__(self, *args: Any, follow_up: FollowUp, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "status_%s")
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS.get(follow_up.status, frozenset())
        self.fields["to_status"].widget = forms.Select(choices=[c for c in STATUS_CHOICES if c[0] in allowed])


class LinkForm(forms.Form):
    """Where it went next: the kind, and the target's title or name, its address, or a web address."""

    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUpLink.Kind.choices, widget=forms.RadioSelect)
    target = forms.CharField(
        label=_("Target"),
        max_length=500,
        help_text=_(
            "For an event, a body or a follow-up: its title or name, or its address on this platform; "
            "for a web page: its address starting with https://."
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "link_%s")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, value = cleaned.get("kind"), (cleaned.get("target") or "").strip()
        cleaned.update(event=None, body=None, follow_up=None, url="")
        if not kind or not value:
            return cleaned
        if kind == FollowUpLink.Kind.WEB:
            cleaned["url"] = value
            return cleaned
        model: type[Model]
        model, key, message = {
            FollowUpLink.Kind.EVENT: (Event, "event", _("There is no event “%(slug)s”.")),
            FollowUpLink.Kind.BODY: (Body, "body", _("There is no body “%(slug)s”.")),
            FollowUpLink.Kind.FOLLOW_UP: (FollowUp, "follow_up", _("There is no follow-up “%(slug)s”.")),
        }[kind]
        # An address (a path without spaces) names its object by its last part; anything else is a
        # title, a name or that part on its own.
        text = _last_path_part(value) if "/" in value and " " not in value else value
        if not text:
            self.add_error("target", ValidationError(message, params={"slug": value[:80]}, code="unknown"))
            return cleaned
        try:
            cleaned[key] = find_named(model._default_manager.all(), text, unknown_message=message)
        except ValidationError as error:
            self.add_error("target", error)
        return cleaned


def _last_path_part(value: str) -> str:
    """ "stammtisch" from "stammtisch", "/veranstaltungen/stammtisch/" or "https://…/stammtisch/"."""
    path = urlsplit(value).path if "/" in value else value
    parts = [part for part in path.split("/") if part]
    return parts[-1] if parts else ""
