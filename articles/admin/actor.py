"""Actors and their aliases: an actor is found by any spelling of any of its names."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from articles.ambiguity import NameIndex
from articles.models import Actor, Alias
from articles.text import normalize
from articles.transliteration import suggest

from .actor_forms import (
    CONFIRM_FIELD,
    ActorAdminForm,
    AliasAdminForm,
    AliasInlineFormSet,
    add_suggested_aliases,
)
from .common import (
    AccusativeTitlesMixin,
    ChangeReasonMixin,
    EditorHelpMixin,
    NotInIndexMixin,
    normalized_alias_match,
    yes_no_icon,
)
from .merge import merge_selected

# How many names one request for suggestions may carry (the form's name and its aliases).
SUGGEST_MAX_NAMES = 50


def _links_to(actors):
    if not actors:
        return "—"
    return format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((reverse("admin:articles_actor_change", args=[a.pk]), a.name) for a in actors),
    )


class AmbiguousFilter(admin.SimpleListFilter):
    """Names another actor also goes by: to be marked "only with context", or moved."""

    title = _("shared with another actor")
    parameter_name = "shared"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        ambiguous = Alias.objects.ambiguous()
        if queryset.model is Actor:
            ambiguous = ambiguous.values("actor_id")
        else:
            ambiguous = ambiguous.values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=ambiguous)
        return queryset.exclude(pk__in=ambiguous)


class AliasInline(EditorHelpMixin, admin.TabularInline):
    model = Alias
    formset = AliasInlineFormSet
    fields = ["name", "language", "kind", "context_only", "search_key", "also_names"]
    readonly_fields = ["search_key", "also_names"]
    extra = 1
    help_texts = {
        "name": _(
            "Every spelling an outlet uses: Lukashenko, Lukashenka, Лукашэнка… "
            "Search and mention detection find the actor by any of them."
        ),
        "language": _("The language or script of this spelling."),
    }

    @admin.display(description=_("search key"))
    def search_key(self, obj):
        # Shown so an editor can see why two spellings meet (Kalinoŭski = Kalinouski).
        return obj.normalized or "—"

    @admin.display(description=_("also a name of"))
    def also_names(self, obj):
        if not obj.pk:
            return "—"
        shared = Alias.objects.filter(pk=obj.pk).shared_with(_index(self))
        return _links_to(shared.get(obj.pk, []))


def _index(holder):
    """One NameIndex per rendered form: built on first use, kept on the (per-request) holder."""
    index = getattr(holder, "_request_index", None)
    if index is None:
        index = holder._request_index = NameIndex.build()
    return index


class SharedNameConfirmMixin:
    """Offers the "save with the shared names" checkbox once the form has asked for it."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context["adminform"]
        warned = getattr(adminform.form, "shared_names_warned", False) or any(
            getattr(inline.formset, "shared_names_warned", False)
            for inline in context.get("inline_admin_formsets", [])
        )
        if warned:
            fieldsets = [
                (_("A name is shared"), {"fields": [CONFIRM_FIELD], "classes": ["shared-names"]}),
                *adminform.fieldsets,
            ]
            context["adminform"] = helpers.AdminForm(
                adminform.form,
                fieldsets,
                self.get_prepopulated_fields(request, obj),
                adminform.readonly_fields,
                model_admin=self,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Actor)
