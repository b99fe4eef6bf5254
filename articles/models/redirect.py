from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SlugRedirectQuerySet(models.QuerySet):
    def target(self, model, slug):
        """The row that `slug` of `model` now lives at (after a merge), or None."""
        redirect = (
            self.filter(content_type=ContentType.objects.get_for_model(model), old_slug=slug)
            .only("object_id")
            .first()
        )
        if redirect is None:
            return None
        return model._default_manager.filter(pk=redirect.object_id).first()

    def point(self, old, new):
        """Send `old`'s address, and every address that already led to `old`, to `new`."""
        content_type = ContentType.objects.get_for_model(type(new))
        self.filter(content_type=content_type, object_id=old.pk).update(object_id=new.pk)
        self.update_or_create(
            content_type=content_type, old_slug=old.slug, defaults={"object_id": new.pk}
        )


class SlugRedirect(models.Model):
    """The address of an actor, source or topic merged into another: it answers with a
    301 to the row it was merged into, so links and bookmarks keep working."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("content type")
    )
    old_slug = models.SlugField(_("old slug"), max_length=200)
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SlugRedirectQuerySet.as_manager()

    class Meta:
        verbose_name = _("redirect after a merge")
        verbose_name_plural = _("redirects after merges")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="slug_redirect_unique_old_slug"
            ),
        ]

    def __str__(self):
        return f"{self.old_slug} → {self.target}"
