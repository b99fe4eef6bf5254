"""Publishing is a status change an editor makes on many articles at once."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article


def _set_status(modeladmin, request, queryset, status, done):
    # Saved one by one, not with update(): each change gets a history row that
    # names the editor, which a bulk UPDATE would skip.
    changed = 0
    for article in queryset.exclude(status=status):
        article.status = status
        article.save()
        changed += 1
    unchanged = queryset.count() - changed
    message = done(changed) % {"n": changed}
    if unchanged:
        message += " " + ngettext(
            "%(n)d was already in that state.", "%(n)d were already in that state.", unchanged
        ) % {"n": unchanged}
    modeladmin.message_user(request, message, messages.SUCCESS)


@admin.action(description=_("Publish selected articles"), permissions=["change"])
def publish(modeladmin, request, queryset):
    _set_status(
        modeladmin,
        request,
        queryset,
        Article.Status.PUBLISHED,
        lambda n: ngettext("%(n)d article published.", "%(n)d articles published.", n),
    )


@admin.action(description=_("Unpublish (back to draft)"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    _set_status(
        modeladmin,
        request,
        queryset,
        Article.Status.DRAFT,
        lambda n: ngettext(
            "%(n)d article moved back to draft.", "%(n)d articles moved back to draft.", n
        ),
    )
