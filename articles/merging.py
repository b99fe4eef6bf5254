"""Merging duplicates: two actors (or sources, or topics) that are one become one.

Everything that pointed at the duplicate moves to the row that is kept, the kept row's
history records the merge, and the duplicate's address answers with a 301 to the kept
row's (SlugRedirect). Links are moved with UPDATEs, not row by row: the most-named
actor has tens of thousands of mentions, and a merge is one admin request.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from . import versions
from .models import Actor, Alias, Article, Event, EventActor, Mention, SlugRedirect, Source, Topic
from .search import update_search_index


@dataclass
class MergeItem:
    """What one duplicate brings to the merge, for the confirmation page."""

    obj: object
    counts: list = field(default_factory=list)  # [(label, number)], what moves
    names: list = field(default_factory=list)  # aliases, for actors


def what_moves(obj):
    """The confirmation page's account of `obj`: what would move if it were merged away."""
    if isinstance(obj, Actor):
        return MergeItem(
            obj,
            [
                (_("names (aliases)"), obj.aliases.count()),
                (_("articles naming it"), obj.mentions.count()),
                (_("roles in events"), obj.event_roles.count()),
                (_("actors that belong to it"), obj.members.count()),
            ],
            list(obj.aliases.order_by("language", "name").values_list("name", flat=True)),
        )
    if isinstance(obj, Source):
        return MergeItem(
            obj,
            [
                (_("articles it published"), obj.articles.count()),
                (_("copies retrieved from it"), obj.copies.count()),
                (_("articles citing it"), obj.cited_by.count()),
            ],
        )
    return MergeItem(
        obj,
        [
            (_("articles"), obj.articles.count()),
            (_("events"), obj.events.count()),
            (_("subtopics"), obj.children.count()),
        ],
    )


def merge(keep, duplicates, reason=""):
    """Merge each of `duplicates` into `keep` (all of one model); returns `keep`."""
    merge_one = {Actor: _merge_actor, Source: _merge_source, Topic: _merge_topic}[type(keep)]
    with transaction.atomic():
        names = []
        for duplicate in duplicates:
            if duplicate.pk == keep.pk:
                continue
            names.append(str(duplicate))
            merge_one(keep, duplicate)
            _fill_blanks(keep, duplicate)
            SlugRedirect.objects.point(duplicate, keep)
            duplicate._change_reason = _("Merged into “%(name)s”.") % {"name": keep}
            duplicate.delete()
        note = _("Merged %(names)s into this.") % {"names": ", ".join(f"“{n}”" for n in names)}
        keep._change_reason = f"{note} {reason}".strip()[:100]
        keep.save()
        # The links moved with QuerySet.update(), which sends no signals.
        versions.bump()
    return keep


def _fill_blanks(keep, duplicate):
    """Fields the kept row leaves empty take the duplicate's value: nothing known is lost."""
    for name in ("summary", "description", "wikidata_id", "country", "homepage"):
        if hasattr(keep, name) and not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))


def _merge_actor(keep, duplicate):
    # Names: every spelling of the duplicate, and its own name, now find the kept actor.
    taken = set(keep.aliases.values_list("name", flat=True))
    for alias in duplicate.aliases.all():
        alias._change_reason = _("Moved from “%(name)s” by a merge.") % {"name": duplicate}
        if alias.name in taken:
            alias.delete()
        else:
            alias.actor = keep
            alias.save()
            taken.add(alias.name)
    if duplicate.name not in taken:
        Alias.objects.create(actor=keep, name=duplicate.name)

    # Mentions keep their origin: an editor's decision stays an editor's decision.
    both = Mention.objects.filter(actor=keep).values("article_id")
    for mention in Mention.objects.filter(actor=duplicate, article_id__in=both):
        kept = Mention.objects.get(actor=keep, article_id=mention.article_id)
        if mention.origin == Mention.Origin.EDITOR and kept.origin == Mention.Origin.DETECTED:
            kept.origin, kept.rejected = mention.origin, mention.rejected
        kept.count = max(kept.count, mention.count)
        kept.save()
        mention.delete()
    moved = list(Mention.objects.filter(actor=duplicate).values_list("article_id", flat=True))
    Mention.objects.filter(actor=duplicate).update(actor=keep)
    # The index names each article's actors: the kept one now stands for the duplicate.
    update_search_index(Article.objects.filter(pk__in=moved))

    roles = set(EventActor.objects.filter(actor=keep).values_list("event_id", "role"))
    for role in EventActor.objects.filter(actor=duplicate):
        if (role.event_id, role.role) in roles:
            role.delete()
    EventActor.objects.filter(actor=duplicate).update(actor=keep)

    Actor.objects.filter(parent=duplicate).exclude(pk=keep.pk).update(parent=keep)
    if keep.parent_id == duplicate.pk:
        keep.parent = duplicate.parent if duplicate.parent_id != keep.pk else None


def _merge_source(keep, duplicate):
    Article.objects.filter(source=duplicate).update(source=keep)
    Article.objects.filter(retrieved_from=duplicate).update(retrieved_from=keep)
    _move_links(Article.cited_sources.through, "source", keep, duplicate)


def _merge_topic(keep, duplicate):
    _move_links(Article.topics.through, "topic", keep, duplicate)
    _move_links(Event.topics.through, "topic", keep, duplicate)
    Topic.objects.filter(parent=duplicate).exclude(pk=keep.pk).update(parent=keep)
    if keep.parent_id == duplicate.pk:
        keep.parent = duplicate.parent if duplicate.parent_id != keep.pk else None


def _move_links(through, name, keep, duplicate):
    """Many-to-many rows of `duplicate` now point at `keep`; a row `keep` already has goes."""
    other = next(f.name for f in through._meta.fields if f.is_relation and f.name != name)
    linked = through.objects.filter(**{name: keep}).values(f"{other}_id")
    through.objects.filter(**{name: duplicate, f"{other}_id__in": linked}).delete()
    through.objects.filter(**{name: duplicate}).update(**{name: keep})
