"""What base.html needs on every page: the same page in each interface language."""

from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation


def languages(request):
    """`languages`: each interface language with the switcher's link to this page in it
    (`switch_href`, which also remembers the choice) and, for hreflang alternates, this
    page's absolute address in it (`href`; only on pages that exist in every language).
    The query string is kept, so a filtered view stays filtered."""
    back = urlencode({"next": request.get_full_path()})
    current = translation.get_language()
    alternates = _alternates(request)
    switches = _switch_paths(get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))
    rows = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        rows.append(
            {
                "code": code,
                # Each language named in itself, the way its readers look for it.
                "name": info["name_local"][:1].upper() + info["name_local"][1:],
                "href": alternates.get(code),
                "switch_href": f"{switches[code]}?{back}",
                "current": code == current,
            }
        )
    return {"languages": rows, "languages_translated": bool(alternates)}


def _alternates(request):
    """{code: absolute address of this page in that language}, or {} where there is none:
    an error page (nothing resolved), an address outside the translated ones, or a
    request whose Host header was refused (the 400 that says so must still render)."""
    match = request.resolver_match
    if match is None:
        return {}
    try:
        origin = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return {}
    page = (
        match.view_name,
        tuple(match.args),
        tuple(sorted(match.kwargs.items())),
        get_script_prefix(),
        get_urlconf(settings.ROOT_URLCONF),
    )
    try:
        paths = _paths_in_languages(*page)
    except TypeError:  # extra arguments that cannot be a key (the sitemaps' own): not kept
        paths = _paths_in_languages.__wrapped__(*page)
    query = request.META.get("QUERY_STRING", "")
    return {code: origin + path + (f"?{query}" if query else "") for code, path in paths.items()}


# Reversing a URL costs more than the rest of this context: the eight each page needs
# are the same for every request to that page, so each process reverses them once. Keyed
# by everything a reverse depends on besides the language: the URLconf and script prefix.
@lru_cache(maxsize=4096)
def _paths_in_languages(view_name, args, kwargs, script_prefix, urlconf):
    paths = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                paths[code] = reverse(view_name, urlconf, args=args, kwargs=dict(kwargs))
            except NoReverseMatch:
                return {}
    # The same address in every language: not a translated page (robots.txt, the API).
    return paths if len(set(paths.values())) == len(paths) else {}


@lru_cache(maxsize=16)
def _switch_paths(script_prefix, urlconf):
    return {
        code: reverse("switch_language", urlconf, args=[code]) for code, _ in settings.LANGUAGES
    }
