from django.core.management.base import BaseCommand

from articles.detection import detect_mentions
from articles.models import Article
from articles.morphology import available
from articles.search import update_search_index


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every article from its text, language and shown "
        "mentions (after installing a dictionary, or a restore). With --detect, run mention "
        "detection first, which rewrites the index as it goes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--detect",
            action="store_true",
            help="Detect mentions again first (after alias changes).",
        )

    def handle(self, *args, detect=False, **options):
        missing = [name for name, present in available().items() if not present]
        if missing:
            self.stderr.write(f"Missing morphology: {', '.join(missing)} (see docs/search.md)")
        articles = Article.objects.all()
        if detect:
            report = detect_mentions(articles)
            self.stdout.write(self.style.SUCCESS(f"Detection: {report}; index rewritten."))
            return
        count = update_search_index(articles)
        self.stdout.write(self.style.SUCCESS(f"{count} articles indexed."))
