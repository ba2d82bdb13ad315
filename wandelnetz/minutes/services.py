"""Writes for minutes without an import: saving the text as written, deleting it.

Imports (which also create contributions, actors, follow-ups …) go through `importer.apply_proposal`.
Permissions are the views' business.
"""

from django.db import transaction

from wandelnetz.accounts.models import User
from wandelnetz.events.models import Event
from wandelnetz.minutes import importer
from wandelnetz.minutes.models import Minutes
from wandelnetz.search.services import index_object, remove_object


@transaction.atomic
def save_minutes(*, event: Event, text: str, user: User | None) -> Minutes:
    """Set the event's minutes to `text` (checked: not empty, not too long, no binary), creating them if needed.

    Raises `importer.MinutesRejected` and saves nothing when the text is refused. Nothing but
    the text changes: contributions and follow-ups of an earlier import stay as they are.
    """
    text = importer.check_text(text)
    minutes, created = Minutes.objects.select_for_update().get_or_create(event=event, defaults={"text": text})
    if not created and minutes.text != text:
        minutes.text = text
        minutes.save(update_fields=["text", "modified"])
    index_object(obj=minutes)
    return minutes


@transaction.atomic
def delete_minutes(*, minutes: Minutes) -> None:
    """Delete the minutes and their links; what an import created (contributions, follow-ups) stays."""
    remove_object(obj=minutes)
    minutes.delete()
