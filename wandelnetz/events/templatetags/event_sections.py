"""Event sections for pages of lower apps (the home page lives in `core`, which imports no app)."""

from typing import Any

from django import template

from wandelnetz.events.selectors import EventFilter, upcoming_brief

register = template.Library()

HOME_DATES = 5


@register.inclusion_tag("events/includes/upcoming_section.html")
def upcoming_dates_section(limit: int = HOME_DATES) -> dict[str, Any]:
    """The next dates on the whole platform, with links to all events and the archive: one query."""
    return {"dates": upcoming_brief(EventFilter(), limit), "filter_query": ""}
