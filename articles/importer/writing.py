"""Phase 2: writing a plan, in the caller's transaction, one import at a time.

New articles go in with bulk_create, so what save() would derive is derived here
by the model's own prepare_for_save(); their history rows are written in bulk,
under the import's user and reason. Changed articles (only with --update) are
saved one by one, so their hash, history and signals come from save() itself.
"""

from django.db import connection
from simple_history.utils import bulk_create_with_history

from articles.language import detect_language
from articles.models import Article, Language, Mention, Source, Topic
from articles.models.common import slug_base

from .matching import article_values
from .vocabulary import NewName

BATCH = 1000
# Any constant will do, as long as nothing else takes the same advisory lock.
IMPORT_LOCK_ID = 0x696D706F7274  # "import"


def one_import_at_a_time(on_wait=None):
    """Hold the import lock until the transaction ends; a second import waits here.

    Taken before anything is read, so the second import plans against what the first
    wrote (and finds its articles unchanged) instead of failing on a duplicate.
    PostgreSQL: an advisory lock (`on_wait` is called when it has to wait). SQLite:
    its database write lock, taken now with a write that changes nothing; SQLite waits
    for it only for its busy timeout, after which the import stops and says so.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK_ID])
            if not cursor.fetchone()[0]:
                if on_wait:
                    on_wait()
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_ID])
        else:
            table = connection.ops.quote_name(Article._meta.db_table)
            cursor.execute(f"UPDATE {table} SET id = id WHERE 0 = 1")


def apply(plan, user, reason):
    """Write the plan; every row and history entry is recorded under `user` and `reason`."""
    made = {}
    for model, names in ((Source, plan.new_sources), (Topic, plan.new_topics)):
        for new in names:
            obj = model(name=new.name)
            obj._history_user, obj._change_reason = user, reason
            obj.save()
            made[(model, new.key)] = obj

    def resolve(model, value):
        return made[(model, value.key)] if isinstance(value, NewName) else value

    created = _create(plan.create, resolve, user, reason)
    updated = _update(plan.update, resolve, user, reason)
    _after_write(created, updated)
    return created


def _values(record, resolve, creating):
    values = article_values(record, creating)
    for name in ("source", "retrieved_from"):
        if values.get(name) is not None:
            values[name] = resolve(Source, values[name])
    return values


def _create(records, resolve, user, reason):
    if not records:
        return []
    slugs = _SlugAllocator([record.get("title") for record in records])
    articles = []
    for record in records:
        article = Article(**_values(record, resolve, creating=True))
        if not record.has("language"):
            text = "\n\n".join(filter(None, (article.title, article.standfirst, article.body)))
            article.language = detect_language(text) or Language.ENGLISH
        if not record.has("status"):
            article.status = Article.Status.PUBLISHED
        article.prepare_for_save()  # bulk_create skips save()
        article.slug = slugs.take(article.title)
        articles.append(article)
    articles = bulk_create_with_history(
        articles, Article, batch_size=500, default_user=user, default_change_reason=reason
    )
    topic_rows, cited_rows, mentions = [], [], []
    topics_through, cited_through = Article.topics.through, Article.cited_sources.through
    for record, article in zip(records, articles, strict=True):
        record.article = article
        topic_rows += [
            topics_through(article_id=article.pk, topic_id=resolve(Topic, t).pk)
            for t in record.topics
        ]
        cited_rows += [
            cited_through(article_id=article.pk, source_id=resolve(Source, s).pk)
            for s in record.cited_sources
        ]
        mentions += [_editor_mention(article.pk, a, False) for a in record.actor_ids]
        mentions += [_editor_mention(article.pk, a, True) for a in record.rejected_actor_ids]
    topics_through.objects.bulk_create(topic_rows, batch_size=2000)
    cited_through.objects.bulk_create(cited_rows, batch_size=2000)
    bulk_create_with_history(
        mentions, Mention, batch_size=BATCH, default_user=user, default_change_reason=reason
    )
    return articles


def _editor_mention(article_id, actor_id, rejected):
    return Mention(
        article_id=article_id, actor_id=actor_id, origin=Mention.Origin.EDITOR, rejected=rejected
    )


def _update(records, resolve, user, reason):
    articles = []
    for record in records:
        article = record.article
        article._history_user, article._change_reason = user, reason
        for name, value in _values(record, resolve, creating=False).items():
            setattr(article, name, value)
        article.save()  # few beside creations; save() keeps hash, history and signals
        if record.has("topics"):
            article.topics.set([resolve(Topic, topic) for topic in record.topics])
        if record.has("cited_sources"):
            article.cited_sources.set([resolve(Source, source) for source in record.cited_sources])
        _set_editor_mentions(record, article, user, reason)
        articles.append(article)
    return articles


def _set_editor_mentions(record, article, user, reason):
    """The record's actors and rejected actors become the article's editor mentions: the
    list it gives is the whole list (an editor mention it leaves out goes, and detection
    may find that actor again from the text)."""
    wanted = {}
    if record.has("actors"):
        wanted.update((actor_id, False) for actor_id in record.actor_ids)
    if record.has("rejected_actors"):
        wanted.update((actor_id, True) for actor_id in record.rejected_actor_ids)
    # Which kinds of editor mention the record states in full: kept ones, rejected ones.
    stated = {
        rejected
        for rejected, name in ((False, "actors"), (True, "rejected_actors"))
        if record.has(name)
    }
    for mention in article.mentions.all():
        mention._history_user, mention._change_reason = user, reason
        rejected = wanted.pop(mention.actor_id, None)
        if rejected is None:
            if mention.origin == Mention.Origin.EDITOR and mention.rejected in stated:
                mention.delete()
        elif (mention.origin, mention.rejected) != (Mention.Origin.EDITOR, rejected):
            mention.origin, mention.rejected = Mention.Origin.EDITOR, rejected
            mention.save()
    for actor_id, rejected in wanted.items():
        mention = _editor_mention(article.pk, actor_id, rejected)
        mention._history_user, mention._change_reason = user, reason
        mention.save()


class _SlugAllocator:
    """Unique slugs for many new articles in two queries, made as SluggedModel.save() would."""

    def __init__(self, titles):
        self.bases = {title: slug_base(title, fallback="article") for title in titles}
        wanted = sorted(set(self.bases.values()))
        self.taken = set()
        for start in range(0, len(wanted), BATCH):
            self.taken.update(
                Article.objects.filter(slug__in=wanted[start : start + BATCH]).values_list(
                    "slug", flat=True
                )
            )
        # Only bases already taken need their numbered variants looked up.
        for base in sorted(self.taken):
            self.taken.update(
                Article.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True)
            )
        self.next_n = {}

    def take(self, title):
        base = self.bases[title]
        slug, n = base, self.next_n.get(base, 2)
        while slug in self.taken:
            suffix = f"-{n}"
            slug = f"{base[: 200 - len(suffix)]}{suffix}"
            n += 1
        self.next_n[base] = n
        self.taken.add(slug)
        return slug


def _after_write(created, updated):
    """What Article's post_save receiver (articles.signals) does, for the rows bulk_create
    wrote without signals: mention detection, which then rewrites their search index, in
    batches. Updated articles run through it too, since their editor mentions may have
    changed without their text.

    Imported here, where they are needed: validation and --dry-run never load them.
    """
    if not created and not updated:
        return
    from articles.detection import detect_mentions

    detect_mentions(Article.objects.filter(pk__in=[a.pk for a in created + updated]))
