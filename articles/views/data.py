"""The archive as data: CSV, JSON and JSON Lines exports and the Atom feed of any filtered
list, BibTeX."""

import csv
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext

from articles import exports
from articles.attention import attention
from articles.citation import bibtex
from articles.feeds import ArticleFeed
from articles.filters import ArticleFilter, filter_or_errors
from articles.models import Article

from .common import filters_query


def _filtered(request):
    """(queryset, None) for valid filters, else (None, errors); drafts are never included."""
    filterset = ArticleFilter(request.GET, queryset=Article.objects.published(), request=request)
    return filter_or_errors(filterset)


def _errors_as_text(errors):
    lines = [gettext("These filters are not valid:")]
    lines += [f"{name}: {message}" for name, messages in errors.items() for message in messages]
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


def _archive_url(request):
    """An article's permanent address for the exports: the unprefixed (English) one, so
    that an export's data is the same whatever the language of the page it came from."""
    base = request.build_absolute_uri("/")[:-1]

    def archive_url(article):
        with translation.override(settings.LANGUAGE_CODE):
            return base + article.get_absolute_url()

    return archive_url


def _attachment(response, extension):
    filename = f"belarus-war-archive-articles-{datetime.date.today().isoformat()}.{extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def export_csv(request):
    queryset, errors = _filtered(request)
    if errors:
        return _errors_as_text(errors)
    response = StreamingHttpResponse(
        exports.csv_lines(queryset, _archive_url(request)), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, "csv")


def _errors_as_json(errors):
    return JsonResponse({"errors": errors}, status=400, json_dumps_params={"ensure_ascii": False})


def export_json(request):
    queryset, errors = _filtered(request)
    if errors:
        return _errors_as_json(errors)
    response = StreamingHttpResponse(
        exports.json_chunks(queryset, _archive_url(request)),
        content_type="application/json; charset=utf-8",
    )
    return _attachment(response, "json")


def export_jsonl(request):
    """The filtered list in the import format: `manage.py import_articles` takes it back."""
    queryset, errors = _filtered(request)
    if errors:
        return _errors_as_json(errors)
    response = StreamingHttpResponse(
        exports.jsonl_lines(queryset),
        content_type="application/jsonl; charset=utf-8",
    )
    return _attachment(response, "jsonl")


def attention_csv(request):
    """The articles-per-month series of the filtered list: what its chart draws.

    Counted over the articles the list shows this reader (staff see drafts there too),
    so the CSV adds up to the list's total."""
    filterset = ArticleFilter(
        request.GET, queryset=Article.objects.visible_to(request.user), request=request
    )
    queryset, errors = filter_or_errors(filterset)
    if errors:
        return _errors_as_text(errors)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    writer = csv.writer(response)
    writer.writerow(["period", "precision", "articles"])
    writer.writerows(attention(queryset).csv_rows())
    filename = f"belarus-war-archive-attention-{datetime.date.today().isoformat()}.csv"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@dataclass
class FeedFilters:
    queryset: object
    query: str  # the active filters' query string, for the feed's alternate link
    label: str  # "source newsweek, actor lukashenko", for the feed's title


_feed = ArticleFeed()


def article_feed(request):
    queryset, errors = _filtered(request)
    if errors:
        return _errors_as_text(errors)
    params = request.GET.copy()
    params.pop("page", None)
    label = ", ".join(
        f"{name} {', '.join(values)}"
        for name, values in params.lists()
        if name in ("q", "source", "topic", "actor", "language", "date_after", "date_before")
    )
    request.archive_feed = FeedFilters(queryset, filters_query(params), label)
    return _feed(request)


def article_bibtex(request, slug):
    article = get_object_or_404(
        # As the article page: staff, who see a draft's page, can take its citation too.
        Article.objects.visible_to(request.user).select_related("source", "retrieved_from"),
        slug=slug,
    )
    response = HttpResponse(
        bibtex(article, request.build_absolute_uri(article.get_absolute_url())),
        content_type="text/x-bibtex; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{article.slug}.bib")
    return response
