from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from bench.corpus import PREFIX, CorpusBuilder, clear_synthetic


class Command(BaseCommand):
    help = (
        "Add a deterministic synthetic archive for benchmarks: N articles with sources, topics, "
        "actors (Latin and Cyrillic aliases), mentions and events. Every row is marked synthetic "
        "(slug prefix 'synthetic-'); the seed archive is never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=0, help="How many articles (default 0)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed, the same corpus."
        )
        parser.add_argument("--sources", type=int, default=40)
        parser.add_argument("--topics", type=int, default=30)
        parser.add_argument("--actors", type=int, default=2000)
        parser.add_argument("--events", type=int, default=5000)
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Delete the synthetic rows (only those) first; alone, just delete them.",
        )

    def handle(self, *args, **options):
        counts = [
            options[k] for k in ("articles", "sources", "topics", "actors", "events", "batch_size")
        ]
        if any(n < 0 for n in counts) or options["batch_size"] < 1:
            raise CommandError("Counts must be zero or more and --batch-size at least 1.")
        if options["articles"] and not (
            options["sources"] and options["topics"] and options["actors"]
        ):
            raise CommandError("Articles need at least one source, topic and actor.")
        if options["clear"]:
            deleted = clear_synthetic()
            self.stdout.write(f"Deleted {sum(deleted.values()):,} synthetic rows.")
        elif options["articles"] and Article.objects.filter(slug__startswith=PREFIX).exists():
            # Slugs are numbered from 1 on every run; a second corpus would collide with the first.
            raise CommandError(
                "The database already holds a synthetic corpus; pass --clear to replace it."
            )
        if not options["articles"]:
            return
        builder = CorpusBuilder(
            seed=options["seed"],
            articles=options["articles"],
            sources=options["sources"],
            topics=options["topics"],
            actors=options["actors"],
            events=options["events"],
            batch_size=options["batch_size"],
            log=self.stdout.write,
        )
        builder.run()
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {options['articles']:,} synthetic articles in {builder.elapsed():.1f}s."
            )
        )
