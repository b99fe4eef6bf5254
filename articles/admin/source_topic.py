"""Sources (outlets) and topics: the archive's two ways of grouping articles besides actors."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Source, Topic
from articles.text import normalize

from .common import AccusativeTitlesMixin, ArchiveAdminForm, ChangeReasonMixin, EditorHelpMixin
from .merge import merge_selected

# What may not be deleted while it is in use, and how the delete page names it.
IN_USE_SHOWN = 20


class DeleteOnlyUnusedMixin:
    """An editor may delete a source or topic that nothing uses (a typo an import made);
    one that articles, events or other rows use is merged instead, so nothing is lost.

    Django's delete page lists "protected" objects and refuses; the links that would
    silently vanish with the row (many-to-many, SET_NULL) are added to that list.
    """

    in_use_by = []  # (related manager name, label)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected)
        for obj in objs:
            for related, label in self.in_use_by:
                users = list(getattr(obj, related).all()[: IN_USE_SHOWN + 1])
                protected += [f"{label}: {user}" for user in users[:IN_USE_SHOWN]]
                if len(users) > IN_USE_SHOWN:
                    protected.append(_("%(label)s: and more") % {"label": label})
        return deleted, model_count, perms_needed, protected


class FoldedNameForm(ArchiveAdminForm):
    """A source or topic whose name differs from another's only by case, accents or quotes
    ("NEWSWEEK", "Newsweek") is the same one twice: say which, and where to find it."""

    def clean_name(self):
        name = self.cleaned_data["name"]
        key = normalize(name)
        model = self._meta.model
        # Sources and topics are a few hundred rows: folding them in Python is cheap.
        for pk, other in model.objects.exclude(pk=self.instance.pk).values_list("pk", "name"):
            if normalize(other) == key:
                opts = model._meta
                raise forms.ValidationError(
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("The archive already has this one as"),
                        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk]),
                        other,
                    ),
                    code="duplicate_name",
                )
        return name


@admin.register(Source)
class SourceAdmin(
    AccusativeTitlesMixin,
    DeleteOnlyUnusedMixin,
    ChangeReasonMixin,
    EditorHelpMixin,
    SimpleHistoryAdmin,
):
    accusative_name = pgettext_lazy("accusative", "source")
    form = FoldedNameForm
    list_display = ["name", "kind", "country", "homepage", "article_count"]
    list_filter = ["kind", "country"]
    list_per_page = 50
    ordering = ["name"]  # the article count's GROUP BY drops Meta.ordering
    search_fields = ["name", "slug", "homepage"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "kind", "country", "homepage", "description"]
    actions = [merge_selected]
    # Articles it published or that were copied from it are protected by the database.
    in_use_by = [("cited_by", _("Article citing it"))]
    help_texts = {
        "name": _("The outlet's name as it styles itself: Newsweek, Foreign Policy, Ocnus.net."),
        "slug": _("The source's address: /sources/<slug>/. Filled in from the name."),
        "kind": _("A republisher that copies others' articles is “Aggregator or republisher”."),
        "description": _("One or two sentences a reader needs to weigh the outlet."),
    }

    def get_queryset(self, request):
        # Published by it, in the same query as the rows: no query per source.
        return (
            super().get_queryset(request).annotate(article_count=Count("articles", distinct=True))
        )

    @admin.display(description=_("articles published"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Topic)
class TopicAdmin(
    AccusativeTitlesMixin,
    DeleteOnlyUnusedMixin,
    ChangeReasonMixin,
    EditorHelpMixin,
    SimpleHistoryAdmin,
):
    accusative_name = pgettext_lazy("accusative", "topic")
    form = FoldedNameForm
    list_display = ["name", "parent", "article_count", "event_count"]
    list_select_related = ["parent"]
    list_per_page = 100
    ordering = ["name"]  # the counts' GROUP BY drops Meta.ordering
    search_fields = ["name", "slug", "description"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "parent", "description"]
    actions = [merge_selected]
    in_use_by = [
        ("articles", _("Article")),
        ("events", _("Event")),
        ("children", _("Subtopic")),
    ]
    help_texts = {
        "slug": _("The topic's address: /topics/<slug>/. Filled in from the name."),
        "parent": _("Optional. Type to search. A broader topic this one is grouped under."),
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

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    @admin.display(description=_("events"), ordering="event_count")
    def event_count(self, obj):
        return obj.event_count
