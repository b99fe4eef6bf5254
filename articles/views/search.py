"""Placeholder views: search replaces them."""

from django.shortcuts import render


def _placeholder(request, *args, **kwargs):
    return render(request, "placeholder.html", {"title": "Coming soon"})


search = _placeholder
