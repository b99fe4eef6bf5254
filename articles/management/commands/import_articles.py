from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from articles.importer import (
    ImportConflict,
    ImportFailed,
    ImportOptions,
    plan_import,
    run_import,
)

# Whom the history names for an import run without --editor: a user that cannot log in.
SYSTEM_USERNAME = "importer"


class Command(BaseCommand):
    help = (
        "Import articles from a JSON Lines file (one object per line; the format is in "
        "docs/import-format.md, and /articles/export.jsonl writes it). Every record is "
        "checked first: with any problem nothing is written, and each one is reported as "
        "'line N: field: message'. Re-importing the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FILE.jsonl")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check everything the real run checks and report what it would do; write nothing.",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Change existing articles that a record matches (by URL, else by source, "
            "title and date). Without it, a record that would change one is an error.",
        )
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create the sources and topics the file names that the archive does not "
            "have. Without it, an unknown name is an error that suggests the nearest one.",
        )
        parser.add_argument(
            "--editor",
            metavar="USERNAME",
            help="The editor the history records for every change (an active staff user). "
            f"Default: the system user '{SYSTEM_USERNAME}', created on first use.",
        )

    def handle(self, path, dry_run=False, **options):
        try:
            # Bytes, so a line that is not UTF-8 is one reported problem, not a crash.
            lines = Path(path).read_bytes().split(b"\n")
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        editor = self._editor(options["editor"])
        import_options = ImportOptions(
            update=options["update"],
            create_missing=options["create_missing"],
            reason=_("Imported from %(file)s") % {"file": Path(path).name},
        )
        try:
            if dry_run:
                plan = plan_import(lines, import_options)
            else:
                import_options.user = editor or self._system_user()
                plan = run_import(lines, import_options, on_wait=self._waiting)
        except ImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(failure.problems)} problem(s) in {path}; nothing imported."
            ) from None
        except ImportConflict as conflict:
            raise CommandError(str(conflict)) from None
        self._report_new(plan, dry_run)
        if dry_run:
            self.stdout.write(_("Dry run, nothing written: %s.") % plan.summary(dry_run=True))
        else:
            self.stdout.write(self.style.SUCCESS(plan.summary() + "."))

    def _report_new(self, plan, dry_run):
        """Name every source and topic the import creates (or, dry, would create)."""
        kinds = (
            (
                plan.new_sources,
                ngettext_lazy(
                    "Would create %(count)d source: %(names)s",
                    "Would create %(count)d sources: %(names)s",
                    "count",
                ),
                ngettext_lazy(
                    "Created %(count)d source: %(names)s",
                    "Created %(count)d sources: %(names)s",
                    "count",
                ),
            ),
            (
                plan.new_topics,
                ngettext_lazy(
                    "Would create %(count)d topic: %(names)s",
                    "Would create %(count)d topics: %(names)s",
                    "count",
                ),
                ngettext_lazy(
                    "Created %(count)d topic: %(names)s",
                    "Created %(count)d topics: %(names)s",
                    "count",
                ),
            ),
        )
        for new, would_create, created in kinds:
            if new:
                message = would_create if dry_run else created
                names = ", ".join(repr(name.name) for name in new)
                self.stdout.write(message % {"count": len(new), "names": names})

    def _editor(self, username):
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("--editor: there is no user %(name)r.") % {"name": username})
        if not (user.is_active and user.is_staff):
            raise CommandError(
                _("--editor: %(name)r is not an active staff user (an editor).")
                % {"name": username}
            )
        return user

    def _system_user(self):
        user, created = get_user_model().objects.get_or_create(
            username=SYSTEM_USERNAME,
            defaults={"first_name": "Import", "last_name": "(system)", "is_active": False},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    def _waiting(self):
        self.stdout.write(_("Another import is writing; waiting for it to finish…"))
