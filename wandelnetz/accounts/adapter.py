"""How allauth speaks for Wandelnetz: its name in mails, and email addresses it can store."""

from dataclasses import dataclass
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from wandelnetz.accounts.models import User

PLATFORM_NAME = "Wandelnetz"


@dataclass(frozen=True)
class MailSite:
    """What allauth's mail templates read as `current_site`."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        # The form accepts 320 characters, the account stores 254: refuse instead of cutting.
        limit = User._meta.get_field("email").max_length or 254
        if len(email) > limit:
            raise forms.ValidationError(
                _("The email address may be at most %(limit)d characters long.") % {"limit": limit}
            )
        return super().clean_email(email)

    def format_email_subject(self, subject: str) -> str:
        return f"[{PLATFORM_NAME}] {subject}"

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        request = context.get("request")
        domain = request.get_host() if request is not None else ""
        context = {**context, "current_site": MailSite(name=PLATFORM_NAME, domain=domain)}
        return super().render_mail(template_prefix, email, context, headers)
