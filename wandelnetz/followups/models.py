"""Follow-ups ("Was wurde daraus?"): what a meeting concluded, and what became of it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wandelnetz.core.models import ChoiceLabelsModel, TimeStampedModel
from wandelnetz.core.paths import slug_path


class FollowUp(TimeStampedModel):
    """A conclusion, proposal or open point, with an owner, a status and the history of that status."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        UNDER_REVIEW = "under_review", _("under review")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        REJECTED = "rejected", _("rejected")
        STALLED = "stalled", _("stalled")

    class Origin(models.TextChoices):
        MINUTES = "minutes", _("from the minutes of an event")
        EVENT = "event", _("from an event")
        DIRECT = "direct", _("entered directly")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    text = models.TextField(_("text"), blank=True, max_length=20_000)
    topics = models.ManyToManyField("topics.Topic", verbose_name=_("topics"), blank=True, related_name="follow_ups")
    owner_actor = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("owner (actor)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    owner_name = models.CharField(
        _("owner (person or group)"),
        max_length=200,
        blank=True,
        help_text=_("Who takes care of it, in words, when it is not an actor on the platform."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    status_reason = models.CharField(
        _("reason"), max_length=300, blank=True, help_text=_("Why it is stalled or rejected, e.g. “funding missing”.")
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    due_date = models.DateField(_("due"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.DIRECT)
    source_event = models.ForeignKey(
        "events.Event",
        verbose_name=_("from the event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-status_changed_at", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            models.Index(fields=["status", "-status_changed_at"], name="followup_status_changed"),
            models.Index(fields=["source_event", "status"], name="followup_event_status"),
            # The list's order: without it every page sorted all follow-ups (bench, issue 4).
            models.Index(fields=["-status_changed_at", "id"], name="followup_latest_change"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return slug_path("followups:followup_detail", self.slug)


# Which status may follow which. Anything else is refused with a message; "stalled" and
# "rejected" need a reason. Reopening is a step back to "in progress" or "proposed".
S = FollowUp.Status
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PROPOSED: frozenset({S.UNDER_REVIEW, S.IN_PROGRESS, S.REJECTED, S.STALLED}),
    S.UNDER_REVIEW: frozenset({S.PROPOSED, S.IN_PROGRESS, S.REJECTED, S.STALLED}),
    S.IN_PROGRESS: frozenset({S.DONE, S.STALLED, S.REJECTED}),
    S.STALLED: frozenset({S.UNDER_REVIEW, S.IN_PROGRESS, S.REJECTED}),
    S.DONE: frozenset({S.IN_PROGRESS}),
    S.REJECTED: frozenset({S.PROPOSED}),
}
REASON_REQUIRED = frozenset({S.STALLED, S.REJECTED})


class StatusChange(ChoiceLabelsModel):
    """One step of a follow-up's timeline: the first (from_status empty) is its creation."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=FollowUp.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=FollowUp.Status.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=5000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["follow_up", "changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.follow_up_id}: {self.from_status} → {self.to_status}"


class FollowUpLink(ChoiceLabelsModel):
    """Where a follow-up went next: an event, a body (its meeting), another follow-up, or a web page."""

    class Kind(models.TextChoices):
        EVENT = "event", _("event")
        BODY = "body", _("body")
        FOLLOW_UP = "follow_up", _("follow-up")
        WEB = "web", _("web page")

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.CASCADE, related_name="follow_up_links"
    )
    body = models.ForeignKey(
        "bodies.Body", null=True, blank=True, on_delete=models.CASCADE, related_name="follow_up_links"
    )
    target = models.ForeignKey(FollowUp, null=True, blank=True, on_delete=models.CASCADE, related_name="linked_from")
    url = models.URLField(_("address"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["follow_up", "added_at", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="event", event__isnull=False, body__isnull=True, target__isnull=True, url="")
                    | models.Q(kind="body", event__isnull=True, body__isnull=False, target__isnull=True, url="")
                    | models.Q(kind="follow_up", event__isnull=True, body__isnull=True, target__isnull=False, url="")
                    | models.Q(kind="web", event__isnull=True, body__isnull=True, target__isnull=True)
                    & ~models.Q(url="")
                ),
                name="followup_link_one_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(target=models.F("follow_up")), name="followup_link_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follow_up_id} → {self.kind}"


class Follower(models.Model):
    """A signed-in person who is told of each status change of a follow-up."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_follow_ups")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["follow_up", "user"], name="follower_once")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.follow_up_id}"
