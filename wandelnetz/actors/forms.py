import re
from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from wandelnetz.accounts.models import User
from wandelnetz.actors.models import Actor, Relation
from wandelnetz.actors.services import EDITABLE_FIELDS
from wandelnetz.core.forms import (
    IdsMultipleChoiceField,
    LookupField,
    QuickSelect,
    TreeMultipleChoiceField,
    find_named,
    label_blank_choices,
)
from wandelnetz.core.page_cache import per_content_version
from wandelnetz.topics.models import Region, Topic

MAX_LOGO_BYTES = 1_000_000
# Digits with the usual separators, an optional leading "+"; ASCII only (no "²").
PHONE = re.compile(r"\+?[0-9(][0-9 ()/.\-]*")


class ActorFilterForm(forms.Form):
    """The directory's filters; unknown values are errors, not silently ignored."""

    q = forms.CharField(label=_("Search term"), max_length=200, required=False)
    topic = LookupField(Topic, label=_("Topic"), required=False, unknown_message=_("There is no topic “%(slug)s”."))
    region = LookupField(Region, label=_("Region"), required=False, unknown_message=_("There is no region “%(slug)s”."))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *Actor.Kind.choices], required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Offer the upper two levels of each tree; deeper nodes are reached from their pages.
        self.fields["topic"].widget = QuickSelect(choices=tree_choices(Topic, _("All topics")))
        self.fields["region"].widget = QuickSelect(choices=tree_choices(Region, _("All regions")))
        self.fields["kind"].widget = QuickSelect(choices=self.fields["kind"].choices)  # type: ignore[attr-defined]


def tree_choices(model: type[Topic] | type[Region], empty_label: StrOrPromise) -> list[tuple[str, str]]:
    """The upper two levels of a tree as select options, kept per process until content changes."""

    def compute() -> list[tuple[str, str]]:
        nodes: list[Any] = list(model._default_manager.filter(depth__lte=1).only("name", "slug", "parent_id", "depth"))
        names = {n.pk: n.name for n in nodes}
        nodes.sort(key=lambda n: (names.get(n.parent_id, n.name).lower(), n.depth, n.name.lower()))
        return [(n.slug, ("— " if n.depth else "") + n.name) for n in nodes]

    return [("", str(empty_label)), *per_content_version(f"choices:{model._meta.label}", compute)]


class ActorForm(forms.ModelForm):
    class Meta:
        model = Actor
        fields = [*EDITABLE_FIELDS, "topics", "regions", "places"]
        field_classes = {
            "topics": TreeMultipleChoiceField,
            "regions": TreeMultipleChoiceField,
            "places": IdsMultipleChoiceField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "how_to_join": forms.Textarea(attrs={"rows": 3}),
            "topics": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "places": forms.CheckboxSelectMultiple,
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
        }
        help_texts = {
            # Said before the upload: on a slow connection a large photo takes minutes only to be refused.
            "logo": _("An image (PNG, JPEG, WebP or GIF) of at most 1 MB."),
            "description": _("Markdown: **bold**, *italic*, lists, [links](https://example.org)."),
            "meeting_rhythm": _('In words, e.g. "every 2nd Monday of the month".'),
            "summary": _("One or two sentences shown in lists."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label_blank_choices(self)

    def clean_phone(self) -> str:
        # The page links the number (tel:): words there would dial nothing.
        phone = " ".join((self.cleaned_data.get("phone") or "").split())
        if phone and not (PHONE.fullmatch(phone) and sum(c.isdigit() for c in phone) >= 3):
            raise ValidationError(
                _("Please give a phone number of digits, e.g. +49 341 1234567 or 0341 / 123 45-67."), code="phone"
            )
        return phone

    def clean_logo(self):  # type: ignore[no-untyped-def]
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > MAX_LOGO_BYTES:
            raise ValidationError(_("The logo may be at most 1 MB."))
        return logo


class RelationProposalForm(forms.Form):
    DIRECTION_CHOICES = [("out", _("this actor → the other")), ("in", _("the other → this actor"))]

    kind = forms.ChoiceField(label=_("Kind of relation"), choices=Relation.Kind.choices)
    other = forms.CharField(
        label=_("Other actor"),
        max_length=200,
        help_text=_("The actor's name or abbreviation, e.g. “AkSLL”, or the last part of its page's address."),
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=DIRECTION_CHOICES, initial="out", widget=forms.RadioSelect
    )
    start_date = forms.DateField(label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_other(self) -> Actor:
        found = find_named(
            Actor.objects.filter(status=Actor.Status.PUBLISHED),
            self.cleaned_data["other"].strip(),
            unknown_message=_("No published actor is called “%(slug)s”."),
        )
        return cast(Actor, found)

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        return cleaned


class RelationEndForm(forms.Form):
    """When a confirmed relation ended: its "until" date (today unless said otherwise)."""

    end_date = forms.DateField(
        label=_("Ended on"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={
            "required": _("Please give the date the relation ended."),
            "invalid": _("Please give a valid date, e.g. 31.03.2025."),
        },
    )

    def __init__(self, *args, relation: Relation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("initial", {"end_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.relation = relation
        # Several of these forms stand on one actor page: each field needs its own id.
        self.auto_id = f"id_end_{relation.pk}_%s"

    def clean_end_date(self) -> date:
        end = self.cleaned_data["end_date"]
        start = self.relation.start_date
        if start and end < start:
            raise ValidationError(
                _("The end date must not be before the start date (%(start)s).") % {"start": date_format(start)}
            )
        return end


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Reason (shown to the proposer)"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class AddEditorForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the new editor"),
        help_text=_("The person must already have an account with a confirmed address."),
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].strip().lower()
        user = User.objects.filter(email=email, is_active=True, emailaddress__verified=True).first()
        if user is None:
            raise ValidationError(_("No account with a confirmed address is known under this email."))
        return user
