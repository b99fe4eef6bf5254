"""Which source published a captured page, from its address."""

from urllib.parse import urlsplit

from articles.models import Source


def _host(url):
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host.removeprefix("www.")


def matching_source(url):
    """The source whose homepage is on the page's domain (or a parent domain of it:
    news.example.org belongs to example.org), the most specific one first; or None."""
    host = _host(url)
    if not host:
        return None
    best = None
    for source in Source.objects.exclude(homepage="").only("id", "name", "homepage", "slug"):
        domain = _host(source.homepage)
        if domain and (host == domain or host.endswith("." + domain)):
            if best is None or len(domain) > len(_host(best.homepage)):
                best = source
    return best


def proposed_source(url, site_name):
    """A new source for a page on a domain no source has: named as the page names its
    site (else by its domain), for the editor to confirm, rename or merge."""
    host = _host(url)
    name = site_name or host
    if Source.objects.filter(name__iexact=name).exists():
        name = f"{name} ({host})"
    existing = Source.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    parts = urlsplit(url)
    return Source.objects.create(
        name=name[:200],
        homepage=f"{parts.scheme}://{parts.netloc}/",
        description="Proposed by a capture of a page on this domain; confirm it or merge it.",
    )
