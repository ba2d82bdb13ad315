"""The bodies app's share of a person's data (see accounts/personal_data.py)."""

from typing import Any

from wandelnetz.accounts.models import User
from wandelnetz.accounts.personal_data import changes_made, references, register
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


def _forget_creator_in_history(user: User) -> None:
    # Historical rows copy these without a database constraint (DO_NOTHING): null them by hand.
    HistoricalBody.objects.filter(created_by=user).update(created_by=None)


def _forget_verifier_in_history(user: User) -> None:
    HistoricalBody.objects.filter(verified_by=user).update(verified_by=None)


register("bodies_edited", fields=["bodies.Body.editors"], export=_edited)
register(
    "bodies_created",
    fields=["bodies.Body.created_by", "bodies.HistoricalBody.created_by"],
    export=_created,
    erase=_forget_creator_in_history,
)
register(
    "bodies_verified",
    fields=["bodies.Body.verified_by", "bodies.HistoricalBody.verified_by"],
    export=_verified,
    erase=_forget_verifier_in_history,
)
register("body_changes", fields=["bodies.HistoricalBody.history_user"], export=_changes)
