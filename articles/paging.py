"""Pagination that tells a malformed page number (400) from one past the end (404)."""

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404

PAGE_NUMBER = re.compile(r"^[1-9][0-9]*$")


class BadPage(ValueError):
    """The `page` parameter is not a positive whole number."""


def page_size():
    # Read at call time so tests can change settings.ARCHIVE_PAGE_SIZE.
    return settings.ARCHIVE_PAGE_SIZE


def paginate(request, queryset, per_page=None):
    """The requested page of `queryset`, its rows already fetched.

    Raises BadPage for `page=abc`, `page=0` or `page=-1`, Http404 past the last page.
    """
    raw = request.GET.get("page", "1")
    if not PAGE_NUMBER.match(raw):
        raise BadPage("The page number must be a whole number from 1 up.")
    paginator = Paginator(queryset, per_page or page_size())
    # More digits than any page count: past the end, without converting a huge string.
    if len(raw) > 12 or int(raw) > paginator.num_pages:
        raise Http404("There is no such page.")
    page = paginator.page(int(raw))
    page.object_list = list(page.object_list)
    return page
