from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wandelnetz.core.models import TimeStampedModel
from wandelnetz.core.paths import slug_path


class Place(TimeStampedModel):
    """A meeting place ("Begegnungsort") with an address and coordinates."""

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    street = models.CharField(_("street and number"), max_length=160, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    locality = models.CharField(_("town"), max_length=120, blank=True)
    region = models.ForeignKey(
        "topics.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_path("places:place_detail", self.slug)

    @property
    def address(self) -> str:
        town = " ".join(part for part in [self.postcode, self.locality] if part)
        return ", ".join(part for part in [self.street, town] if part)