class ActorAdmin(
    AccusativeTitlesMixin,
    SharedNameConfirmMixin,
    ChangeReasonMixin,
    EditorHelpMixin,
    SimpleHistoryAdmin,
):
    accusative_name = pgettext_lazy("accusative", "actor")
    form = ActorAdminForm
    list_display = ["name", "kind", "country", "parent", "article_count", "shared_names"]
    list_filter = ["kind", "country", AmbiguousFilter]
    list_select_related = ["parent"]
    list_per_page = 50
    # Stated here because the article count's GROUP BY drops Meta.ordering.
    ordering = ["name"]
    search_fields = ["name", "slug", "aliases__name", "aliases__normalized"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline]
    actions = [merge_selected]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "country", "parent"]}),
        (_("About"), {"fields": ["summary", "wikidata_id"]}),
    ]
    help_texts = {
        "name": _(
            "The name the archive shows; search finds the actor by it. Add every other "
            "spelling as an alias below."
        ),
        "slug": _(
            "The actor's address: /actors/<slug>/. Filled in from the name; "
            "do not change it once published, links would break."
        ),
        "summary": _(
            "Two or three plain sentences: who this is and why they appear in the archive."
        ),
        "parent": _(
            "Type to search. The body this actor belongs to, "
            "e.g. the regiment's command or a border guard's service."
        ),
        "wikidata_id": _("Optional, like Q12345, from wikidata.org."),
    }

    class Media:
        js = ["js/admin/alias_suggestions.js"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # Suggestions after the names they come from; the confirmation only once it is asked
        # for (see render_change_form).
        return [
            *fieldsets[:-1],
            (_("Other spellings"), {"fields": ["suggested_aliases"]}),
            fieldsets[-1],
        ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        add_suggested_aliases(
            form.instance,
            form.chosen_suggestions(),
            form.cleaned_data.get("change_reason") or None,
        )

    def get_urls(self):
        return [
            path(
                "suggest-aliases/",
                self.admin_site.admin_view(self.suggest_aliases_view),
                name="articles_actor_suggest_aliases",
            ),
            *super().get_urls(),
        ]

    def suggest_aliases_view(self, request):
        """Suggested spellings as JSON, for the form's script to show as the editor types.
        The same suggestions the form validates against when it is saved."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return JsonResponse({"error": "forbidden"}, status=403)
        names = request.GET.getlist("name")[:SUGGEST_MAX_NAMES]
        languages = request.GET.getlist("language")[:SUGGEST_MAX_NAMES]
        languages += [""] * (len(names) - len(languages))
        spellings = [(n[:200], lang[:10]) for n, lang in zip(names, languages, strict=False)]
        found = suggest(spellings, [text for text, _lang in spellings])
        return JsonResponse(
            {"suggestions": [{"value": s.value, "name": s.name, "system": s.system} for s in found]}
        )

    def get_queryset(self, request):
        # Counted in the same query as the rows: no query per actor on the changelist.
        return (
            super()
            .get_queryset(request)
            .annotate(
                article_count=Count("mentions", filter=Q(mentions__rejected=False), distinct=True)
            )
        )

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # The page's shared names in one pass, not one query per row.
        actors = list(changelist.result_list)
        ambiguous = Alias.objects.filter(actor__in=actors).ambiguous()
        by_actor = {}
        for alias in ambiguous.only("actor_id", "name"):
            by_actor.setdefault(alias.actor_id, []).append(alias.name)
        for actor in actors:
            actor.shared_alias_names = sorted(by_actor.get(actor.pk, []))
        return changelist

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    @admin.display(description=_("names shared with others"))
    def shared_names(self, obj):
        names = getattr(obj, "shared_alias_names", [])
        if not names:
            return "—"
        url = reverse("admin:articles_alias_changelist")
        return format_html(
            '<a href="{}?actor__id__exact={}&amp;shared=yes">{}</a>', url, obj.pk, ", ".join(names)
        )

    def get_search_results(self, request, queryset, search_term):
        # The plain search compares text as typed; an alias's folded key also lets
        # 'Kalinoŭski' find 'Kalinouski' and 'LUKASHENKA' find 'Lukashenka'.
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found = found | normalized_alias_match(queryset, search_term)
        return found, may_have_duplicates


@admin.action(description=_("Count only with context (beside another name of the actor)"))
def mark_context_only(modeladmin, request, queryset):
    changed = 0
    for alias in queryset.filter(context_only=False):
        alias.context_only = True
        alias._change_reason = gettext("Marked as shared with another actor.")
        alias.save()
        changed += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%(n)d alias now counts only with context.",
            "%(n)d aliases now count only with context.",
            changed,
        )
        % {"n": changed},
        messages.SUCCESS,
    )


@admin.register(Alias)
class AliasAdmin(
    AccusativeTitlesMixin,
    SharedNameConfirmMixin,
    NotInIndexMixin,
    ChangeReasonMixin,
    EditorHelpMixin,
    SimpleHistoryAdmin,
):
    """Every alias at once: reached from the actors' list, to review shared names."""

    accusative_name = pgettext_lazy("accusative", "alias")
    form = AliasAdminForm
    list_display = ["name", "actor", "language", "kind", "context_only_icon", "also_names"]
    list_filter = [AmbiguousFilter, "context_only", "language", "kind"]
    list_select_related = ["actor"]
    list_per_page = 100
    search_fields = ["name", "normalized", "actor__name"]
    autocomplete_fields = ["actor"]
    readonly_fields = ["normalized"]
    fields = ["actor", "name", "language", "kind", "context_only", "normalized"]
    actions = [mark_context_only]
    help_texts = AliasInline.help_texts | {
        "actor": _(
            "Type to search by any of the actor's names. Change it to move this "
            "name to the actor it really names."
        )
    }

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        aliases = list(changelist.result_list)
        shared = Alias.objects.filter(pk__in=[a.pk for a in aliases]).shared_with()
        for alias in aliases:
            alias.shared_actors = shared.get(alias.pk, [])
        return changelist

    @admin.display(
        description=Alias._meta.get_field("context_only").verbose_name, ordering="context_only"
    )
    def context_only_icon(self, obj):
        return yes_no_icon(obj.context_only)

    @admin.display(description=_("also a name of"))
    def also_names(self, obj):
        return _links_to(getattr(obj, "shared_actors", []))

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            key = normalize(search_term)
            if key:
                found = found | queryset.filter(normalized__contains=key)
        return found, may_have_duplicates
