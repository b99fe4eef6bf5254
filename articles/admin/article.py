"""Articles: what editors add, correct, link to actors and events, and publish."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, EventReport, Mention
from articles.search import search_articles

from . import actions
from .common import AccusativeTitlesMixin, ChangeReasonMixin, EditorHelpMixin
from .forms import ArticleAdminForm

MENTION_HELP = _(
    "Actors this article names. Rows marked “Detected from aliases” were found automatically; "
    "any row you add or change becomes “Set by an editor”, and detection never overwrites it. "
    "To remove a wrong detection, tick “rejected” rather than deleting the row: a deleted "
    "detection comes back the next time articles are scanned, a rejected one stays out."
)


class MentionInline(EditorHelpMixin, admin.TabularInline):
    model = Mention
    fields = ["actor", "origin", "count", "rejected"]
    # Origin is not a choice for the editor: whatever they save is their decision.
    readonly_fields = ["origin"]
    autocomplete_fields = ["actor"]
    extra = 1
    template = "admin/articles/article/mention_inline.html"
    help_text = MENTION_HELP
    help_texts = {
        "actor": _("Type any spelling of the actor's name (Lukashenka, Лукашэнка…)."),
        "count": _("How often the article names the actor; 0 if you do not want to count."),
        "rejected": _(
            "Tick when the actor is not really in the article; detection will keep "
            "it out and the public pages will not show it."
        ),
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class EventInline(admin.TabularInline):
    model = EventReport
    fields = ["event", "original_outlet"]
    autocomplete_fields = ["event", "original_outlet"]
    extra = 1
    verbose_name = _("event this article reports")
    verbose_name_plural = _("events this article reports")


@admin.register(Article)
class ArticleAdmin(AccusativeTitlesMixin, ChangeReasonMixin, EditorHelpMixin, SimpleHistoryAdmin):
    accusative_name = pgettext_lazy("accusative", "article")
    form = ArticleAdminForm
    list_display = ["title", "source", "date", "status", "byline_or_none"]
    list_display_links = ["title"]
    list_filter = ["status", "source", "language", "published_precision", "topics"]
    list_select_related = ["source"]
    list_per_page = 50
    date_hierarchy = "published_on"
    search_fields = ["title", "standfirst", "byline", "original_url", "slug"]
    autocomplete_fields = ["source", "retrieved_from", "topics", "cited_sources"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["body_sha256", "archived_at"]
    actions = [actions.publish, actions.unpublish]
    inlines = [MentionInline, EventInline]
    save_on_top = True
    fieldsets = [
        (_("Article"), {"fields": ["title", "slug", "standfirst", "byline", "status"]}),
        (
            _("Publication"),
            {"fields": ["source", "retrieved_from", "original_url", "language", "archived_at"]},
        ),
        (
            _("Date"),
            {
                "fields": ["published", "date_note"],
                "description": _(
                    "Give only as much of the date as the copy supports: "
                    "2022-07 for July 2022, 2022 for a year."
                ),
            },
        ),
        (_("Body"), {"fields": ["body", "body_sha256"]}),
        (_("Links"), {"fields": ["topics", "cited_sources"]}),
    ]
    help_texts = {
        "slug": _(
            "The article's address: /articles/<slug>/. Filled in from the title; "
            "do not change it once published, links would break."
        ),
        "standfirst": _("The summary under the headline, as the outlet printed it; may be empty."),
        "status": _(
            "Drafts are visible only to editors. Publish when the text and links are checked."
        ),
        "source": _("Type to search. The outlet that published the article."),
        "retrieved_from": _(
            "Type to search. Only when the archived copy came from somewhere else, "
            "e.g. a republication on an aggregator."
        ),
        "original_url": _("The article's address at the publisher. Two articles cannot share one."),
        "body": _(
            "Plain text exactly as archived; separate paragraphs with a blank line. "
            "Leave out page furniture (newsletter appeals, links to other articles)."
        ),
        "topics": _("Type to search."),
        "cited_sources": _("Type to search. Outlets the article quotes or relies on."),
    }

    @admin.display(description=_("date"), ordering="published_on")
    def date(self, obj):
        return obj.date_display

    @admin.display(description=_("byline"), ordering="byline")
    def byline_or_none(self, obj):
        return obj.byline or _("no byline")

    def get_search_results(self, request, queryset, search_term):
        # Titles, addresses and slugs as typed, plus the archive's own search over
        # titles, standfirsts and bodies (any spelling of an actor's name included).
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.replace("\x00", "").strip()
        if term:
            matches = search_articles(queryset, term).queryset.order_by().values("pk")
            found = queryset.filter(Q(pk__in=found.order_by().values("pk")) | Q(pk__in=matches))
        return found, False

    def save_formset(self, request, form, formset, change):
        if formset.model is not Mention:
            return super().save_formset(request, form, formset, change)
        # Whatever an editor saves here is an editor's decision, so that detection
        # never overwrites it (and a rejected row may not stay "detected").
        reason = form.cleaned_data.get("change_reason") or None
        for mention in formset.save(commit=False):
            mention._change_reason = reason
            mention.origin = Mention.Origin.EDITOR
            mention.save()
        for mention in formset.deleted_objects:
            mention.delete()
        formset.save_m2m()
