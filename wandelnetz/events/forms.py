"""Forms of the public event pages: the filters shared by lists, calendars and feeds."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wandelnetz.actors.forms import tree_choices
from wandelnetz.actors.models import Actor
from wandelnetz.core.forms import FilterLinksMixin, LookupField, QuickSelect
from wandelnetz.events.models import Event, Series, TargetGroup
from wandelnetz.events.recurrence import BERLIN
from wandelnetz.events.selectors import EventFilter
from wandelnetz.places.models import Place
from wandelnetz.topics.models import Region, Topic

# Dates outside these years are typing errors, and would overflow when a day is added.
FIRST_YEAR = 1900
LAST_YEAR = 2999
# The query names, in the order of the form; lists, calendars and feeds share them.
FILTER_NAMES = ["q", "topic", "region", "actor", "series", "place", "kind", "attendance", "target", "from", "to"]
# Shown open; the rest sit in a <details> (11 fields filled a phone's screen before the first date).
PRIMARY_FILTERS = ("q", "topic", "region")
# Found by name only when published: a pending or rejected actor neither matches a name nor is listed
# when a name is shared (its address part still works, for links made before).
PUBLIC_ACTORS = Q(status=Actor.Status.PUBLISHED)


class EventFilterForm(FilterLinksMixin, forms.Form):
    """The filters of event lists, calendars and feeds; unknown values are errors, not ignored.

    The date fields are named `from` and `to` in the URL (Python keywords, so they are renamed
    in `__init__`).
    """

    filter_names = FILTER_NAMES

    q = forms.CharField(label=_("Search term"), max_length=200, required=False)
    topic = LookupField(Topic, label=_("Topic"), required=False, unknown_message=_("There is no topic “%(slug)s”."))
    region = LookupField(Region, label=_("Region"), required=False, unknown_message=_("There is no region “%(slug)s”."))
    actor = LookupField(
        Actor,
        label=_("Organiser"),
        required=False,
        named=PUBLIC_ACTORS,
        unknown_message=_("There is no actor “%(slug)s”."),
        help_text=_("Name, abbreviation or address part, e.g. “AkSLL”."),
    )
    series = LookupField(Series, label=_("Series"), required=False, unknown_message=_("There is no series “%(slug)s”."))
    place = LookupField(Place, label=_("Place"), required=False, unknown_message=_("There is no place “%(slug)s”."))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *Event.Kind.choices], required=False)
    attendance = forms.ChoiceField(
        label=_("Online or in person"),
        choices=[
            ("", _("Online and in person")),
            (Event.Attendance.ONLINE, _("Online (also hybrid)")),
            (Event.Attendance.IN_PERSON, _("In person (also hybrid)")),
        ],
        required=False,
    )
    target = forms.ChoiceField(
        label=_("Target group"), choices=[("", _("All target groups")), *TargetGroup.Code.choices], required=False
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        renamed = {"date_from": "from", "date_to": "to"}
        self.fields = {renamed.get(name, name): field for name, field in self.fields.items()}
        self.fields["topic"].widget = QuickSelect(choices=tree_choices(Topic, _("All topics")))
        self.fields["region"].widget = QuickSelect(choices=tree_choices(Region, _("All regions")))
        for name in ("kind", "attendance", "target"):
            self.fields[name].widget = QuickSelect(choices=self.fields[name].choices)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("from"), cleaned.get("to")
        for name, value in (("from", start), ("to", end)):
            if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
                self.add_error(
                    name,
                    _("Please give a date between the years %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
        if start and end and end < start:
            self.add_error("to", _("The end date must not be before the start date."))
        return cleaned

    def primary_fields(self) -> list[forms.BoundField]:
        """The filters always shown: text, topic and region."""
        return [self[name] for name in PRIMARY_FILTERS]

    def more_fields(self) -> list[forms.BoundField]:
        """The other filters, folded away on the page unless one is in use or wrong."""
        return [self[name] for name in FILTER_NAMES if name not in PRIMARY_FILTERS]

    def more_in_use(self) -> bool:
        return any(str(self.data.get(field.name, "")).strip() or field.errors for field in self.more_fields())

    def criteria(self) -> EventFilter:
        """The filter the valid form describes (call after `is_valid()`)."""
        data = self.cleaned_data
        start: date | None = data.get("from")
        end: date | None = data.get("to")
        return EventFilter(
            query=(data.get("q") or "").strip(),
            topic=data.get("topic"),
            region=data.get("region"),
            actor=data.get("actor"),
            series=data.get("series"),
            place=data.get("place"),
            kind=data.get("kind") or "",
            attendance=data.get("attendance") or "",
            target_group=data.get("target") or "",
            date_from=_day_start(start) if start else None,
            # "to" names the last day shown; the filter's end is exclusive.
            date_to=_day_start(end + timedelta(days=1)) if end else None,
        )


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=BERLIN)
