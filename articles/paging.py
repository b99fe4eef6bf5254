"""Pagination that tells a malformed page number (400) from one past the end (404),
and never counts more than COUNT_CAP rows.

An exact COUNT(*) over 95,000 published articles, or 47,000 that name one actor,
costs more than the page itself; nobody reads page 4,000 of a list. So the
paginator counts at most COUNT_CAP + 1 rows (a LIMITed subquery), says "10,000+"
when there are more, and lists pages up to the cap: the rest is reached by
narrowing the filters, which the page says.
"""

import hashlib
import math
import re

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.formats import number_format
from django.utils.functional import cached_property

from articles import versions

PAGE_NUMBER = re.compile(r"^[1-9][0-9]*$")
COUNT_CAP = 10_000
# From this offset on, a page's rows are looked up by id (see CappedPaginator.page).
DEEP_OFFSET = 1000


class BadPage(ValueError):
    """The `page` parameter is not a positive whole number."""


def page_size():
    # Read at call time so tests can change settings.ARCHIVE_PAGE_SIZE.
    return settings.ARCHIVE_PAGE_SIZE


# Counts are kept this long under the data version (exact until the archive changes):
# counting even a few hundred rows costs 15-100 ms when each needs a probe (a date range,
# an actor filter, a topic, a full-text match).
COUNT_KEPT_FOR_SECONDS = 300


def query_key(prefix, queryset):
    """A cache key for what `prefix` makes of exactly this query (query_digest), under
    the data version: a change to the archive is never answered from before it."""
    return f"{prefix}:{versions.current()}:{query_digest(queryset)}"


def query_digest(queryset):
    """A digest of the rows the query selects: the SQL and parameters that select their
    ids (so filters and what the user may see are part of it), without the ordering,
    which nothing kept under it depends on. Raises EmptyResultSet for queryset.none().

    Compiled once per QuerySet object: a list page keys its count, its chart and its
    facets by the same filtered set, and compiling a search took longer than reading
    what it keys. Only the ids: compiling every column of the row took as long again."""
    digest = queryset.__dict__.get("_archive_query_digest")
    if digest is None:
        rows = queryset if queryset.query.is_sliced else queryset.order_by()
        sql, params = rows.values("pk").query.sql_with_params()
        digest = hashlib.sha256(f"{sql}\x00{params!r}".encode()).hexdigest()
        queryset.__dict__["_archive_query_digest"] = digest
    return digest


def capped_count(queryset, cap=COUNT_CAP):
    """(count, capped): the rows of `queryset`, counted up to `cap` and no further.

    SELECT COUNT(*) FROM (… LIMIT cap + 1): without its ordering, so a ranked
    search is not ranked just to be counted. The count is kept until the archive
    changes.
    """
    if not hasattr(queryset, "query"):  # a list
        n = len(queryset)
        return min(n, cap), n > cap

    def count():
        n = queryset.order_by().values("pk")[: cap + 1].count()
        return min(n, cap), n > cap

    return kept_for_query(f"capped{cap}", queryset, count, (0, False), COUNT_KEPT_FOR_SECONDS)


def kept_for_query(prefix, queryset, compute, empty, timeout):
    """`compute()`, kept for `timeout` seconds under the data version and exactly this
    query; `empty` for a query that cannot match anything (queryset.none())."""
    try:
        key = query_key(prefix, queryset)
    except EmptyResultSet:
        return empty
    return versions.kept.get_or_set(key, compute, timeout)


class CappedPaginator(Paginator):
    """A Paginator whose count stops at `cap`: `capped` says there are more rows.

    `total`, when given, is the set the page says it shows part of (count_label),
    while the pages run over `object_list`: its first `among` rows (a search ranked
    among its newest matches), counted from the count of `total`.
    """

    cap = COUNT_CAP

    def __init__(self, object_list, per_page, total=None, among=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if (total is None) != (among is None):
            raise ValueError("`total` and `among` go together")
        self.total, self.among = total, among

    @cached_property
    def _total_counted(self):
        return self._counted if self.total is None else capped_count(self.total, self.cap)

    @property
    def total_capped(self):
        """More than `cap` rows in the total (or in the pages when there is no total)."""
        return self._total_counted[1]

    @property
    def partial(self):
        """True when the pages list only part of the total (see `total`)."""
        return self._total_counted != self._counted

    @cached_property
    def _counted(self):
        if self.total is None:
            return capped_count(self.object_list, self.cap)
        count, capped = self._total_counted
        return min(count, self.among, self.cap), capped and self.among > self.cap

    @cached_property
    def count(self):
        return self._counted[0]

    @property
    def capped(self):
        return self._counted[1]

    @property
    def count_label(self):
        """The count (of `total`, when given) as the page shows it: "10,000+" when capped."""
        count, capped = self._total_counted
        label = number_format(count, force_grouping=True)
        return f"{label}+" if capped else label

    def page(self, number):
        """The page, its rows found by id first on deep pages.

        OFFSET 9,980 read along the newest-first index visits 10,000 table rows to
        throw them away; the ids alone come from the index (an index-only scan),
        and only the page's 20 rows are read. Still one query.
        """
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        rows = self.object_list
        if bottom >= DEEP_OFFSET and hasattr(rows, "query"):
            ids = rows.values("pk")[bottom:top]
            return self._get_page(rows.filter(pk__in=ids), number, self)
        return self._get_page(rows[bottom:top], number, self)

    @cached_property
    def num_pages(self):
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, math.ceil(self.count / self.per_page))


def paginate(request, queryset, per_page=None, total=None, among=None):
    """The requested page of `queryset`, its rows already fetched.

    Raises BadPage for `page=abc`, `page=0` or `page=-1`, Http404 past the last page
    (and past the cap: page 501 of 20 rows, when more than 10,000 rows match).
    """
    raw = request.GET.get("page", "1")
    if not PAGE_NUMBER.match(raw):
        raise BadPage("The page number must be a whole number from 1 up.")
    paginator = CappedPaginator(queryset, per_page or page_size(), total=total, among=among)
    # More digits than any page count: past the end, without converting a huge string.
    if len(raw) > 12 or int(raw) > paginator.num_pages:
        if paginator.capped:
            raise Http404(
                f"Only the first {paginator.cap:,} results are listed: narrow the filters "
                "to reach the rest."
            )
        raise Http404("There is no such page.")
    page = paginator.page(int(raw))
    page.object_list = list(page.object_list)
    return page
