"""The home page, sources and topics."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import render

from articles import versions
from articles.models import Actor, Article, Event, Source, Topic
from articles.paging import paginate

from .common import moved_or_404, pages_checked

HOME_ARTICLES = 6
HOME_ACTORS = 10
HOME_EVENTS = 5
SIDE_LIST = 20


def _count(queryset, outer_field):
    """A per-row count as a subquery: several counts on one row without multiplying joins."""
    counts = queryset.filter(**{outer_field: OuterRef("pk")}).order_by().values(outer_field)
    counts = counts.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def home(request):
    published = Article.objects.published()
    key_actors = (
        Actor.objects.annotate(
            n=Count(
                "mentions",
                filter=Q(
                    mentions__rejected=False, mentions__article__status=Article.Status.PUBLISHED
                ),
            )
        )
        .filter(n__gt=0)
        .order_by("-n", "name")[:HOME_ACTORS]
    )
    context = {
        "latest": published.newest_first().for_rows()[:HOME_ARTICLES],
        # Counted over the whole archive (1.2 s at 100,000 articles): once per change.
        "key_actors": versions.memo("home:key-actors", lambda: list(key_actors)),
        "recent_events": Event.objects.newest_first()[:HOME_EVENTS],
        "counts": versions.memo(
            "home:counts",
            lambda: {
                "articles": published.count(),
                "actors": Actor.objects.count(),
                "events": Event.objects.count(),
                "sources": Source.objects.count(),
            },
        ),
    }
    return render(request, "articles/home.html", context)


def source_list(request):
    published = Article.objects.published()
    sources = Source.objects.annotate(
        article_count=_count(published, "source"),
        cited_count=_count(published, "cited_sources"),
        copy_count=_count(published, "retrieved_from"),
    ).order_by("name")
    # Three counts per outlet over every article (1.6 s at 100,000): once per change.
    sources = versions.memo("sources:counts", lambda: list(sources))
    return render(request, "articles/source_list.html", {"sources": sources})


@pages_checked
def source_detail(request, slug):
    source = Source.objects.filter(slug=slug).first()
    if source is None:
        return moved_or_404(request, Source, slug)
    visible = Article.objects.visible_to(request.user)
    published = Article.objects.published()
    context = {
        "source": source,
        "page": paginate(request, visible.filter(source=source).newest_first().for_rows()),
        "copies": published.filter(retrieved_from=source)
        .select_related("source")
        .newest_first()[:SIDE_LIST],
        "citing": published.filter(cited_sources=source)
        .select_related("source")
        .newest_first()[:SIDE_LIST],
    }
    return render(request, "articles/source_detail.html", context)


def topic_list(request):
    topics = list(
        Topic.objects.annotate(
            article_count=_count(Article.objects.published(), "topics"),
            event_count=_count(Event.objects.all(), "topics"),
        ).order_by("name")
    )
    # Build the tree in Python from one query: topics are few, and nesting is shallow.
    children = {}
    for topic in topics:
        children.setdefault(topic.parent_id, []).append(topic)
    for topic in topics:
        topic.child_nodes = children.get(topic.pk, [])
    known = {topic.pk for topic in topics}
    roots = [t for t in topics if t.parent_id is None or t.parent_id not in known]
    return render(request, "articles/topic_list.html", {"roots": roots})


@pages_checked
def topic_detail(request, slug):
    topic = (
        Topic.objects.select_related("parent")
        .prefetch_related("children")
        .filter(slug=slug)
        .first()
    )
    if topic is None:
        return moved_or_404(request, Topic, slug)
    context = {
        "topic": topic,
        "page": paginate(
            request,
            Article.objects.visible_to(request.user).filter(topics=topic).newest_first().for_rows(),
        ),
        "events": topic.events.chronological()[:SIDE_LIST],
    }
    return render(request, "articles/topic_detail.html", context)
