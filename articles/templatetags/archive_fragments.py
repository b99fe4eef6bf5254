"""Parts of pages that read the same for every reader, rendered once per change to the
archive and kept in the cache.

{% article_rows articles level=3 %}: the list rows of articles (includes/_article_row.html).

A row (title, outlet, date, language, snippet or standfirst, topics, actors) reads the
same for every reader and on every page that lists the article, and rendering twenty
of them was a third of a list page's time. Each row's HTML is kept under the data
version (articles.versions: any change to the archive makes every kept row stale at
once), the interface language, the heading level and the snippet, and a page's rows
come from the cache in one round trip. Rows not kept yet get their topics and actors in
two queries, as QuerySet.for_list() would fetch them, and are rendered and kept.

{% event_rows events level=3 %}: the rows of events (includes/_event_row.html), kept
like article rows, per data version, language, heading level and the event's count of
independent outlets when the list counted them: a timeline page lists up to fifty.

{% actor_events actor roles %}: an actor's latest events and its role in each
(includes/_actor_events.html, articles.views.actors.LatestRoles), kept per actor and
language: twenty dated, linked events with their status.

{% attention_chart series csv_url heading %}: the articles-per-month chart of a set
(includes/_attention_chart.html). A series large enough to be kept in the cache
(articles.attention) has its drawn chart kept beside it, per language: laying out and
labelling a decade of months cost more than the twenty rows under it.

{% facet_panel facets %}: the facets of a filtered list (includes/_facets.html), kept
under their counts' key and the query their links are made from, per language
(articles.facets.FacetPanel): three dozen linked counts cost as much to draw as the
rows.

{% map_of_events events heading %}: the map of a set of events and the list of their
places (includes/_event_map.html, articles.maps.event_map), kept per set and language:
the timeline's map lists up to three hundred events.
"""

import hashlib

from django import template
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db.models import prefetch_related_objects
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles import versions
from articles.attention import CACHED_FOR, chart
from articles.facets import FACETS_CACHED_FOR_SECONDS
from articles.maps.event_map import event_map
from articles.models.article import row_prefetches
from articles.paging import query_key

register = template.Library()

ROW_TEMPLATE = "includes/_article_row.html"
EVENT_ROW_TEMPLATE = "includes/_event_row.html"
ACTOR_EVENTS_TEMPLATE = "includes/_actor_events.html"
CHART_TEMPLATE = "includes/_attention_chart.html"
MAP_TEMPLATE = "includes/_event_map.html"
FACETS_TEMPLATE = "includes/_facets.html"


@register.simple_tag(takes_context=True)
def article_rows(context, articles, level=2):
    articles = list(articles)
    prefix = f"row:{versions.current()}:{get_language()}:{level}"
    keys = {article.pk: _key(prefix, article) for article in articles}
    # A no-op for rows fetched with for_list(): their prefetches are there already.
    prepare = lambda missing: prefetch_related_objects(missing, *row_prefetches())  # noqa: E731
    return _kept_rows(context, ROW_TEMPLATE, "article", articles, keys, level, prepare)


@register.simple_tag(takes_context=True)
def event_rows(context, events, level=3):
    events = list(events)
    version, language = versions.current(), get_language()
    keys = {
        event.pk: f"event-row:{version}:{language}:{level}:{event.pk}:"
        f"{getattr(event, 'outlet_count', None)}"
        for event in events
    }
    return _kept_rows(context, EVENT_ROW_TEMPLATE, "event", events, keys, level)


def _kept_rows(context, template_name, name, items, keys, level, prepare=None):
    """The rows of `items` ({pk: key} in `keys`), from the cache in one round trip; the
    rows not kept yet are drawn (after `prepare(missing)`) and kept."""
    kept = versions.kept.get_many(keys.values())
    missing = [item for item in items if keys[item.pk] not in kept]
    if missing:
        if prepare:
            prepare(missing)
        row = context.template.engine.get_template(template_name)
        made = {}
        for item in missing:
            with context.push({name: item, "level": level}):
                made[keys[item.pk]] = row.render(context)
        versions.kept.set_many(made, settings.PAGE_CACHE_SECONDS)
        kept.update(made)
    return mark_safe("".join(kept[keys[item.pk]] for item in items))


def _key(prefix, article):
    key = f"{prefix}:{article.pk}"
    # A search result's row shows the words it matched: the snippet is part of the row.
    if snippet := getattr(article, "snippet", ""):
        key += ":" + hashlib.sha256(snippet.encode()).hexdigest()[:24]
    return key


@register.simple_tag(takes_context=True)
def actor_events(context, actor, roles):
    key = f"actor-events:{versions.current()}:{get_language()}:{actor.pk}"
    values = lambda: {"roles": roles}  # noqa: E731
    return _drawn(context, ACTOR_EVENTS_TEMPLATE, key, values, settings.PAGE_CACHE_SECONDS)


@register.simple_tag(takes_context=True)
def attention_chart(context, series, csv_url, heading="h2"):
    key = ""
    if series.cache_key:
        where = hashlib.sha256(csv_url.encode()).hexdigest()[:24]
        key = f"{series.cache_key}:chart:{get_language()}:{heading}:{where}"
    values = lambda: {  # noqa: E731
        "attention": series, "chart": chart(series), "csv_url": csv_url, "heading": heading,
    }  # fmt: skip
    return _drawn(context, CHART_TEMPLATE, key, values, CACHED_FOR)


@register.simple_tag(takes_context=True)
def facet_panel(context, facets):
    key = f"{facets.cache_key}:drawn:{get_language()}"
    values = lambda: {"facets": facets}  # noqa: E731
    return _drawn(context, FACETS_TEMPLATE, key, values, FACETS_CACHED_FOR_SECONDS)


@register.simple_tag(takes_context=True)
def map_of_events(context, events, heading="h2"):
    try:
        key = f"{query_key('map', events.located())}:{get_language()}:{heading}"
    except EmptyResultSet:  # events.none(): nothing to draw
        return ""
    values = lambda: {"event_map": event_map(events), "heading": heading}  # noqa: E731
    return _drawn(context, MAP_TEMPLATE, key, values, settings.PAGE_CACHE_SECONDS)


def _drawn(context, template_name, key, values, timeout):
    """`template_name` drawn with `values()`, kept under `key` (when there is one): on a
    kept drawing, `values()` is never computed."""
    if key and (kept := versions.kept.get(key)) is not None:
        return mark_safe(kept)
    with context.push(**values()):
        html = context.template.engine.get_template(template_name).render(context)
    if key:
        versions.kept.set(key, html, timeout)
    return mark_safe(html)
