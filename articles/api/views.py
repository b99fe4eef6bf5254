"""The read-only JSON API: one viewset per record type, the pages' FilterSets as its filters."""

from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from articles.filters import ActorFilter, ArticleFilter, EventFilter
from articles.models import Actor, Alias, Article, Event, EventActor, EventReport, Source, Topic
from articles.views.actors import published_article_count

from . import serializers

SLUG = r"[-\w]+"


class ArchiveFilterBackend(DjangoFilterBackend):
    """The pages' FilterSets on list endpoints: same names, same validation (a 400 with
    each bad parameter's messages). The filterset stays on the view, which may need its
    search (relevance)."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset  # a record is found by its slug alone
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(
                {name: [str(m) for m in messages] for name, messages in filterset.errors.items()}
            )
        view.filterset = filterset
        return filterset.qs


class ArchiveViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG
    filter_backends = [ArchiveFilterBackend]


@extend_schema_view(
    list=extend_schema(
        summary="Articles",
        description="Published articles, filtered as on /articles/: `q` searches the full "
        "text and also finds the articles that name an actor the query names in any "
        "spelling. Sorted by `sort` (newest first by default; by relevance when `q` is given).",
    ),
    retrieve=extend_schema(summary="One article, with its body"),
)
class ArticleViewSet(ArchiveViewSet):
    filterset_class = ArticleFilter

    def get_queryset(self):
        return Article.objects.published()

    def get_serializer_class(self):
        return (
            serializers.ArticleSerializer
            if self.action == "retrieve"
            else serializers.ArticleListSerializer
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        filterset = getattr(self, "filterset", None)
        if filterset is not None and filterset.sort_order == "relevance":
            if filterset.search and filterset.search.ranked:
                # As the page: rank the newest candidates of each way of matching.
                queryset = filterset.search.by_relevance()
        return queryset.for_list().prefetch_related(
            "cited_sources", Prefetch("events", queryset=Event.objects.only("id", "slug", "title"))
        )


@extend_schema_view(
    list=extend_schema(
        summary="Actors",
        description="Actors with their aliases, filtered as on /actors/: `q` matches any "
        "spelling of any name (best match first), `kind` the kind of actor.",
    ),
    retrieve=extend_schema(summary="One actor"),
)
class ActorViewSet(ArchiveViewSet):
    filterset_class = ActorFilter
    serializer_class = serializers.ActorSerializer

    def get_queryset(self):
        return Actor.objects.order_by("name")

    def filter_queryset(self, queryset):
        return (
            super()
            .filter_queryset(queryset)
            .select_related("parent")
            .prefetch_related(
                Prefetch("aliases", queryset=Alias.objects.order_by("language", "name"))
            )
            .annotate(article_count=published_article_count())
        )


@extend_schema_view(
    list=extend_schema(
        summary="Events",
        description="The timeline, filtered as on /events/ (including `status`, `kind` and "
        "`outlets`, the fewest independent outlets that report an event), in date order.",
        parameters=[
            OpenApiParameter(
                "outlets",
                int,
                description="Only events reported by at least this many independent outlets "
                "(1 to 100).",
            )
        ],
    ),
    retrieve=extend_schema(summary="One event"),
)
class EventViewSet(ArchiveViewSet):
    filterset_class = EventFilter
    serializer_class = serializers.EventSerializer

    def get_queryset(self):
        return Event.objects.all()

    def filter_queryset(self, queryset):
        return (
            super()
            .filter_queryset(queryset)
            .chronological()
            .with_outlet_count()
            .prefetch_related(
                "topics",
                Prefetch(
                    "participants",
                    queryset=EventActor.objects.select_related("actor").order_by(
                        "role", "actor__name"
                    ),
                ),
                Prefetch(
                    "reports",
                    queryset=EventReport.objects.independent_outlets()
                    .select_related("article__source", "article__retrieved_from", "original_outlet")
                    .order_by("article__published_on", "article_id"),
                    to_attr="published_reports",
                ),
            )
        )


@extend_schema_view(
    list=extend_schema(summary="Sources", description="Publishers and outlets, by name."),
    retrieve=extend_schema(summary="One source"),
)
class SourceViewSet(ArchiveViewSet):
    serializer_class = serializers.SourceSerializer

    def get_queryset(self):
        return Source.objects.order_by("name")


@extend_schema_view(
    list=extend_schema(summary="Topics", description="Topics, by name."),
    retrieve=extend_schema(summary="One topic"),
)
class TopicViewSet(ArchiveViewSet):
    serializer_class = serializers.TopicSerializer

    def get_queryset(self):
        return Topic.objects.select_related("parent").order_by("name")


def not_found(request, *args, **kwargs):
    return JsonResponse(
        {"detail": gettext("There is nothing at this address in the API.")}, status=404
    )


def docs(request):
    """The written guide to the API, and Swagger UI over its schema, from static files."""
    return render(request, "api/docs.html")
