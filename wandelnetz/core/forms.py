"""Form fields shared by the apps."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django_stubs_ext import StrOrPromise


class SlugLookupField(forms.CharField):
    """A filter value naming an object by slug; an unknown slug is a clear error."""

    def __init__(self, model: type[Model], *, unknown_message: StrOrPromise, **kwargs: object) -> None:
        self.model = model
        self.unknown_message = unknown_message
        kwargs.setdefault("max_length", 80)
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.widget = forms.TextInput()

    def clean(self, value: str | None) -> Model | None:  # type: ignore[override]
        slug = super().clean(value)
        if not slug:
            return None
        found = self.model._default_manager.filter(slug=slug).first()
        if found is None:
            raise ValidationError(self.unknown_message, params={"slug": slug[:80]}, code="unknown")
        return found


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
