"""Who may do what with follow-ups: named predicates for views and templates.

Everyone reads follow-ups (they are public by nature: "what became of it?"). Editors of the
owning actor, editors of an organiser of the event it came from, its creator and moderators
change it; anyone who edits an actor may enter new ones.
"""

import rules

from wandelnetz.accounts.permissions import is_member, is_moderator
from wandelnetz.actors.models import Actor
from wandelnetz.events.permissions import edits_an_actor


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


@rules.predicate
def edits_owner_actor(user, follow_up) -> bool:
    if follow_up is None or follow_up.owner_actor_id is None or not _signed_in(user):
        return False
    return Actor.editors.through.objects.filter(actor_id=follow_up.owner_actor_id, user_id=user.pk).exists()


@rules.predicate
def edits_source_event_organiser(user, follow_up) -> bool:
    if follow_up is None or follow_up.source_event_id is None or not _signed_in(user):
        return False
    return Actor.objects.filter(events=follow_up.source_event_id, editors=user).exists()


@rules.predicate
def created_follow_up(user, follow_up) -> bool:
    return bool(follow_up is not None and _signed_in(user) and follow_up.created_by_id == user.pk)


can_edit_follow_up = is_moderator | edits_owner_actor | edits_source_event_organiser | created_follow_up
can_create_follow_up = is_moderator | edits_an_actor
can_follow = is_member

rules.add_perm("followups.change_followup", can_edit_follow_up)
rules.add_perm("followups.add_followup", can_create_follow_up)
rules.add_perm("followups.follow_followup", can_follow)
