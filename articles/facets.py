"""Facet counts and filter chips for a filtered list, Datasette-style.

Every link is built from the current query string, so following one keeps every
other filter; each drops `page`, since the result set changes under it.
"""

import hashlib
from dataclasses import dataclass, field
from functools import cached_property, partial
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections, router
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from articles import versions
from articles.models import Actor, Article, Mention, Source, Topic
from articles.paging import query_digest

FACET_SIZE = 10
# Facets count over at most the newest FACET_SAMPLE articles of the set: at 100,000
# articles the unfiltered actor facet otherwise joins 750,000 mentions on every
# request, five times the cost of the page. The page says so when the set is larger.
FACET_SAMPLE = 10_000
# Counting facets over a few thousand articles costs 20-60 ms on two cores (a link
# probe per article), more than the page: the counts of each query are kept under the
# data version (exact until the archive changes), so paging through a set, or coming
# back to it, does not recount them.
FACETS_CACHED_FOR_SECONDS = 300


def query_with(params, key, value):
    """The query string with `value` added to the repeatable `key`."""
    lists = _without_page(params)
    lists[key] = [*(v for v in lists.get(key, ()) if v != value), value]
    return _href(lists)


def query_without(params, key, value=None):
    """The query string without `key` (or without just that one of its values)."""
    lists = _without_page(params)
    if value is None:
        lists.pop(key, None)
    else:
        lists[key] = [v for v in lists.get(key, ()) if v != value]
    return _href(lists)


def query_replacing(params, **values):
    """The query string with single-valued parameters set (None removes one)."""
    lists = _without_page(params)
    for key, value in values.items():
        if value is None:
            lists.pop(key, None)
        else:
            lists[key] = [value]
    return _href(lists)


def _without_page(params):
    # Any change of filters starts again at page 1. A plain dict of the lists, in the
    # query's order: a page builds dozens of links, and QueryDict.copy() deep-copies.
    return {key: values for key, values in params.lists() if key != "page"}


def _href(lists):
    """A link to this page with the parameters `lists`; './' rather than a bare '?' when
    none are left. Encoded as QueryDict.urlencode() encodes."""
    encoded = urlencode([(key, value) for key, values in lists.items() for value in values])
    return f"?{encoded}" if encoded else "./"


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


class FacetPanel:
    """The facets of a filtered list, built when first read.

    `cache_key` names their counts and the query their links are made from: the drawn
    panel is kept under it (archive_fragments.facet_panel), and a page that finds it
    kept neither reads the counts nor builds a link.
    """

    def __init__(self, cache_key, build):
        self.cache_key = cache_key
        self._build = build

    @cached_property
    def _facets(self):
        return self._build()

    def __iter__(self):
        return iter(self._facets)

    def __len__(self):
        return len(self._facets)


def article_facets(params, filterset):
    """Source, topic, actor and year counts over the filtered articles, in one query.

    Actor (all of) and year narrow the set, so they count within it. Source and topic
    are any-of filters: once one is chosen, its facet counts over the articles every
    *other* filter selects, so the other values stay visible and can be added; while
    it is not chosen, that is the filtered set itself. Each set is the newest
    FACET_SAMPLE of its articles, read once (see FACET_SAMPLE); counts are taken
    over article ids, so a search that joins or ranks cannot multiply them.
    """
    queryset = filterset.qs

    def base_for(name):
        return filterset.queryset_without(name) if params.getlist(name) else queryset

    counted = FacetQuery(
        {"source": base_for("source"), "topic": base_for("topic"), "actor": queryset}
    )
    links = hashlib.sha256(_href(_without_page(params)).encode()).hexdigest()[:24]
    return FacetPanel(f"{counted.cache_key}:{links}", partial(_facets, params, counted))


def _facets(params, counted):
    counts = counted.counts()
    show = params.get("show")

    def top(name):
        rows = sorted(counts[name], key=lambda row: (-row["n"], row["label"]))
        return rows if show == name else rows[: FACET_SIZE + 1]

    years = sorted(counts["year"], key=lambda row: (row["year"] is None, -(row["year"] or 0)))
    facets = [
        _slug_facet(
            params, "source", _("Source (any of)"), top("source"), params.getlist("source"),
            show == "source",
        ),
        _slug_facet(
            params, "topic", _("Topic (any of)"), top("topic"), params.getlist("topic"),
            show == "topic",
        ),
        _slug_facet(
            params, "actor", _("Actor (all of)"), top("actor"), params.getlist("actor"),
            show == "actor",
        ),
        _year_facet(params, years),
    ]  # fmt: skip
    return [facet for facet in facets if facet.values]


def _sample(queryset):
    """The newest FACET_SAMPLE articles of `queryset` (all of them when fewer), as
    (id, source_id, year) rows: a LIMITed query read along the newest-first index."""
    return queryset.newest_first().values("pk", "source_id", year=ExtractYear("published_on"))[
        :FACET_SAMPLE
    ]


