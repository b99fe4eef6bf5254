"""/search/?q=: one search over actors, events and articles, each with a way to the full list."""

from django.shortcuts import render

from articles.models import Actor, Article, Event
from articles.paging import COUNT_KEPT_FOR_SECONDS, capped_count, kept_for_query
from articles.search import add_snippets, search_actors, search_articles, search_events
from articles.text import QUERY_MAX_LENGTH, clean_query

# How many of each kind the page shows; the rest are one link away, in the
# filtered list. The page costs the same number of queries whatever these are.
ARTICLES_SHOWN = 10
ACTORS_SHOWN = 8
EVENTS_SHOWN = 5

EXAMPLES = ["Lukashenka", "Kalinoŭski", "Лукашэнка", '"border guard"', "Wagner -Prigozhin"]


def search(request):
    raw = request.GET.get("q", "")
    q = clean_query(raw)
    context = {"q": q, "examples": EXAMPLES, "max_length": QUERY_MAX_LENGTH}
    if not q:
        return render(request, "articles/search.html", context)

    context["truncated"] = len(clean_query(raw, max_length=len(raw))) > len(q)
    result = search_articles(Article.objects.visible_to(request.user), q)
    actors = search_actors(Actor.objects.all(), q, reading=result.reading)
    events = search_events(Event.objects.all(), q, reading=result.reading).newest_first()
    articles = list(result.ordered().for_rows()[:ARTICLES_SHOWN])
    add_snippets(articles, q, search=result)
    shown_actors, actor_count = _shown_and_counted(actors, ACTORS_SHOWN)
    shown_events, event_count = _shown_and_counted(events, EVENTS_SHOWN)
    if len(articles) < ARTICLES_SHOWN:
        article_count, capped = len(articles), False
    else:
        # Counted up to 10,000 ("10,000+"): "border" matches 95,000 articles at scale.
        article_count, capped = capped_count(result.queryset)
    context.update(
        actors=shown_actors,
        actor_count=actor_count,
        events=shown_events,
        event_count=event_count,
        articles=articles,
        article_count=article_count,
        article_count_label=f"{article_count:,}+" if capped else f"{article_count:,}",
        read_as=result.actors,
        search=result,
    )
    return render(request, "articles/search.html", context)


def _shown_and_counted(queryset, shown):
    """The first `shown` rows and how many there are: counted only when all are shown,
    since fewer rows than that are all there is. The count is kept until the archive
    changes, as the articles' is: a common word's events took longer to count than the
    rest of the page's queries."""
    rows = list(queryset[:shown])
    if len(rows) < shown:
        return rows, len(rows)
    return rows, kept_for_query("count", queryset, queryset.count, 0, COUNT_KEPT_FOR_SECONDS)
