from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wandelnetz.accounts.models import User


class EraseAccountForm(forms.Form):
    """Deleting an account asks for its password: a session left open is not enough."""

    password = forms.CharField(
        label=_("Your current password"),
        help_text=_("So that we know it is you."),
        strip=False,
        max_length=4096,
        error_messages={"required": _("Enter your current password to delete your account.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password
