"""Who may do what with events: named predicates for views and templates."""

import rules

from wandelnetz.accounts.permissions import is_moderator


@rules.predicate
def edits_an_organiser(user, event) -> bool:
    """The user is an editor of one of the event's organising actors."""
    if event is None or not (user and user.is_authenticated):
        return False
    return event.organisers.filter(editors=user).exists()


@rules.predicate
def edits_an_actor(user) -> bool:
    return bool(user and user.is_authenticated and user.edited_actors.exists())


@rules.predicate
def edits_a_series_organiser(user, series) -> bool:
    if series is None or not (user and user.is_authenticated):
        return False
    return series.organisers.filter(editors=user).exists()


can_edit_event = is_moderator | edits_an_organiser
can_create_event = is_moderator | edits_an_actor
can_edit_series = is_moderator | edits_a_series_organiser

rules.add_perm("events.change_event", can_edit_event)
rules.add_perm("events.add_event", can_create_event)
rules.add_perm("events.change_series", can_edit_series)
# Organisers see and write to the participants of their events' dates.
rules.add_perm("events.manage_registrations", can_edit_event)
