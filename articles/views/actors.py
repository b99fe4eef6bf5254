"""The actor list and an actor's profile."""

from functools import cached_property, partial

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse

from articles import versions
from articles.attention import attention
from articles.facets import active_chips, query_replacing
from articles.filters import ActorFilter, ArticleDateFilter, filter_or_errors
from articles.models import Actor, Alias, Article, EventActor, Mention
from articles.paging import COUNT_KEPT_FOR_SECONDS, kept_for_query, paginate

from .common import moved_or_404, pages_checked

ALONGSIDE_COUNT = 10
ROLES_SHOWN = 20
# "Named alongside" counts over the actor's newest ALONGSIDE_SAMPLE published articles:
# the most-named actor is in 47,000 articles at 100,000, and grouping all their
# 330,000 mentions took 0.4-0.65 s. The page says so when the actor has more.
ALONGSIDE_SAMPLE = 1000


def _counted_by_actor(mentions):
    """Per actor of `mentions`, the published articles in which it is shown as named."""
    return (
        mentions.shown()
        .filter(article__status=Article.Status.PUBLISHED)
        .order_by()
        .values("actor")
        .annotate(n=Count("article_id"))
    )


def published_article_count():
    """Per actor, the published articles with a shown mention: a subquery, so joins
    made by a name search cannot multiply it."""
    counts = _counted_by_actor(Mention.objects.filter(actor=OuterRef("pk"))).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def published_article_counts(actor_ids):
    """{actor id: published_article_count} for a page of actors, kept until the archive
    changes: the most-named actors are in tens of thousands of articles, and counting a
    page of them took most of the actor list's time (17 ms at 100,000 articles)."""
    ids = sorted(actor_ids)
    rows = lambda: dict(  # noqa: E731
        _counted_by_actor(Mention.objects.filter(actor__in=ids)).values_list("actor", "n")
    )
    return versions.memo(f"actor-article-counts:{','.join(map(str, ids))}", rows)


@pages_checked
def actor_list(request):
    params = request.GET
    filterset = ActorFilter(params, queryset=Actor.objects.all(), request=request)
    queryset, errors = filter_or_errors(filterset)
    context = {"filterset": filterset, "errors": errors}
    if errors:
        return render(request, "articles/actor_list.html", context, status=400)
    page = paginate(request, queryset.select_related("parent"))
    counts = published_article_counts(actor.pk for actor in page.object_list)
    for actor in page.object_list:
        actor.article_count = counts.get(actor.pk, 0)
    kinds = dict(Actor.Kind.choices)
    by_kind = (
        Actor.objects.filter(pk__in=queryset.order_by().values("pk"))
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "kind")
    )
    # Counted once per change to the archive, like the article lists' facets.
    kind_counts = kept_for_query(
        "actor-kinds", queryset, lambda: list(by_kind), [], COUNT_KEPT_FOR_SECONDS
    )
    current_kind = filterset.form.cleaned_data.get("kind")
    context.update(
        page=page,
        q=filterset.form.cleaned_data.get("q"),
        chips=active_chips(params, filterset),
        kinds=[
            {
                "label": kinds.get(row["kind"], row["kind"]),
                "count": row["n"],
                "selected": row["kind"] == current_kind,
                "href": query_replacing(
                    params, kind=None if row["kind"] == current_kind else row["kind"]
                ),
            }
            for row in kind_counts
        ],
    )
    return render(request, "articles/actor_list.html", context)


@pages_checked
def actor_detail(request, slug):
    actor = (
        Actor.objects.select_related("parent")
        .prefetch_related(
            Prefetch("aliases", queryset=Alias.objects.order_by("language", "name")),
            Prefetch("members", queryset=Actor.objects.order_by("name")),
        )
        .filter(slug=slug)
        .first()
    )
    if actor is None:
        return moved_or_404(request, Actor, slug)
    filterset = ArticleDateFilter(
        request.GET,
        queryset=Article.objects.visible_to(request.user).mentioning(actor),
        request=request,
    )
    queryset, errors = filter_or_errors(filterset)
    context = {
        "actor": actor,
        "filterset": filterset,
        "errors": errors,
        "roles": LatestRoles(actor),
        # Counted over thousands of articles: once per change to the archive.
        "alongside": versions.memo(f"alongside:{actor.pk}", partial(_named_alongside, actor)),
        "alongside_sample": f"{ALONGSIDE_SAMPLE:,}",
    }
    if errors:
        return render(request, "articles/actor_detail.html", context, status=400)
    context["page"] = paginate(request, queryset.newest_first().for_rows())
    series = attention(queryset)
    # The same set on the article list's terms: this actor, these dates.
    csv_params = QueryDict(mutable=True)
    csv_params["actor"] = actor.slug
    for name in ("date_after", "date_before"):
        if request.GET.get(name):
            csv_params[name] = request.GET[name]
    context.update(
        attention=series,
        attention_csv=f"{reverse('articles:attention_csv')}?{csv_params.urlencode()}",
    )
    context["dated"] = bool(
        filterset.form.cleaned_data.get("date_after")
        or filterset.form.cleaned_data.get("date_before")
    )
    return render(request, "articles/actor_detail.html", context)


class LatestRoles:
    """The actor's latest roles in events, read only when their list is drawn (the drawn
    list is kept: archive_fragments.actor_events).

    The latest ROLES_SHOWN only: the most-named actor takes part in 1,000 events, and
    rendering them all took 150 ms; the timeline filtered by the actor has the rest."""

    def __init__(self, actor):
        self.actor = actor

    @cached_property
    def _rows(self):
        return list(
            EventActor.objects.filter(actor=self.actor)
            .select_related("event")
            .order_by(F("event__start_date").desc(nulls_last=True), "-event__id", "role")[
                : ROLES_SHOWN + 1
            ]
        )

    @property
    def shown(self):
        return self._rows[:ROLES_SHOWN]

    @property
    def more(self):
        return len(self._rows) > ROLES_SHOWN


def _named_alongside(actor):
    """The actors most often named in the same published articles (the newest
    ALONGSIDE_SAMPLE of them), with counts: one query."""
    articles = (
        Article.objects.published()
        .filter(Exists(Mention.objects.shown().filter(article=OuterRef("pk"), actor=actor)))
        .newest_first()
        .values("pk")[:ALONGSIDE_SAMPLE]
    )
    return list(
        Mention.objects.shown()
        .filter(article_id__in=articles)
        .exclude(actor=actor)
        .values("actor__slug", "actor__name")
        .annotate(n=Count("article_id"))
        .order_by("-n", "actor__name")[:ALONGSIDE_COUNT]
    )
