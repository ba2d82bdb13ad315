from django import template

from wandelnetz.followups.models import FollowUp

register = template.Library()
_LABELS = dict(FollowUp.Status.choices)


@register.filter
def status_label(status: str) -> str:
    """The words for a status value (a board's column key)."""
    return str(_LABELS.get(status, status))


@register.filter
def get_count(counts: dict[str, int] | None, status: str) -> int:
    """`counts[status]` in a template (0 when missing)."""
    return (counts or {}).get(status, 0)


@register.filter
def filled_columns(board: dict[str, list]) -> list[tuple[str, list]]:
    """The board's (status, follow-ups) pairs that hold any: empty columns are named, not drawn."""
    return [(status, rows) for status, rows in board.items() if rows]


@register.filter
def empty_statuses(board: dict[str, list]) -> list[str]:
    """The words for the statuses without any follow-up, in board order."""
    return [status_label(status) for status, rows in board.items() if not rows]
