"""Mentions on their own: to review detection across the archive, actor by actor."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, Mention
from articles.search import update_search_index

from .article import MentionInline
from .common import (
    AccusativeTitlesMixin,
    ChangeReasonMixin,
    EditorHelpMixin,
    NotInIndexMixin,
    normalized_alias_match,
    yes_no_icon,
)


@admin.register(Mention)
class MentionAdmin(
    AccusativeTitlesMixin,
    NotInIndexMixin,
    ChangeReasonMixin,
    EditorHelpMixin,
    SimpleHistoryAdmin,
):
    accusative_name = pgettext_lazy("accusative", "mention")
    list_display = ["article", "actor", "origin", "count", "rejected_icon"]
    list_filter = ["origin", "rejected", "actor__kind"]
    list_select_related = ["article", "actor"]
    list_per_page = 100
    search_fields = ["article__title", "actor__name", "actor__aliases__normalized"]
    autocomplete_fields = ["article", "actor"]
    fields = ["article", "actor", "origin", "count", "rejected"]
    readonly_fields = ["origin"]
    help_texts = MentionInline.help_texts | {"article": _("Type to search by title.")}

    @admin.display(
        description=Mention._meta.get_field("rejected").verbose_name, ordering="rejected"
    )
    def rejected_icon(self, obj):
        return yes_no_icon(obj.rejected)

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found = found | normalized_alias_match(queryset, search_term, actor_path="actor")
        return found, may_have_duplicates

    def save_model(self, request, obj, form, change):
        # An editor's save is an editor's decision: detection must not overwrite it.
        obj.origin = Mention.Origin.EDITOR
        super().save_model(request, obj, form, change)
        self._reindex([obj.article_id])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._reindex([obj.article_id])

    def delete_queryset(self, request, queryset):
        articles = list(queryset.values_list("article_id", flat=True))
        super().delete_queryset(request, queryset)
        self._reindex(articles)

    @staticmethod
    def _reindex(article_ids):
        # The search index holds each article's shown mentions.
        update_search_index(Article.objects.filter(pk__in=article_ids))
