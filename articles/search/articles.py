"""Full-text search over articles, with alias expansion and snippets."""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape

from articles.models import Article, Mention
from articles.text import clean_query

from . import vectors
from .actors import actors_named_by
from .websearch import match_predicate, positive_terms

# Relevance added to an article for naming an actor the query names: it ranks
# with articles that contain the query's words, rather than after all of them.
MENTION_BOOST = 0.1

# ts_headline marks matches with characters no article contains, so the text can
# be escaped first and the <mark> tags put in after.
_START, _STOP = "\ue000", "\ue001"
_HEADLINE_OPTIONS = {
    "start_sel": _START,
    "stop_sel": _STOP,
    "max_fragments": 2,
    "max_words": 28,
    "min_words": 12,
    "fragment_delimiter": " … ",
}
_SNIPPET_CHARS = 240


def _mentioning(actors):
    return Mention.objects.shown().filter(actor__in=actors)


def mentioning_any(actors):
    """The predicate: the article has a shown mention of one of `actors`."""
    return Exists(_mentioning(actors).filter(article=OuterRef("pk")))


def search_articles(queryset, q):
    """Articles of `queryset` matching `q`; see articles.search.ArticleSearch."""
    from . import ArticleSearch

    q = clean_query(q)
    if not q:
        return ArticleSearch(queryset.none(), query=q)
    actors = actors_named_by(q)
    if vectors.is_postgres():
        return _search_postgres(queryset, q, actors)
    return _search_fallback(queryset, q, actors)


def _search_postgres(queryset, q, actors):
    from . import ArticleSearch

    english, simple = vectors.web_queries(q)
    text_match = vectors.matches(english, simple)
    base = queryset
    if actors:
        # A UNION, not an OR with a subquery: each arm keeps its own index (the
        # GIN index on the vector, the mention index), where an OR would force
        # a scan of every article.
        ids = (
            Article.objects.filter(text_match)
            .order_by()
            .values("pk")
            .union(_mentioning(actors).order_by().values("article_id"))
        )
        queryset = queryset.filter(pk__in=ids)
    else:
        queryset = queryset.filter(text_match)
    rank = Case(
        When(language="en", then=SearchRank(F("search_vector"), english)),
        default=SearchRank(F("search_vector"), simple),
        output_field=FloatField(),
    )
    if actors:
        rank = rank + Case(
            When(mentioning_any(actors), then=Value(MENTION_BOOST)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    return ArticleSearch(
        queryset.annotate(rank=rank),
        actors=actors,
        ranked=True,
        query=q,
        base=base,
        text_match=text_match,
        rank=rank,
    )


def _contains(text):
    return Q(title__icontains=text) | Q(standfirst__icontains=text) | Q(body__icontains=text)


def _search_fallback(queryset, q, actors):
    """SQLite: every group of the query must be contained (any alternative of it),
    negated terms must not be; relevance is left to the caller (newest first)."""
    from . import ArticleSearch

    predicate = match_predicate(q, _contains)
    if actors:
        named = Q(pk__in=_mentioning(actors).values("article_id"))
        predicate = named if predicate is None else predicate | named
    if predicate is None:
        return ArticleSearch(queryset.none(), query=q)
    return ArticleSearch(queryset.filter(predicate), actors=actors, ranked=False, query=q)


def add_snippets(articles, q, actors=None):
    """Give each article a `snippet`: escaped HTML, matched words in <mark>.

    Call with the displayed page only: on PostgreSQL it costs one query for the
    whole page (plus one to read the query's actors when `actors` is not given).
    """
    articles = list(articles)
    for article in articles:
        article.snippet = ""
    q = clean_query(q)
    if not q or not articles:
        return articles
    if actors is None:
        actors = actors_named_by(q)
    alias_names = sorted({name for actor in actors for name in _highlighted_names(actor)})
    if vectors.is_postgres():
        _headlines_postgres(articles, q, alias_names)
    else:
        _headlines_python(articles, q, alias_names)
    return articles


def _highlighted_names(actor):
    """The names of `actor` a snippet marks: its one-word names when it has some.

    ts_headline marks each word of a phrase wherever it occurs, so "Kastus
    Kalinouski Regiment" would light up every "regiment"; the surname alone
    ("Lukashenka", "Kalinouski") is what the reader looks for.
    """
    names = [alias.name for alias in actor.aliases.all()]
    return [name for name in names if len(name.split()) == 1] or names


def _headlines_postgres(articles, q, alias_names):
    english, simple = vectors.web_queries(q)
    for name in alias_names:
        # The query's actor by every name it has, so "Lukashenka" also marks the
        # "Lukashenko" of an article that spells it so.
        english = english | SearchQuery(name, config=vectors.ENGLISH, search_type="phrase")
        simple = simple | SearchQuery(name, config=vectors.SIMPLE, search_type="phrase")
    text = Concat("standfirst", Value("\n\n"), "body", output_field=TextField())
    headline = Case(
        When(
            language="en",
            then=SearchHeadline(text, english, config=vectors.ENGLISH, **_HEADLINE_OPTIONS),
        ),
        default=SearchHeadline(text, simple, config=vectors.SIMPLE, **_HEADLINE_OPTIONS),
        output_field=TextField(),
    )
    found = dict(
        Article.objects.filter(pk__in=[a.pk for a in articles])
        .annotate(headline=headline)
        .values_list("pk", "headline")
    )
    for article in articles:
        article.snippet = _marked(found.get(article.pk) or "")


def _marked(text):
    """Escape `text`, then turn the private markers into <mark> tags, always balanced:
    an archived text that itself holds a marker character must not leave a tag open."""
    parts, is_open = [], False
    for piece in re.split(f"({_START}|{_STOP})", " ".join(text.split())):
        if piece in (_START, _STOP):
            if (piece == _START) != is_open:
                parts.append("<mark>" if piece == _START else "</mark>")
                is_open = not is_open
        else:
            parts.append(escape(piece))
    return "".join(parts) + ("</mark>" if is_open else "")


def _headlines_python(articles, q, alias_names):
    """SQLite: the first match in standfirst or body with some context either side."""
    terms = sorted({t for t in positive_terms(q) + alias_names if t}, key=len, reverse=True)
    if not terms:
        return
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(r"\s+".join(map(re.escape, t.split())) for t in terms) + r")",
        re.IGNORECASE,
    )
    for article in articles:
        text = " ".join(f"{article.standfirst}\n\n{article.body}".split())
        first = pattern.search(text)
        if first is None:
            window = text[:_SNIPPET_CHARS]
            start, end = 0, len(window)
        else:
            start = max(0, first.start() - _SNIPPET_CHARS // 3)
            start = text.rfind(" ", 0, start) + 1 if start else 0
            end = min(len(text), start + _SNIPPET_CHARS)
            if end < len(text):
                end = max(text.rfind(" ", start, end), first.end())
        window = pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", text[start:end])
        prefix = "… " if start else ""
        suffix = " …" if end < len(text) else ""
        article.snippet = prefix + _marked(window) + suffix
