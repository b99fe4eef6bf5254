"""The timeline of events and an event's page."""

from itertools import groupby

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.facets import FACETS_CACHED_FOR_SECONDS, FacetValue, active_chips, query_replacing
from articles.filters import EventFilter, filter_or_errors
from articles.models import Article, Event, EventActor, EventReport, Precision
from articles.models.dates import month_year
from articles.paging import kept_for_query, paginate

from .common import filters_query, pages_checked


@pages_checked
def event_list(request):
    params = request.GET
    filterset = EventFilter(params, queryset=Event.objects.all(), request=request)
    queryset, errors = filter_or_errors(filterset)
    context = {"filterset": filterset, "errors": errors}
    if errors:
        return render(request, "articles/event_list.html", context, status=400)
    page = paginate(request, queryset.chronological().with_outlet_count())
    context.update(
        page=page,
        timeline=timeline(page.object_list),
        chips=active_chips(params, filterset),
        filters_query=filters_query(params),
        outlet_facet=outlet_facet(params, request),
        map_events=queryset,
    )
    return render(request, "articles/event_list.html", context)


OUTLET_THRESHOLDS = (1, 2, 3)


def outlet_facet(params, request):
    """How many events of the filtered set (every filter but `outlets`) at least 1, 2
    and 3 independent outlets report, each a link that sets (or clears) the filter: one
    grouped query."""
    without = params.copy()
    without.pop("outlets", None)
    base = EventFilter(without, queryset=Event.objects.all(), request=request).qs
    grouped = (
        base.with_outlet_count()
        .order_by()
        .values_list("outlet_count")
        .annotate(n=Count("pk"))
        .values_list("outlet_count", "n")
    )
    # Counting the outlets of every event on the timeline takes longer than the rest of
    # the page: kept per filtered set until the archive changes.
    per_count = kept_for_query(
        "outlet-facet", grouped, lambda: dict(grouped), {}, FACETS_CACHED_FOR_SECONDS
    )
    current = params.get("outlets")
    values = []
    for threshold in OUTLET_THRESHOLDS:
        n = sum(count for outlets, count in per_count.items() if outlets >= threshold)
        chosen = current == str(threshold)
        label = ngettext(
            "reported by %(n)s or more outlets", "reported by %(n)s or more outlets", threshold
        ) % {"n": threshold}
        if threshold == 1:
            label = _("reported by at least one outlet")
        href = query_replacing(params, outlets=None if chosen else str(threshold))
        values.append(FacetValue(label, n, href, chosen))
    return values


def timeline(events):
    """Events grouped by year, then month: [{"label": "2022", "months": [{"label", "events"}]}]."""

    def year_of(event):
        return event.start_date.year if event.start_date else None

    def month_of(event):
        if event.start_date is None or event.date_precision == Precision.YEAR:
            return None
        return event.start_date.month

    years = []
    for year, in_year in groupby(events, key=year_of):
        months = []
        for month, in_month in groupby(in_year, key=month_of):
            in_month = list(in_month)
            if month is None:
                label = (
                    _("Date unknown")
                    if year is None
                    else _("Sometime in %(year)s") % {"year": year}
                )
            else:
                label = month_year(in_month[0].start_date)
            months.append({"label": label, "events": in_month})
        years.append({"label": str(year) if year else _("Date unknown"), "months": months})
    return years


def event_detail(request, slug):
    event = get_object_or_404(
        Event.objects.with_outlet_count().prefetch_related(
            "topics",
            Prefetch(
                "participants",
                queryset=EventActor.objects.select_related("actor").order_by("role", "actor__name"),
            ),
            Prefetch(
                "articles",
                queryset=Article.objects.published().select_related("source").newest_first(),
                to_attr="published_articles",
            ),
        ),
        slug=slug,
    )
    steps = event.verification_steps()
    context = {
        "event": event,
        "verification_steps": steps if len(steps) > 1 else [],
        "outlets": outlets_of(event),
        "map_events": Event.objects.filter(pk=event.pk),
    }
    return render(request, "articles/event_detail.html", context)


def outlets_of(event):
    """The independent outlets reporting `event`, each with its reports: [(source, [report])],
    as EventReportQuerySet.independent_outlets counts them (most reports first)."""
    reports = (
        EventReport.objects.filter(event=event)
        .independent_outlets()
        .select_related("article__source", "article__retrieved_from", "original_outlet")
        .order_by("article__published_on", "article_id")
    )
    grouped = {}
    for report in reports:
        outlet = report.counted_outlet
        grouped.setdefault(outlet.pk, (outlet, []))[1].append(report)
    return sorted(grouped.values(), key=lambda pair: (-len(pair[1]), pair[0].name))
