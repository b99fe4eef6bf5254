"""Attention over time: how many articles of a set were published each month.

One grouped query over the set (the filtered list, an actor's articles) gives counts per
month and date precision. Every article is counted once: a day- or month-precise date
in its month, a year-precise date in its year (the chart says how many), an unknown
date apart; so the counts add up to the set's size. The chart is SVG drawn here, on the
server, with a table beside it; the same series is a CSV (articles.views.data).
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db.models import Count
from django.utils.formats import number_format
from django.utils.translation import ngettext

from articles import versions
from articles.models import Precision
from articles.models.dates import month_year
from articles.paging import query_key

# A set's series is kept this long under the data version (exact until the archive
# changes): grouping 95,000 articles by month costs more than the page that shows them,
# and even 500 articles of one outlet, topic and period took 17 ms to find.
CACHED_FOR = 300
# Longer spans than this are drawn by year: a bar per month would be thinner than a pixel.
MAX_MONTHS = 180

# The chart's geometry, in pixels (the SVG is as wide as the page; x runs in percent).
HEIGHT, PLOT_TOP, PLOT_BOTTOM, STRIP_TOP, STRIP_HEIGHT = 196, 18, 150, 158, 10


@dataclass
class Attention:
    months: list = field(default_factory=list)  # [(first day of month, count)], gaps as 0
    years_only: list = field(default_factory=list)  # [(year, count)]: dated to the year only
    undated: int = 0
    total: int = 0
    # The series' place in the cache (its query, under the data version): its drawn
    # chart is kept beside it. Empty for a set that cannot match (nothing to keep).
    cache_key: str = ""

    @property
    def year_only_total(self):
        return sum(n for _, n in self.years_only)

    def csv_rows(self):
        """(period, precision, articles) rows that add up to the total."""
        rows = [(month.strftime("%Y-%m"), "month", n) for month, n in self.months]
        rows += [(str(year), "year", n) for year, n in self.years_only]
        if self.undated:
            rows.append(("", "unknown", self.undated))
        return rows


def attention(queryset):
    """The Attention of `queryset` (any article queryset: filtered, searched, ordered)."""
    try:
        key = query_key("attention", queryset)
    except EmptyResultSet:  # queryset.none(): a query of stop words only
        return Attention()
    series = versions.kept.get(key)
    if series is None:
        # Grouped by the date itself, folded into months here: no per-row date_trunc, and
        # the newest-first index (which carries the precision) answers it alone.
        grouped = (
            queryset.order_by()
            .values("published_precision", "published_on")
            .annotate(n=Count("pk"))
            .values_list("published_precision", "published_on", "n")
        )
        series = _series(list(grouped))
        series.cache_key = key
        versions.kept.set(key, series, CACHED_FOR)
    return series


def _series(rows):
    by_month, by_year, undated = {}, {}, 0
    for precision, day, n in rows:
        if day is None or precision == Precision.UNKNOWN:
            undated += n
        elif precision == Precision.YEAR:
            by_year[day.year] = by_year.get(day.year, 0) + n
        else:
            month = day.replace(day=1)
            by_month[month] = by_month.get(month, 0) + n
    result = Attention(years_only=sorted(by_year.items()), undated=undated)
    result.total = undated + sum(by_year.values()) + sum(by_month.values())
    if by_month:
        month, last = min(by_month), max(by_month)
        while month <= last:
            result.months.append((month, by_month.get(month, 0)))
            month = (month + datetime.timedelta(days=32)).replace(day=1)
    return result


@dataclass
class Bar:
    label: str
    count: int
    x: float  # percent of the width
    width: float
    y: int  # pixels
    height: int


def chart(series):
    """What the template draws: bars (by month, or by year over long spans), year ticks,
    the year-only strip, gridlines; None when no article has a month or year."""
    if not series.months and not series.years_only:
        return None
    first_year = min([m.year for m, _ in series.months] + [y for y, _ in series.years_only])
    last_year = max([m.year for m, _ in series.months] + [y for y, _ in series.years_only])
    by_year = len(series.months) > MAX_MONTHS or not series.months
    if by_year:
        counts = {year: 0 for year in range(first_year, last_year + 1)}
        for month, n in series.months:
            counts[month.year] += n
        for year, n in series.years_only:
            counts[year] += n
        slots = [(str(year), n, datetime.date(year, 1, 1)) for year, n in counts.items()]
    else:
        # Full years either side, so the year-only strip lines up with its months.
        counts = dict(series.months)
        slots = []
        for i in range((last_year - first_year + 1) * 12):
            month = datetime.date(first_year + i // 12, i % 12 + 1, 1)
            slots.append((month_year(month), counts.get(month, 0), month))
    peak = max(n for _, n, _ in slots) or 1
    step = 100 / len(slots)
    plot = PLOT_BOTTOM - PLOT_TOP
    bars = []
    for i, (label, n, _month) in enumerate(slots):
        height = round(n / peak * plot) if n else 0
        bars.append(
            Bar(
                label,
                n,
                round(i * step + step * 0.1, 3),
                round(step * 0.8, 3),
                PLOT_BOTTOM - height,
                height,
            )
        )
    years = list(range(first_year, last_year + 1))
    every = max(1, -(-len(years) // 8))  # at most about eight year labels
    per_year = 1 if by_year else 12
    ticks = [
        {"label": str(year), "x": round((year - first_year) * per_year * step, 3)}
        for year in years[::every]
    ]
    strip = []
    if not by_year:
        for year, n in series.years_only:
            x = (year - first_year) * 12 * step
            strip.append({"year": year, "count": n, "x": round(x, 3), "width": round(12 * step, 3)})
    return {
        "bars": [bar for bar in bars if bar.count],
        "by_year": by_year,
        "ticks": ticks,
        "strip": strip,
        "peak": peak,
        "half": peak / 2,
        "half_y": PLOT_TOP + plot // 2,
        "geometry": {
            "height": HEIGHT,
            "top": PLOT_TOP,
            "bottom": PLOT_BOTTOM,
            "strip_top": STRIP_TOP,
            "strip_height": STRIP_HEIGHT,
            "label_y": HEIGHT - 8,
        },
        "first": slots[0][0],
        "last": slots[-1][0],
        "summary": _summary(series, by_year, slots),
    }


def _summary(series, by_year, slots):
    """One sentence a screen reader hears instead of the bars."""
    busiest = max(slots, key=lambda slot: slot[1])
    counted = [slot for slot in slots if slot[1]]
    return ngettext(
        "%(total)s article; the most in %(busiest)s (%(count)s), from %(first)s to %(last)s.",
        "%(total)s articles; the most in %(busiest)s (%(count)s), from %(first)s to %(last)s.",
        series.total,
    ) % {
        "total": number_format(series.total, force_grouping=True),
        "busiest": busiest[0],
        "count": number_format(busiest[1], force_grouping=True),
        "first": counted[0][0],
        "last": counted[-1][0],
    }
