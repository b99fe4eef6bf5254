"""What the search index holds for an article: the lemmas of its words, field by field,
and the actors it is shown to mention.

Both backends index exactly this, so PostgreSQL and SQLite answer a query alike. Only
the first MAX_INDEXED_CHARS of a field are indexed: far more than any article, and a
bound on what one pasted or imported text can cost the index.
"""

from dataclasses import dataclass

from articles.morphology import lemmas
from articles.text import words

MAX_INDEXED_CHARS = 300_000

# Weighted as before: a word in the title counts more than one in the standfirst,
# which counts more than one in the body.
FIELDS = ("title", "standfirst", "body")


@dataclass
class Document:
    id: int
    # {field: [lemmas of each word, in order]}: a word may have up to three readings.
    fields: dict
    actor_ids: list


def document(pk, language, title, standfirst, body, actor_ids):
    texts = {"title": title, "standfirst": standfirst, "body": body}
    return Document(
        id=pk,
        fields={
            name: [
                lemmas(word, language) for word in words((texts[name] or "")[:MAX_INDEXED_CHARS])
            ]
            for name in FIELDS
        },
        actor_ids=sorted(set(actor_ids)),
    )
