"""The actors app's share of a person's data (see accounts/personal_data.py)."""

from typing import Any

from django.db.models import Q

from wandelnetz.accounts.models import User
from wandelnetz.accounts.personal_data import changes_made, forget_in, references, register
from wandelnetz.actors.models import Actor, Relation

HistoricalActor = Actor.history.model  # type: ignore[attr-defined]


def _edited(user: User) -> list[dict[str, Any]]:
    return references(Actor.objects.filter(editors=user).order_by("name").only("name", "slug"))


def _created(user: User) -> list[dict[str, Any]]:
    return references(Actor.objects.filter(created_by=user).order_by("name").only("name", "slug", "status"), "status")


def _changes(user: User) -> list[dict[str, Any]]:
    return changes_made(HistoricalActor, user)


def _relations(user: User) -> list[dict[str, Any]]:
    rows = (
        Relation.objects.filter(Q(proposed_by=user) | Q(decided_by=user))
        .select_related("source", "target")
        .order_by("pk")
    )
    return [
        {
            "relation": str(relation),
            "proposed": relation.proposed_by_id == user.pk,
            "decided": relation.decided_by_id == user.pk,
            "state": relation.state,
            "decided_at": relation.decided_at,
        }
        for relation in rows
    ]


register("actors_edited", fields=["actors.Actor.editors"], export=_edited)
register(
    "actors_created",
    fields=["actors.Actor.created_by", "actors.HistoricalActor.created_by"],
    export=_created,
    erase=forget_in(HistoricalActor, "created_by"),
)
register("actor_changes", fields=["actors.HistoricalActor.history_user"], export=_changes)
register("relations", fields=["actors.Relation.proposed_by", "actors.Relation.decided_by"], export=_relations)
