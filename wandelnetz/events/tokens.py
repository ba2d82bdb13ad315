"""Signed links for people without an account: confirming an address and cancelling a registration.

A token carries only the registration's id, signed with the site's secret and a salt of its
own, so a confirm link cannot be used to cancel and the reverse. Confirm links expire after
CONFIRM_MAX_AGE (registering again sends a fresh one); cancel links work until the date has
passed, which the view checks, because the date can move after the link was sent.
"""

from datetime import timedelta

from django.core import signing
from django.utils.translation import gettext as _

from wandelnetz.events.models import Registration

CONFIRM_SALT = "wandelnetz.events.registration.confirm"
CANCEL_SALT = "wandelnetz.events.registration.cancel"
CONFIRM_MAX_AGE = timedelta(days=7)
MAX_TOKEN_LENGTH = 200


class BadToken(Exception):
    """The link is unusable; the message says why, for the person who followed it."""


def confirm_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CONFIRM_SALT, compress=False)


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CANCEL_SALT, compress=False)


def _load(token: str, salt: str, max_age: timedelta | None) -> int:
    if len(token) > MAX_TOKEN_LENGTH:
        raise signing.BadSignature("too long")
    value = signing.loads(token, salt=salt, max_age=max_age)
    if not isinstance(value, int) or isinstance(value, bool):
        raise signing.BadSignature("not an id")
    return value


def registration_to_confirm(token: str) -> Registration:
    """The registration a confirm link is for; BadToken when forged, expired or unknown."""
    try:
        pk = _load(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise BadToken(
            _(
                "This confirmation link has expired (links are valid for 7 days). "
                "Please register again: you will receive a new link."
            )
        ) from None
    except signing.BadSignature:
        raise BadToken(
            _("This confirmation link is not valid. Please copy the complete link from the email.")
        ) from None
    return _registration(pk)


def registration_to_cancel(token: str) -> Registration:
    """The registration a cancel link is for; BadToken when forged or unknown."""
    try:
        pk = _load(token, CANCEL_SALT, None)
    except signing.BadSignature:
        raise BadToken(
            _("This cancellation link is not valid. Please copy the complete link from the email.")
        ) from None
    return _registration(pk)


def _registration(pk: int) -> Registration:
    registration = (
        Registration.objects.select_related("occurrence", "occurrence__event", "occurrence__place")
        .filter(pk=pk)
        .first()
    )
    if registration is None:
        raise BadToken(_("This registration no longer exists. Registrations are deleted some time after their date."))
    return registration
