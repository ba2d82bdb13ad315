"""Keep the search entry of minutes in step with their event, which the events app saves and
deletes without knowing about minutes (it sits below this app)."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from wandelnetz.events.models import Event
from wandelnetz.minutes.models import Minutes
from wandelnetz.search.services import index_object, remove_object


def _event_saved(sender: type[Event], instance: Event, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """A renamed event renames its minutes in the search ("Protokoll: <event title>")."""
    if created or raw:
        return
    minutes = Minutes.objects.filter(event=instance).select_related("event").first()
    if minutes is not None:
        index_object(obj=minutes)


def _minutes_deleted(sender: type[Minutes], instance: Minutes, **kwargs: Any) -> None:
    """Minutes deleted with their event (a cascade) leave the search too."""
    remove_object(obj=instance)


def connect() -> None:
    post_save.connect(_event_saved, sender=Event, dispatch_uid="minutes_follow_event_title")
    post_delete.connect(_minutes_deleted, sender=Minutes, dispatch_uid="minutes_leave_search")
