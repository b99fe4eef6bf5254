"""Dates in the interface language, with the month in the form each language needs."""

import datetime

from django import template
from django.utils import timezone

from articles.models.dates import day_month_year as _day_month_year
from articles.models.dates import month_year as _month_year

register = template.Library()


@register.filter
def month_year(value):
    """{{ month|month_year }}: 'August 2023', 'жнівень 2023' (not the genitive of a date)."""
    return _month_year(value) if value else ""


@register.filter
def day_month_year(value):
    """{{ when|day_month_year }}: '20 February 2023', '20 лютага 2023'; a datetime in local time."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _day_month_year(value)
