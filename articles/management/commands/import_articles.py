from django.core.management.base import BaseCommand, CommandError

from articles.importer import ImportFailed, apply, plan_import


class Command(BaseCommand):
    help = (
        "Import articles from a JSON Lines file (one object per line; see PRODUCT.md, "
        "'Import format'). Every record is validated first: with any problem nothing is "
        "written and each one is reported as 'line N: field: message'. Re-importing the "
        "same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FILE.jsonl")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report; write nothing."
        )

    def handle(self, path, dry_run=False, **options):
        try:
            # Bytes, so a line that is not UTF-8 is one reported problem, not a crash.
            with open(path, "rb") as handle:
                lines = handle.read().split(b"\n")
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        try:
            plan = plan_import(lines)
        except ImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(failure.problems)} problem(s) in {path}; nothing imported."
            ) from None
        if dry_run:
            self.stdout.write(f"Dry run, nothing written: {plan.summary(dry_run=True)}.")
        else:
            apply(plan)
            self.stdout.write(self.style.SUCCESS(plan.summary() + "."))
        for label, names in (("source", plan.new_sources), ("topic", plan.new_topics)):
            if names and options["verbosity"] > 1:
                verb = "would create" if dry_run else "created"
                self.stdout.write(f"{verb} {label}s: {', '.join(names.values())}")
