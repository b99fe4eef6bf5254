"""Sources (outlets) and topics: the archive's two ways of grouping articles besides actors."""

from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Source, Topic

from .common import EditorHelpMixin


@admin.register(Source)
class SourceAdmin(EditorHelpMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "homepage", "article_count"]
    list_filter = ["kind", "country"]
    list_per_page = 50
    ordering = ["name"]  # the article count's GROUP BY drops Meta.ordering
    search_fields = ["name", "slug", "homepage"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "kind", "country", "homepage", "description"]
    help_texts = {
        "name": "The outlet's name as it styles itself: Newsweek, Foreign Policy, Ocnus.net.",
        "slug": "The source's address: /sources/<slug>/. Filled in from the name.",
        "kind": "A republisher that copies others' articles is “Aggregator or republisher”.",
        "description": "One or two sentences a reader needs to weigh the outlet.",
    }

    def get_queryset(self, request):
        # Published by it, in the same query as the rows: no query per source.
        return (
            super().get_queryset(request).annotate(article_count=Count("articles", distinct=True))
        )

    @admin.display(description="articles published", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Topic)
class TopicAdmin(EditorHelpMixin, SimpleHistoryAdmin):
    list_display = ["name", "parent", "article_count", "event_count"]
    list_select_related = ["parent"]
    list_per_page = 100
    ordering = ["name"]  # the counts' GROUP BY drops Meta.ordering
    search_fields = ["name", "slug", "description"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "parent", "description"]
    help_texts = {
        "slug": "The topic's address: /topics/<slug>/. Filled in from the name.",
        "parent": "Optional. Type to search. A broader topic this one is grouped under.",
    }

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                article_count=Count("articles", distinct=True),
                event_count=Count("events", distinct=True),
            )
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    @admin.display(description="events", ordering="event_count")
    def event_count(self, obj):
        return obj.event_count
