from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from archive.language import switch_language
from articles.api.views import docs as api_docs
from articles.sitemaps import SITEMAPS


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page links to; the icon is an SVG,
    at its hashed static address (looked up per request, once the manifest exists)."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("images/favicon.svg")


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        # A moved admin is not named: robots.txt is public, and naming it would undo the move.
        return super().get_context_data(admin_moved=settings.ADMIN_PATH != "admin/", **kwargs)


urlpatterns = [
    # An index of sections, each paged at 50,000 addresses (?p=2 …): one file could hold
    # only the first 50,000 of a large archive.
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("snapshots/", include("capture.urls")),
    path("language/<str:code>/", switch_language, name="switch_language"),
]
# English at today's addresses, the other languages under /be/, /uk/, /ru/.
urlpatterns += i18n_patterns(
    # The API's guide is a page for people, in the reader's language like every other
    # (/be/api/v1/docs/); the API it documents is data, the same in every language.
    path("api/v1/docs/", api_docs, name="api_docs"),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("", include("articles.urls")),
    prefix_default_language=False,
)
# After the guide: everything else under api/v1/ is the API's, a JSON 404 included.
urlpatterns += [path("api/v1/", include("articles.api.urls"))]

# No handler404/handler500 here: Django's own render templates/404.html (branded, through
# base.html) and templates/500.html (standalone: an error page must not need the database).
