"""How to cite an archived article: plain text and BibTeX.

Both name the original publication (outlet, date to its known precision,
original URL), where the copy came from when that is not the publisher, and the
archive copy (its URL and the date it was archived), so a reader can find
either.
"""

import re

from django.utils import timezone
from django.utils.translation import gettext

from .models import Precision
from .models.dates import day_month_year

# BibTeX's month macros, independent of the server's locale.
MONTH_MACROS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def _day(value):
    return day_month_year(value)


def _archived_note(day):
    return gettext("Archived in the Belarus War Archive on %(day)s") % {"day": _day(day)}


def _archived_on(article):
    return timezone.localtime(article.archived_at).date()


def plain_text(article, archive_url):
    """'Sam Skove. “Title.” Foreign Policy, 20 February 2023. <url>. Archived … <archive url>.'

    Without a byline the title leads (the outlet is not the author); an unknown
    date is 'n.d.', never an invented one.
    """
    title = f"“{article.title.rstrip('.')}.”"
    parts = [f"{article.byline.rstrip('.')}. {title}" if article.byline else title]
    if article.published_precision != Precision.UNKNOWN:
        date = article.date_display
    else:
        date = gettext("n.d.")
    parts.append(f" {article.source.name}, {date}.")
    if article.original_url:
        parts.append(f" {article.original_url}.")
    if article.retrieved_from_id and article.retrieved_from_id != article.source_id:
        copy = gettext("Copy retrieved from %(outlet)s.")
        parts.append(" " + copy % {"outlet": article.retrieved_from.name})
    parts.append(" " + _archived_note(_archived_on(article)) + f": {archive_url}")
    return "".join(parts)


_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(char) for char in _SPECIAL))
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def bibtex_escape(text):
    """Text as a BibTeX field value: LaTeX specials escaped in one pass, braces balanced."""
    text = _CONTROL.sub(" ", text)
    return _SPECIAL_RE.sub(lambda match: _SPECIAL[match.group()], text)


def _bibtex_url(url):
    # URL fields are read verbatim: percent-encode what would unbalance the entry instead.
    return "".join(f"%{ord(c):02X}" if c in '{}\\ "' or ord(c) < 32 else c for c in url)


def bibtex_key(article):
    key = re.sub(r"[^A-Za-z0-9_:-]", "", article.slug)[:80]
    return key or f"article{article.pk}"


def bibtex(article, archive_url):
    """An @article entry: BibTeX's year/month and biblatex's date, both to the known precision."""
    archived = _archived_on(article)
    note = _archived_note(archived)
    if article.retrieved_from_id and article.retrieved_from_id != article.source_id:
        note = gettext("%(note)s from a copy published by %(outlet)s") % {
            "note": note,
            "outlet": article.retrieved_from.name,
        }
    fields = [
        ("title", "{" + bibtex_escape(article.title) + "}"),  # inner braces keep its capitals
        ("author", bibtex_escape(article.byline)),
        ("journal", bibtex_escape(article.source.name)),
    ]
    if article.published_on and article.published_precision != Precision.UNKNOWN:
        fields.append(("year", str(article.published_on.year)))
        if article.published_precision in (Precision.DAY, Precision.MONTH):
            fields.append(("month", MONTH_MACROS[article.published_on.month - 1]))
    fields += [
        ("date", article.date_iso),
        ("url", _bibtex_url(article.original_url or archive_url)),
        ("urldate", archived.isoformat()),
        ("note", f"{bibtex_escape(note)}: \\url{{{_bibtex_url(archive_url)}}}"),
    ]
    # A month is a BibTeX macro (jan, feb, ...), written bare; everything else in braces.
    lines = [
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
        if value
    ]
    return f"@article{{{bibtex_key(article)},\n" + ",\n".join(lines) + "\n}\n"
