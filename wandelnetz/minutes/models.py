"""Minutes (Protokolle) of events: the original text, kept whole, and the links it carried."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wandelnetz.core.models import ChoiceLabelsModel, TimeStampedModel

# Minutes are text: a long meeting's minutes are tens of kilobytes. Anything beyond this is refused
# with a message (a pasted binary, a whole archive) before it is parsed.
MAX_MINUTES_CHARS = 200_000


class Minutes(TimeStampedModel):
    """The minutes of one event, in Markdown (rendered safely); the text is never rewritten by an import."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("text"), max_length=MAX_MINUTES_CHARS)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    import_summary = models.JSONField(
        _("what the import saved"), default=dict, blank=True, help_text="Counts and ids of what was created or linked."
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = pgettext_lazy("plural", "minutes")  # German "Protokolle"

    def __str__(self) -> str:
        return f"{self.event}"

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url() + "#protokoll"


class MinutesLink(ChoiceLabelsModel):
    """A link the minutes carried: a website (maybe an actor's), a pinboard, an information page."""

    class Kind(models.TextChoices):
        WEBSITE = "website", _("website")
        PINBOARD = "pinboard", _("pinboard")
        EMAIL = "email", _("email address")
        OTHER = "other", _("link")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    url = models.CharField(_("address"), max_length=500)
    label = models.CharField(_("label"), max_length=200, blank=True)
    actor = models.ForeignKey(
        "actors.Actor", null=True, blank=True, on_delete=models.SET_NULL, related_name="minutes_links"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["minutes", "position", "pk"]
        verbose_name = _("link in the minutes")
        verbose_name_plural = _("links in the minutes")

    def __str__(self) -> str:
        return self.label or self.url
