"""The minutes app's share of a person's data (see accounts/personal_data.py)."""

from typing import Any

from wandelnetz.accounts.models import User
from wandelnetz.accounts.personal_data import register
from wandelnetz.minutes.models import Minutes


def _imported(user: User) -> list[dict[str, Any]]:
    rows = Minutes.objects.filter(imported_by=user).select_related("event").order_by("imported_at", "pk")
    return [
        {"title": minutes.event.title, "url": minutes.get_absolute_url(), "imported_at": minutes.imported_at}
        for minutes in rows
    ]


register("minutes_imported", fields=["minutes.Minutes.imported_by"], export=_imported)
