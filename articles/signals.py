"""Keeping what the archive derives from an article's text up to date when it is saved."""

import logging
from functools import partial

from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_save,
)
from django.dispatch import receiver

from . import versions
from .models import Alias, Article, Event

logger = logging.getLogger(__name__)

# Fields the search index and mention detection read.
_TEXT_FIELDS = {"title", "standfirst", "body", "language"}


def _text_changed(update_fields):
    return update_fields is None or bool(_TEXT_FIELDS & set(update_fields))


@receiver(post_save, sender=Article, dispatch_uid="articles.article_text_saved")
def article_text_saved(sender, instance, raw, update_fields, **kwargs):
    if not _text_changed(update_fields):
        return
    if raw:
        # loaddata: the seed command indexes and detects over everything afterwards.
        return
    from .search import update_search_index

    # Searchable at once; detection, after commit, indexes it again with its mentions.
    update_search_index(Article.objects.filter(pk=instance.pk))
    # After commit, not now: the admin saves the article first and its mention
    # inlines afterwards, and detection must see the editor's mentions to leave
    # them alone (and must not collide with one being added).
    transaction.on_commit(partial(_detect, instance.pk))


def _detect(pk):
    from .detection import detect_mentions

    detect_mentions(Article.objects.filter(pk=pk))
    # Again after detection: the save's own bump came before the mentions it found.
    versions.bump()


@receiver(post_save, dispatch_uid="articles.bump_on_save")
@receiver(post_delete, dispatch_uid="articles.bump_on_delete")
@receiver(m2m_changed, dispatch_uid="articles.bump_on_links")
def bump_data_version(sender, using, **kwargs):
    """Any row of the archive saved, deleted or linked: cached pages and counts go stale.

    Bulk writes (QuerySet.update, bulk_create, raw SQL) send no signals; the paths that
    use them (import, merge, detection, the corpus build) bump the version themselves.
    """
    meta = sender._meta
    if meta.app_label == "articles" and not meta.model_name.startswith("historical"):
        versions.bump(using=using)


@receiver(post_save, sender=Alias, dispatch_uid="articles.alias_saved")
@receiver(post_delete, sender=Alias, dispatch_uid="articles.alias_deleted")
def alias_changed(sender, **kwargs):
    """Detection and the reading of queries use the new name from the next request on."""
    from .detection import aliases_changed

    aliases_changed()


@receiver(pre_save, dispatch_uid="articles.no_history_for_raw_loads")
def no_history_for_raw_loads(sender, instance, raw, **kwargs):
    """loaddata restores history rows itself: the many-to-many fields it sets after saving
    an article or event raw must not add "changed" rows of their own (simple-history
    records those on m2m_changed, which knows nothing of raw loads)."""
    if raw and sender._meta.app_label == "articles":
        instance.skip_history_when_saving = True


@receiver(pre_save, sender=Article, dispatch_uid="articles.prepare_raw_article")
@receiver(pre_save, sender=Event, dispatch_uid="articles.prepare_raw_event")
def prepare_raw_loads(sender, instance, raw, **kwargs):
    """loaddata (the seed, a restored backup) writes rows without calling save(): the
    text takes its one stored form and the derived columns are filled here instead."""
    if raw:
        instance.prepare_for_save()


@receiver(post_migrate, dispatch_uid="articles.bump_after_migrate")
def bump_after_migrate(sender, using, **kwargs):
    """`migrate` runs on every deploy. What the cache keeps (pages, rows, charts, maps) was
    drawn by the code before it, with its templates and translations: it goes stale as
    after a change to the archive, so a deploy never serves the old drawing."""
    if sender.name != "articles":
        return
    try:
        versions.bump(using=using)
    except Exception:  # the cache unreachable: migrate itself must not fail for it
        logger.warning(
            "Could not bump the data version after migrate: pages drawn by the previous "
            "code may be served until the next change to the archive.",
            exc_info=True,
        )
