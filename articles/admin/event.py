"""Events: what the articles report, who took part, and how far the claim is verified."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Event, EventActor, EventReport

from .common import (
    AccusativeTitlesMixin,
    ChangeReasonMixin,
    EditorHelpMixin,
    NotInIndexMixin,
    normalized_alias_match,
)
from .forms import EventAdminForm


class EventActorInline(EditorHelpMixin, admin.TabularInline):
    model = EventActor
    fields = ["actor", "role", "note"]
    autocomplete_fields = ["actor"]
    extra = 1
    help_texts = {
        "actor": _("Type any spelling of the actor's name."),
        "role": _(
            "The actor's part: the border service that claims a crossing is "
            "“Makes the claim”, the committee that denies it “Denies the claim”."
        ),
        "note": _("Optional, shown beside the actor on the event's page."),
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class ReportInline(EditorHelpMixin, admin.TabularInline):
    model = EventReport
    fields = ["article", "original_outlet"]
    autocomplete_fields = ["article", "original_outlet"]
    extra = 1
    verbose_name = _("article reporting it")
    verbose_name_plural = _("articles reporting it")
    help_texts = {
        "article": _("Type to search. An article that reports this event."),
        "original_outlet": _(
            "Only when the article relays another outlet's reporting (republishes it, or "
            "only cites it): that outlet. The event's count of independent outlets then "
            "counts it once, as that outlet's."
        ),
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "original_outlet")


@admin.register(Event)
class EventAdmin(AccusativeTitlesMixin, ChangeReasonMixin, EditorHelpMixin, SimpleHistoryAdmin):
    accusative_name = pgettext_lazy("accusative", "event")
    form = EventAdminForm
    list_display = ["title", "date", "status", "kind", "place"]
    list_filter = ["status", "kind", "date_precision", "country"]
    list_per_page = 50
    date_hierarchy = "start_date"
    search_fields = ["title", "summary", "place", "slug"]
    autocomplete_fields = ["topics"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [EventActorInline, ReportInline]
    save_on_top = True
    fieldsets = [
        (_("Event"), {"fields": ["title", "slug", "kind", "summary"]}),
        (_("Date"), {"fields": ["start", "end"]}),
        (
            _("Place"),
            {"fields": ["place", "place_precision", "country", "latitude", "longitude"]},
        ),
        (_("Verification"), {"fields": ["status", "status_note"]}),
        (_("Links"), {"fields": ["topics"]}),
    ]
    help_texts = {
        "slug": _(
            "The event's address: /events/<slug>/. Filled in from the title; "
            "do not change it once published, links would break."
        ),
        "summary": _("What happened, in plain sentences, as far as the reporting supports it."),
        "place": _("As precise as the reporting allows: a town, a border section, a region."),
        "latitude": _("Optional, decimal degrees (Brest is 52.09752)."),
        "longitude": _("Optional, decimal degrees (Brest is 23.68775)."),
        "status": _(
            "Reported: one outlet says so. Corroborated: independent sources agree. "
            "Confirmed: officially or documentarily established. Disputed/Denied: a party "
            "contests or denies it; say who in the note."
        ),
        "topics": _("Type to search."),
    }

    @admin.display(description=_("date"), ordering="start_date")
    def date(self, obj):
        return obj.date_display


@admin.register(EventActor)
class EventActorAdmin(
    AccusativeTitlesMixin,
    NotInIndexMixin,
    ChangeReasonMixin,
    EditorHelpMixin,
    SimpleHistoryAdmin,
):
    accusative_name = pgettext_lazy("accusative", "actor in event")
    list_display = ["event", "actor", "role", "note"]
    list_filter = ["role"]
    list_select_related = ["event", "actor"]
    list_per_page = 100
    search_fields = ["event__title", "actor__name", "actor__aliases__normalized"]
    autocomplete_fields = ["event", "actor"]
    help_texts = EventActorInline.help_texts

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found = found | normalized_alias_match(queryset, search_term, actor_path="actor")
        return found, may_have_duplicates
