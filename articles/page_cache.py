"""Whole public pages cached for anonymous readers, and the HTTP headers that let a proxy
or CDN cache them too.

A page is stored under the data version (articles.versions), the language and the full
path with its query string: any change to the archive bumps the version, so the next
reader gets a freshly rendered page, never a stale one. Staff never get a cached page
and never fill one: they see drafts, and their own writes at once.

The same key gives the page's ETag, so a conditional GET from a browser or a proxy is
answered 304 from the version alone, without rendering or reading the stored page.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from . import versions

# The archive's public pages (articles.urls); the admin and the API are never cached here
# (the API counts every request against its rate limit).
NAMESPACE = "articles"
# Headers worth keeping with a stored page; the middleware outside this one (security,
# CSP, CORS) add theirs to every response, stored or not.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "X-Frame-Options",
    "Link",
)


class PageCacheMiddleware:
    """Place after AuthenticationMiddleware (it asks who the reader is) and after
    LocaleMiddleware when there is one (the page's language is part of its key)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        # Asked before the view runs: the API's views replace request.user.
        authenticated = request.user.is_authenticated
        with versions.pinned():
            response = self.get_response(request)
            key = getattr(request, "_page_cache_key", None)
            if key is None:
                if authenticated:
                    # What staff see (drafts, their own edits) is theirs alone.
                    patch_cache_control(response, private=True)
                return response
            if getattr(request, "_page_cache_hit", False) or not _storable(response):
                return response
            if request.method == "GET" and settings.PAGE_CACHE:
                cache.set(key, _stored(response), settings.PAGE_CACHE_SECONDS)
            _add_http_caching(response, key)
            return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != NAMESPACE or request.user.is_authenticated:
            return None
        key = page_key(request)
        request._page_cache_key = key
        not_modified = get_conditional_response(request, etag=_etag(key))
        if not_modified is not None:
            request._page_cache_hit = True
            _add_http_caching(not_modified, key)
            return not_modified
        if not settings.PAGE_CACHE:
            return None
        stored = cache.get(key)
        if stored is None:
            return None
        request._page_cache_hit = True
        response = _restored(stored)
        _add_http_caching(response, key)
        return response


def page_key(request):
    """The page's cache key: data version, language, host, full path and query string."""
    where = f"{request.get_host()}\x00{request.get_full_path()}"
    digest = hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{versions.current()}:{translation.get_language()}:{digest}"


def _etag(key):
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def _storable(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _stored(response):
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return (response.content, headers)


def _restored(stored):
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


def _add_http_caching(response, key):
    response["ETag"] = _etag(key)
    # A proxy may keep the page this long; with the default 0 it asks again each time
    # and gets a 304 while nothing has changed.
    patch_cache_control(response, public=True, max_age=settings.PAGE_MAX_AGE)
    # The page differs by language (negotiated from Accept-Language on unprefixed
    # addresses) and by who is logged in (staff are never served a public copy).
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
