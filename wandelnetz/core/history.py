"""Change-history rows for models with django-simple-history (actors, bodies)."""

from collections import defaultdict
from typing import Any

from django.db.models import Model
from simple_history.utils import get_m2m_reverse_field_name


def history_rows(obj: Model, limit: int = 100) -> list[dict[str, Any]]:
    """The change history of `obj`, newest first (at most `limit` rows), each row with the labels of
    the fields it changed.

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
        changed: list[str] = []
        if older is not None:
            changed = [c.field for c in newer.diff_against(older, excluded_fields=m2m_names).changes]
            changed += [name for name in m2m_names if m2m_values[name][newer.pk] != m2m_values[name][older.pk]]
        labels = [str(getattr(model._meta.get_field(name), "verbose_name", name)) for name in changed]
        rows.append({"record": newer, "changed_fields": labels})
    return rows


def _m2m_values(records: list[Any], model: type[Model], name: str) -> dict[int, frozenset[int]]:
    """For each historical record, the ids its many-to-many field `name` held then (one query)."""
    through = getattr(records[0], name).model  # the historical through model
    target = get_m2m_reverse_field_name(model._meta.get_field(name))
    held: dict[int, set[int]] = defaultdict(set)
    rows = through.objects.filter(history_id__in=[r.pk for r in records]).values_list("history_id", f"{target}_id")
    for history_id, target_id in rows:
        held[history_id].add(target_id)
    return {r.pk: frozenset(held.get(r.pk, ())) for r in records}
