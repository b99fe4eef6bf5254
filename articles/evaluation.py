"""How well mention detection does on articles whose actors are known: precision and recall.

Reads records in the import format (docs/import-format.md) whose `actors` list is the
truth, runs detection over each record's text (nothing is written), and compares, pair by
pair: an (article, actor) pair found and true is a hit, found and not true an extra, true
and not found a miss. Only actors the archive has are counted; unknown slugs are reported.
"""

import json
from collections import Counter
from dataclasses import dataclass, field

from articles.detection import current_matcher
from articles.models import Actor


@dataclass
class Evaluation:
    hits: int = 0
    extras: list = field(default_factory=list)  # (record label, actor slug)
    misses: list = field(default_factory=list)
    unknown_slugs: Counter = field(default_factory=Counter)
    records: int = 0
    per_actor: dict = field(default_factory=dict)  # slug -> Counter(hits, extras, misses)

    @property
    def precision(self):
        found = self.hits + len(self.extras)
        return self.hits / found if found else 1.0

    @property
    def recall(self):
        true = self.hits + len(self.misses)
        return self.hits / true if true else 1.0


def read_records(path):
    """The records of a JSON Lines file, with their line numbers; blank lines skipped."""
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                yield number, json.loads(line)


def evaluate(records, matcher=None):
    """`records`: (label, record) pairs. Returns an Evaluation."""
    matcher = matcher or current_matcher()
    slug_of = dict(Actor.objects.values_list("pk", "slug"))
    known = set(slug_of.values())
    result = Evaluation()
    for label, record in records:
        result.records += 1
        text = "\n\n".join(str(record.get(name) or "") for name in ("title", "standfirst", "body"))
        found = {slug_of[pk] for pk in matcher.count(text) if pk in slug_of}
        true = set()
        for slug in record.get("actors") or []:
            if slug in known:
                true.add(slug)
            else:
                result.unknown_slugs[slug] += 1
        label = record.get("url") or label
        for slug in found | true:
            counts = result.per_actor.setdefault(slug, Counter())
            if slug in found and slug in true:
                result.hits += 1
                counts["hits"] += 1
            elif slug in found:
                result.extras.append((label, slug))
                counts["extras"] += 1
            else:
                result.misses.append((label, slug))
                counts["misses"] += 1
    return result
