"""How a query is read: which actors it names, which words it asks for, in any form.

    read("Tsikhanouskaya Zelensky meeting")
    -> clauses: [Named(Tsikhanouskaya) | "tsikhanouskaya"], [Named(Zelensky) | "zelensky"],
       ["meeting", "meet"]

Every clause must match; a clause matches when any of its alternatives does. A name of an
actor in any grammatical form ("Лукашэнкі", "полка Калиновского") is found by the same
matcher mention detection uses, and matches every article shown to mention the actor as
well as the words themselves. Other words match their lemmas (articles.morphology), so
"депортація дітей" finds "у депортації дітей". Quoted phrases, OR and -word keep their
web-search meaning (articles.search.websearch).

A reading is built from the query alone, in Python, and bounded: at most MAX_WORDS words,
each standing for at most morphology.MAX_QUERY_TERMS index terms.
"""

from dataclasses import dataclass, field

from articles.detection import current_matcher
from articles.morphology import is_function_word, query_terms
from articles.text import normalize, words

from .websearch import parse

MAX_WORDS = 24


@dataclass(frozen=True)
class Word:
    text: str
    terms: tuple  # the index terms the word may stand for


@dataclass(frozen=True)
class Phrase:
    """These words in a row (a single word is a phrase of one), or, when not `in_a_row`,
    anywhere in the article: the words of a name the query gives, which the actor's
    mentions already find in every form, need no positions (and so no reading of each
    matching article's index entry)."""

    words: tuple
    in_a_row: bool = True


@dataclass(frozen=True)
class Named:
    """Articles shown to mention one of these actors."""

    actor_ids: frozenset


@dataclass
class Reading:
    query: str
    clauses: list = field(default_factory=list)  # each a tuple of alternatives
    excluded: list = field(default_factory=list)  # Phrases no result may contain
    names: list = field(default_factory=list)  # (text, actor ids) as the query names them
    dropped: int = 0  # words beyond MAX_WORDS

    @property
    def empty(self):
        return not self.clauses

    @property
    def actor_ids(self):
        return sorted({a for _, ids in self.names for a in ids})

    @property
    def plain_words(self):
        """The words read as words, not as names: what the page says besides the actors."""
        return [
            " ".join(w.text for w in alternative.words)
            for clause in self.clauses
            if not any(isinstance(a, Named) for a in clause)
            for alternative in clause[:1]
        ]


def read(q):
    reading = Reading(query=q)
    budget = [MAX_WORDS]
    matcher = current_matcher()
    run = []

    def take(text):
        found = [Word(w, query_terms(w)) for w in words(text)]
        found = [w for w in found if w.terms]
        allowed = found[: max(budget[0], 0)]
        reading.dropped += len(found) - len(allowed)
        budget[0] -= len(allowed)
        return allowed

    def flush():
        taken = take(" ".join(run))
        run.clear()
        if len(taken) > 1:
            # Function words ("против", "у") need not be in an article, unless quoted.
            content = [w for w in taken if not is_function_word(w.text)]
            taken = content or taken
        tokens = [normalize(w.text) for w in taken]
        i = 0
        for span in matcher.spans(tokens):
            for word in taken[i : span.start]:
                reading.clauses.append((Phrase((word,)),))
            named = taken[span.start : span.end]
            reading.names.append((" ".join(w.text for w in named), frozenset(span.actors)))
            reading.clauses.append(
                (Named(frozenset(span.actors)), Phrase(tuple(named), in_a_row=False))
            )
            i = span.end
        for word in taken[i:]:
            reading.clauses.append((Phrase((word,)),))

    for group in parse(q):
        if len(group) == 1 and not group[0].phrase and not group[0].negated:
            run.append(group[0].text)
            continue
        flush()
        alternatives = []
        for term in group:
            taken = take(term.text)
            if not taken:
                continue
            if term.negated:
                reading.excluded.append(Phrase(tuple(taken)))
                continue
            alternatives.append(Phrase(tuple(taken)))
            spans = matcher.spans([normalize(w.text) for w in taken])
            if len(spans) == 1 and (spans[0].start, spans[0].end) == (0, len(taken)):
                actors = frozenset(spans[0].actors)
                reading.names.append((term.text, actors))
                alternatives.insert(0, Named(actors))
        if alternatives:
            reading.clauses.append(tuple(alternatives))
    flush()
    return reading
