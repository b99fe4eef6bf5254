"""Dates that carry their precision: '13 July 2022', 'July 2022', '2022', or unknown.

In Belarusian, Ukrainian and Russian a month after a day takes the genitive ("20 лютага
2023") and a month on its own the nominative ("жнівень 2023"): each has its own names below.

The stored date is the first day of the period it names, so a month-precise
date sorts as the start of that month. Beside it the last day of the period is
stored too (`end_of_period`), so that a date filter can ask whether the period
overlaps the range it asks for (see the QuerySets' `dated_within`).
"""

import calendar
import datetime
import re

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    UNKNOWN = "unknown", _("Unknown")


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", re.ASCII)

# Month names by the form they take, as contexts for the translators. The context is
# written out in each call: xgettext reads only literal strings.
MONTHS_ALONE = {
    1: pgettext_lazy("month on its own, as in August 2023", "January"),
    2: pgettext_lazy("month on its own, as in August 2023", "February"),
    3: pgettext_lazy("month on its own, as in August 2023", "March"),
    4: pgettext_lazy("month on its own, as in August 2023", "April"),
    5: pgettext_lazy("month on its own, as in August 2023", "May"),
    6: pgettext_lazy("month on its own, as in August 2023", "June"),
    7: pgettext_lazy("month on its own, as in August 2023", "July"),
    8: pgettext_lazy("month on its own, as in August 2023", "August"),
    9: pgettext_lazy("month on its own, as in August 2023", "September"),
    10: pgettext_lazy("month on its own, as in August 2023", "October"),
    11: pgettext_lazy("month on its own, as in August 2023", "November"),
    12: pgettext_lazy("month on its own, as in August 2023", "December"),
}
# Django has these too (its `E`), but its Belarusian forms are in the classical
# orthography (верасьня) and one is wrong (сакавік): the archive writes the official one.
MONTHS_IN_DATE = {
    1: pgettext_lazy("month in a date, as in 20 February 2023", "January"),
    2: pgettext_lazy("month in a date, as in 20 February 2023", "February"),
    3: pgettext_lazy("month in a date, as in 20 February 2023", "March"),
    4: pgettext_lazy("month in a date, as in 20 February 2023", "April"),
    5: pgettext_lazy("month in a date, as in 20 February 2023", "May"),
    6: pgettext_lazy("month in a date, as in 20 February 2023", "June"),
    7: pgettext_lazy("month in a date, as in 20 February 2023", "July"),
    8: pgettext_lazy("month in a date, as in 20 February 2023", "August"),
    9: pgettext_lazy("month in a date, as in 20 February 2023", "September"),
    10: pgettext_lazy("month in a date, as in 20 February 2023", "October"),
    11: pgettext_lazy("month in a date, as in 20 February 2023", "November"),
    12: pgettext_lazy("month in a date, as in 20 February 2023", "December"),
}


def month_year(value):
    """'August 2023', 'жнівень 2023': a month on its own, in the interface language."""
    return f"{MONTHS_ALONE[value.month]} {value.year}"


def day_month_year(value):
    """'20 February 2023', '20 лютага 2023': the month in the form a date needs."""
    return f"{value.day} {MONTHS_IN_DATE[value.month]} {value.year}"


def display_date(value, precision):
    """The date as its precision allows, in the interface language: no invented day or month."""
    if value is None or precision == Precision.UNKNOWN:
        return gettext("Date unknown")
    if precision == Precision.MONTH:
        return month_year(value)
    if precision == Precision.YEAR:
        return str(value.year)
    return day_month_year(value)


def iso_partial(value, precision):
    """The date in ISO form truncated to its precision: '2022-07', '2023', ''."""
    if value is None or precision == Precision.UNKNOWN:
        return ""
    return value.isoformat()[: {Precision.YEAR: 4, Precision.MONTH: 7}.get(precision, 10)]


def parse_partial_date(text):
    """'2022-07-13' -> (date, DAY); '2022-07' -> (date, MONTH); '2022' -> (date, YEAR).

    Raises ValueError with a readable message for anything else.
    """
    match = _PARTIAL.match((text or "").strip())
    if not match:
        raise ValueError(f"{text!r} is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = match.groups()
    try:
        value = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None
    if day:
        return value, Precision.DAY
    if month:
        return value, Precision.MONTH
    return value, Precision.YEAR


def start_of_period(value, precision):
    """Snap a date to the first day of its period so stored dates never pretend."""
    if value is None:
        return None
    if precision == Precision.MONTH:
        return value.replace(day=1)
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    return value


def end_of_period(value, precision):
    """The last day of the period `value` names: 31 July 2022 for 'July 2022'."""
    if value is None:
        return None
    if precision == Precision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    if precision == Precision.YEAR:
        return value.replace(month=12, day=31)
    return value


# The longest period a date can name (a leap year): an item whose period ends on or
# after D began on or after D minus this, which lets a filter on the period's end
# also bound the indexed start date.
LONGEST_PERIOD = datetime.timedelta(days=365)
