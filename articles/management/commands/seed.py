from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.derived import refresh_derived
from articles.models import Actor, Article, Event, Source, Topic

SEED_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "seed.json"


class Command(BaseCommand):
    help = (
        "Load the seed archive (fixtures/seed.json): the first three articles, their actors "
        "and events. Loading it again changes nothing."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            call_command("loaddata", SEED_FIXTURE, verbosity=0)
            refresh_derived()
        counts = ", ".join(
            f"{model.objects.count()} {model._meta.verbose_name_plural}"
            for model in (Article, Actor, Event, Topic, Source)
        )
        self.stdout.write(self.style.SUCCESS(f"Seed archive loaded: {counts}."))
