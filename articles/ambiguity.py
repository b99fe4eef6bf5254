"""Names that more than one actor goes by.

A name is ambiguous when its folded form (articles.text.normalize) is also a name of
another actor, or a whole-word part of one: "Kalinouski" is the 19th-century
revolutionary and also part of "Kalinouski Regiment". Such an alias should count only
with context (Alias.context_only) or move to the actor it really names.

Found in Python from one pass over every name: comparing each alias with every other
in SQL (LIKE with a pattern built per row) cannot use an index and grows with the
square of the aliases; the names themselves are few (thousands) and short.
"""

from collections import defaultdict

from .text import normalize


def _sub_phrases(key):
    """Every run of whole words of `key` shorter than the whole: 'a b c' -> a, b, c, a b, b c."""
    words = key.split()
    for length in range(1, len(words)):
        for start in range(len(words) - length + 1):
            yield " ".join(words[start : start + length])


class NameIndex:
    """Who goes by which folded name, as a whole name and as part of a longer one."""

    def __init__(self, names):
        """`names`: (actor_id, folded name) pairs."""
        self.whole = defaultdict(set)
        self.part = defaultdict(set)
        for actor_id, key in names:
            if not key:
                continue
            self.whole[key].add(actor_id)
            for phrase in _sub_phrases(key):
                self.part[phrase].add(actor_id)

    @classmethod
    def build(cls):
        from .models import Actor, Alias

        aliases = Alias.objects.values_list("actor_id", "normalized").iterator()
        names = ((pk, normalize(name)) for pk, name in Actor.objects.values_list("pk", "name"))
        return cls([*aliases, *names])

    def sharing(self, key, actor_id):
        """Ids of the other actors that go by `key`, wholly or as part of a longer name."""
        return (self.whole.get(key, set()) | self.part.get(key, set())) - {actor_id}

    def naming(self, key, actor_id=None):
        """Ids of the other actors that go by exactly `key`."""
        return self.whole.get(key, set()) - {actor_id}
