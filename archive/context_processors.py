"""What base.html needs on every page: the same page in each interface language."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info


def languages(request):
    """`languages`: each interface language with this page's address in it (`href`,
    for hreflang alternates) and the switcher's link to it (`switch_href`, which
    remembers the choice). The query string is kept, so a filtered view stays filtered."""
    here = request.get_full_path()
    current = get_language()
    rows = []
    for code, _name in settings.LANGUAGES:
        href = translate_url(here, code)
        info = get_language_info(code)
        rows.append(
            {
                "code": code,
                # Each language named in itself, the way its readers look for it.
                "name": info["name_local"][:1].upper() + info["name_local"][1:],
                "href": href,
                "switch_href": f"{reverse('switch_language', args=[code])}?"
                + urlencode({"next": here}),
                "current": code == current,
            }
        )
    # Alternates only where the page exists in every language (not on a 404).
    translated = len({row["href"] for row in rows}) == len(rows)
    return {"languages": rows, "languages_translated": translated}
