"""Cursor pagination over any ordering the archive's querysets give, NULLs last.

DRF's CursorPagination keys on one field that should be unique; the archive sorts by
dates that repeat and may be unknown (newest first is published_on DESC NULLS LAST,
id DESC), by relevance, by a match score. This paginator keys on every term of the
queryset's own ORDER BY plus the id, so each row comes exactly once however many rows
share a date, and a page costs one LIMITed query at any depth: the cursor carries the
last row's sort values, not an offset.
"""

import base64
import binascii
import datetime
import json

from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


class KeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self._page_size(request)
        keys, queryset = self._keys(queryset)
        position = self._decode(request.query_params.get(self.cursor_query_param), keys)
        if position is not None:
            queryset = queryset.filter(_after(keys, position))
        rows = list(queryset[: size + 1])
        self.next_position = None
        if len(rows) > size:
            rows = rows[:size]
            self.next_position = [getattr(rows[-1], alias) for alias, _, _ in keys]
        return rows

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_next_link(self):
        if self.next_position is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, _encode(self.next_position))

    def get_first_link(self):
        return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page, or null on the last one.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": str(_("Where the page starts: take it from the `next` link.")),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": str(
                    _("Rows per page, 1 to %(max)s (default %(default)s).")
                    % {"max": MAX_PAGE_SIZE, "default": PAGE_SIZE}
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]

    def _page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return PAGE_SIZE
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE}
                    ]
                }
            )
        return int(raw)

    def _keys(self, queryset):
        """[(alias, output field, descending)] for the queryset's ordering plus the id,
        each annotated on the queryset under its alias, and the queryset so annotated."""
        terms = list(queryset.query.order_by)
        keys, annotations = [], {}
        for term in terms:
            if isinstance(term, str):
                descending = term.startswith("-")
                expression = F(term.lstrip("-"))
            elif isinstance(term, OrderBy):
                descending, expression = term.descending, term.expression
            else:  # an expression sorted ascending, e.g. a Case
                descending, expression = False, term
            alias = f"_key{len(keys)}"
            annotations[alias] = expression
            keys.append([alias, None, descending])
        names = {t.lstrip("-") for t in terms if isinstance(t, str)}
        if not names & {"pk", "id"}:
            # Unique at last: ties on every other term are broken by id.
            alias = f"_key{len(keys)}"
            annotations[alias] = F("pk")
            keys.append([alias, None, False])
        # Sorted by the keys themselves, NULLs last both ways, as _after() reads them.
        queryset = queryset.annotate(**annotations).order_by(
            *(
                F(alias).desc(nulls_last=True) if descending else F(alias).asc(nulls_last=True)
                for alias, _, descending in keys
            )
        )
        for key in keys:
            key[1] = queryset.query.annotations[key[0]].output_field
        return [tuple(key) for key in keys], queryset

    def _decode(self, raw, keys):
        if raw is None:
            return None
        invalid = ValidationError(
            {
                self.cursor_query_param: [
                    _("This cursor is not valid: start again from the first page.")
                ]
            }
        )
        try:
            values = json.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"==="))
        except (ValueError, UnicodeError, binascii.Error):
            raise invalid from None
        if not isinstance(values, list) or len(values) != len(keys):
            raise invalid
        try:
            return [_parse(value, field) for value, (_, field, _) in zip(values, keys, strict=True)]
        except (TypeError, ValueError):
            raise invalid from None


def _encode(values):
    plain = [v.isoformat() if isinstance(v, datetime.date) else v for v in values]
    text = json.dumps(plain, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _parse(value, field):
    """A cursor value back to the type of its key; TypeError/ValueError when it is not."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        return datetime.datetime.fromisoformat(value)
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(value)
    if isinstance(field, (models.IntegerField, models.AutoField)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(value)
        return value
    if isinstance(field, (models.FloatField, models.DecimalField)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(value)
        return value
    if not isinstance(value, str) or "\x00" in value or len(value) > 1000:
        raise TypeError(value)
    return value


def _after(keys, position):
    """The rows after `position` in the order of `keys`, NULLs sorting last either way:
    after a NULL come only NULLs (and ties broken by the next key)."""
    (alias, _, descending), *rest = keys
    value, *later = position
    if value is None:
        same, beyond = Q(**{f"{alias}__isnull": True}), Q(pk__in=[])
    else:
        same = Q(**{alias: value})
        beyond = Q(**{f"{alias}__{'lt' if descending else 'gt'}": value}) | Q(
            **{f"{alias}__isnull": True}
        )
    if not rest:
        return beyond
    return beyond | (same & _after(rest, later))
