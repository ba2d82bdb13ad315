from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wandelnetz.accounts.models import User


class EraseAccountForm(forms.Form):
    """Deleting an account asks for its password: a session left open is not enough.

    The password is checked through the authentication backends, so wrong guesses count towards
    the sign-in lockout (django-axes) like wrong passwords at sign-in: a stolen session cannot be
    used to try passwords here without limit.
    """

    password = forms.CharField(
        label=_("Your current password"),
        help_text=_("So that we know it is you."),
        strip=False,
        max_length=4096,
        error_messages={"required": _("Enter your current password to delete your account.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        confirmed = authenticate(self.request, email=self.user.email, password=password)
        if confirmed is None or confirmed.pk != self.user.pk:
            raise forms.ValidationError(_("This is not your current password."))
        return password
