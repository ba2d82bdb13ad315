"""Form fields shared by the apps."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

# At most this many objects sharing a name are listed in the error.
MAX_SHOWN_MATCHES = 5


class LookupField(forms.CharField):
    """An object named the way people know it: by its name (or title, or abbreviation where the
    model has one), case-insensitively, or by the last part of its address (slug).

    One query. An unknown value is a clear error; so is a name several objects share, which lists
    them with their address parts. A form can set `current` (the object the field showed) so that
    re-submitting an unchanged, shared name keeps that object. The initial value a form shows
    should be the object's name (`display_name`), not its slug.
    """

    NAME_FIELDS = ("name", "title", "short_name")

    def __init__(
        self,
        model: type[Model],
        *,
        unknown_message: StrOrPromise,
        queryset: QuerySet | None = None,
        **kwargs: object,
    ) -> None:
        self.model = model
        self.queryset = queryset
        self.unknown_message = unknown_message
        self.current: Model | None = None
        field_names = {field.name for field in model._meta.get_fields()}
        self.name_fields = [name for name in self.NAME_FIELDS if name in field_names]
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.widget = forms.TextInput()

    @staticmethod
    def display_name(obj: Model | None) -> str:
        """What the field shows for `obj`: its name or title."""
        if obj is None:
            return ""
        return str(getattr(obj, "name", None) or getattr(obj, "title", None) or obj)

    def clean(self, value: str | None) -> Model | None:  # type: ignore[override]
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        by_name = Q()
        for name in self.name_fields:
            by_name |= Q(**{f"{name}__iexact": text})
        objects = self.queryset if self.queryset is not None else self.model._default_manager.all()
        matches = list(objects.filter(Q(slug=text) | by_name).order_by("pk")[:MAX_SHOWN_MATCHES])
        if not matches:
            raise ValidationError(self.unknown_message, params={"slug": text[:80]}, code="unknown")
        exact = [obj for obj in matches if getattr(obj, "slug", None) == text]
        if exact:
            return exact[0]
        if len(matches) == 1:
            return matches[0]
        if self.current is not None and any(obj.pk == self.current.pk for obj in matches):
            return self.current
        choices = ", ".join(f"{self.display_name(obj)} ({getattr(obj, 'slug', obj.pk)})" for obj in matches)
        raise ValidationError(
            _("Several match “%(value)s”: %(choices)s. Please enter the address part in brackets of the one you mean."),
            params={"value": text[:80], "choices": choices},
            code="ambiguous",
        )


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
        """The filters in use as a URL query (without "?"), for links to other views and feeds."""
        params = {}
        for name in self.filter_names:
            value = self.data.get(name, "")
            if isinstance(value, str) and value.strip():
                params[name] = value.strip()
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
