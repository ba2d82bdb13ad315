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
