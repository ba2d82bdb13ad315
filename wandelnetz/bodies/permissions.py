"""Who may do what with bodies: named predicates for views, templates and the API.

Everyone, also anonymous visitors, reads bodies; their editors, the editors of the convening
actor and moderators change them (and their seats and sources) and mark them verified.
"""

import rules

from wandelnetz.accounts.permissions import is_moderator
from wandelnetz.events.permissions import edits_an_actor


@rules.predicate
def is_body_editor(user, body) -> bool:
    if body is None or not (user and user.is_authenticated):
        return False
    editor_ids = getattr(body, "editor_ids", None)  # set by views that already loaded them
    if editor_ids is not None:
        return user.pk in editor_ids
    return body.editors.filter(pk=user.pk).exists()


@rules.predicate
def edits_convening_actor(user, body) -> bool:
    if body is None or body.convened_by_id is None or not (user and user.is_authenticated):
        return False
    return body.convened_by.editors.filter(pk=user.pk).exists()


can_view_body = rules.always_allow
can_edit_body = is_moderator | is_body_editor | edits_convening_actor
can_create_body = is_moderator | edits_an_actor

rules.add_perm("bodies.view_body", can_view_body)
rules.add_perm("bodies.change_body", can_edit_body)
rules.add_perm("bodies.add_body", can_create_body)
