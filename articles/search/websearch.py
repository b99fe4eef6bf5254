"""Web-search syntax read in Python: quoted phrases, OR, -word.

PostgreSQL parses queries itself (websearch_to_tsquery); this reader serves
what the database cannot: the phrases and alternatives that might be an
actor's alias, the SQLite fallback's match, and the SQLite snippets' terms.
Like websearch_to_tsquery it never fails: an unbalanced quote runs to the end,
stray operators are ignored.
"""

import re
from dataclasses import dataclass

from django.db.models import Q

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$", re.UNICODE)


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False
    negated: bool = False


def parse(q):
    """Groups of alternatives, all groups required: 'a b OR c -d' -> [[a], [b, c], [-d]]."""
    groups, pending_or = [], False
    for match in _TOKEN.finditer(q or ""):
        negated_phrase, phrase, word = match.groups()
        if word is not None:
            if word.lower() == "or":
                pending_or = bool(groups)
                continue
            negated = word.startswith("-")
            text = _EDGE_PUNCTUATION.sub("", word.lstrip("-"))
            term = Term(text, phrase=False, negated=negated)
        else:
            term = Term(" ".join(phrase.split()), phrase=True, negated=bool(negated_phrase))
        if not term.text:
            continue
        if pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    return groups


def alias_candidates(q):
    """Texts in `q` that, if an actor's alias, name that actor: the whole query when it
    is plain words, each quoted phrase, each alternative of an OR. Negated terms name
    nobody ("Wagner -Group" is not the Wagner Group)."""
    groups = parse(q)
    candidates = []
    if groups and all(len(group) == 1 and not group[0].negated for group in groups):
        candidates.append(" ".join(group[0].text for group in groups))
    for group in groups:
        for term in group:
            if not term.negated and (term.phrase or len(group) > 1):
                candidates.append(term.text)
    return candidates


def positive_terms(q):
    """The texts a match must contain or may contain; what a snippet highlights."""
    return [term.text for group in parse(q) for term in group if not term.negated]


def match_predicate(q, contains):
    """A Q requiring every group of `q` (any alternative of it) and excluding negated
    terms, where `contains(text)` is the Q for one term; None when `q` has no terms."""
    groups = parse(q)
    if not groups:
        return None
    predicate = Q()
    for group in groups:
        alternatives = Q()
        for term in group:
            alternatives |= ~contains(term.text) if term.negated else contains(term.text)
        predicate &= alternatives
    return predicate
