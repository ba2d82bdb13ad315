"""Forms of the registration pages: registering for a date, writing to its participants."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wandelnetz.events.models import Registration
from wandelnetz.events.services import REGISTRATION_RETENTION

NAME_MAX = Registration._meta.get_field("name").max_length or 200
EMAIL_MAX = Registration._meta.get_field("email").max_length or 254
ANSWER_MAX = 1000


class RegistrationForm(forms.Form):
    """Name, address, one optional field per organiser question, and the consent to pass both on."""

    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=EMAIL_MAX,
        help_text=_("We send the confirmation link and the cancellation link to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my name and email address are passed on as described."),
        error_messages={"required": _("Please agree, otherwise we cannot register you.")},
    )

    def __init__(self, *args, questions: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        consent = self.fields.pop("consent")
        for index, question in enumerate(questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, required=False, max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 2})
            )
        days = REGISTRATION_RETENTION.days
        consent.help_text = _(
            "Your name, email address and answers are passed to the organisers of this event and used "
            "for this date only. They are deleted %(days)s days after the date. You can cancel at any "
            "time with the link in the email."
        ) % {"days": days}
        self.fields["consent"] = consent

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Please enter your name."), code="required")
        return name

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def answers(self) -> dict[str, str]:
        """{question: answer} for the questions answered."""
        answers = {}
        for index, question in enumerate(self.questions):
            answer = self.cleaned_data.get(f"answer_{index}", "").strip()
            if answer:
                answers[question] = answer
        return answers


class ParticipantsMessageForm(forms.Form):
    """An organiser writes to the people registered for one date."""

    CONFIRMED = "confirmed"
    CONFIRMED_AND_WAITLISTED = "confirmed_waitlisted"

    recipients = forms.ChoiceField(
        label=_("Recipients"),
        choices=[
            (CONFIRMED, _("People with a place")),
            (CONFIRMED_AND_WAITLISTED, _("People with a place and people on the waitlist")),
        ],
        initial=CONFIRMED,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(label=_("Subject"), max_length=150)
    text = forms.CharField(
        label=_("Message"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Every person receives the message on their own; nobody sees the others' addresses. "
            "Replies do not reach you: give a contact address in the text if you want answers."
        ),
    )

    def clean_subject(self) -> str:
        subject = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:
            raise ValidationError(_("The subject must be a single line."), code="newline")
        return subject.strip()

    def statuses(self) -> list[str]:
        if self.cleaned_data["recipients"] == self.CONFIRMED_AND_WAITLISTED:
            return [Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
        return [Registration.Status.CONFIRMED]
