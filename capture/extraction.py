"""The article in a captured page: its text without the page's furniture, and its metadata.

trafilatura finds the main text (leaving out navigation, newsletter boxes, related
links and footers) and the metadata the page states (title, author, date,
description, site name). Here its result is put in the archive's shape: one
paragraph per block, whitespace as a browser would show it, and the headline and
standfirst, which trafilatura keeps at the top of the text, taken out of the body.
"""

import gzip
import re
import zlib
from dataclasses import dataclass
from datetime import date

import lxml.etree
import lxml.html

from articles.language import detect_language
from articles.models import Language, Precision

from .errors import CaptureFailed, Failure

_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
# Only what the page itself says about its date: no guessing from the URL or from
# dates that appear anywhere in the text, which would give a confident wrong day.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass
class Extracted:
    title: str
    byline: str
    published_on: date | None
    precision: str
    language: str
    standfirst: str
    body: str
    site_name: str


def _config():
    from trafilatura.settings import use_config

    config = use_config()
    # The worker's own time limit applies; trafilatura's signal-based one cannot run
    # outside the main thread.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def decode(payload, content_type, content_encoding=""):
    """The page's text from the payload as received."""
    encoding = content_encoding.strip().lower()
    try:
        if encoding in ("gzip", "x-gzip"):
            payload = gzip.decompress(payload)
        elif encoding == "deflate":
            payload = zlib.decompress(payload)
    except (OSError, zlib.error) as error:
        raise CaptureFailed(Failure.NOT_HTML, f"The compressed page is damaged: {error}") from None
    match = _CHARSET.search(content_type or "")
    charset = match.group(1) if match else None
    if charset:
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:
            pass
    # trafilatura finds a <meta charset> itself when given bytes.
    return payload


def _blocks(element):
    """The text of each paragraph, heading, list item or quote, as a browser shows it."""
    for block in element:
        text = " ".join("".join(block.itertext()).split())
        if text:
            yield text


def _same(a, b):
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def _printed(html, text):
    """Whether the page shows `text` (in its body, not only in a <meta> tag)."""
    try:
        body = lxml.html.fromstring(html).find("body")
    except (ValueError, lxml.etree.ParserError):
        return False
    if body is None:
        return False
    shown = " ".join(body.text_content().split()).casefold()
    return " ".join(text.split()).casefold() in shown


def extract(html, url):
    # Imported here: it takes half a second, which only the worker should pay.
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params=_DATE_PARAMS,
        config=_config(),
    )
    if document is None or document.body is None:
        raise CaptureFailed(Failure.NO_TEXT, "No article text was found on the page.")
    title = " ".join((document.title or "").split())
    standfirst = " ".join((document.description or "").split())
    paragraphs = list(_blocks(document.body))
    if paragraphs and _same(paragraphs[0], title):
        paragraphs.pop(0)
    if paragraphs and standfirst and _same(paragraphs[0], standfirst):
        paragraphs.pop(0)
    elif standfirst and not _printed(html, standfirst):
        # A description the page does not print is a summary for search engines,
        # not the article's standfirst.
        standfirst = ""
    if not paragraphs:
        raise CaptureFailed(Failure.NO_TEXT, "No article text was found on the page.")
    body = "\n\n".join(paragraphs)
    published_on = date.fromisoformat(document.date) if document.date else None
    language = document.language if document.language in Language.values else ""
    return Extracted(
        title=title,
        byline=" ".join((document.author or "").split()),
        published_on=published_on,
        precision=Precision.DAY if published_on else Precision.UNKNOWN,
        language=language or detect_language(f"{title}\n\n{body}"),
        standfirst=standfirst,
        body=body,
        site_name=" ".join((document.sitename or "").split()),
    )
