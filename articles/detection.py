"""Mention detection: which actors an article names, found from the actors' aliases.

One matcher is built over every alias (an index from first word to aliases)
and run over the folded text of each article, so the cost is one pass per
article, not one query or one search per alias.

An editor's decision always wins: a mention with origin "editor" (added, or
rejected to keep a wrong detection out) is never created, changed or deleted
here. Detected mentions follow the text: created when an alias appears,
recounted, and removed when it no longer does.
"""

import threading
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from . import versions
from .models import Alias, Article, Mention
from .morphology import word_forms
from .text import normalize, words


@dataclass(frozen=True)
class Span:
    """A name found in a text: tokens [start, end) and the actors it may name.

    `actors` maps each candidate actor to whether this name is context-only for it.
    """

    start: int
    end: int
    actors: dict

    @property
    def ambiguous(self):
        return len(self.actors) > 1


class Matcher:
    """Finds, in a text, every naming of an actor by any form of any of its aliases.

    Each alias word accepts the forms its paradigm has (articles.morphology.word_forms):
    "Лукашэнка" is also found as Лукашэнкі, Лукашэнку, Лукашэнкам. Aliases are indexed
    by every form of their first word, so each word of a text costs one dictionary lookup,
    however many aliases there are; the longest name at a place wins.
    """

    def __init__(self, aliases):
        """`aliases`: (actor_id, alias name, context_only, language) tuples."""
        names = {}
        for actor_id, name, context_only, *language in aliases:
            raw = words(name)
            key = normalize(" ".join(raw))
            if not key:
                continue
            language = language[0] if language else None
            # A one-word name written with a capital is a proper name: in running text it
            # is found only with a capital ("Путина", not the fishing season "путина").
            # Longer names are specific enough, and begin in lower case in running text
            # ("палка Каліноўскага" for "Полк Каліноўскага").
            proper = len(raw) == 1 and raw[0][:1].isupper()
            entry = names.setdefault(key, (tuple(word_forms(w, language) for w in raw), {}, proper))
            actors = entry[1]
            # Context-only for an actor only when every alias of that spelling is.
            actors[actor_id] = actors.get(actor_id, True) and bool(context_only)
        self._by_first = defaultdict(list)
        for forms, actors, proper in names.values():
            for first in forms[0]:
                self._by_first[first].append((forms, actors, proper))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda c: -len(c[0]))

    @classmethod
    def from_database(cls):
        return cls(
            Alias.objects.values_list("actor_id", "name", "context_only", "language").iterator()
        )

    def spans(self, tokens, capitalised=None):
        """The names among `tokens` (folded words), longest first at each place, left to right.

        `capitalised`: for running text, whether each token began with a capital letter
        (proper names must); a query, typed in any case, gives none.
        """
        found, i = [], 0
        while i < len(tokens):
            step = 1
            for forms, actors, proper in self._by_first.get(tokens[i], ()):
                if proper and capitalised is not None and not capitalised[i]:
                    continue
                end = i + len(forms)
                if end <= len(tokens) and all(
                    token in accepted for accepted, token in zip(forms, tokens[i:end], strict=True)
                ):
                    found.append(Span(i, end, actors))
                    step = len(forms)
                    break
            i += step
        return found

    def count(self, text):
        """{actor_id: times named} in `text`, ambiguous and context-only names resolved.

        A name that is context-only for an actor ("Kalinouski" for the 19th-century
        revolutionary, whom a regiment is named after) counts for that actor only where
        the text also names it by another of its names. A name several actors share
        counts for those of them the text names otherwise, or, when that settles
        nothing, for the one candidate for whom it is not context-only, or for nobody.
        """
        tokens, capitalised = [], []
        for word in words(text):
            key = normalize(word)
            if key:
                tokens.append(key)
                capitalised.append(word[:1].isupper())
        spans = self.spans(tokens, capitalised)
        firm = {
            actor_id
            for span in spans
            if not span.ambiguous
            for actor_id, context_only in span.actors.items()
            if not context_only
        }
        counts = Counter()
        for span in spans:
            for actor_id in resolve(span, firm):
                counts[actor_id] += 1
        return counts


def resolve(span, named):
    """The actors `span` counts for in a text that names the actors `named` unambiguously."""
    candidates = [a for a in span.actors if a in named]
    if candidates:
        return candidates
    plain = [a for a, context_only in span.actors.items() if not context_only]
    return plain if len(plain) == 1 else []


