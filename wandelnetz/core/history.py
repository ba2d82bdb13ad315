"""Change-history rows for models with django-simple-history (actors, bodies)."""

from typing import Any

from django.db.models import Model


def history_rows(obj: Model, limit: int = 100) -> list[dict[str, Any]]:
    """The change history of `obj`, newest first (at most `limit` rows), each row with the labels of
    the fields it changed.

    Known cost: `diff_against` reads the many-to-many history once per record, so the queries grow
    with the number of rows shown (bounded by `limit`).
    """
    model = type(obj)
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit])  # type: ignore[attr-defined]
    rows = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        changes = newer.diff_against(older).changes if older is not None else []
        labels = [str(getattr(model._meta.get_field(c.field), "verbose_name", c.field)) for c in changes]
        rows.append({"record": newer, "changed_fields": labels})
    return rows
