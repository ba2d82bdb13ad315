"""Named predicates about people, shared by views, templates and the API."""

import rules


@rules.predicate
def is_moderator(user) -> bool:
    return bool(user and user.is_authenticated and user.is_moderator)


@rules.predicate
def is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)
