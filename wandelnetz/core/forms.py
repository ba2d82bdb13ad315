"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
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
