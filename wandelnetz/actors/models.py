from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wandelnetz.core.models import TimeStampedModel
from wandelnetz.core.paths import slug_path


class Actor(TimeStampedModel):
    """An association, initiative, alliance, … with a public profile kept by its editors."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        INITIATIVE = "initiative", _("Initiative")
        ALLIANCE = "alliance", _("Alliance")
        NETWORK = "network", _("Network")
        EDUCATION = "education", _("Education provider")
        FOUNDATION = "foundation", _("Foundation")
        UNIVERSITY = "university", _("University")
        PUBLIC_BODY = "public_body", _("Public authority")
        COMPANY = "company", _("Company")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("abbreviation"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=20_000)
    website = models.URLField(_("website"), blank=True, max_length=300)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founding year"), null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    meeting_rhythm = models.CharField(_("meeting rhythm"), max_length=200, blank=True)
    how_to_join = models.TextField(_("how to join"), blank=True, max_length=5000)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    regions = models.ManyToManyField(
        "topics.Region", verbose_name=_("regions served"), blank=True, related_name="actors"
    )
    topics = models.ManyToManyField("topics.Topic", verbose_name=_("topics"), blank=True, related_name="actors")
    places = models.ManyToManyField("places.Place", verbose_name=_("places"), blank=True, related_name="actors")
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("editors"), blank=True, related_name="edited_actors"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderation_note = models.CharField(_("moderation note"), max_length=500, blank=True)

    history = HistoricalRecords(m2m_fields=[topics, regions, places], excluded_fields=["modified"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        indexes = [models.Index(fields=["status", "name"]), models.Index(fields=["status", "kind", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_path("actors:actor_detail", self.slug)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Relation(TimeStampedModel):
    """A typed, dated edge between two actors; public only once the other side confirmed it."""

    class Kind(models.TextChoices):
        PART_OF = "part_of", _("is part of")
        MEMBER_OF = "member_of", _("is a member of")
        PARTNER_OF = "partner_of", _("is a partner of")
        FUNDED_BY = "funded_by", _("is funded by")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    source = models.ForeignKey(Actor, verbose_name=_("from"), on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Actor, verbose_name=_("to"), on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PROPOSED)
    start_date = models.DateField(_("since"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_by_actor = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The side that proposed the relation; the other side confirms.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="relation_unique_per_kind"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="relation_not_to_itself"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="relation_dates_in_order",
            ),
        ]
        # Lookups go by actor first (its page, its network); a state-first index misled SQLite's
        # planner, which keeps no statistics, into scanning every confirmed relation.
        indexes = [
            models.Index(fields=["source", "state"], name="relation_source_state"),
            models.Index(fields=["target", "state"], name="relation_target_state"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def confirming_actor(self) -> Actor:
        return self.target if self.proposed_by_actor_id == self.source_id else self.source

    @property
    def proposing_actor(self) -> Actor | None:
        """The side that proposed the relation (None for relations entered without one, e.g. imports)."""
        if self.proposed_by_actor_id == self.source_id:
            return self.source
        if self.proposed_by_actor_id == self.target_id:
            return self.target
        return None

    @property
    def has_ended(self) -> bool:
        """A former relation: its end date is today or past. It stays on the pages, marked as such."""
        return self.end_date is not None and self.end_date <= timezone.localdate()
