"""The editors' admin: one module per area, registered on import."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import actor, article, event, mention, source_topic  # noqa: F401

admin.site.site_header = _("Belarus War Archive · editors")
admin.site.site_title = _("Belarus War Archive editors")
admin.site.index_title = _("The archive")
