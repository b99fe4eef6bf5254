from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MentionQuerySet(models.QuerySet):
    def shown(self):
        """Mentions the public sees: everything but those an editor has rejected."""
        return self.filter(rejected=False)

    def set_by_editors(self):
        """Editors' decisions, kept or rejected: what an import states and an export
        for re-import writes (detection finds the others again from the text)."""
        return self.filter(origin=Mention.Origin.EDITOR)


class Mention(models.Model):
    """An article names an actor: found from the actor's aliases, or decided by an editor.

    An editor's decision (origin=editor) is never overwritten by detection; an
    editor removes a wrong detection by marking it rejected, so detection
    does not bring it back.
    """

    class Origin(models.TextChoices):
        DETECTED = "detected", _("Detected from aliases")
        EDITOR = "editor", _("Set by an editor")

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="mentions",
        verbose_name=_("article"),
    )
    actor = models.ForeignKey(
        "articles.Actor",
        on_delete=models.CASCADE,
        related_name="mentions",
        verbose_name=_("actor"),
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.EDITOR
    )
    count = models.PositiveIntegerField(
        _("count"), default=0, help_text=_("How often the article names the actor.")
    )
    rejected = models.BooleanField(
        _("rejected"),
        default=False,
        help_text=_("An editor says this actor is not in the article; detection keeps out."),
    )

    history = HistoricalRecords()
    objects = MentionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["-count", "actor__name"]
        indexes = [models.Index(fields=["actor", "article"], name="mention_actor_article")]
        constraints = [
            models.UniqueConstraint(fields=["article", "actor"], name="mention_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(rejected=True, origin="detected"),
                name="mention_only_editors_reject",
            ),
        ]

    def __str__(self):
        return f"{self.article} → {self.actor}"
