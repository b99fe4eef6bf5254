"""The merge action for actors, sources and topics: a confirmation page that shows what
moves, then articles.merging does it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.merging import merge, what_moves

from .common import CHANGE_REASON_MAX

# A merge is about duplicates: a handful at a time, each counted on the confirmation page.
MAX_MERGED = 10


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label=gettext_lazy("Keep"),
        error_messages={"required": gettext_lazy("Choose the one to keep.")},
    )
    change_reason = forms.CharField(
        label=gettext_lazy("Reason for this change"),
        required=False,
        max_length=CHANGE_REASON_MAX - 40,  # the history's note names the merged rows first
    )

    def __init__(self, queryset, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = queryset


@admin.action(
    description=gettext_lazy("Merge selected duplicates into one"), permissions=["change"]
)
def merge_selected(modeladmin, request, queryset):
    opts = modeladmin.model._meta
    queryset = queryset.order_by("pk")
    count = queryset.count()
    if not 2 <= count <= MAX_MERGED:
        modeladmin.message_user(
            request,
            _("Select from 2 to %(max)d %(things)s to merge.")
            % {"max": MAX_MERGED, "things": opts.verbose_name_plural},
            messages.WARNING,
        )
        return None
    form = MergeForm(queryset, request.POST if "merge" in request.POST else None)
    if form.is_bound and form.is_valid():
        keep = form.cleaned_data["keep"]
        duplicates = [obj for obj in queryset if obj.pk != keep.pk]
        merge(keep, duplicates, form.cleaned_data["change_reason"])
        modeladmin.message_user(
            request,
            ngettext(
                "Merged %(count)d %(thing)s into “%(keep)s”; its old address now leads there.",
                "Merged %(count)d %(things)s into “%(keep)s”; their old addresses now lead there.",
                len(duplicates),
            )
            % {
                "count": len(duplicates),
                "thing": opts.verbose_name,
                "things": opts.verbose_name_plural,
                "keep": keep,
            },
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[keep.pk])
        )
    items = [what_moves(obj) for obj in queryset]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Merge %(things)s") % {"things": opts.verbose_name_plural},
        "opts": opts,
        "form": form,
        "rows": list(zip(form["keep"], items, strict=True)),
        "queryset": queryset,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    return TemplateResponse(request, "admin/articles/merge_confirmation.html", context)
