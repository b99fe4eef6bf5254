"""Bulk import of articles from JSON Lines (the format is in docs/import-format.md).

Two phases, kept apart so nothing is written unless every record is valid:

1. `plan_import(lines, options)` parses and checks every line (records), reads the
   names it gives against the archive's sources, topics and actors (vocabulary),
   finds the article each record already is and what it would change (matching),
   all with a handful of batched queries, and never writes. `--dry-run` stops here,
   so it reports exactly what the real run would.
2. `run_import(lines, options)` takes the import lock, plans again inside the same
   transaction, and writes (writing): a second import waits for the first and
   plans against what it wrote.

The management command only reads the file, names the user and prints.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

from articles import versions

from .matching import match_articles
from .records import Problem, parse_lines
from .vocabulary import resolve_actors, resolve_sources_and_topics
from .writing import apply, one_import_at_a_time

__all__ = ["ImportConflict", "ImportFailed", "ImportOptions", "Plan", "plan_import", "run_import"]


class ImportFailed(Exception):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing imported")


class ImportConflict(Exception):
    """The archive changed under the import (it was rolled back): run it again."""


@dataclass
class ImportOptions:
    update: bool = False  # change existing articles; without it a change is an error
    create_missing: bool = False  # create unknown sources and topics instead of refusing
    user: object = None  # whom the history names for every row written
    reason: str = ""  # the history's change reason


@dataclass
class Plan:
    create: list = field(default_factory=list)  # Records
    update: list = field(default_factory=list)  # Records whose article differs
    unchanged: list = field(default_factory=list)
    new_sources: list = field(default_factory=list)  # NewNames
    new_topics: list = field(default_factory=list)

    def summary(self, dry_run=False):
        counts = {
            "created": len(self.create),
            "updated": len(self.update),
            "unchanged": len(self.unchanged),
        }
        if dry_run:
            message = _(
                "would create %(created)d, would update %(updated)d, unchanged %(unchanged)d"
            )
        else:
            message = _("created %(created)d, updated %(updated)d, unchanged %(unchanged)d")
        return message % counts


def plan_import(lines, options):
    """Check every line and decide what each does. Raises ImportFailed listing every problem."""
    records, problems = parse_lines(lines)
    plan = Plan()
    problems += resolve_sources_and_topics(records, plan, options.create_missing)
    problems += resolve_actors(records)
    problems += match_articles(records)
    for record in records:
        if record.article is None:
            plan.create.append(record)
        elif not record.changes:
            plan.unchanged.append(record)
        elif options.update:
            plan.update.append(record)
        else:
            message = _(
                "would change %(fields)s of the existing article %(title)r (%(path)s); "
                "pass --update to change it"
            ) % {
                "fields": ", ".join(record.changes),
                "title": record.article.title[:100],
                "path": record.article.get_absolute_url(),
            }
            problems.append(Problem(record.line, "record", message))
    if problems:
        raise ImportFailed(sorted(problems, key=lambda problem: problem.line))
    return plan


def run_import(lines, options, on_wait=None):
    """Plan and write in one transaction, one import at a time; returns the Plan.

    Raises ImportFailed (invalid records) or ImportConflict (the archive changed under
    it, or another import held it too long); either way nothing is written.
    """
    try:
        with transaction.atomic():
            one_import_at_a_time(on_wait)
            plan = plan_import(lines, options)
            apply(plan, options.user, options.reason)
            # New articles go in with bulk_create, which sends no signals.
            versions.bump()
    except IntegrityError as exc:
        # The lock keeps imports apart, not an editor saving in the admin meanwhile.
        raise ImportConflict(
            _(
                "the archive changed while this import was writing (an editor saved an "
                "article with the same URL or title meanwhile): nothing was imported; "
                "run it again"
            )
        ) from exc
    except OperationalError as exc:
        if "locked" not in str(exc):
            raise
        raise ImportConflict(
            _(
                "another import or an editor's save held the database too long: nothing "
                "was imported; run it again when it has finished"
            )
        ) from exc
    return plan
