"""The article list (filters, facets, chips) and the article page."""

from functools import partial

from django.db.models import Count, Exists, F, OuterRef, Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from articles import versions
from articles.attention import attention
from articles.citation import bibtex, plain_text
from articles.facets import active_chips, article_facets
from articles.filters import ArticleFilter, filter_or_errors
from articles.models import Article, Event, Mention
from articles.paging import capped_count, paginate
from articles.search import RANK_CANDIDATES, add_snippets

from .common import filters_query, pages_checked

RELATED_COUNT = 5
# Related articles are chosen among the newest RELATED_CANDIDATES that name one of the
# article's actors: popular actors are in tens of thousands of articles, and counting
# shared actors over all of them (77,000 mentions) took 0.5-0.7 s at 100,000.
RELATED_CANDIDATES = 1000


@pages_checked
def article_list(request):
    params = request.GET
    filterset = ArticleFilter(
        params, queryset=Article.objects.visible_to(request.user), request=request
    )
    queryset, errors = filter_or_errors(filterset)
    context = {"filterset": filterset, "errors": errors}
    if errors:
        return render(request, "articles/article_list.html", context, status=400)

    series = attention(queryset)  # the whole filtered set, before relevance narrows it
    total = among = None
    if filterset.sort_order == "relevance" and filterset.search and filterset.search.ranked:
        # Rank the newest RANK_CANDIDATES matches only (articles.search): the page
        # still says how many match, and how to see the rest.
        total, among = queryset, RANK_CANDIDATES
        matches, capped = capped_count(total)  # kept: the page's count reads it again
        queryset = filterset.search.by_relevance(among, None if capped else matches)
    page = paginate(request, queryset.for_rows(), total=total, among=among)
    q = filterset.form.cleaned_data.get("q")
    if q:
        # Snippets for the displayed page only: highlighting is the costly part of search.
        add_snippets(page.object_list, q, search=filterset.search)
    chips = active_chips(params, filterset)
    context.update(
        page=page,
        q=q,
        search=filterset.search,
        sort=filterset.sort_order,
        facets=article_facets(params, filterset),
        ranked_among=number_format(RANK_CANDIDATES, force_grouping=True)
        if page.paginator.partial
        else None,
        # More matches than the facets count over: they say "in the latest 10,000".
        facets_sampled=page.paginator.total_capped,
        chips=chips,
        filters_query=filters_query(params),
        clear_href=reverse("articles:article_list"),
        sort_links=_sort_links(params, filterset),
        attention=series,
        attention_csv=reverse("articles:attention_csv") + filters_query(params),
    )
    return render(request, "articles/article_list.html", context)


def _sort_links(params, filterset):
    sorts = [("newest", _("Newest")), ("oldest", _("Oldest"))]
    if filterset.form.cleaned_data.get("q"):
        sorts.insert(0, ("relevance", _("Relevance")))
    current = filterset.sort_order
    links = []
    for value, label in sorts:
        params_ = params.copy()
        params_.pop("page", None)
        params_["sort"] = value
        links.append(
            {"label": label, "href": "?" + params_.urlencode(), "current": value == current}
        )
    return links


# What an article page lists besides its topics and actors, each fetched only when the
# article has some: most articles report no event and have no snapshot, and a prefetch
# that finds nothing still costs a query. {name: (its rows of an article, its prefetch)}
OPTIONAL_RELATIONS = {
    "events": (
        Event.articles.through.objects.filter(article=OuterRef("pk")),
        Prefetch("events", queryset=Event.objects.chronological()),
    ),
    "cited_sources": (
        Article.cited_sources.through.objects.filter(article=OuterRef("pk")),
        "cited_sources",
    ),
    "snapshots": (
        Article.snapshots.rel.related_model.objects.filter(article=OuterRef("pk")),
        "snapshots",
    ),
}


# The article page's query, its flags said once per process: building the three EXISTS
# subqueries took longer than the rest of the view around the queries (1.8 ms a page).
ARTICLE_PAGE = Article.objects.for_list().annotate(
    **{f"has_{name}": Exists(rows) for name, (rows, _) in OPTIONAL_RELATIONS.items()}
)


def article_detail(request, slug):
    article = get_object_or_404(ARTICLE_PAGE.visible_to(request.user), slug=slug)
    present = [name for name in OPTIONAL_RELATIONS if getattr(article, f"has_{name}")]
    prefetch_related_objects([article], *(OPTIONAL_RELATIONS[name][1] for name in present))
    archive_url = request.build_absolute_uri(article.get_absolute_url())
    context = {
        "article": article,
        **{
            name: getattr(article, name).all() if name in present else ()
            for name in OPTIONAL_RELATIONS
        },
        # Ranked over up to a thousand articles: once per change to the archive.
        "related": versions.memo(f"related:{article.pk}", partial(_related, article)),
        "citation": plain_text(article, archive_url),
        "bibtex": bibtex(article, archive_url),
        "archive_url": archive_url,
    }
    return render(request, "articles/article_detail.html", context)


def _related(article):
    """Published articles sharing the most actors with this one: one query."""
    actor_ids = [mention.actor_id for mention in article.shown_mentions]
    if not actor_ids:
        return []
    shown = Mention.objects.shown().filter(actor__in=actor_ids)
    candidates = (
        Article.objects.published()
        .filter(Exists(shown.filter(article=OuterRef("pk"))))
        .newest_first()
        .values("pk")[:RELATED_CANDIDATES]
    )
    return list(
        Article.objects.filter(pk__in=candidates)
        .exclude(pk=article.pk)
        # The mention filter comes before annotate, so Count counts shared actors only.
        .filter(mentions__actor__in=actor_ids, mentions__rejected=False)
        .annotate(shared=Count("mentions"))
        # What the list shows of each: not the body and the search vector (11 kB a row,
        # read from TOAST and then kept in the cache with the list).
        .for_rows()
        .order_by("-shared", F("published_on").desc(nulls_last=True), "-id")[:RELATED_COUNT]
    )
