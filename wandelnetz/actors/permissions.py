"""Who may do what with actors and relations: named predicates for views, templates and the API."""

import rules

from wandelnetz.accounts.permissions import is_member, is_moderator


@rules.predicate
def is_actor_editor(user, actor) -> bool:
    if actor is None or not (user and user.is_authenticated):
        return False
    editor_ids = getattr(actor, "editor_ids", None)  # set by selectors that already loaded them
    if editor_ids is not None:
        return user.pk in editor_ids
    return actor.editors.filter(pk=user.pk).exists()


@rules.predicate
def is_published(user, actor) -> bool:
    return actor is not None and actor.is_public


can_view_actor = is_published | is_moderator | is_actor_editor
can_edit_actor = is_moderator | is_actor_editor
can_propose_actor = is_member
can_moderate_actors = is_moderator


@rules.predicate
def can_decide_relation(user, relation) -> bool:
    """The side that did not propose a relation confirms or declines it (or a moderator)."""
    if relation is None:
        return False
    return bool(is_moderator(user) or is_actor_editor(user, relation.confirming_actor))


@rules.predicate
def can_withdraw_relation(user, relation) -> bool:
    """The side that proposed a relation takes the proposal back (or a moderator)."""
    if relation is None:
        return False
    return bool(is_moderator(user) or is_actor_editor(user, relation.proposing_actor))


@rules.predicate
def can_end_relation(user, relation) -> bool:
    """Either side of a relation says it has ended (or a moderator)."""
    if relation is None:
        return False
    return bool(is_moderator(user) or is_actor_editor(user, relation.source) or is_actor_editor(user, relation.target))


@rules.predicate
def can_delete_relation(user, relation=None) -> bool:
    """A relation entered by mistake is deleted by a moderator only: the sides end it, so it stays as former."""
    return bool(is_moderator(user))


rules.add_perm("actors.view_actor", can_view_actor)
rules.add_perm("actors.change_actor", can_edit_actor)
rules.add_perm("actors.propose_actor", can_propose_actor)
rules.add_perm("actors.moderate_actor", can_moderate_actors)
rules.add_perm("actors.propose_relation", can_edit_actor)
rules.add_perm("actors.decide_relation", can_decide_relation)
rules.add_perm("actors.withdraw_relation", can_withdraw_relation)
rules.add_perm("actors.end_relation", can_end_relation)
rules.add_perm("actors.delete_relation", can_delete_relation)
