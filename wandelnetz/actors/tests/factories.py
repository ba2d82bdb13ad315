from wandelnetz.accounts.models import User
from wandelnetz.actors import services
from wandelnetz.actors.models import Actor, Relation

_counter = {"n": 0}


def actor(
    name: str | None = None,
    *,
    status: str = Actor.Status.PUBLISHED,
    kind: str = Actor.Kind.ASSOCIATION,
    editors: list[User] | None = None,
    **fields: object,
) -> Actor:
    """A published actor (through the service, so search and history see it)."""
    _counter["n"] += 1
    created = services.create_actor(
        created_by=None,
        status=status,
        name=name or f"Verein {_counter['n']}",
        kind=kind,
        **fields,  # type: ignore[arg-type]
    )
    for user in editors or []:
        services.add_editor(actor=created, user=user)
    return created


def confirmed_relation(source: Actor, target: Actor, kind: str = Relation.Kind.PART_OF) -> Relation:
    relation = services.propose_relation(
        proposing_actor=source, other=target, kind=kind, outgoing=True, proposed_by=None
    )
    return services.confirm_relation(relation=relation, decided_by=None)
