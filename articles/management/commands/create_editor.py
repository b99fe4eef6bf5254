import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

EDITORS = "Editors"
MAX_TRIES = 3


class Command(BaseCommand):
    help = (
        "Create an editor (or update one): a staff user in the Editors group, never a superuser. "
        "The password is asked for twice, or given with --password for scripts."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default=None, help="The editor's e-mail address.")
        parser.add_argument(
            "--password",
            default=None,
            help="For scripts; it shows in the process list and shell history, "
            "so prefer the prompt.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything, change nothing."
        )

    def handle(self, *args, username, email, password, dry_run, **options):
        User = get_user_model()
        username = username.strip()
        if not username:
            raise CommandError("The username may not be empty.")
        if email is not None:
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError(f"{email!r} is not a valid e-mail address.") from None
        try:
            group = Group.objects.get(name=EDITORS)
        except Group.DoesNotExist:
            raise CommandError(
                f"There is no {EDITORS} group; run `python manage.py migrate` first."
            ) from None

        user = User.objects.filter(username=username).first()
        if user is not None and user.is_superuser:
            # Quietly demoting an administrator would lock them out of user management.
            raise CommandError(f"{username} is a superuser; create_editor will not change them.")
        created = user is None
        if created:
            user = User(username=username)
        if email is not None:
            user.email = email

        if password is None:
            password = self.ask_password(user)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("Password rejected: " + " ".join(exc.messages)) from None

        if dry_run:
            self.stdout.write(
                f"Dry run: {username} would be {'created' if created else 'updated'}."
            )
            return

        with transaction.atomic():
            user.is_staff = True
            user.is_active = True
            user.set_password(password)
            user.save()
            user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(
                f"{'Created' if created else 'Updated'} editor {username}: staff, in the {EDITORS} "
                "group; they can sign in at /admin/."
            )
        )

    def ask_password(self, user):
        """Ask until the editor gives a password the validators accept, typed the same twice.

        A weak or mistyped password is a reason to ask again, not to start over;
        after MAX_TRIES the command gives up so that a script cannot loop forever.
        """
        if not sys.stdin.isatty():
            raise CommandError(
                "No password given and no terminal to ask on: pass --password, "
                "or run the command in a terminal."
            )
        for _try in range(MAX_TRIES):
            password = getpass.getpass("Password: ")
            if not password:
                self.stderr.write("The password may not be empty. Try again.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as exc:
                self.stderr.write("That password is too weak: " + " ".join(exc.messages))
                self.stderr.write("Try again.")
                continue
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ. Try again.")
                continue
            return password
        raise CommandError(f"No acceptable password after {MAX_TRIES} tries; nothing was changed.")
