from django.core.management.base import BaseCommand

from articles import versions
from articles.detection import detect_mentions
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Find the actors each article names from their aliases and store them as detected "
        "mentions with a count. Mentions set or rejected by an editor are never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument(
            "--article",
            action="append",
            default=[],
            metavar="SLUG",
            help="Only this article (repeatable).",
        )

    def handle(self, *args, dry_run=False, article=(), **options):
        articles = Article.objects.all()
        if article:
            articles = articles.filter(slug__in=article)
        # Each batch of articles is written in its own transaction (see detect_mentions).
        report = detect_mentions(articles, dry_run=dry_run)
        if not dry_run:
            # Detection writes in bulk, without signals: cached pages learn of it here.
            versions.bump()
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{report}"))
