from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .common import SluggedModel, SlugManagerMixin


class TopicManager(SlugManagerMixin, models.Manager):
    pass


class Topic(SluggedModel):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    history = HistoricalRecords()
    objects = TopicManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic_detail", args=[self.slug])
