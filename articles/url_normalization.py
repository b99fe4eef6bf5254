"""One key for every spelling of an article's address.

Outlets, aggregators and editors write the same address in different ways:
`HTTPS://Example.org/news/`, `https://example.org/news?utm_source=x`,
`http://example.org:80/news#top`. `normalize_url()` maps them all to one key, so
the importer (and the capture of pages) can tell that they are the same article,
and the database can refuse a second article at the same address.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that only say how a reader arrived (campaign, click and share
# trackers); they never choose the page. utm_* is matched by its prefix.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref_src",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Passes of normalization until the key is its own key: two settle any text in practice.
_MAX_PASSES = 8


def _is_tracking(name):
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def normalize_url(url):
    """The matching key of `url`: '' for no URL.

    - scheme and host in lower case, and http the same as https;
    - no default port, no fragment (`#…`), no trailing slash on the path;
    - tracking parameters (`utm_*`, `fbclid`, `gclid`, …) dropped, the others sorted.

    The key is itself a URL that leads to the same page; the article keeps the
    address it was given. It is its own key: one pass can uncover what another would
    change (spaces before a trailing slash, a no-break space behind a control character
    urlsplit drops), so passes repeat until nothing changes.
    """
    key = (url or "").strip()
    for _ in range(_MAX_PASSES):
        url, key = key, _one_pass(key)
        if key == url:
            break
    return key


def _one_pass(url):
    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        # Not parseable as a URL (an unbalanced "[" in the host, a port out of range):
        # only the exact same text can match it.
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address keeps its brackets
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    if scheme == "http":
        scheme = "https"
    if parts.username or parts.password:
        userinfo = parts.username or ""
        if parts.password:
            userinfo += f":{parts.password}"
        host = f"{userinfo}@{host}"
    path = parts.path.rstrip("/")
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(name)
    )
    return urlunsplit((scheme, host, path, urlencode(query), ""))
