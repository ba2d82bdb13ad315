"""Forms for creating and editing events, their single dates, and series.

Dates and times are entered in Europe/Berlin wall time (a date input and time inputs) and
turned into aware datetimes here; the repetition is one of the patterns of `recurrence`
(or an own RRULE), so the form never stores a rule the platform cannot expand.
"""

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from wandelnetz.accounts.models import User
from wandelnetz.actors.models import Actor
from wandelnetz.core.forms import IdsMultipleChoiceField, LookupField, QuickSelect, TreeMultipleChoiceField
from wandelnetz.events.models import Contribution, Event, Occurrence, Series, TargetGroup
from wandelnetz.events.recurrence import BERLIN, PATTERNS, local, pattern_choices, pattern_of_rule, rule_for_pattern
from wandelnetz.places.models import Place
from wandelnetz.topics.models import Region, Topic

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, [links](https://example.org).")


def _date_input() -> forms.DateInput:
    # Browsers' date inputs send and expect ISO dates, whatever the page's language.
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(format="%H:%M", attrs={"type": "time"})


def at_berlin(day: date, clock: time) -> datetime:
    """A wall-clock time in Berlin as an aware datetime."""
    return datetime.combine(day, clock.replace(second=0, microsecond=0), tzinfo=BERLIN)


FIRST_YEAR, LAST_YEAR = 1990, 2100


class EventDateField(forms.DateField):
    """A date in the years events can have; far-off years would overflow the time-zone arithmetic."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _date_input())
        super().__init__(**kwargs)

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValidationError(
                _("Enter a date between %(first)s and %(last)s."),
                code="out_of_range",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )


def actors_editable_by(user: User) -> QuerySet[Actor]:
    """The actors a person may name as organisers: their own, or any for moderators; published only,
    since an event's organisers are shown and linked on public pages."""
    published = Actor.objects.filter(status=Actor.Status.PUBLISHED)
    return published if user.is_moderator else published.filter(editors=user)


def series_editable_by(user: User) -> QuerySet[Series]:
    if user.is_moderator:
        return Series.objects.all()
    return Series.objects.filter(organisers__editors=user).distinct()


def _limit_organisers(field: forms.ModelMultipleChoiceField, user: User, current: QuerySet[Actor] | None) -> None:
    """Offer the actors the person edits, plus those already organising (so saving keeps them)."""
    allowed = actors_editable_by(user).values("pk")
    queryset = Actor.objects.filter(pk__in=allowed)
    if current is not None:
        queryset = queryset | Actor.objects.filter(pk__in=current.values("pk"))
    field.queryset = queryset.distinct().order_by("name")
    field.error_messages["invalid_choice"] = _("You can only name actors you edit as organisers.")


def _check_own_organiser(organisers: Any, user: User) -> None:
    """Someone who is not a moderator must keep an actor they edit, or they lock themselves out."""
    if user.is_moderator or not organisers:
        return
    own = set(actors_editable_by(user).values_list("pk", flat=True))
    if not any(actor.pk in own for actor in organisers):
        raise ValidationError(
            _("Choose at least one actor you edit; otherwise you could no longer change this."), code="not_own"
        )


class TreeFieldsForm(forms.ModelForm):
    """Topic and region checkboxes, children indented under their parents."""

    topics = TreeMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    regions = TreeMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class EventForm(TreeFieldsForm):
    """An event: what, when (date, times, repetition), where, who, registration."""

    date = EventDateField(label=_("Date"), help_text=_("The (first) date of the event."))
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=_time_input())
    end_time = forms.TimeField(label=_("End time"), required=False, widget=_time_input())
    end_date = EventDateField(
        label=_("End date"),
        required=False,
        help_text=_("Only for events over several days or past midnight."),
    )
    repeat = forms.ChoiceField(
        label=_("Repeats"), choices=pattern_choices(None), initial="none", widget=forms.RadioSelect
    )
    repeat_until = EventDateField(
        label=_("Repeats until"),
        required=False,
        help_text=_("Empty: without an end."),
    )
    custom_rule = forms.CharField(
        label=_("Own rule"),
        required=False,
        max_length=300,
        help_text=_("Only with “own rule”: an iCalendar RRULE, e.g. FREQ=MONTHLY;BYDAY=2MO;UNTIL=20271231"),
    )
    place = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Place.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("No place (yet)"),
        error_messages={"invalid_choice": _("There is no such place.")},
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "summary",
            "description",
            "kind",
            "status",
            "series",
            "all_day",
            "time_to_be_announced",
            "attendance",
            "place",
            "location_note",
            "online_url",
            "organisers",
            "topics",
            "regions",
            "target_groups",
            "accessibility",
            "language",
            "registration_enabled",
            "capacity",
            "registration_closes_hours",
            "registration_questions",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "registration_questions": forms.Textarea(attrs={"rows": 3}),
            "attendance": forms.RadioSelect,
            "organisers": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
        }
        field_classes = {"organisers": IdsMultipleChoiceField, "target_groups": IdsMultipleChoiceField}
        labels = {"time_to_be_announced": _("Time not yet fixed")}
        help_texts = {
            "summary": _("One or two sentences shown in lists."),
            "description": MARKDOWN_HELP,
            "online_url": _("Optional. Shown only to registered participants, never on the public page."),
            "time_to_be_announced": _("The page then says “time to be announced”; the times are optional."),
            "location_note": _("E.g. “changing places in the district of Leipzig”; also for rooms or directions."),
            "capacity": _("Empty: no limit. When all places are taken, further people go on a waitlist."),
        }

    def __init__(self, *args: Any, user: User, organiser: Actor | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        event: Event = self.instance
        editing = event.pk is not None
        organisers = self.fields["organisers"]
        assert isinstance(organisers, forms.ModelMultipleChoiceField)
        _limit_organisers(organisers, user, event.organisers.all() if editing else None)
        organisers.help_text = _("At least one. You can name the actors you edit.")
        series = self.fields["series"]
        assert isinstance(series, forms.ModelChoiceField)
        allowed_series = Series.objects.filter(pk__in=series_editable_by(user).values("pk"))
        if editing and event.series_id:
            allowed_series = allowed_series | Series.objects.filter(pk=event.series_id)
        series.queryset = allowed_series.distinct().order_by("title")
        series.empty_label = _("No series")
        series.error_messages["invalid_choice"] = _("You can only choose a series you edit.")
        target_groups = self.fields["target_groups"]
        assert isinstance(target_groups, forms.ModelMultipleChoiceField)
        target_groups.queryset = TargetGroup.objects.order_by("id")
        self.fields["place"].widget = QuickSelect(choices=self.fields["place"].choices)  # type: ignore[attr-defined]
        self.fields["registration_enabled"].label = _("Take registrations")
        if editing:
            start = local(event.starts_at)
            self.initial.update(date=start.date(), start_time=start.time())
            if event.place_id and event.place:
                self.initial["place"] = event.place.slug
            if event.ends_at is not None:
                end = local(event.ends_at)
                if not event.all_day:
                    self.initial["end_time"] = end.time()
                if end.date() != start.date():
                    self.initial["end_date"] = end.date()
            try:
                pattern, until = pattern_of_rule(event.rrule, event.starts_at)
            except (ValidationError, ValueError):  # e.g. an imported rule in another spelling
                pattern, until = "custom", None
            self.initial.update(repeat=pattern, repeat_until=until)
            if pattern == "custom":
                self.initial["custom_rule"] = event.rrule
        elif organiser is not None and actors_editable_by(user).filter(pk=organiser.pk).exists():
            self.initial["organisers"] = [organiser.pk]
        # The patterns in words for the date shown ("jeden 2. Montag im Monat"), generic without one.
        shown_start = self._posted_start() if self.is_bound else (event.starts_at if editing else None)
        choices = pattern_choices(shown_start)
        posted = self.data.get(self.add_prefix("repeat")) if self.is_bound else None
        if posted in PATTERNS and posted not in dict(choices):
            # Offered for another date: keep it, so that `clean` says why it does not fit.
            choices.append((posted, dict(pattern_choices(None))[posted]))
        self.fields["repeat"].choices = choices  # type: ignore[attr-defined]

    def _posted_start(self) -> datetime | None:
        """The start as posted, when it can be read, to word the patterns; validation comes later."""
        try:
            day = self.fields["date"].clean(self.data.get(self.add_prefix("date")))
            clock = self.fields["start_time"].clean(self.data.get(self.add_prefix("start_time"))) or time(0, 0)
        except ValidationError:
            return None
        return at_berlin(day, clock) if day else None

    def clean_organisers(self) -> Any:
        organisers = self.cleaned_data["organisers"]
        _check_own_organiser(organisers, self.user)
        return organisers

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned: dict[str, Any] = self.cleaned_data
        day: date | None = cleaned.get("date")
        if day is None:
            return cleaned
        all_day = cleaned.get("all_day", False)
        tba = cleaned.get("time_to_be_announced", False)
        start_time: time | None = cleaned.get("start_time")
        end_time: time | None = cleaned.get("end_time")
        end_date: date | None = cleaned.get("end_date")
        if end_date is not None and end_date < day:
            self.add_error("end_date", ValidationError(_("The end date is before the date."), code="end_before_start"))
            return cleaned
        if all_day:
            starts_at = at_berlin(day, time(0, 0))
            # All-day events: `ends_at` is the start of the last day.
            ends_at = at_berlin(end_date, time(0, 0)) if end_date and end_date > day else None
        else:
            if start_time is None and not tba:
                self.add_error(
                    "start_time",
                    ValidationError(
                        _("Enter a start time, or tick “time not yet fixed” or “all day”."), code="required"
                    ),
                )
                return cleaned
            starts_at = at_berlin(day, start_time or time(0, 0))
            ends_at = None
            if end_time is not None and start_time is not None:
                ends_at = at_berlin(end_date or day, end_time)
                if ends_at < starts_at:
                    message = (
                        _("The end is before the start.")
                        if end_date
                        else _(
                            "The end time is before the start time. For an event that goes past midnight, "
                            "give the end date too."
                        )
                    )
                    self.add_error("end_time", ValidationError(message, code="end_before_start"))
                    return cleaned
            elif end_date is not None and end_date > day and tba:
                ends_at = at_berlin(end_date, time(0, 0))  # the last day; its time follows too
            elif end_date is not None and end_date > day:
                self.add_error(
                    "end_time",
                    ValidationError(_("Enter the end time on the end date."), code="required"),
                )
                return cleaned
        cleaned["starts_at"] = starts_at
        cleaned["ends_at"] = ends_at
        cleaned["rrule"] = self._clean_rule(cleaned, starts_at)
        return cleaned

    def _clean_rule(self, cleaned: dict[str, Any], starts_at: datetime) -> str:
        pattern = cleaned.get("repeat") or "none"
        until: date | None = cleaned.get("repeat_until")
        custom = (cleaned.get("custom_rule") or "").strip()
        if pattern == "none":
            return ""
        if pattern == "custom":
            if not custom:
                self.add_error("custom_rule", ValidationError(_("Enter the rule."), code="required"))
                return ""
            if until is not None:
                self.add_error(
                    "repeat_until",
                    ValidationError(_("With an own rule, write its end into the rule (UNTIL=…)."), code="until"),
                )
                return ""
        elif pattern not in {value for value, _label in pattern_choices(starts_at)}:
            self.add_error(
                "repeat", ValidationError(_("This repetition does not fit the chosen date."), code="pattern")
            )
            return ""
        if until is not None and until < local(starts_at).date():
            self.add_error(
                "repeat_until", ValidationError(_("The repetition cannot end before its first date."), code="until")
            )
            return ""
        try:
            return rule_for_pattern(pattern, starts_at, until, custom)
        except ValidationError as error:
            self.add_error("custom_rule" if pattern == "custom" else "repeat", error)
            return ""

    def apply_times(self, event: Event) -> None:
        """Put the cleaned start, end and rule on the event."""
        event.starts_at = self.cleaned_data["starts_at"]
        event.ends_at = self.cleaned_data["ends_at"]
        event.rrule = self.cleaned_data["rrule"]


class ContributionForm(forms.ModelForm):
    actor = LookupField(
        Actor,
        queryset=Actor.objects.filter(status=Actor.Status.PUBLISHED),
        label=_("Actor"),
        required=False,
        unknown_message=_("No published actor is called “%(slug)s”."),
        help_text=_("Optional: its name, abbreviation or address part, e.g. “AkSLL”."),
    )

    class Meta:
        model = Contribution
        fields = ["speaker_name", "actor", "title"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.actor_id:
            self.fields["actor"].current = self.instance.actor  # type: ignore[attr-defined]
            self.initial["actor"] = LookupField.display_name(self.instance.actor)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned: dict[str, Any] = self.cleaned_data
        blank = not cleaned.get("speaker_name") and not cleaned.get("actor")
        if blank and not cleaned.get("DELETE") and "actor" not in self.errors:
            self.add_error("speaker_name", ValidationError(_("Name the speaker or the actor."), code="required"))
        return cleaned


class BaseContributionFormSet(BaseInlineFormSet):
    def save_in_order(self) -> None:
        """Save the rows, numbered in the order they are shown (new rows after the old ones)."""
        for contribution in self.save(commit=False):
            contribution.save()
        for obj in self.deleted_objects:
            obj.delete()
        position = 0
        for form in self.forms:
            if form.instance.pk is None or form in self.deleted_forms:
                continue
            if form.instance.position != position:
                form.instance.position = position
                form.instance.save(update_fields=["position"])
            position += 1

    def contribution_rows(self) -> list[dict[str, Any]]:
        """The filled, kept rows as field dicts (for `services.create_event`)."""
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not form.has_changed():
                continue
            rows.append({name: data[name] for name in ("speaker_name", "actor", "title")})
        return rows


ContributionFormSet = inlineformset_factory(
    Event,
    Contribution,
    form=ContributionForm,
    formset=BaseContributionFormSet,
    extra=3,
    max_num=30,
    absolute_max=30,  # a tampered TOTAL_FORMS builds no more forms than that
    validate_max=True,
    can_delete=True,
)


class OccurrenceChangeForm(forms.Form):
    """Move, relocate, cancel or annotate one date (the fields show its current state)."""

    date = EventDateField(label=_("Date"))
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=_time_input())
    end_time = forms.TimeField(label=_("End time"), required=False, widget=_time_input())
    place = forms.ModelChoiceField(
        label=_("Other place"),
        queryset=Place.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("The event's place"),
        error_messages={"invalid_choice": _("There is no such place.")},
    )
    location_note = forms.CharField(label=_("Location note"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False, help_text=_("Shown with this date, e.g. “with a guest”.")
    )
    cancelled = forms.BooleanField(label=_("This date is cancelled"), required=False)

    def __init__(self, *args: Any, occurrence: Occurrence, **kwargs: Any) -> None:
        self.occurrence = occurrence
        start = local(occurrence.starts_at)
        initial = {
            "date": start.date(),
            "start_time": start.time(),
            "end_time": local(occurrence.ends_at).time() if occurrence.ends_at else None,
            "place": occurrence.place.slug if occurrence.place_id and occurrence.place else None,
            "location_note": occurrence.location_note,
            "note": occurrence.note,
            "cancelled": occurrence.cancelled and not occurrence.event.is_cancelled,
        }
        kwargs.setdefault("initial", initial)
        kwargs.setdefault("prefix", f"date-{occurrence.pk}")
        super().__init__(*args, **kwargs)
        self.fields["place"].widget = QuickSelect(choices=self.fields["place"].choices)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned: dict[str, Any] = self.cleaned_data
        day = cleaned.get("date")
        if day is None:
            return cleaned
        event = self.occurrence.event
        start_time = cleaned.get("start_time")
        end_time = cleaned.get("end_time")
        timeless = event.all_day or event.time_to_be_announced
        if start_time is None and not timeless:
            self.add_error("start_time", ValidationError(_("Enter a start time."), code="required"))
            return cleaned
        starts_at = at_berlin(day, start_time or local(self.occurrence.original_start).time())
        ends_at = None
        if end_time is not None and start_time is not None:
            ends_at = at_berlin(day, end_time)
            if ends_at < starts_at:
                self.add_error(
                    "end_time", ValidationError(_("The end time is before the start time."), code="end_before_start")
                )
                return cleaned
        original = self.occurrence.original_start
        # Only what differs from the rule is stored, so a later change of the event's time still applies.
        cleaned["starts_at"] = None if starts_at == original else starts_at
        cleaned["ends_at"] = None if ends_at is None or ends_at == self._rule_end(original) else ends_at
        return cleaned

    def _rule_end(self, original_start: datetime) -> datetime | None:
        event = self.occurrence.event
        if event.ends_at is None:
            return None
        wall = local(event.ends_at).replace(tzinfo=None) - local(event.starts_at).replace(tzinfo=None)
        return (local(original_start).replace(tzinfo=None) + wall).replace(tzinfo=BERLIN)


class EventStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Event.Status.choices)


class SeriesForm(TreeFieldsForm):
    class Meta:
        model = Series
        fields = ["title", "summary", "description", "organisers", "topics", "regions"]
        field_classes = {"organisers": IdsMultipleChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "organisers": forms.CheckboxSelectMultiple,
        }
        help_texts = {"summary": _("One or two sentences shown in lists."), "description": MARKDOWN_HELP}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        organisers = self.fields["organisers"]
        assert isinstance(organisers, forms.ModelMultipleChoiceField)
        _limit_organisers(organisers, user, self.instance.organisers.all() if self.instance.pk else None)
        organisers.required = True
        organisers.help_text = _("At least one. You can name the actors you edit.")

    def clean_organisers(self) -> Any:
        organisers = self.cleaned_data["organisers"]
        _check_own_organiser(organisers, self.user)
        return organisers


def calendar_changes(form: EventForm, before: dict[str, Any], event: Event) -> list[str]:
    """The model fields an edit changed, for `services.update_event` (which raises SEQUENCE)."""
    changed = [name for name in form.changed_data if name in form._meta.fields]  # type: ignore[operator]
    changed += [name for name in ("starts_at", "ends_at", "rrule") if before[name] != getattr(event, name)]
    return changed
