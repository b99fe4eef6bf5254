from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from capture.forms import validate_capture_url
from capture.service import request_captures


class Command(BaseCommand):
    help = (
        "Capture articles from their URLs: each URL becomes a background task that the "
        "worker (manage.py db_worker) runs, making a draft article with its snapshot."
    )

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="+", metavar="URL")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the URLs without queuing anything."
        )
        parser.add_argument(
            "--editor",
            help="The editor the drafts' history names as having asked (an active staff user).",
        )

    def handle(self, *args, urls, dry_run, editor, **options):
        user = self._editor(editor)
        errors = []
        for url in urls:
            try:
                validate_capture_url(url)
            except ValidationError as error:
                errors.append(f"{url}: {' '.join(error.messages)}")
        if errors:
            raise CommandError("Nothing queued:\n" + "\n".join(errors))
        if dry_run:
            self.stdout.write(f"{len(urls)} URL(s) would be captured.")
            return
        captures = request_captures(urls, user=user)
        for capture in captures:
            capture.refresh_from_db()
            status = capture.get_status_display()
            self.stdout.write(f"capture {capture.pk}: {capture.url} ({status})")
        self.stdout.write(self.style.SUCCESS(f"Queued {len(captures)} capture(s)."))

    def _editor(self, username):
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not (user.is_active and user.is_staff):
            raise CommandError(f"--editor: {username!r} is not an active staff user (an editor).")
        return user
