from typing import Any

from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

_choice_labels: dict[models.Field, dict[Any, Any]] = {}


class ChoiceLabelsModel(models.Model):
    """`get_FOO_display()` in one dictionary lookup.

    Django's own builds a dictionary of all the field's choices on every call and hashes each
    lazy label on the way, which translates every label of the field: a list of twenty bodies
    showing kind, level, power and openness spent a tenth of its time there. The labels stay
    lazy here, so each call still answers in the active language.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field) -> Any:
        if isinstance(field.choices, CallableChoiceIterator):  # choices that may change: Django's way
            return super()._get_FIELD_display(field)  # type: ignore[misc]
        labels = _choice_labels.get(field)
        if labels is None:
            labels = _choice_labels[field] = {make_hashable(value): label for value, label in field.flatchoices}
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


class TimeStampedModel(ChoiceLabelsModel):
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True


class ContentVersion(models.Model):
    """One row whose counter rises with every change of public content (see core/page_cache.py)."""

    counter = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("content version")

    def __str__(self) -> str:
        return str(self.counter)
