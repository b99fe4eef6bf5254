"""The interface language: the switcher's remembered choice, and the first visit to /.

English keeps the unprefixed addresses; Belarusian, Ukrainian and Russian live under
/be/, /uk/, /ru/ (archive/urls.py). Django's LocaleMiddleware takes the language from
the address. Two things it does not do are here: remembering the language a reader picks
in the switcher, and sending a reader who opens / to the home page in their language
(the one they picked before or, on a first visit, the browser's Accept-Language).
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme


def switch_language(request, code):
    """/language/<code>/?next=<page>: the same page (filters and all) in `code`, remembered.

    A link rather than Django's POST-only set_language, so that the switcher works
    without JavaScript and pages carry no CSRF token (they stay cacheable).
    """
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = "/"
    response = HttpResponseRedirect(translate_url(target, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class HomeLanguageMiddleware:
    """/ (English, unprefixed) sends a reader to /be/, /uk/ or /ru/ when that is their
    language: the one remembered from the switcher, else the browser's first choice.
    Every other unprefixed address stays English, as its address promises."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != "/" or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        code = translation.get_language_from_request(request)
        if code != settings.LANGUAGE_CODE:
            with translation.override(code):
                target = reverse("articles:home")
            query = request.META.get("QUERY_STRING", "")
            response = HttpResponseRedirect(f"{target}?{query}" if query else target)
        else:
            response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
