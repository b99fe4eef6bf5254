"""Events matching a query: its words in title, summary or place, or an actor the query
names taking part ("Kalinowski" finds the regiment's founding). The timeline's `q` and
the search page's events section both use it, so the counts they show agree.

Events are short and few, so their words are matched as written (case-insensitively);
the actors a query names are read as for articles, in any grammatical form.
"""

from django.db.models import Q

from articles.models import EventActor
from articles.text import clean_query

from .reading import Named, read


def _contains(text):
    return Q(title__icontains=text) | Q(summary__icontains=text) | Q(place__icontains=text)


def _phrase_text(phrase):
    return " ".join(word.text for word in phrase.words)


def search_events(queryset, q, reading=None):
    """`reading`: the query's reading when the caller already has it."""
    q = clean_query(q)
    reading = reading if reading is not None else read(q) if q else None
    if reading is None or reading.empty:
        return queryset.none()
    predicate = Q()
    for clause in reading.clauses:
        alternatives = Q()
        for alternative in clause:
            if isinstance(alternative, Named):
                takes_part = EventActor.objects.filter(actor__in=alternative.actor_ids)
                alternatives |= Q(pk__in=takes_part.values("event_id"))
            else:
                alternatives |= _contains(_phrase_text(alternative))
        predicate &= alternatives
    for phrase in reading.excluded:
        predicate &= ~_contains(_phrase_text(phrase))
    return queryset.filter(predicate)
