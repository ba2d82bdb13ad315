"""Change-history rows for models with django-simple-history (actors, bodies)."""

from collections import defaultdict
from typing import Any

from django.db.models import Field, FileField, Model
from django.utils.formats import localize
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

SHOWN_CHARACTERS = 300  # of a value before and after: enough to spot what a change did


def history_rows(obj: Model, limit: int = 100) -> list[dict[str, Any]]:
    """The change history of `obj`, newest first (at most `limit` rows), each row with the labels of
    the fields it changed (`changed_fields`) and, in `changes`, each change with its value before and
    after in words (`old`, `new`; `shown` is false for links to other objects, named only), so that
    editors and moderators see what an edit did, not only where.

    One query for the records and one per tracked many-to-many field, however many rows are shown:
    simple-history's own `diff_against` would read the many-to-many history twice per row.
    """
    model = type(obj)
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit])  # type: ignore[attr-defined]
    if not records:
        return []
    m2m_names = [field.name for field in records[0]._history_m2m_fields]
    m2m_values = {name: _m2m_values(records, model, name) for name in m2m_names}
    rows = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        changes: list[dict[str, Any]] = []
        if older is not None:
            for change in newer.diff_against(older, excluded_fields=m2m_names).changes:
                field = model._meta.get_field(change.field)
                shown = not field.is_relation
                changes.append(
                    {
                        "label": str(getattr(field, "verbose_name", change.field)),
                        "shown": shown,
                        "old": _in_words(field, change.old) if shown else "",
                        "new": _in_words(field, change.new) if shown else "",
                    }
                )
            for name in m2m_names:
                if m2m_values[name][newer.pk] != m2m_values[name][older.pk]:
                    label = str(getattr(model._meta.get_field(name), "verbose_name", name))
                    changes.append({"label": label, "shown": False, "old": "", "new": ""})
        rows.append({"record": newer, "changed_fields": [c["label"] for c in changes], "changes": changes})
    return rows


def _in_words(field: Any, value: Any) -> str:
    """A field's value as the page would say it: a choice by its label, yes/no, a date in the active
    language, a file by its name; long text cut. Empty is ""."""
    if value is None or value == "":
        return ""
    if isinstance(field, Field) and field.choices:
        value = dict(field.flatchoices).get(value, value)
    elif isinstance(value, bool):
        value = _("yes") if value else _("no")
    elif isinstance(field, FileField):
        value = str(value).rsplit("/", 1)[-1]
    return Truncator(str(localize(value))).chars(SHOWN_CHARACTERS)


def _m2m_values(records: list[Any], model: type[Model], name: str) -> dict[int, frozenset[int]]:
    """For each historical record, the ids its many-to-many field `name` held then (one query)."""
    through = getattr(records[0], name).model  # the historical through model
    target = get_m2m_reverse_field_name(model._meta.get_field(name))
    held: dict[int, set[int]] = defaultdict(set)
    rows = through.objects.filter(history_id__in=[r.pk for r in records]).values_list("history_id", f"{target}_id")
    for history_id, target_id in rows:
        held[history_id].add(target_id)
    return {r.pk: frozenset(held.get(r.pk, ())) for r in records}
