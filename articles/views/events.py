"""The timeline of events and an event's page."""

from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.dateformat import format as date_format

from articles.facets import active_chips
from articles.filters import EventFilter, filter_or_errors
from articles.models import Article, Event, EventActor, Precision
from articles.paging import paginate

from .common import filters_query, pages_checked


@pages_checked
def event_list(request):
    params = request.GET
    filterset = EventFilter(params, queryset=Event.objects.all(), request=request)
    queryset, errors = filter_or_errors(filterset)
    context = {"filterset": filterset, "errors": errors}
    if errors:
        return render(request, "articles/event_list.html", context, status=400)
    page = paginate(request, queryset.chronological())
    context.update(
        page=page,
        timeline=timeline(page.object_list),
        chips=active_chips(params, filterset),
        filters_query=filters_query(params),
    )
    return render(request, "articles/event_list.html", context)


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
                label = "Date unknown" if year is None else f"Sometime in {year}"
            else:
                label = date_format(in_month[0].start_date, "F Y")
            months.append({"label": label, "events": in_month})
        years.append({"label": str(year) if year else "Date unknown", "months": months})
    return years


def event_detail(request, slug):
    event = get_object_or_404(
        Event.objects.prefetch_related(
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
    context = {"event": event, "verification_steps": steps if len(steps) > 1 else []}
    return render(request, "articles/event_detail.html", context)
