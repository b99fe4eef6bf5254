import datetime

import pytest
from django.urls import reverse

from articles.citation import bibtex, bibtex_escape, plain_text
from articles.models import Article, Precision, Source

FP_SLUG = "meet-the-belarusian-regiment-fighting-for-ukraine"


def balanced(text):
    """Braces balance once escaped braces are set aside, as BibTeX requires."""
    depth = 0
    for char in text.replace("\\{", "").replace("\\}", ""):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


@pytest.fixture
def fp(seeded):
    """The Foreign Policy seed article: a byline, a day-precise date, a copy from Ocnus.net."""
    article = Article.objects.get(slug=FP_SLUG)
    article.original_url = "https://foreignpolicy.com/2023/02/20/belarus-regiment/"
    article.archived_at = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC)
    article.save()
    return article


def test_plain_text_names_the_original_the_copy_and_the_archive(fp):
    text = plain_text(fp, "https://archive.example/articles/x/")
    assert text == (
        "Sam Skove. “Meet the Belarusian Regiment Fighting for Ukraine.” Foreign Policy, "
        "20 February 2023. https://foreignpolicy.com/2023/02/20/belarus-regiment/. "
        "Copy retrieved from Ocnus.net. Archived in the Belarus War Archive on 22 November 2026: "
        "https://archive.example/articles/x/"
    )


def test_plain_text_without_byline_or_date_invents_neither(seeded):
    article = Article.objects.get(source__slug="byline-times")
    text = plain_text(article, "https://archive.example/a/")
    assert text.startswith(
        "“Belarus is Complicit in Russia’s War Crimes and Should be Punished Accordingly.” "
        "Byline Times, August 2023."
    )
    article.published_precision, article.published_on = Precision.UNKNOWN, None
    assert "Byline Times, n.d." in plain_text(article, "https://archive.example/a/")


def test_bibtex_entry_for_the_seed(fp):
    entry = bibtex(fp, "https://archive.example/articles/x/")
    assert entry.startswith(f"@article{{{FP_SLUG},\n")
    for line in [
        "  title = {{Meet the Belarusian Regiment Fighting for Ukraine}}",
        "  author = {Sam Skove}",
        "  journal = {Foreign Policy}",
        "  year = {2023}",
        "  month = feb",
        "  date = {2023-02-20}",
        "  url = {https://foreignpolicy.com/2023/02/20/belarus-regiment/}",
        "  urldate = {2026-11-22}",
        "  note = {Archived in the Belarus War Archive on 22 November 2026 from a copy "
        "published by Ocnus.net: \\url{https://archive.example/articles/x/}}",
    ]:
        assert line in entry.splitlines() or line + "," in entry.splitlines(), line
    assert entry.endswith("\n}\n") and balanced(entry)


def test_bibtex_keeps_precision_and_leaves_out_what_is_unknown(seeded):
    article = Article.objects.get(source__slug="newsweek")  # month-precise, no byline, no URL
    entry = bibtex(article, "https://archive.example/n/")
    assert (
        "  year = {2022}," in entry and "  month = jul," in entry and "  date = {2022-07}," in entry
    )
    assert "author" not in entry
    # No original URL: the archive copy is the URL.
    assert "  url = {https://archive.example/n/}," in entry
    article.published_precision, article.published_on = Precision.UNKNOWN, None
    entry = bibtex(article, "https://archive.example/n/")
    assert "\n  year =" not in entry and "\n  month =" not in entry and "\n  date =" not in entry


def test_bibtex_escapes_what_latex_would_read_as_markup(seeded):
    article = Article.objects.create(
        title="50% of {Belarus} & co_op: $5 #1 ~ ^ \\end",
        byline="A}{B",
        body="x",
        source=Source.objects.get(slug="newsweek"),
        original_url="https://example.org/a{b}c d",
        status=Article.Status.PUBLISHED,
        published_precision=Precision.YEAR,
        published_on=datetime.date(2023, 1, 1),
    )
    entry = bibtex(article, "https://archive.example/e/")
    assert (
        "  title = {{50\\% of \\{Belarus\\} \\& co\\_op: \\$5 \\#1 \\textasciitilde{} "
        "\\textasciicircum{} \\textbackslash{}end}}," in entry
    )
    assert "  author = {A\\}\\{B}," in entry
    assert "  url = {https://example.org/a%7Bb%7Dc%20d}," in entry
    assert balanced(entry)
    assert bibtex_escape("line\nbreak\x00") == "line break "


def test_cite_bib_serves_the_entry_as_a_download(reader, fp):
    response = reader.get(reverse("articles:article_bibtex", args=[FP_SLUG]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{FP_SLUG}.bib"'
    text = response.content.decode()
    assert text.startswith(f"@article{{{FP_SLUG},")
    assert f"\\url{{http://testserver/articles/{FP_SLUG}/}}" in text


def test_cite_bib_of_a_draft_is_for_staff_only_and_unknown_slugs_are_404(reader, editor, fp):
    fp.status = Article.Status.DRAFT
    fp.save()
    assert reader.get(reverse("articles:article_bibtex", args=[FP_SLUG])).status_code == 404
    # Staff see the draft's page and its "Download .bib" link: the link must work.
    assert editor.get(reverse("articles:article_bibtex", args=[FP_SLUG])).status_code == 200
    assert (
        reader.get(reverse("articles:article_bibtex", args=["no-such-article"])).status_code == 404
    )
