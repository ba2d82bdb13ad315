"""`{% minutes_section event %}`: the minutes' part of the event page (an excerpt, or a link to add them)."""

from typing import Any

from django import template

from wandelnetz.events.models import Event
from wandelnetz.minutes.selectors import minutes_brief

register = template.Library()


@register.inclusion_tag("minutes/includes/minutes_section.html", takes_context=True)
def minutes_section(context: template.Context, event: Event) -> dict[str, Any]:
    """One query. Whether the reader may add minutes comes from the page's `may_edit` (already checked)."""
    return {"event": event, "brief": minutes_brief(event), "may_edit": bool(context.get("may_edit"))}
