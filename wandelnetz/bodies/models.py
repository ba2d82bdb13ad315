"""Bodies (Gremien): where topics are discussed and decided, and who sits there."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from wandelnetz.core.models import TimeStampedModel
from wandelnetz.core.paths import slug_path

# An entry nobody has checked for this long is flagged, and its editors are reminded.
VERIFICATION_PERIOD = timedelta(days=365)


class Body(TimeStampedModel):
    """A committee, advisory board, workshop, forum, council …: a place where things are decided."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Committee")
        MONITORING_COMMITTEE = "monitoring_committee", _("Monitoring committee")
        ADVISORY_BOARD = "advisory_board", _("Advisory board")
        WORKSHOP = "workshop", pgettext_lazy("body kind", "Workshop")  # German "Werkstatt", not the event kind
        FORUM = "forum", _("Forum")
        STAMMTISCH = "stammtisch", _("Stammtisch")
        WORKING_GROUP = "working_group", _("Working group")
        PARTICIPATION_PROCESS = "participation_process", _("Participation process")
        MUNICIPAL_COUNCIL = "municipal_council", _("Municipal council")
        DISTRICT_COUNCIL = "district_council", _("District council")
        STATE_PARLIAMENT = "state_parliament", _("State parliament")
        COORDINATION = "coordination", _("Coordination body")
        OTHER = "other", _("Other body")

    class Level(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        DISTRICT = "district", _("District")
        REGIONAL = "regional", _("Region")
        STATE = "state", _("Federal state")
        FEDERAL = "federal", _("Federal")
        EU = "eu", _("European Union")

    class Power(models.IntegerChoices):
        """A ladder: each step includes the ones below it."""

        INFORM = 1, _("informs")
        CONSULT = 2, _("consults")
        CODECIDE = 3, _("co-decides")
        DECIDE = 4, _("decides")

    class Openness(models.TextChoices):
        PUBLIC = "public", _("public")
        INVITATION = "invitation", _("on invitation")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("abbreviation"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    power = models.PositiveSmallIntegerField(_("power"), choices=Power.choices, default=Power.CONSULT)
    openness = models.CharField(_("openness"), max_length=20, choices=Openness.choices, default=Openness.CLOSED)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=20_000)
    how_to_take_part = models.TextField(_("how to take part"), blank=True, max_length=5000)
    meeting_rhythm = models.CharField(_("meeting rhythm"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True, max_length=300)
    convened_by = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("convened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="convened_bodies",
    )
    series = models.ForeignKey(
        "events.Series",
        verbose_name=_("meeting series"),
        help_text=_("The event series that holds this body's meetings, if it is in the calendar."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bodies",
    )
    regions = models.ManyToManyField("topics.Region", verbose_name=_("regions"), blank=True, related_name="bodies")
    topics = models.ManyToManyField("topics.Topic", verbose_name=_("topics"), blank=True, related_name="bodies")
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("editors"), blank=True, related_name="edited_bodies"
    )
    last_verified_on = models.DateField(_("last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verification_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[topics, regions], excluded_fields=["modified", "verification_reminded_at"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        indexes = [
            models.Index(fields=["level", "name"], name="body_level_name"),
            models.Index(fields=["power", "name"], name="body_power_name"),
            models.Index(fields=["last_verified_on"], name="body_last_verified"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_path("bodies:body_detail", self.slug)

    @property
    def is_verified(self) -> bool:
        return self.last_verified_on is not None

    @property
    def needs_verification(self) -> bool:
        """Never verified, or not for VERIFICATION_PERIOD."""
        if self.last_verified_on is None:
            return True
        return self.last_verified_on < timezone.localdate() - VERIFICATION_PERIOD


class BodySource(models.Model):
    """A link that documents a body (its statute, a page of the authority, a press report)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(_("address"), max_length=500)
    title = models.CharField(_("title"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["body", "position", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title or self.url


class Seat(TimeStampedModel):
    """A seat (or several equal seats) in a body: held by an actor, or described by a role."""

    class Rights(models.TextChoices):
        VOTING = "voting", _("voting")
        ADVISORY = "advisory", _("advisory")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    actor = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("held by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seats",
    )
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("Who holds the seat, in words, when no actor is known (e.g. “representative of the youth”)."),
    )
    is_civil_society = models.BooleanField(_("civil society"), default=False)
    rights = models.CharField(_("rights"), max_length=10, choices=Rights.choices, default=Rights.VOTING)
    count = models.PositiveSmallIntegerField(_("number of seats"), default=1)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["body", "-is_civil_society", "rights", "pk"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actor__isnull=False) | ~models.Q(role=""), name="seat_has_holder_or_role"
            ),
            models.CheckConstraint(condition=models.Q(count__gte=1), name="seat_count_positive"),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True)
                | models.Q(since__isnull=True)
                | models.Q(until__gte=models.F("since")),
                name="seat_until_after_since",
            ),
        ]
        indexes = [models.Index(fields=["body", "is_civil_society"], name="seat_body_civil")]

    def __str__(self) -> str:
        return str(self.actor) if self.actor_id else self.role

    def is_current(self, on=None) -> bool:  # type: ignore[no-untyped-def]
        day = on or timezone.localdate()
        return (self.since is None or self.since <= day) and (self.until is None or self.until >= day)
