"""Highlighted excerpts of search results, computed in Python over a bounded prefix.

The same on both databases, and bounded: only the first SCAN_CHARS characters of an
article's standfirst and body are read, so no text (a 10 MB body of one repeated word)
and no query can make a snippet cost more than a normal page. A word is marked when one
of its lemmas is a term of the query, or when it is a form of a name of an actor the
query names: "Lukashenka" marks the "Лукашэнкі" of a Belarusian article.
"""

import hashlib
import re

from django.db.models.functions import Left
from django.utils.html import escape

from articles import versions
from articles.morphology import lemmas, word_forms
from articles.text import clean_query, normalize, words

from .reading import Phrase, read

SCAN_CHARS = 20_000
SNIPPET_CHARS = 240
SNIPPETS_KEPT_FOR = 300
_WORD = re.compile(r"[^\W_]+")


def add_snippets(articles, q, search=None):
    """Give each article a `snippet`: escaped HTML, matched words in <mark>.

    `search`: the ArticleSearch the articles came from, when the caller has it (its
    reading and actors are reused; otherwise the query is read again).
    """
    articles = list(articles)
    for article in articles:
        article.snippet = ""
    q = clean_query(q)
    if not q or not articles:
        return articles
    # The same query finds the same words until the archive (or an alias) changes: each
    # article's snippet for a query is made once per data version.
    query = hashlib.sha256(q.encode()).hexdigest()[:24]
    keys = {
        article.pk: f"snippet:{versions.current()}:{query}:{article.pk}" for article in articles
    }
    kept = versions.kept.get_many(keys.values())
    for article in articles:
        article.snippet = kept.get(keys[article.pk], "")
    missing = [article for article in articles if keys[article.pk] not in kept]
    if missing:
        _make_snippets(missing, q, search)
        versions.kept.set_many(
            {keys[article.pk]: article.snippet for article in missing}, SNIPPETS_KEPT_FOR
        )
    return articles


def _make_snippets(articles, q, search):
    if search is not None and search.reading is not None:
        reading, actors = search.reading, search.actors
    else:
        from .articles import named_actors

        reading = read(q)
        actors = named_actors(reading)
    terms = {
        term
        for clause in reading.clauses
        for alternative in clause
        if isinstance(alternative, Phrase)
        for word in alternative.words
        for term in word.terms
    }
    names = set()
    for actor in actors:
        aliases = [alias.name for alias in actor.aliases.all()]
        # Single-word names only when the actor has some: "Kastus Kalinouski Regiment"
        # would otherwise mark every "regiment".
        single = [name for name in aliases if len(words(name)) == 1] or aliases
        for name in single:
            for word in words(name):
                names |= word_forms(word)
    texts = _scanned_texts(articles)
    for article in articles:
        article.snippet = snippet(texts[article.pk], article.language, terms, names)


def _scanned_texts(articles):
    """Each article's standfirst and body, by id. List rows come without their bodies
    (QuerySet.for_rows()): those are read here in one query, only as far as a snippet looks."""
    from articles.models import Article

    deferred = [article.pk for article in articles if "body" in article.get_deferred_fields()]
    bodies = {}
    if deferred:
        found = Article.objects.filter(pk__in=deferred).values_list("pk", Left("body", SCAN_CHARS))
        bodies = {pk: "" for pk in deferred} | dict(found)
    texts = {}
    for article in articles:
        body = bodies[article.pk] if article.pk in bodies else article.body
        texts[article.pk] = f"{article.standfirst}\n\n{body}"
    return texts


def snippet(text, language, terms, names):
    text = " ".join(text[:SCAN_CHARS].split())
    seen = {}

    def marked(word):
        # Reporting repeats its words: each is folded and looked up once per article.
        found = seen.get(word)
        if found is None:
            key = normalize(word)
            found = seen[word] = key in names or not terms.isdisjoint(lemmas(word, language))
        return found

    # The first match places the window; only the window's words are looked at after it.
    first = next((m for m in _WORD.finditer(text) if marked(m.group(0))), None)
    hits = [first] if first else []
    if first:
        window_end = first.start() + SNIPPET_CHARS
        hits += [m for m in _WORD.finditer(text, first.end(), window_end) if marked(m.group(0))]
    if not hits:
        end = len(text) if len(text) <= SNIPPET_CHARS else text.rfind(" ", 0, SNIPPET_CHARS)
        end = end if end > 0 else SNIPPET_CHARS
        return escape(text[:end]) + (" …" if end < len(text) else "")
    first = hits[0]
    start = max(0, first.start() - SNIPPET_CHARS // 3)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        end = max(text.rfind(" ", start, end), first.end())
    parts, at = [], start
    for hit in hits:
        if hit.start() < start or hit.end() > end:
            continue
        parts += [escape(text[at : hit.start()]), "<mark>", escape(hit.group(0)), "</mark>"]
        at = hit.end()
    parts.append(escape(text[at:end]))
    return ("… " if start else "") + "".join(parts) + (" …" if end < len(text) else "")
