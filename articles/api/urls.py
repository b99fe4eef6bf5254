from django.urls import include, path, re_path
from django.views.decorators.cache import cache_page
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = True
router.register("articles", views.ArticleViewSet, basename="article")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("events", views.EventViewSet, basename="event")
router.register("sources", views.SourceViewSet, basename="source")
router.register("topics", views.TopicViewSet, basename="topic")

urlpatterns = [
    # The schema changes only with the code: generate it once an hour, not per request.
    path("openapi.json", cache_page(60 * 60)(SpectacularJSONAPIView.as_view()), name="schema"),
    path("", include(router.urls)),
    # Anything else under the API is a JSON 404, not the site's HTML page.
    re_path(r"", views.not_found),
]
