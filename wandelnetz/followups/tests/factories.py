"""Explicit factories for follow-ups (through the services, so timeline and search are real)."""

from typing import Any

from wandelnetz.followups import services
from wandelnetz.followups.models import FollowUp

_counter = {"n": 0}


def follow_up(title: str | None = None, **fields: Any) -> FollowUp:
    """A proposed follow-up, entered directly, unless told otherwise."""
    _counter["n"] += 1
    return services.create_follow_up(title=title or f"Ergebnis {_counter['n']}", **fields)
