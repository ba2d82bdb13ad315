"""The bodies app's share of a person's data (see accounts/personal_data.py)."""

from typing import Any

from wandelnetz.accounts.models import User
from wandelnetz.accounts.personal_data import changes_made, forget_in, references, register
from wandelnetz.bodies.models import Body

HistoricalBody = Body.history.model  # type: ignore[attr-defined]


def _edited(user: User) -> list[dict[str, Any]]:
    return references(Body.objects.filter(editors=user).order_by("name").only("name", "slug"))


def _created(user: User) -> list[dict[str, Any]]:
    return references(Body.objects.filter(created_by=user).order_by("name").only("name", "slug"))


def _verified(user: User) -> list[dict[str, Any]]:
    bodies = Body.objects.filter(verified_by=user).order_by("name").only("name", "slug", "last_verified_on")
    return references(bodies, "last_verified_on")


def _changes(user: User) -> list[dict[str, Any]]:
    return changes_made(HistoricalBody, user)


register("bodies_edited", fields=["bodies.Body.editors"], export=_edited)
register(
    "bodies_created",
    fields=["bodies.Body.created_by", "bodies.HistoricalBody.created_by"],
    export=_created,
    erase=forget_in(HistoricalBody, "created_by"),
)
register(
    "bodies_verified",
    fields=["bodies.Body.verified_by", "bodies.HistoricalBody.verified_by"],
    export=_verified,
    erase=forget_in(HistoricalBody, "verified_by"),
)
register("body_changes", fields=["bodies.HistoricalBody.history_user"], export=_changes)
