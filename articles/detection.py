"""Mention detection: which actors an article names, found from the actors' aliases.

One matcher is built over every alias (an index from first word to aliases)
and run over the folded text of each article, so the cost is one pass per
article, not one query or one search per alias.

An editor's decision always wins: a mention with origin "editor" (added, or
rejected to keep a wrong detection out) is never created, changed or deleted
here. Detected mentions follow the text: created when an alias appears,
recounted, and removed when it no longer does.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import transaction

from .models import Alias, Article, Mention
from .text import normalize, normalize_document

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Case endings of Belarusian, Russian and Ukrainian nouns and adjectives (as
# normalize() folds them: й -> и, ў -> у, ё -> е). Only words of five letters or
# more get them, and only from a stem of four or more, so short words cannot
# grow into unrelated ones.
_ENDINGS = """
    а я у ю ы і и е э о ь ї є
    ам ям ом ем ой ей ай яй ою ею аю яю ым ім им ах ях ых іх их ов ев оў аў
    ами ями ого его ага яга ому ему аму яму ая яя ое ее ые ія ій ий ый ую юю
    ові еві
""".split()
_ENDINGS = sorted({normalize(e) for e in _ENDINGS}, key=len, reverse=True)
_STEM_TRIM = re.compile(r"[аяоеэыіиуюьїє]{1,2}$")
_MIN_INFLECTED_WORD = 5
_MIN_STEM = 4


class _Word:
    """One folded alias word: matched exactly, or as a Cyrillic stem plus a case ending."""

    __slots__ = ("stem", "endings")

    def __init__(self, word):
        self.stem, self.endings = word, None
        if len(word) >= _MIN_INFLECTED_WORD and _CYRILLIC.search(word):
            stem = _STEM_TRIM.sub("", word)
            if len(stem) >= _MIN_STEM:
                self.stem = stem
                self.endings = frozenset(_ENDINGS) | {"", word[len(stem) :]}

    @property
    def inflected(self):
        return self.endings is not None

    def matches(self, token):
        if self.endings is None:
            return token == self.stem
        return token.startswith(self.stem) and token[len(self.stem) :] in self.endings


class Matcher:
    """Counts, per actor, how often a text names it by any alias.

    The folded text is a list of words; aliases are indexed by their first word
    (or its stem), so each word of the text costs a dictionary lookup or two,
    however many aliases there are.
    """

    def __init__(self, aliases):
        """`aliases`: (actor_id, alias name) pairs."""
        actors = {}
        for actor_id, name in aliases:
            key = normalize(name)
            if key:
                actors.setdefault(key, set()).add(actor_id)
        self._by_word, self._by_stem = {}, {}
        for key, actor_ids in actors.items():
            words = tuple(_Word(word) for word in key.split())
            index = self._by_stem if words[0].inflected else self._by_word
            index.setdefault(words[0].stem, []).append((words, len(key), frozenset(actor_ids)))
        self._stem_lengths = sorted({len(stem) for stem in self._by_stem})

    @classmethod
    def from_database(cls):
        return cls(Alias.objects.values_list("actor_id", "name").iterator())

    def _candidates(self, token):
        found = list(self._by_word.get(token, ()))
        for length in self._stem_lengths:
            if length > len(token):
                break
            found += self._by_stem.get(token[:length], ())
        # Longest alias first: "Kastus Kalinouski Regiment" is one mention of the
        # regiment, not also a mention of whatever is called "Kalinouski".
        return sorted(found, key=lambda c: (-len(c[0]), -c[1]))

    def count(self, text):
        """{actor_id: times named} for `text` (raw text; folded here)."""
        counts = Counter()
        tokens = normalize_document(text).split()
        i = 0
        while i < len(tokens):
            step = 1
            for words, _, actor_ids in self._candidates(tokens[i]):
                end = i + len(words)
                if end <= len(tokens) and all(
                    word.matches(token) for word, token in zip(words, tokens[i:end], strict=True)
                ):
                    for actor_id in actor_ids:
                        counts[actor_id] += 1
                    step = len(words)
                    break
            i += step
        return counts


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

    Returns a DetectionReport; with dry_run nothing is written.
    """
    articles = Article.objects.all() if articles is None else articles
    matcher = matcher or Matcher.from_database()
    report = DetectionReport()
    ids = list(articles.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        with transaction.atomic():
            _detect_chunk(chunk, matcher, report, dry_run)
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
