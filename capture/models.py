"""A capture request and the snapshots it keeps.

A Capture is one editor's request to archive a URL and what became of it (queued,
done with its article, or failed and why). A Snapshot is the unaltered record of
the page: a WARC file in the "snapshots" storage with the SHA-256 of the payload
and the time it was taken. Snapshots are never changed; capturing the same
article again adds one.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .errors import Failure


def snapshot_storage():
    return storages["snapshots"]


class Capture(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    url = models.URLField(_("URL"), max_length=1000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    failure = models.CharField(_("failure"), max_length=20, choices=Failure.choices, blank=True)
    message = models.TextField(_("message"), blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="captures",
        verbose_name=_("article"),
    )
    snapshot = models.OneToOneField(
        "capture.Snapshot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="capture",
        verbose_name=_("snapshot"),
    )
    new_source = models.ForeignKey(
        "articles.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed source"),
        help_text=_("A source made from the page, since no source's homepage has its domain."),
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("capture")
        verbose_name_plural = _("captures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="capture_status_valid",
            ),
        ]

    def __str__(self):
        return self.url


class Snapshot(models.Model):
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.PROTECT,
        related_name="snapshots",
        verbose_name=_("article"),
    )
    url = models.URLField(_("URL requested"), max_length=1000)
    final_url = models.URLField(_("URL of the page"), max_length=1000)
    captured_at = models.DateTimeField(_("captured at"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"))
    content_type = models.CharField(_("content type"), max_length=200)
    sha256 = models.CharField(_("SHA-256 of the payload"), max_length=64)
    size = models.PositiveIntegerField(_("payload size in bytes"))
    warc = models.FileField(_("WARC file"), storage=snapshot_storage, max_length=300)

    class Meta:
        ordering = ["-captured_at", "-id"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        indexes = [models.Index(fields=["article", "-captured_at"], name="snapshot_article_time")]

    def __str__(self):
        return f"{self.final_url} @ {self.captured_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # A snapshot is evidence: once written, it stays as it was taken.
        if self.pk is not None:
            raise ValueError("A snapshot is never modified; capture the page again instead.")
        super().save(*args, **kwargs)

    def get_warc_url(self):
        return reverse("capture:snapshot_warc", args=[self.pk])

    def get_content_url(self):
        return reverse("capture:snapshot_content", args=[self.pk])
