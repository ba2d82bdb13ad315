"""Unique, readable slugs (German umlauts spelt out, as people type them in URLs)."""

from django.db.models import Model
from django.utils.text import slugify

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def slug_for(text: str, max_length: int = 80) -> str:
    return slugify(text.translate(_UMLAUTS))[:max_length].strip("-") or "eintrag"


def unique_slug(model: type[Model], text: str, *, exclude_pk: int | None = None, max_length: int = 80) -> str:
    """A slug for `text` not yet used by another row of `model` (suffixes -2, -3, …)."""
    base = slug_for(text, max_length - 6)
    taken = set(
        model._default_manager.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    counter = 2
    while f"{base}-{counter}" in taken:
        counter += 1
    return f"{base}-{counter}"
