"""Form fields shared by the apps."""

import operator
import re
from functools import reduce
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Model, Q, QuerySet, When
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from wandelnetz.core.trees import tree_order

# At most this many objects sharing a name are listed in the error.
MAX_SHOWN_MATCHES = 5
# "Name (address-part)", as the error for a shared name lists them: the part in brackets is tried as a slug.
BRACKETED_SLUG = re.compile(r"\(\s*([-\w]+)\s*\)\s*$")
NAME_FIELDS = ("name", "title", "short_name")


def find_named(
    objects: QuerySet,
    text: str,
    *,
    unknown_message: StrOrPromise,
    current: Model | None = None,
    named: Q | None = None,
) -> Model:
    """The one object of `objects` that `text` names: by its slug, by "Name (slug)", or by its name,
    title or abbreviation case-insensitively. One query; a ValidationError when none or several match.

    The object a form showed (`current`) is kept when the value still names it; otherwise a slug wins
    over a name. `named` narrows which objects can be found by name (a public filter finds pending actors
    by slug only, so their names are neither matched nor listed).
    """
    slugs = [text]
    bracketed = BRACKETED_SLUG.search(text)
    if bracketed:
        slugs.append(bracketed.group(1))
    wanted = Q(slug__in=slugs)
    fields = {field.name for field in objects.model._meta.get_fields()}
    # SQLite folds only ASCII letters: "ökokirche deutzen" would miss "Ökokirche Deutzen". Trying the
    # value with a capital first letter too covers the usual case, an umlaut at the start.
    spellings = {text, text[:1].upper() + text[1:]}
    by_name = [Q(**{f"{name}__iexact": spelling}) for name in NAME_FIELDS if name in fields for spelling in spellings]
    if by_name:
        any_name = reduce(operator.or_, by_name)
        wanted |= any_name & named if named is not None else any_name
    # The objects the value should prefer come first, so the limit never cuts them off. The shown
    # object leads: its unchanged name stays it even when the name is another object's slug.
    preferred = [When(slug=text, then=1), When(slug__in=slugs, then=2)]
    if current is not None:
        preferred.insert(0, When(pk=current.pk, then=0))
    matches = list(
        objects.filter(wanted).order_by(Case(*preferred, default=3, output_field=IntegerField()), "pk")[
            :MAX_SHOWN_MATCHES
        ]
    )
    if not matches:
        suggestions = _names_containing(objects, text, fields, named)
        if not suggestions:
            raise ValidationError(unknown_message, params={"slug": text[:80]}, code="unknown")
        # A part of a name ("Testverein" for "Testverein Leipzig e.V.") was a dead end without a script
        # to complete it: the error names the candidates the way the field accepts them.
        raise ValidationError(
            "%(unknown)s %(suggestion)s",
            params={
                "unknown": unknown_message % {"slug": text[:80]},
                "suggestion": _("Did you mean: %(choices)s?")
                % {
                    "choices": ", ".join(f"{display_name(obj)} ({getattr(obj, 'slug', obj.pk)})" for obj in suggestions)
                },
            },
            code="unknown",
        )
    first = matches[0]
    if len(matches) == 1 or getattr(first, "slug", None) in slugs or (current is not None and first.pk == current.pk):
        return first
    choices = ", ".join(f"{display_name(obj)} ({getattr(obj, 'slug', obj.pk)})" for obj in matches)
    raise ValidationError(
        _("Several match “%(value)s”: %(choices)s. Please enter the address part in brackets of the one you mean."),
        params={"value": text[:80], "choices": choices},
        code="ambiguous",
    )


# Shorter parts match too much to help.
MIN_SUGGESTION_LENGTH = 3


def _names_containing(objects: QuerySet, text: str, fields: set[str], named: Q | None) -> list[Model]:
    """Up to MAX_SHOWN_MATCHES objects whose name, title or abbreviation contains `text` (one query)."""
    if len(text) < MIN_SUGGESTION_LENGTH:
        return []
    spellings = {text, text[:1].upper() + text[1:]}
    parts = [Q(**{f"{name}__icontains": spelling}) for name in NAME_FIELDS if name in fields for spelling in spellings]
    if not parts:
        return []
    wanted = reduce(operator.or_, parts)
    if named is not None:
        wanted &= named
    return list(objects.filter(wanted).order_by("pk")[:MAX_SHOWN_MATCHES])


def display_name(obj: Model | None) -> str:
    """What people call `obj`: its name or title."""
    if obj is None:
        return ""
    return str(getattr(obj, "name", None) or getattr(obj, "title", None) or obj)


# The largest id a database column holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1
MAX_ID_DIGITS = len(str(MAX_ID))


def parse_id(text: str) -> int | None:
    """An id sent in a form or query, or None when it is not one a database column can hold.

    Only ASCII digits: `str.isdigit()` also accepts "²", which `int()` refuses; and no more of them
    than the largest id has: `int()` refuses more than 4,300 digits (Python's guard against slow
    conversions).
    """
    if len(text) > MAX_ID_DIGITS or not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
        return None
    return int(text)


def parse_slug(text: str) -> str:
    """The last part of an address sent in a query, or "" when it cannot be one (as in the URL
    patterns' `slug`, at most 80 characters): PostgreSQL refuses a NUL byte in a lookup."""
    return text if re.fullmatch(r"[-a-zA-Z0-9_]{1,80}", text) else ""


