"""Writes about accounts themselves: erasing one (Art. 17 GDPR)."""

from django.db import transaction

from wandelnetz.accounts import personal_data
from wandelnetz.accounts.models import User
from wandelnetz.core.page_cache import bump_version


@transaction.atomic
def erase_account(*, user: User) -> None:
    """Delete `user` and all that is theirs alone; what they published stays, without their name.

    Every app's share runs first (registrations to come are cancelled as by their link, so the
    waitlist moves up and is mailed after the commit); deleting the user row then cascades to
    what hangs on it alone and sets their public content's references to NULL.
    """
    for share in personal_data.shares():
        if share.erase is not None:
            share.erase(user)
    user.delete()
    # Public pages name people (who verified a body, who changed a status): cached copies go.
    bump_version()
