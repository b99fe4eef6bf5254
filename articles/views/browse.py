"""Placeholder views: browse replaces them."""

from django.shortcuts import render


def _placeholder(request, *args, **kwargs):
    return render(request, "placeholder.html", {"title": "Coming soon"})


home = _placeholder
article_list = _placeholder
article_detail = _placeholder
actor_list = _placeholder
actor_detail = _placeholder
event_list = _placeholder
event_detail = _placeholder
source_list = _placeholder
source_detail = _placeholder
topic_list = _placeholder
topic_detail = _placeholder
