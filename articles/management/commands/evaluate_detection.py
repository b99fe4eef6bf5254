from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.evaluation import evaluate, read_records

DEFAULT = Path(settings.BASE_DIR) / "fixtures" / "multilingual.jsonl"


class Command(BaseCommand):
    help = (
        "Measure mention detection against articles whose actors are known: JSON Lines in "
        "the import format, each record's `actors` being the truth. Prints precision and "
        "recall over (article, actor) pairs, and per actor. Writes nothing. Without a file, "
        "the project's multilingual test corpus."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="FILE.jsonl")
        parser.add_argument(
            "--errors", action="store_true", help="List every missed and every extra mention."
        )

    def handle(self, *args, files=(), errors=False, **options):
        records = []
        for path in files or [DEFAULT]:
            try:
                records += [(f"{path}:{n}", r) for n, r in read_records(path)]
            except (OSError, ValueError) as error:
                raise CommandError(f"{path}: {error}") from None
        result = evaluate(records)
        out = self.stdout.write
        out(f"{result.records} articles, {result.hits + len(result.misses)} true mentions")
        out(f"precision {result.precision:.3f}  ({result.hits} right, {len(result.extras)} extra)")
        out(f"recall    {result.recall:.3f}  ({result.hits} found, {len(result.misses)} missed)")
        out("")
        out(f"{'actor':40} {'found':>6} {'missed':>6} {'extra':>6}")
        for slug, counts in sorted(result.per_actor.items()):
            out(f"{slug:40} {counts['hits']:>6} {counts['misses']:>6} {counts['extras']:>6}")
        for slug, n in sorted(result.unknown_slugs.items()):
            self.stderr.write(f"unknown actor '{slug}' in {n} records: not counted")
        if errors:
            out("")
            for label, slug in result.misses:
                out(f"missed {slug:35} {label}")
            for label, slug in result.extras:
                out(f"extra  {slug:35} {label}")
