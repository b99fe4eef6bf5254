"""A small news site on loopback for the capture tests, and the pages it serves.

The three seed articles are rendered into pages as outlets publish them: navigation,
a newsletter box, related-article teasers and a footer around the article. Beside
them: a redirect chain, a 404, a PDF, a page over the size limit and one that
answers too slowly. The server records every request it sees, so a test can show
that a refused capture sent none.
"""

import html
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed.json"
SLOW_SECONDS = 3
OVERSIZE_BYTES = 300_000
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed_articles():
    """The seed articles' fields, by slug."""
    rows = json.loads(SEED.read_text(encoding="utf-8"))
    return {r["fields"]["slug"]: r["fields"] for r in rows if r["model"] == "articles.article"}


def _is_heading(paragraph):
    # The seed keeps subheadings as short paragraphs without a full stop.
    return len(paragraph) < 60 and not paragraph.rstrip().endswith((".", "”", '"', "?", "!"))


def article_page(fields, *, site, byline=False, date=False):
    """A seed article as its outlet's page: the article inside the site's furniture."""
    e = html.escape
    paragraphs = "\n".join(
        f"<h2>{e(p)}</h2>" if _is_heading(p) else f"<p>{e(p)}</p>"
        for p in fields["body"].split("\n\n")
    )
    meta = [f'<meta property="og:site_name" content="{e(site)}">']
    if fields["standfirst"]:
        meta.append(f'<meta name="description" content="{e(fields["standfirst"])}">')
    if date:
        meta.append(
            f'<meta property="article:published_time" content="{fields["published_on"]}T07:30:00Z">'
        )
    head_extra = "\n".join(meta)
    standfirst = fields["standfirst"] and f'<p class="standfirst">{e(fields["standfirst"])}</p>'
    byline_html = (
        f'<p class="byline">By <a rel="author" href="/authors/1">{e(fields["byline"])}</a></p>'
        if byline
        else ""
    )
    day = fields["published_on"]
    time_html = f'<time datetime="{day}">{day}</time>' if date else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(fields["title"])} | {e(site)}</title>
{head_extra}
<link rel="stylesheet" href="/static/site.css">
<script src="/static/analytics.js"></script>
</head>
<body>
<header class="masthead">
  <a class="logo" href="/">{e(site)}</a>
  <nav aria-label="Sections"><ul>
    <li><a href="/world">World</a></li><li><a href="/europe">Europe</a></li>
    <li><a href="/politics">Politics</a></li><li><a href="/opinion">Opinion</a></li>
    <li><a href="/subscribe">Subscribe</a></li>
  </ul></nav>
</header>
<main>
  <article>
    <h1>{e(fields["title"])}</h1>
    {standfirst}
    {byline_html}
    {time_html}
    <div class="article-body">
{paragraphs}
    </div>
  </article>
  <aside class="newsletter">
    <h2>Get the morning briefing</h2>
    <p>Sign up for our newsletter and receive the day's most important stories
    from Eastern Europe every morning.</p>
    <form action="/newsletter"><input type="email" name="email" placeholder="Your e-mail">
    <button>Subscribe</button></form>
  </aside>
  <section class="related">
    <h2>Related stories</h2>
    <ul>
      <li><a href="/europe/grain-corridor">Grain corridor talks stall again
        as ports come under fire</a></li>
      <li><a href="/europe/minsk-exports">Minsk's potash exports find new routes
        through the east</a></li>
      <li><a href="/world/border-fence">Poland extends its border fence along the forest</a></li>
    </ul>
  </section>
</main>
<footer>
  <p>&copy; 2023 {e(site)}. All rights reserved.</p>
  <p><a href="/about">About us</a> · <a href="/privacy">Privacy policy</a> ·
    <a href="/terms">Terms of use</a> · <a href="/contact">Contact</a></p>
</footer>
</body>
</html>"""


# path -> (seed slug, site name, byline shown, date shown)
ARTICLES = {
    "/news/belarusian-border-guard-abandons-post": (
        "belarusian-border-guard-abandons-post-to-fight-with-ukraine-report",
        "Newsweek",
        False,
        False,
    ),
    "/news/meet-the-belarusian-regiment": (
        "meet-the-belarusian-regiment-fighting-for-ukraine",
        "Ocnus.net",
        True,
        True,
    ),
    "/opinion/belarus-is-complicit": (
        "belarus-is-complicit-in-russias-war-crimes-and-should-be-punished-accordingly",
        "Byline Times",
        False,
        False,
    ),
}


class _Handler(BaseHTTPRequestHandler):
    server_version = "TestNews/1.0"

    def log_message(self, format, *args):  # quiet: the tests read self.server.requests
        pass

    def _send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.requests.append((self.path, self.headers.get("User-Agent", "")))
        path = self.path.split("?")[0].rstrip("/") or "/"
        if path in ARTICLES:
            slug, site, byline, date = ARTICLES[path]
            page = article_page(self.server.seed[slug], site=site, byline=byline, date=date)
            return self._send(200, page.encode("utf-8"))
        if path.startswith("/moved/"):
            hops = int(path.rsplit("/", 1)[1])
            target = "/opinion/belarus-is-complicit" if hops <= 1 else f"/moved/{hops - 1}"
            return self._send(302, b"", headers=[("Location", target)])
        if path == "/to-private":
            return self._send(302, b"", headers=[("Location", "http://10.20.30.40/internal")])
        if path == "/report.pdf":
            return self._send(200, PDF, "application/pdf")
        if path == "/huge":
            return self._send(200, b"<p>" + b"x" * OVERSIZE_BYTES + b"</p>")
        if path == "/huge-undeclared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"<p>" + b"y" * OVERSIZE_BYTES + b"</p>")
            return None
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            return self._send(200, b"<p>Too late.</p>")
        return self._send(404, b"<h1>Not found</h1><p>No such page.</p>")


class NewsSite:
    """The server, on a free loopback port, in a background thread."""

    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.requests = []
        self.httpd.seed = seed_articles()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def requests(self):
        return self.httpd.requests

    def url(self, path):
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"
