"""Placeholder views: data replaces them."""

from django.shortcuts import render


def _placeholder(request, *args, **kwargs):
    return render(request, "placeholder.html", {"title": "Coming soon"})


article_feed = _placeholder
export_csv = _placeholder
export_json = _placeholder
article_bibtex = _placeholder
