from django.db import models
from django.utils.translation import gettext_lazy as _

from wandelnetz.core.paths import slug_path
from wandelnetz.core.trees import TreeNode


class Topic(TreeNode):
    """A theme of structural change ("Mobilität", "Jugendbeteiligung"); a tree."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_path("topics:topic_detail", self.slug)


class Region(TreeNode):
    """Revier › Landkreis or kreisfreie Stadt › Gemeinde › Ortsteil; a tree."""

    class Kind(models.TextChoices):
        REVIER = "revier", _("Mining region")
        STATE = "state", _("Federal state")
        DISTRICT = "district", _("District")
        CITY = "city", _("District-free city")
        MUNICIPALITY = "municipality", _("Municipality")
        LOCALITY = "locality", _("Locality")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("federal state"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)

    class Meta:
        ordering = ["path"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_path("topics:region_detail", self.slug)
