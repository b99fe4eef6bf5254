"""What the browsing views share: 400 answers for bad pages and filters, query strings."""

import functools

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render

from articles.models import SlugRedirect
from articles.paging import BadPage

# Display-only parameters: they change what the page shows, not which records match.
DISPLAY_PARAMS = ("page", "show")


def filters_query(params):
    """The query string of the active filters alone ('' when none), for feed and export links."""
    params = params.copy()
    for key in DISPLAY_PARAMS:
        params.pop(key, None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


def bad_request(request, message, status=400):
    return render(request, "articles/bad_request.html", {"message": message}, status=status)


def pages_checked(view):
    """Answer a malformed `page` parameter with a 400 that says what is wrong."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadPage as exc:
            return bad_request(request, str(exc))

    return wrapper


def moved_or_404(request, model, slug):
    """A 301 to where `slug` went when its row was merged into another; else Http404."""
    target = SlugRedirect.objects.target(model, slug)
    if target is None:
        raise Http404(f"No {model._meta.verbose_name} is at this address.")
    query = request.GET.urlencode()
    return HttpResponsePermanentRedirect(target.get_absolute_url() + (f"?{query}" if query else ""))
