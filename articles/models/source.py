from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from articles.links import detail_url

from .common import Country, SluggedModel, SlugManagerMixin


class SourceManager(SlugManagerMixin, models.Manager):
    pass


class Source(SluggedModel):
    """A publisher or outlet: who published an article, where a copy came from, who was cited."""

    class Kind(models.TextChoices):
        NEWS_OUTLET = "news", _("News outlet")
        WIRE_AGENCY = "wire", _("Wire agency")
        THINK_TANK = "think_tank", _("Think tank")
        GOVERNMENT = "government", _("Government body")
        NGO = "ngo", _("NGO")
        SOCIAL_MEDIA = "social", _("Social media")
        AGGREGATOR = "aggregator", _("Aggregator or republisher")

    name = models.CharField(
        pgettext_lazy("a source's or topic's name", "name"), max_length=200, unique=True
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    homepage = models.URLField(_("homepage"), blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS_OUTLET
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()
    objects = SourceManager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("articles:source_detail", self.slug)
