"""Request types for views."""

from django.http import HttpRequest

from wandelnetz.accounts.models import User


class SignedInRequest(HttpRequest):
    """What views behind @login_required receive."""

    user: User  # type: ignore[assignment]
