"""Facet counts and filter chips for a filtered list, Datasette-style.

Every link is built from the current query string, so following one keeps every
other filter; each drops `page`, since the result set changes under it.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F
from django.db.models.functions import ExtractYear

from articles.models import Article, Mention

FACET_SIZE = 10


def query_with(params, key, value):
    """The query string with `value` added to the repeatable `key`."""
    params = params.copy()
    params.pop("page", None)
    values = [v for v in params.getlist(key) if v != value]
    params.setlist(key, [*values, value])
    return "?" + params.urlencode()


def query_without(params, key, value=None):
    """The query string without `key` (or without just that one of its values)."""
    params = params.copy()
    params.pop("page", None)
    if value is None:
        params.pop(key, None)
    else:
        params.setlist(key, [v for v in params.getlist(key) if v != value])
    return "?" + params.urlencode()


def query_replacing(params, **values):
    """The query string with single-valued parameters set (None removes one)."""
    params = params.copy()
    params.pop("page", None)
    for key, value in values.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode()


@dataclass
class FacetValue:
    label: str
    count: int
    href: str = ""  # adds the value, or removes it when `selected`
    selected: bool = False


@dataclass
class Facet:
    param: str
    title: str
    values: list = field(default_factory=list)
    more_href: str = ""  # "show all" when only the top values are listed
    less_href: str = ""


@dataclass
class Chip:
    label: str
    value: str
    remove_href: str


def _slug_facet(params, param, title, rows, selected, show_all):
    facet = Facet(param, title)
    for row in rows[: None if show_all else FACET_SIZE]:
        slug = row["value"]
        chosen = slug in selected
        href = query_without(params, param, slug) if chosen else query_with(params, param, slug)
        facet.values.append(FacetValue(row["label"], row["n"], href, chosen))
    if not show_all and len(rows) > FACET_SIZE:
        facet.more_href = query_replacing(params, show=param) + "#facet-" + param
    elif show_all and len(rows) > FACET_SIZE:
        facet.less_href = query_replacing(params, show=None) + "#facet-" + param
    return facet


def article_facets(params, filterset):
    """Source, topic, actor and year counts over the filtered articles: one grouped query each.

    Actor (all of) and year narrow the set, so they count within it. Source and topic
    are any-of filters: once one is chosen, its facet counts over the articles every
    *other* filter selects, so the other values stay visible and can be added; while
    it is not chosen, that is the filtered set itself. Counts are taken over the ids
    of the set, so a search that joins or ranks cannot multiply them.
    """
    queryset = filterset.qs

    def ids_for(name):
        base = filterset.queryset_without(name) if params.getlist(name) else queryset
        return base.order_by().values("pk")

    ids = queryset.order_by().values("pk")
    articles = Article.objects.filter(pk__in=ids)
    show = params.get("show")
    limit = lambda name: None if show == name else FACET_SIZE + 1  # noqa: E731

    sources = list(
        Article.objects.filter(pk__in=ids_for("source"))
        .values(value=F("source__slug"), label=F("source__name"))
        .annotate(n=Count("pk"))
        .order_by("-n", "label")[: limit("source")]
    )
    topics = list(
        Article.topics.through.objects.filter(article__in=ids_for("topic"))
        .values(value=F("topic__slug"), label=F("topic__name"))
        .annotate(n=Count("article_id"))
        .order_by("-n", "label")[: limit("topic")]
    )
    actors = list(
        Mention.objects.shown()
        .filter(article__in=ids)
        .values(value=F("actor__slug"), label=F("actor__name"))
        .annotate(n=Count("article_id"))
        .order_by("-n", "label")[: limit("actor")]
    )
    years = list(
        articles.annotate(year=ExtractYear("published_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by(F("year").desc(nulls_last=True))
    )
    facets = [
        _slug_facet(
            params, "source", "Source (any of)", sources, params.getlist("source"), show == "source"
        ),
        _slug_facet(
            params, "topic", "Topic (any of)", topics, params.getlist("topic"), show == "topic"
        ),
        _slug_facet(
            params, "actor", "Actor (all of)", actors, params.getlist("actor"), show == "actor"
        ),
        _year_facet(params, years),
    ]
    return [facet for facet in facets if facet.values]


def _year_facet(params, rows):
    facet = Facet("year", "Year")
    for row in rows:
        year = row["year"]
        if year is None:
            facet.values.append(FacetValue("Date unknown", row["n"]))
            continue
        after, before = f"{year}-01-01", f"{year}-12-31"
        chosen = params.get("date_after") == after and params.get("date_before") == before
        href = (
            query_replacing(params, date_after=None, date_before=None)
            if chosen
            else query_replacing(params, date_after=after, date_before=before)
        )
        facet.values.append(FacetValue(str(year), row["n"], href, chosen))
    return facet


def active_chips(params, filterset):
    """One chip per active filter value, each with a link that removes just that value."""
    data = filterset.form.cleaned_data
    filters = filterset.filters
    chips = []
    for name, value in data.items():
        if value in (None, "", [], ()) or name == "sort" or name not in filters:
            continue
        label = filters[name].label
        if name == "q":
            chips.append(Chip(label, value, query_without(params, name)))
        elif isinstance(value, (list, tuple)) or hasattr(value, "model"):
            for item in value:
                if hasattr(item, "slug"):  # a chosen row of a slug filter
                    chips.append(Chip(label, str(item), query_without(params, name, item.slug)))
                else:  # a repeatable choice, e.g. status
                    shown = _choice_label(filterset, name, item)
                    chips.append(Chip(label, shown, query_without(params, name, item)))
        elif name.startswith("date_"):
            chips.append(Chip(label, value.isoformat(), query_without(params, name)))
        else:  # single choices: language, kind
            chips.append(
                Chip(label, _choice_label(filterset, name, value), query_without(params, name))
            )
    return chips


def _choice_label(filterset, name, value):
    return dict(filterset.form.fields[name].choices).get(value, value)
