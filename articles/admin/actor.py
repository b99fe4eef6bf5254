"""Actors and their aliases: an actor is found by any spelling of any of its names."""

from django.contrib import admin
from django.db.models import Count, Q
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Actor, Alias
from articles.text import normalize

from .common import EditorHelpMixin, normalized_alias_match


class AliasInline(EditorHelpMixin, admin.TabularInline):
    model = Alias
    fields = ["name", "language", "kind", "search_key"]
    readonly_fields = ["search_key"]
    extra = 1
    help_texts = {
        "name": "Every spelling an outlet uses: Lukashenko, Lukashenka, Лукашэнка… "
        "Search and mention detection find the actor by any of them.",
        "language": "The language or script of this spelling.",
    }

    @admin.display(description="search key")
    def search_key(self, obj):
        # Shown so an editor can see why two spellings meet (Kalinoŭski = Kalinouski).
        return obj.normalized or "—"


@admin.register(Actor)
class ActorAdmin(EditorHelpMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "parent", "article_count"]
    list_filter = ["kind", "country"]
    list_select_related = ["parent"]
    list_per_page = 50
    # Stated here because the article count's GROUP BY drops Meta.ordering.
    ordering = ["name"]
    search_fields = ["name", "slug", "aliases__name", "aliases__normalized"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "country", "parent"]}),
        ("About", {"fields": ["summary", "wikidata_id"]}),
    ]
    help_texts = {
        "name": "The name the archive shows. Add every other spelling as an alias below, "
        "including this one.",
        "slug": "The actor's address: /actors/<slug>/. Filled in from the name; "
        "do not change it once published, links would break.",
        "summary": "Two or three plain sentences: who this is and why they appear in the archive.",
        "parent": "Type to search. The body this actor belongs to, "
        "e.g. the regiment's command or a border guard's service.",
        "wikidata_id": "Optional, like Q12345, from wikidata.org.",
    }

    def get_queryset(self, request):
        # Counted in the same query as the rows: no query per actor on the changelist.
        return (
            super()
            .get_queryset(request)
            .annotate(
                article_count=Count("mentions", filter=Q(mentions__rejected=False), distinct=True)
            )
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    def get_search_results(self, request, queryset, search_term):
        # The plain search compares text as typed; an alias's folded key also lets
        # 'Kalinoŭski' find 'Kalinouski' and 'LUKASHENKA' find 'Lukashenka'.
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found = found | normalized_alias_match(queryset, search_term)
        return found, may_have_duplicates


@admin.register(Alias)
class AliasAdmin(EditorHelpMixin, SimpleHistoryAdmin):
    list_display = ["name", "actor", "language", "kind", "normalized"]
    list_filter = ["language", "kind"]
    list_select_related = ["actor"]
    list_per_page = 100
    search_fields = ["name", "normalized", "actor__name"]
    autocomplete_fields = ["actor"]
    readonly_fields = ["normalized"]
    fields = ["actor", "name", "language", "kind", "normalized"]
    help_texts = AliasInline.help_texts | {"actor": "Type to search by any of the actor's names."}

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            key = normalize(search_term)
            if key:
                found = found | queryset.filter(normalized__contains=key)
        return found, may_have_duplicates
