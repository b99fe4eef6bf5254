"""Web-search syntax read in Python: quoted phrases, OR, -word.

The query's reading (articles.search.reading) starts here. Like PostgreSQL's
websearch_to_tsquery it never fails: an unbalanced quote runs to the end, stray
operators are ignored.
"""

import re
from dataclasses import dataclass

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
