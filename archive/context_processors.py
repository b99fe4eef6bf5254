"""What base.html needs on every page: the same page in each interface language."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import NoReverseMatch, reverse
from django.utils import translation


def languages(request):
    """`languages`: each interface language with the switcher's link to this page in it
    (`switch_href`, which also remembers the choice) and, for hreflang alternates, this
    page's absolute address in it (`href`; only on pages that exist in every language).
    The query string is kept, so a filtered view stays filtered."""
    here = request.get_full_path()
    current = translation.get_language()
    alternates = _alternates(request)
    rows = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        rows.append(
            {
                "code": code,
                # Each language named in itself, the way its readers look for it.
                "name": info["name_local"][:1].upper() + info["name_local"][1:],
                "href": alternates.get(code),
                "switch_href": f"{reverse('switch_language', args=[code])}?"
                + urlencode({"next": here}),
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
    query = request.META.get("QUERY_STRING", "")
    addresses = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                return {}
        addresses[code] = origin + path + (f"?{query}" if query else "")
    # The same address in every language: not a translated page (robots.txt, the API).
    return addresses if len(set(addresses.values())) == len(addresses) else {}
