"""Forms of the bodies pages: the atlas's filters, and a body with its sources and seats."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from wandelnetz.actors.forms import tree_choices
from wandelnetz.actors.models import Actor
from wandelnetz.bodies.models import Body, BodySource, Seat
from wandelnetz.bodies.selectors import BodyFilter
from wandelnetz.bodies.services import EDITABLE_FIELDS, SEAT_FIELDS
from wandelnetz.core.forms import LookupField, QuickSelect, label_blank_choices
from wandelnetz.events.editing_forms import TreeFieldsForm
from wandelnetz.events.models import Series
from wandelnetz.topics.models import Region, Topic

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, [links](https://example.org).")
# The words of the civil-society filter in the URL.
WITH_CIVIL_SOCIETY, WITHOUT_CIVIL_SOCIETY, SEATS_UNKNOWN = "ja", "nein", "unbekannt"


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class BodyFilterForm(forms.Form):
    """The atlas's filters; unknown values are errors, not silently ignored."""

    q = forms.CharField(label=_("Search term"), max_length=200, required=False)
    topic = LookupField(Topic, label=_("Topic"), required=False, unknown_message=_("There is no topic “%(slug)s”."))
    region = LookupField(Region, label=_("Region"), required=False, unknown_message=_("There is no region “%(slug)s”."))
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[("", _("All levels")), *Body.Level.choices],
        required=False,
        error_messages={"invalid_choice": _("There is no level “%(value)s”.")},
    )
    power = forms.TypedChoiceField(
        label=_("Power"),
        choices=[
            ("", _("Any power")),
            *((str(value), _("at least: %(rung)s") % {"rung": label}) for value, label in Body.Power.choices),
        ],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("The power is a rung from 1 (informs) to 4 (decides).")},
    )
    civil = forms.ChoiceField(
        label=_("Civil society"),
        choices=[
            ("", _("With or without a civil-society seat")),
            (WITH_CIVIL_SOCIETY, _("With a civil-society seat")),
            (WITHOUT_CIVIL_SOCIETY, _("Seats known, none for civil society")),
            (SEATS_UNKNOWN, _("Seats not recorded yet")),
        ],
        required=False,
        error_messages={"invalid_choice": _("Choose “ja”, “nein” or “unbekannt” for the civil-society seat.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].widget = QuickSelect(choices=tree_choices(Topic, _("All topics")))
        self.fields["region"].widget = QuickSelect(choices=tree_choices(Region, _("All regions")))
        for name in ("level", "power", "civil"):
            self.fields[name].widget = QuickSelect(choices=self.fields[name].choices)  # type: ignore[attr-defined]

    def criteria(self) -> BodyFilter:
        """The filter the valid form describes (call after `is_valid()`)."""
        data = self.cleaned_data
        civil = data.get("civil") or ""
        return BodyFilter(
            query=(data.get("q") or "").strip(),
            topic=data.get("topic"),
            region=data.get("region"),
            level=data.get("level") or "",
            power=data.get("power"),
            civil_society={WITH_CIVIL_SOCIETY: True, WITHOUT_CIVIL_SOCIETY: False}.get(civil),
            seats_unknown=civil == SEATS_UNKNOWN,
        )


def published_actor_field(label: StrOrPromise) -> LookupField:
    """A published actor, named by its name, abbreviation or address part."""
    return LookupField(
        Actor,
        queryset=Actor.objects.filter(status=Actor.Status.PUBLISHED),
        label=label,
        required=False,
        unknown_message=_("No published actor is called “%(slug)s”."),
        help_text=_("The actor's name or abbreviation, e.g. “AkSLL”, or the last part of its page's address."),
    )


class BodyForm(TreeFieldsForm):
    """A body's facts, topics and regions (its sources and seats are formsets on the same page)."""

    convened_by = published_actor_field(_("Convened by"))
    series = LookupField(
        Series,
        label=_("Meeting series"),
        required=False,
        help_text=_("The event series that holds this body's meetings, if it is in the calendar: its title."),
        unknown_message=_("There is no event series “%(slug)s”."),
    )

    class Meta:
        model = Body
        fields = [*EDITABLE_FIELDS, "topics", "regions"]
        widgets = {
            "summary": forms.TextInput(),
            "description": forms.Textarea(attrs={"rows": 8}),
            "how_to_take_part": forms.Textarea(attrs={"rows": 4}),
            "power": forms.RadioSelect,
            "openness": forms.RadioSelect,
        }
        help_texts = {
            "description": MARKDOWN_HELP,
            "how_to_take_part": MARKDOWN_HELP,
            "meeting_rhythm": _("In words, e.g. “four times a year”."),
            "summary": _("One sentence shown in lists."),
            "power": _("Each rung includes the ones below it."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label_blank_choices(self)
        instance = self.instance
        for name in ("convened_by", "series"):
            if instance.pk and getattr(instance, f"{name}_id"):
                current = getattr(instance, name)
                self.fields[name].current = current  # type: ignore[attr-defined]
                self.initial[name] = LookupField.display_name(current)


class SourceForm(forms.ModelForm):
    class Meta:
        model = BodySource
        fields = ["url", "title"]
        widgets = {"url": forms.URLInput(attrs={"maxlength": 500})}
        help_texts = {"url": _("A page that documents the body: its statute, the authority's page, a report.")}


class BaseSourceFormSet(BaseInlineFormSet):
    def rows(self) -> list[tuple[str, str]]:
        """The kept, filled rows in the order shown, as (url, title)."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("url") and not data.get("DELETE"):
                rows.append((data["url"], data.get("title", "")))
        return rows


SourceFormSet = inlineformset_factory(
    Body,
    BodySource,
    form=SourceForm,
    formset=BaseSourceFormSet,
    extra=2,
    max_num=30,
    absolute_max=30,  # a tampered TOTAL_FORMS builds no more forms than that
    validate_max=True,
    can_delete=True,
)


class SeatForm(forms.ModelForm):
    actor = published_actor_field(_("Held by (actor)"))
    count = forms.IntegerField(label=_("Number of seats"), min_value=1, max_value=1000, initial=1)

    class Meta:
        model = Seat
        fields = list(SEAT_FIELDS)
        widgets = {"since": _date_input(), "until": _date_input(), "rights": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.actor_id:
            # The formset's queryset selects the actors: no query per row.
            self.fields["actor"].current = self.instance.actor  # type: ignore[attr-defined]
            self.initial["actor"] = LookupField.display_name(self.instance.actor)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned: dict[str, Any] = self.cleaned_data
        if cleaned.get("DELETE"):
            return cleaned
        if not cleaned.get("actor") and not (cleaned.get("role") or "").strip() and "actor" not in self.errors:
            self.add_error("role", ValidationError(_("Name the actor holding the seat, or its role."), code="holder"))
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", ValidationError(_("The seat cannot end before it begins."), code="until"))
        return cleaned


class BaseSeatFormSet(BaseInlineFormSet):
    def new_rows(self) -> list[dict[str, Any]]:
        """The filled rows not saved yet, as Seat field dicts."""
        return [self._fields_of(form) for form in self.forms if form.instance.pk is None and self._kept(form)]

    def changed_seats(self) -> list[tuple[Seat, dict[str, Any]]]:
        """Saved seats whose rows changed (and are kept), with their new fields."""
        return [
            (form.instance, self._fields_of(form))
            for form in self.forms
            if form.instance.pk is not None and self._kept(form)
        ]

    def removed_seats(self) -> list[Seat]:
        return [form.instance for form in self.forms if form.instance.pk is not None and self._deleted(form)]

    @staticmethod
    def _deleted(form: forms.Form) -> bool:
        return bool((getattr(form, "cleaned_data", None) or {}).get("DELETE"))

    def _kept(self, form: forms.Form) -> bool:
        return bool(getattr(form, "cleaned_data", None)) and form.has_changed() and not self._deleted(form)

    @staticmethod
    def _fields_of(form: forms.Form) -> dict[str, Any]:
        return {name: form.cleaned_data[name] for name in SEAT_FIELDS}


SeatFormSet = inlineformset_factory(
    Body,
    Seat,
    form=SeatForm,
    formset=BaseSeatFormSet,
    extra=2,
    max_num=100,
    absolute_max=100,  # a tampered TOTAL_FORMS builds no more forms than that
    validate_max=True,
    can_delete=True,
)
