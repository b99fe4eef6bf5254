"""Captures in the admin: "Capture from URL" (the add page), and what became of each.

A capture is a record of what happened, so it is read-only; the editor's work is on
the draft article it made, whose page shows the snapshot beside the fields.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from articles.admin.common import AccusativeTitlesMixin

from .forms import CaptureRequestForm
from .models import Capture, Snapshot
from .service import request_captures


@admin.register(Capture)
class CaptureAdmin(AccusativeTitlesMixin, admin.ModelAdmin):
    accusative_name = pgettext_lazy("accusative", "capture")
    list_display = ["url", "status", "outcome", "requested_at"]
    list_filter = ["status", "failure"]
    list_select_related = ["article", "requested_by"]
    search_fields = ["url", "message"]
    date_hierarchy = "requested_at"
    fields = [
        "url",
        "status",
        "failure",
        "message",
        "article_link",
        "snapshot_link",
        "new_source",
        "requested_by",
        "requested_at",
        "finished_at",
        "task_id",
    ]
    readonly_fields = fields

    @admin.display(description=_("outcome"))
    def outcome(self, obj):
        """The draft once done; why, once failed."""
        if obj.status == Capture.Status.FAILED:
            return format_html("<strong>{}</strong>: {}", obj.get_failure_display(), obj.message)
        return self.article_link(obj)

    @admin.display(description=_("article"))
    def article_link(self, obj):
        if obj.article_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[obj.article_id]),
            obj.article,
        )

    @admin.display(description=_("snapshot"))
    def snapshot_link(self, obj):
        if obj.snapshot_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · SHA-256 <code>{}</code>',
            obj.snapshot.get_warc_url(),
            _("WARC file"),
            obj.snapshot.sha256,
        )

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("capture.view_capture") or self.has_add_permission(request)

    def add_view(self, request, form_url="", extra_context=None):
        """Capture from URL: one address or several, each queued as a background task."""
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = CaptureRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            captures = request_captures(form.cleaned_data["urls"], user=request.user)
            self.message_user(
                request,
                ngettext(
                    "Queued %(count)d capture. Its draft article appears here when it is done.",
                    "Queued %(count)d captures. Their draft articles appear here when done.",
                    len(captures),
                )
                % {"count": len(captures)},
                messages.SUCCESS,
            )
            return redirect("admin:capture_capture_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Capture from URL"),
            "form": form,
            "has_view_permission": self.has_view_permission(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/capture/capture/request.html", context)


@admin.register(Snapshot)
class SnapshotAdmin(AccusativeTitlesMixin, admin.ModelAdmin):
    accusative_name = pgettext_lazy("accusative", "snapshot")
    list_display = ["final_url", "article", "captured_at", "sha256", "size"]
    list_select_related = ["article"]
    search_fields = ["url", "final_url", "sha256"]
    date_hierarchy = "captured_at"
    readonly_fields = [
        "article",
        "url",
        "final_url",
        "captured_at",
        "status_code",
        "content_type",
        "sha256",
        "size",
        "warc",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
