from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from articles.links import detail_url

from .common import SluggedModel, SlugManagerMixin


class TopicManager(SlugManagerMixin, models.Manager):
    pass


class Topic(SluggedModel):
    name = models.CharField(
        pgettext_lazy("a source's or topic's name", "name"), max_length=200, unique=True
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("broader topic"),
    )

    history = HistoricalRecords()
    objects = TopicManager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("articles:topic_detail", self.slug)
