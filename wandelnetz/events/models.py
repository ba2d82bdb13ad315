"""Series, events, their materialised occurrences, registrations and imported calendars.

Times are stored as aware datetimes (UTC in the database) and always shown in Europe/Berlin.
A recurring event keeps its RRULE text; its occurrences are materialised for a rolling window
(`services.materialise_occurrences`) so that no list or feed expands rules per request.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wandelnetz.core.models import ChoiceLabelsModel, TimeStampedModel
from wandelnetz.core.paths import slug_path


class EventKind(models.TextChoices):
    STAMMTISCH = "stammtisch", _("Stammtisch")
    MEETING = "meeting", _("Meeting")
    WORKSHOP = "workshop", _("Workshop")
    TALK = "talk", _("Talk")
    FILM = "film", _("Film evening")
    CONFERENCE = "conference", _("Conference")
    EDUCATION = "education", _("Education offer / training")
    EXCURSION = "excursion", _("Excursion")


class Series(TimeStampedModel):
    """A run of related events, e.g. the "Strukturwandel-Stammtisch"."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    # The kind of its events, e.g. an education offer ("Bildungsangebot") whose dates follow.
    kind = models.CharField(_("kind"), max_length=20, blank=True, choices=EventKind.choices)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=20_000)
    organisers = models.ManyToManyField(
        "actors.Actor", verbose_name=_("organisers"), blank=True, related_name="event_series"
    )
    topics = models.ManyToManyField("topics.Topic", verbose_name=_("topics"), blank=True, related_name="event_series")
    regions = models.ManyToManyField(
        "topics.Region", verbose_name=_("regions"), blank=True, related_name="event_series"
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return slug_path("events:series_detail", self.slug)


class TargetGroup(ChoiceLabelsModel):
    """Whom an event is meant for; a fixed list (the codes below), stored as rows to filter by."""

    class Code(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        CHILDREN = "children", _("Children")
        YOUNG_PEOPLE = "young_people", _("Young people")
        FAMILIES = "families", _("Families")
        SENIORS = "seniors", _("Older people")
        MULTIPLIERS = "multipliers", _("Multipliers")
        ASSOCIATIONS = "associations", _("Associations and initiatives")
        PROFESSIONALS = "professionals", _("Professionals and administration")

    code = models.CharField(_("code"), max_length=30, unique=True, choices=Code.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return str(self.get_code_display())


class CalendarFeed(TimeStampedModel):
    """An actor's existing iCalendar feed, fetched periodically into events (see `importing.py`)."""

    class Status(models.TextChoices):
        NEW = "new", _("Not fetched yet")
        OK = "ok", _("Fetched")
        ERROR = "error", _("Failed")

    actor = models.ForeignKey(
        "actors.Actor", verbose_name=_("actor"), on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    url = models.URLField(_("feed address"), max_length=500)
    active = models.BooleanField(_("active"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_event_count = models.PositiveIntegerField(_("events in the feed"), default=0)
    etag = models.CharField(max_length=200, blank=True)
    last_modified_header = models.CharField(max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("imported calendar")
        verbose_name_plural = _("imported calendars")
        constraints = [models.UniqueConstraint(fields=["actor", "url"], name="calendarfeed_unique_per_actor")]

    def __str__(self) -> str:
        return self.url


class Event(TimeStampedModel):
    """One event, or the master of a recurring one (then `rrule` is set)."""

    Kind = EventKind

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")

    class Language(models.TextChoices):
        GERMAN = "de", _("German")
        ENGLISH = "en", _("English")
        POLISH = "pl", _("Polish")
        CZECH = "cs", _("Czech")
        SORBIAN = "hsb", _("Sorbian")
        GERMAN_ENGLISH = "de-en", _("German and English")
        EASY_GERMAN = "de-easy", _("Easy German")

    uid = models.CharField(_("calendar UID"), max_length=255, unique=True, editable=False)
    series = models.ForeignKey(
        Series, verbose_name=_("series"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=20_000)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)

    # The first (or only) occurrence. With `time_to_be_announced` only the date counts
    # ("Uhrzeit folgt"); `all_day` events span whole days (`ends_at` is then the last day's start).
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    all_day = models.BooleanField(_("all day"), default=False)
    time_to_be_announced = models.BooleanField(_("time to be announced"), default=False)
    rrule = models.CharField(
        _("repeats"), max_length=500, blank=True, help_text=_("An iCalendar RRULE, e.g. FREQ=MONTHLY;BYDAY=2MO")
    )

    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    place = models.ForeignKey(
        "places.Place", verbose_name=_("place"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    location_note = models.CharField(
        _("location note"), max_length=300, blank=True, help_text=_("E.g. “changing places in the district of Leipzig”")
    )
    online_url = models.URLField(
        _("online link"), max_length=500, blank=True, help_text=_("Shown only to registered participants.")
    )

    organisers = models.ManyToManyField("actors.Actor", verbose_name=_("organisers"), related_name="events")
    topics = models.ManyToManyField("topics.Topic", verbose_name=_("topics"), blank=True, related_name="events")
    regions = models.ManyToManyField("topics.Region", verbose_name=_("regions"), blank=True, related_name="events")
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="events"
    )
    accessibility = models.TextField(_("accessibility"), blank=True, max_length=2000)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, default=Language.GERMAN)

    # Registration (per occurrence).
    registration_enabled = models.BooleanField(_("registration"), default=False)
    capacity = models.PositiveIntegerField(
        _("places available"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("Empty: no limit."),
    )
    registration_closes_hours = models.PositiveIntegerField(
        _("registration closes (hours before the start)"),
        default=0,
        validators=[MaxValueValidator(24 * 365)],
    )
    registration_questions = models.TextField(
        _("questions for participants"),
        blank=True,
        max_length=2000,
        help_text=_("One question per line, e.g. “Do you need barrier-free access?”"),
    )

    # Calendar bookkeeping.
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    feed = models.ForeignKey(
        CalendarFeed, null=True, blank=True, on_delete=models.CASCADE, related_name="events", editable=False
    )
    source_uid = models.CharField(max_length=255, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["feed", "source_uid"],
                condition=models.Q(feed__isnull=False),
                name="event_unique_source_uid_per_feed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.uid:
            self.uid = f"{uuid.uuid4()}@wandelnetz"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_path("events:event_detail", self.slug)

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def needs_place(self) -> bool:
        return self.attendance != self.Attendance.ONLINE

    @property
    def place_to_be_announced(self) -> bool:
        return self.needs_place and self.place_id is None and not self.location_note

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.registration_questions.splitlines() if line.strip()]


class Contribution(models.Model):
    """An input (Impuls) at an event: a speaker, an actor, or both, and a title."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="contributions")
    speaker_name = models.CharField(_("speaker"), max_length=200, blank=True)
    actor = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return self.title


class OccurrenceChange(TimeStampedModel):
    """An exception to a recurring event: one date left out (EXDATE) or changed (RECURRENCE-ID)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="changes")
    original_start = models.DateTimeField(_("original start"))
    excluded = models.BooleanField(_("left out"), default=False)
    starts_at = models.DateTimeField(_("new start"), null=True, blank=True)
    ends_at = models.DateTimeField(_("new end"), null=True, blank=True)
    place = models.ForeignKey(
        "places.Place", verbose_name=_("other place"), null=True, blank=True, on_delete=models.SET_NULL
    )
    location_note = models.CharField(_("location note"), max_length=300, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["original_start"]
        verbose_name = _("changed date")
        verbose_name_plural = _("changed dates")
        constraints = [
            models.UniqueConstraint(fields=["event", "original_start"], name="occurrencechange_unique_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.event} @ {self.original_start:%Y-%m-%d %H:%M}"


class Occurrence(models.Model):
    """One date of an event, materialised from its rule and changes; registrations hang here."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    original_start = models.DateTimeField(help_text="The date the rule gives (RECURRENCE-ID); never changes.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    cancelled = models.BooleanField(default=False)
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    location_note = models.CharField(max_length=300, blank=True)
    note = models.CharField(max_length=300, blank=True)
    is_changed = models.BooleanField(default=False, help_text="Differs from the rule (an OccurrenceChange).")

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        constraints = [
            models.UniqueConstraint(fields=["event", "original_start"], name="occurrence_unique_per_date"),
        ]
        indexes = [models.Index(fields=["starts_at"], name="occurrence_starts_at")]

    def __str__(self) -> str:
        return f"{self.event} @ {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("events:occurrence_detail", kwargs={"slug": self.event.slug, "pk": self.pk})

    @property
    def effective_place(self):
        return self.place if self.place_id else self.event.place

    @property
    def effective_location_note(self) -> str:
        return self.location_note or self.event.location_note

    @property
    def time_text(self) -> str:
        """The time of day in words ("17:00–18:30 Uhr", "Uhrzeit folgt"), in Berlin time."""
        from wandelnetz.events.recurrence import describe_times

        event = self.event
        return describe_times(
            self.starts_at, self.ends_at, all_day=event.all_day, to_be_announced=event.time_to_be_announced
        )

    @property
    def is_moved(self) -> bool:
        return self.is_changed and self.starts_at != self.original_start


class Registration(TimeStampedModel):
    """Someone's place (or waitlist spot) at one occurrence; cancel by signed link, no login needed."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Email not yet confirmed")
        CONFIRMED = "confirmed", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    # When the person confirmed (or registered signed in): the waitlist's order.
    queued_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "email"],
                condition=~models.Q(status="cancelled"),
                name="registration_one_active_per_email",
            )
        ]
        indexes = [models.Index(fields=["occurrence", "status"], name="registration_occ_status")]

    def __str__(self) -> str:
        return f"{self.name} → {self.occurrence}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.WAITLISTED)