_VERSION_KEY = "articles:aliases-version"
versions.READ_WITH_VERSION.append(_VERSION_KEY)  # a page's one round trip brings it too
_current = (None, None)
_building = threading.Lock()
# A matcher left in the cache for other processes: rebuilt by whoever needs it after this.
MATCHER_SHARED_FOR = 24 * 3600


def aliases_changed():
    """Every process rebuilds its matcher at its next use. The version is a random token,
    not a counter, so that a cache emptied and refilled cannot bring back an old one.

    Changed now, for this transaction's own reads, and again when it commits: another
    process that rebuilt in between saw the aliases as they were before."""

    def change():
        cache.set(_VERSION_KEY, uuid.uuid4().hex, None)
        versions.unpin(_VERSION_KEY)

    change()
    transaction.on_commit(change)


def current_matcher():
    """The matcher over every alias, as of the last change of an alias.

    Building it takes seconds at scale (every form of every alias), loading it a tenth of
    one: the first process to need it after a change builds it and leaves it in the
    shared cache for the others. Threads of one process wait for one build.
    """
    global _current
    version = versions.pinned_value(_VERSION_KEY) or cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(_VERSION_KEY)
    matcher, built_for = _current
    if matcher is not None and built_for == version:
        return matcher
    with _building:
        matcher, built_for = _current
        if matcher is None or built_for != version:
            matcher = _shared_or_built(version)
            _current = (matcher, version)
    return matcher


def _shared_or_built(version):
    # Inside a transaction the aliases may hold changes nobody else sees yet (and that
    # may be rolled back): build from them here, and keep the result to this process.
    shared = not transaction.get_connection().in_atomic_block
    key = f"articles:matcher:{version}"
    matcher = cache.get(key) if shared else None
    if matcher is None:
        matcher = Matcher.from_database()
        if shared:
            cache.set(key, matcher, MATCHER_SHARED_FOR)
    return matcher


def article_text(article):
    return "\n\n".join(part for part in (article.title, article.standfirst, article.body) if part)


@dataclass
class DetectionReport:
    articles: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0

    def __str__(self):
        return (
            f"{self.articles} articles: {self.created} mentions created, "
            f"{self.updated} updated, {self.removed} removed"
        )


_CHUNK = 500


def detect_mentions(articles=None, *, dry_run=False, matcher=None):
    """Bring detected mentions in line with the text of `articles` (all by default).

    Returns a DetectionReport; with dry_run nothing is written. Otherwise the search
    index of each batch is rewritten afterwards, since it holds the shown mentions.
    """
    articles = Article.objects.all() if articles is None else articles
    matcher = matcher or current_matcher()
    report = DetectionReport()
    ids = list(articles.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        with transaction.atomic():
            _detect_chunk(chunk, matcher, report, dry_run)
            if not dry_run:
                from .search import update_search_index  # search imports this module

                update_search_index(Article.objects.filter(pk__in=chunk))
    return report


def _detect_chunk(ids, matcher, report, dry_run):
    existing = defaultdict(dict)
    for mention in Mention.objects.filter(article_id__in=ids).only(
        "id", "article_id", "actor_id", "origin", "count"
    ):
        existing[mention.article_id][mention.actor_id] = mention

    to_create, to_update, to_remove = [], [], []
    for article in Article.objects.filter(pk__in=ids).only("id", "title", "standfirst", "body"):
        report.articles += 1
        found = matcher.count(article_text(article))
        mentions = existing[article.pk]
        for actor_id, n in found.items():
            mention = mentions.get(actor_id)
            if mention is None:
                to_create.append(
                    Mention(
                        article_id=article.pk,
                        actor_id=actor_id,
                        origin=Mention.Origin.DETECTED,
                        count=n,
                    )
                )
            elif mention.origin == Mention.Origin.DETECTED and mention.count != n:
                mention.count = n
                to_update.append(mention)
        to_remove += [
            m.pk
            for actor_id, m in mentions.items()
            if m.origin == Mention.Origin.DETECTED and actor_id not in found
        ]

    report.created += len(to_create)
    report.updated += len(to_update)
    report.removed += len(to_remove)
    if dry_run:
        return
    # ignore_conflicts: should an editor add the same pair meanwhile, their row stands.
    Mention.objects.bulk_create(to_create, ignore_conflicts=True)
    Mention.objects.bulk_update(to_update, ["count"])
    Mention.objects.filter(pk__in=to_remove, origin=Mention.Origin.DETECTED).delete()
