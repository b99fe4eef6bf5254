"""Events matching a query: the articles' search syntax over title, summary and place,
plus every event in which an actor the query names takes part ("Kalinowski" finds the
regiment's founding). The timeline's `q` and the search page's events section both
use it, so the counts they show agree."""

from django.db.models import Q

from articles.models import EventActor

from .actors import actors_named_by
from .websearch import match_predicate


def _contains(text):
    return Q(title__icontains=text) | Q(summary__icontains=text) | Q(place__icontains=text)


def search_events(queryset, q, actors=None):
    """`actors`: the query's actors when the caller already read them (saves a query)."""
    if actors is None:
        actors = actors_named_by(q)
    predicate = match_predicate(q, _contains)
    if actors:
        named = Q(pk__in=EventActor.objects.filter(actor__in=actors).values("event_id"))
        predicate = named if predicate is None else predicate | named
    return queryset.none() if predicate is None else queryset.filter(predicate)
