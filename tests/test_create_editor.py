"""`manage.py create_editor`: a staff user in the Editors group, never a superuser."""

import io
import sys

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

PASSWORD = "Kalinouski regiment 1863"


def run(*args, **kwargs):
    out = io.StringIO()
    call_command("create_editor", *args, stdout=out, **kwargs)
    return out.getvalue()


def signs_in(username, password):
    """Sign in through the admin's login form, as a person would."""
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )
    return response.status_code == 302 and client.get(reverse("admin:index")).status_code == 200


@pytest.fixture
def no_terminal(monkeypatch):
    """Standard input is not a terminal (a script, CI)."""
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)


@pytest.fixture
def terminal(monkeypatch):
    """Standard input is a terminal; returns the list of answers getpass will give."""
    answers = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": answers.pop(0))
    return answers


def test_creates_a_staff_editor_who_can_sign_in(db):
    output = run("olga", "--email", "olga@example.org", "--password", PASSWORD)
    assert "Created editor olga" in output
    user = User.objects.get(username="olga")
    assert user.is_staff and user.is_active and not user.is_superuser
    assert user.email == "olga@example.org"
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert user.has_perm("articles.change_article")
    assert not user.has_perm("auth.change_user")
    assert signs_in("olga", PASSWORD)
    assert not signs_in("olga", "wrong password")


def test_updates_an_existing_user_into_an_editor(db):
    User.objects.create_user("pavel", password="old password 1863")
    output = run("pavel", "--password", PASSWORD)
    assert "Updated editor pavel" in output
    user = User.objects.get(username="pavel")
    assert user.is_staff and user.groups.filter(name="Editors").exists()
    assert User.objects.filter(username="pavel").count() == 1
    assert signs_in("pavel", PASSWORD)


@pytest.mark.parametrize("weak", ["short", "password", "12345678901", ""])
def test_weak_password_is_refused_and_nothing_is_made(db, weak):
    with pytest.raises(CommandError, match="Password rejected"):
        run("olga", "--password", weak)
    assert not User.objects.filter(username="olga").exists()


def test_superuser_is_not_demoted(db):
    User.objects.create_superuser("root", password=PASSWORD)
    with pytest.raises(CommandError, match="superuser"):
        run("root", "--password", PASSWORD)
    assert User.objects.get(username="root").is_superuser


def test_bad_email_is_refused(db):
    with pytest.raises(CommandError, match="e-mail"):
        run("olga", "--email", "not-an-address", "--password", PASSWORD)
    assert not User.objects.exists()


def test_without_a_terminal_a_password_is_required(db, no_terminal):
    with pytest.raises(CommandError, match="--password"):
        run("olga")
    assert not User.objects.exists()


def test_password_is_asked_twice_on_a_terminal(db, terminal):
    terminal.extend([PASSWORD, PASSWORD])
    assert "Created editor olga" in run("olga")
    assert terminal == []
    assert signs_in("olga", PASSWORD)


def run_capturing_errors(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_editor", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_weak_password_on_a_terminal_is_asked_for_again(db, terminal):
    terminal.extend(["password", PASSWORD, PASSWORD])
    out, err = run_capturing_errors("olga")
    assert "too weak" in err and "too common" in err
    assert "Created editor olga" in out
    assert terminal == []
    assert signs_in("olga", PASSWORD)


def test_a_mistyped_repetition_is_asked_for_again(db, terminal):
    terminal.extend([PASSWORD, PASSWORD + "!", PASSWORD, PASSWORD])
    out, err = run_capturing_errors("olga")
    assert "differ" in err
    assert "Created editor olga" in out
    assert signs_in("olga", PASSWORD)


def test_three_refused_passwords_on_a_terminal_change_nothing(db, terminal):
    terminal.extend(["1234", "", PASSWORD, PASSWORD + "!"])
    with pytest.raises(CommandError, match="after 3 tries"):
        run_capturing_errors("olga")
    assert terminal == []
    assert not User.objects.exists()


def test_dry_run_changes_nothing(db):
    output = run("olga", "--password", PASSWORD, "--dry-run")
    assert "would be created" in output
    assert not User.objects.exists()


def test_failure_exits_non_zero(db, monkeypatch, capsys):
    # As manage.py runs it: a refused password is exit status 1 and a message, no traceback.
    from django.core.management import ManagementUtility

    # Keep the test's database connection open (run_from_argv closes connections when done).
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "create_editor", "olga", "--password", "short"]).execute()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "Password rejected" in err and "Traceback" not in err
    assert not User.objects.exists()