def label_blank_choices(form: forms.BaseForm) -> None:
    """Required selects offer "Please choose" where Django puts "---------", which a screen
    reader reads out as dashes."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == "---------":
                field.empty_label = _("Please choose")
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)  # type: ignore[arg-type]  # normalised to a list by ChoiceField
            if choices and tuple(choices[0]) == ("", "---------"):
                field.choices = [("", _("Please choose")), *choices[1:]]


class IdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes whose tampered values (not an id, or beyond what a database column holds) are
    a form error; SQLite would raise OverflowError on such numbers in an IN list."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            text = str(pk)
            if parse_id(text) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text[:20]}
                )
        return super()._check_values(value)  # type: ignore[misc]


class _TreeChoiceIterator(ModelChoiceIterator):
    def __iter__(self):  # type: ignore[no-untyped-def]
        queryset = self.queryset
        if not queryset._prefetch_related_lookups:
            queryset = queryset.iterator()
        for node in tree_order(list(queryset)):
            yield self.choice(node)


class TreeMultipleChoiceField(IdsMultipleChoiceField):
    """Checkboxes for a topic or region tree: parents before their children, siblings by name, children
    indented ("Landkreis Leipzig", "— Neukieritzsch", "— — Deutzen"), so that a place is told from a
    district of the same region."""

    iterator = _TreeChoiceIterator

    def label_from_instance(self, obj: Any) -> str:
        return "— " * obj.depth + obj.name


class LookupField(forms.CharField):
    """An object named the way people know it: by its name (or title, or abbreviation where the
    model has one), case-insensitively, or by the last part of its address (slug); see `find_named`.

    A form can set `current` (the object the field showed) so that re-submitting an unchanged,
    shared name keeps that object. The initial value a form shows should be the object's name
    (`display_name`), not its slug.
    """

    def __init__(
        self,
        model: type[Model],
        *,
        unknown_message: StrOrPromise,
        queryset: QuerySet | None = None,
        named: Q | None = None,
        **kwargs: object,
    ) -> None:
        self.model = model
        self.queryset = queryset
        self.named = named
        self.unknown_message = unknown_message
        self.current: Model | None = None
        # (the text as sent, the slug of what it named): shown selected by a select (see _select)
        self.selected: tuple[str, str] | None = None
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.widget = forms.TextInput()

    @staticmethod
    def display_name(obj: Model | None) -> str:
        return display_name(obj)

    def clean(self, value: str | None) -> Model | None:  # type: ignore[override]
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        objects = self.queryset if self.queryset is not None else self.model._default_manager.all()
        found = find_named(objects, text, unknown_message=self.unknown_message, current=self.current, named=self.named)
        self._select(text, found)
        return found

    def _select(self, text: str, found: Model) -> None:
        """With a select for a widget (the filters' topics and regions: the upper levels of a tree),
        the option of `found` is selected, and added when the select lacks it: a link to a deeper
        topic or a municipality, or a name typed into the address, keeps its filter when the form
        is sent again instead of showing (and then sending) "all"."""
        choices = getattr(self.widget, "choices", None)
        slug = getattr(found, "slug", None)
        if choices is None or slug is None:
            return
        self.selected = (text, slug)
        if not any(str(option) == slug for option, _label in choices):
            self.widget.choices = [*choices[:1], (slug, display_name(found)), *choices[1:]]  # type: ignore[attr-defined]

    def prepare_value(self, value: Any) -> Any:
        if self.selected is not None and isinstance(value, str) and value.strip() == self.selected[0]:
            return self.selected[1]
        return super().prepare_value(value)


class QuickSelect(forms.Select):
    """A <select> rendered in Python: Django's per-option templates took 30 ms for the
    few hundred options of the directory's filters, most of a page's time."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v is not None}
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((option, " selected" if str(option) in selected else "", label) for option, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class FilterLinksMixin:
    """For GET filter forms: the valid filters as a URL query and as (label, value) pairs.

    Subclasses list their field names in `filter_names`, in the order of the URL.
    """

    filter_names: tuple[str, ...] | list[str] = ()
    data: Any
    fields: dict[str, forms.Field]

    def query_string(self) -> str:
        """The filters in use as a URL query (without "?"), for links to other views and feeds.

        An object typed by its name is linked by its slug: a subscribed feed keeps working when
        another actor later takes the same name.
        """
        params = {}
        cleaned = getattr(self, "cleaned_data", {})
        for name in self.filter_names:
            value = self.data.get(name, "")
            if isinstance(value, str) and value.strip():
                found = cleaned.get(name)
                slug = getattr(found, "slug", "") if isinstance(found, Model) else ""
                params[name] = slug or value.strip()
        return urlencode(params)

    def active_filters(self) -> list[tuple[Any, Any]]:
        """(label, value) of each filter in use, for the "… of …" line above a list."""
        shown = []
        cleaned = getattr(self, "cleaned_data", {})
        for name in self.filter_names:
            value = cleaned.get(name)
            if value in (None, ""):
                continue
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                value = dict(field.choices).get(value, value)  # type: ignore[arg-type]
            shown.append((field.label, value))
        return shown
