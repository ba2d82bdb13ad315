from typing import Any

from wandelnetz.bodies import services
from wandelnetz.bodies.models import Body

_counter = {"n": 0}


def body(
    name: str | None = None, *, kind: str = Body.Kind.ADVISORY_BOARD, level: str = Body.Level.DISTRICT, **fields: Any
) -> Body:
    """A body through the service (so search and history see it); unverified unless told."""
    _counter["n"] += 1
    return services.create_body(name=name or f"Beirat {_counter['n']}", kind=kind, level=level, **fields)


def civil_seat(actor=None, *, role: str = "", rights: str = "voting", count: int = 1, **fields: Any) -> dict:  # type: ignore[no-untyped-def]
    """A seat dict for `create_body(seats=…)`: civil society, voting unless told."""
    return {"actor": actor, "role": role, "is_civil_society": True, "rights": rights, "count": count, **fields}


def other_seat(role: str = "Verwaltung", *, rights: str = "voting", count: int = 1, **fields: Any) -> dict:
    return {"role": role, "is_civil_society": False, "rights": rights, "count": count, **fields}
