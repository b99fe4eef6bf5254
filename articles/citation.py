"""How to cite an archived article: plain text and BibTeX, naming the original and the archive copy."""

from .models import Precision


def _author(article):
    return article.byline or article.source.name


def plain_text(article, archive_url):
    """'Skove, S. … Foreign Policy, 20 February 2023. Archived … at <url>.'"""
    parts = [f"{_author(article)}. “{article.title}.” {article.source.name}"]
    if article.published_precision != Precision.UNKNOWN:
        parts.append(f", {article.date_display}")
    parts.append(".")
    if article.original_url:
        parts.append(f" {article.original_url}.")
    if article.retrieved_from_id:
        parts.append(f" Copy retrieved from {article.retrieved_from.name}.")
    parts.append(
        f" Archived in the Belarus War Archive on {article.archived_at:%-d %B %Y}: {archive_url}"
    )
    return "".join(parts)


def _bibtex_escape(text):
    for char in "\\{}&%$#_":
        text = text.replace(char, "\\" + char)
    return text


def bibtex(article, archive_url):
    fields = {
        "title": article.title,
        "author": article.byline,
        "journal": article.source.name,
        "url": article.original_url or archive_url,
        "urldate": article.archived_at.date().isoformat(),
        "note": f"Archived copy: {archive_url}",
    }
    if article.published_on and article.published_precision != Precision.UNKNOWN:
        fields["year"] = str(article.published_on.year)
        if article.published_precision in (Precision.DAY, Precision.MONTH):
            fields["month"] = article.published_on.strftime("%b").lower()
    body = ",\n".join(
        f"  {name} = {{{_bibtex_escape(value)}}}" for name, value in fields.items() if value
    )
    return f"@article{{{article.slug},\n{body}\n}}\n"