class FacetQuery:
    """The counts of every facet in one grouped query.

    `bases` maps source, topic and actor to the queryset each counts over; the year
    counts over the actor's (the filtered set). Each distinct base is sampled once,
    in a CTE every facet of it reads, where four ORM queries would each rescan it.
    Rows are {"value": slug, "label": name, "n": count}, or {"year": y, "n": count}.

    The counts are kept for FACETS_CACHED_FOR_SECONDS under the data version and a key
    made of the bases' queries (`cache_key`); the grouped query is written only when
    they are not kept.
    """

    def __init__(self, bases):
        self.bases = bases
        digests = []
        for name in ("source", "topic", "actor"):
            try:
                digests.append(query_digest(bases[name]))
            except EmptyResultSet:  # queryset.none(): e.g. a query of stop words only
                digests.append("none")
        digest = hashlib.sha256(" ".join(digests).encode()).hexdigest()
        self.cache_key = f"facets:{versions.current()}:{digest}"

    def counts(self):
        return versions.kept.get_or_set(self.cache_key, self._count, FACETS_CACHED_FOR_SECONDS)

    def _count(self):
        quote = connection.ops.quote_name
        table = lambda model: quote(model._meta.db_table)  # noqa: E731
        ctes, names, params = [], {}, []
        for base in self.bases.values():
            key = id(base)
            if key not in names:
                names[key] = f"facet_sample_{len(names)}"
                try:
                    sql, sample_params = _sample(base).query.sql_with_params()
                except EmptyResultSet:
                    sql, sample_params = (
                        f"SELECT id, source_id, NULL FROM {table(Article)} WHERE 1 = 0",
                        [],
                    )
                ctes.append(f"{names[key]} (id, source_id, year) AS ({sql})")
                params.extend(sample_params)
        sample = {facet: names[id(base)] for facet, base in self.bases.items()}
        arms = [
            # The first arm types the columns: the year column is an integer.
            f"SELECT 'source', s.slug, s.name, CAST(NULL AS INTEGER), COUNT(*)"
            f" FROM {sample['source']} x JOIN {table(Source)} s ON s.id = x.source_id"
            " GROUP BY s.slug, s.name",
            f"SELECT 'topic', t.slug, t.name, NULL, COUNT(*)"
            f" FROM {table(Article.topics.through)} at"
            f" JOIN {table(Topic)} t ON t.id = at.topic_id"
            f" WHERE at.article_id {_in_sample(sample['topic'])} GROUP BY t.slug, t.name",
            # Mentions are unique per (article, actor): COUNT(*) counts articles.
            f"SELECT 'actor', a.slug, a.name, NULL, COUNT(*) FROM {table(Mention)} m"
            f" JOIN {table(Actor)} a ON a.id = m.actor_id"
            f" WHERE m.article_id {_in_sample(sample['actor'])} AND m.rejected = %s"
            " GROUP BY a.slug, a.name",
            f"SELECT 'year', NULL, NULL, CAST(x.year AS INTEGER), COUNT(*) FROM {sample['actor']} x"
            " GROUP BY x.year",
        ]
        params.append(False)
        return _run_facet_query(f"WITH {', '.join(ctes)} " + " UNION ALL ".join(arms), params)


def _in_sample(name):
    """`IN` the sample's ids. On PostgreSQL `= ANY(ARRAY(…))`: the planner cannot
    see how few ids a CTE holds and joined 180,000 topic links or 750,000 mentions
    by seq scan and hash; an array makes it probe the (article_id, …) index per id."""
    if connection.vendor == "postgresql":
        return f"= ANY(ARRAY(SELECT id FROM {name}))"
    return f"IN (SELECT id FROM {name})"


def _run_facet_query(sql, params):
    counts = {"source": [], "topic": [], "actor": [], "year": []}
    # Where the ORM would read Article from (the replica for a public page, when there is one).
    with connections[router.db_for_read(Article)].cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, label, year, n in cursor.fetchall():
            if facet == "year":
                counts["year"].append({"year": None if year is None else int(year), "n": n})
            else:
                counts[facet].append({"value": value, "label": label, "n": n})
    return counts


def _year_facet(params, rows):
    facet = Facet("year", _("Year"))
    for row in rows:
        year = row["year"]
        if year is None:
            facet.values.append(FacetValue(_("Date unknown"), row["n"]))
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
        elif isinstance(value, int):  # a number, e.g. the fewest independent outlets
            chips.append(Chip(label, str(value), query_without(params, name)))
        else:  # single choices: language, kind
            chips.append(
                Chip(label, _choice_label(filterset, name, value), query_without(params, name))
            )
    return chips


def _choice_label(filterset, name, value):
    return dict(filterset.form.fields[name].choices).get(value, value)
