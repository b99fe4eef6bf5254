"""Links to the archive's detail pages by slug, at the cost of joining three strings.

A list page links every row's article, outlet, topics and actors: about two hundred
links, and reverse() walks the URL resolver for each (about a quarter of the page's
rendering time). A detail page's URL differs from its neighbour's only in the slug, so
each pattern is reversed once per language, script prefix and URLconf, and kept.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# A valid slug that no real URL part contains: where the slug goes in the reversed URL.
_SLOT = "slug-slot-0f3a9c"


@lru_cache(maxsize=256)
def _halves(name, language, prefix, urlconf):
    # reverse() reads the active language and the script prefix itself; both are in
    # the key, so a kept pattern is only reused where reverse() would give the same.
    before, after = reverse(name, args=[_SLOT], urlconf=urlconf).split(_SLOT)
    return before, after


def detail_url(name, slug):
    """reverse(name, args=[slug]) for a page whose only argument is a slug.

    Slugs are validated ASCII (SlugField, `<slug:…>` in the URLconf), so they need no
    quoting.
    """
    if not slug:
        return reverse(name, args=[slug])  # NoReverseMatch, as before
    before, after = _halves(
        name, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )
    return f"{before}{slug}{after}"
