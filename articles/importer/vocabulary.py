"""Phase 1b: the names a record gives, read against the archive's vocabularies.

Sources and topics are found by slug or by name (folded: case, accents and
punctuation aside). An unknown one is an error that suggests the nearest existing
name, since a typo would otherwise become a public page; with `create_missing`
it is created instead, once, however many records name it. Actors are never
created: an import names them by any alias, and an unknown or ambiguous name is an
error.
"""

import difflib
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Actor, Alias, Source, Topic
from articles.text import normalize

from .records import Problem

BATCH = 1000


@dataclass(frozen=True)
class NewName:
    """A source or topic the import will create (with create_missing)."""

    key: str  # the folded name: two spellings in one file are one new row
    name: str  # as first written


class Vocabulary:
    """Sources or topics, loaded whole: editorial vocabularies are hundreds, not millions."""

    def __init__(self, model, noun, create_missing):
        self.noun, self.create_missing = noun, create_missing
        self.by_slug, self.by_name, self.by_key = {}, {}, {}
        for obj in model.objects.only("id", "name", "slug"):
            self.by_slug[obj.slug] = obj
            self.by_name[obj.name.casefold()] = obj
            self.by_key.setdefault(normalize(obj.name), obj)
        self.new = {}  # folded key -> NewName, in the order first named

    def resolve(self, text):
        """The object `text` names, a NewName, or None when it is unknown (an error)."""
        found = (
            self.by_slug.get(text)
            or self.by_name.get(text.casefold())
            or self.by_key.get(normalize(text))
        )
        if found is not None:
            return found
        if not self.create_missing:
            return None
        key = normalize(text) or text.casefold()
        return self.new.setdefault(key, NewName(key, text))

    def unknown(self, text):
        """The message for a name that is not in the archive."""
        close = difflib.get_close_matches(normalize(text), list(self.by_key), n=1, cutoff=0.7)
        if close:
            return _(
                "unknown %(noun)s %(name)r, did you mean %(suggestion)r? "
                "(--create-missing adds it as a new %(noun)s)"
            ) % {"noun": self.noun, "name": text[:100], "suggestion": self.by_key[close[0]].name}
        return _("unknown %(noun)s %(name)r (--create-missing adds it as a new %(noun)s)") % {
            "noun": self.noun,
            "name": text[:100],
        }


def resolve_sources_and_topics(records, plan, create_missing):
    sources = Vocabulary(Source, _("source"), create_missing)
    topics = Vocabulary(Topic, _("topic"), create_missing)
    unknown = {}  # (vocabulary noun, folded name) -> [first Problem, lines naming it]

    def one(record, field, vocabulary, name):
        found = vocabulary.resolve(name)
        if found is None:
            key = (vocabulary.noun, normalize(name) or name)
            if key not in unknown:
                unknown[key] = [Problem(record.line, field, vocabulary.unknown(name)), set()]
            unknown[key][1].add(record.line)
        return found

    for record in records:
        record.source = one(record, "source", sources, record.get("source"))
        if record.get("retrieved_from"):
            record.retrieved_from = one(
                record, "retrieved_from", sources, record.get("retrieved_from")
            )
        for field, vocabulary, target in (
            ("topics", topics, record.topics),
            ("cited_sources", sources, record.cited_sources),
        ):
            found = [one(record, field, vocabulary, name) for name in record.get(field, ())]
            target.extend(dict.fromkeys(found))  # keeps the order, drops repeats
    plan.new_sources = list(sources.new.values())
    plan.new_topics = list(topics.new.values())
    # One problem per unknown name, not one per line: a file of a thousand records
    # from a new outlet needs one correction.
    problems = []
    for problem, lines in unknown.values():
        if len(lines) > 1:
            problem.message += " " + ngettext(
                "(also on %(count)d other line)", "(also on %(count)d other lines)", len(lines) - 1
            ) % {"count": len(lines) - 1}
        problems.append(problem)
    return problems


def resolve_actors(records):
    """Each record's actor names to actor ids: by any alias or the actor's own name."""
    problems = []
    names = {name for r in records for f in ("actors", "rejected_actors") for name in r.get(f, ())}
    keys = {normalize(name) for name in names} - {""}
    by_key = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), BATCH):
        aliases = Alias.objects.filter(normalized__in=ordered[start : start + BATCH])
        for key, actor_id in aliases.values_list("normalized", "actor_id").distinct():
            by_key.setdefault(key, set()).add(actor_id)
    # An actor's own name counts too, and outranks another actor's alias: an export
    # writes actors by their names, and must import back to the same actors.
    own_name = {}
    if keys:
        for actor_id, name in Actor.objects.values_list("id", "name"):
            key = normalize(name)
            if key in keys:
                by_key.setdefault(key, set()).add(actor_id)
                own_name.setdefault(key, set()).add(actor_id)
    actor_names = {}
    for record in records:
        for field, target in (
            ("actors", record.actor_ids),
            ("rejected_actors", record.rejected_actor_ids),
        ):
            for name in record.get(field, ()):
                key = normalize(name)
                found = by_key.get(key, set())
                if len(found) > 1 and len(own_name.get(key, ())) == 1:
                    found = own_name[key]
                if not found:
                    message = _("no actor is called %(name)r") % {"name": name[:100]}
                    problems.append(Problem(record.line, field, message))
                elif len(found) > 1:
                    if not actor_names:
                        ids = {i for s in by_key.values() for i in s}
                        actor_names.update(Actor.objects.in_bulk(list(ids)))
                    which = ", ".join(sorted(actor_names[i].name for i in found))
                    message = _("%(name)r could be any of: %(actors)s") % {
                        "name": name[:100],
                        "actors": which,
                    }
                    problems.append(Problem(record.line, field, message))
                else:
                    target.append(next(iter(found)))
            target[:] = list(dict.fromkeys(target))
        both = set(record.actor_ids) & set(record.rejected_actor_ids)
        if both:
            message = _("names an actor that actors names too (by another spelling)")
            problems.append(Problem(record.line, "rejected_actors", message))
    return problems
