"""The admin locked down: brute-force lock-out, no way for an editor to gain rights, history."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from archive.client_ip import client_ip
from articles.models import Actor, Article, Event, Source, Topic
from tests.test_admin import form_data

PASSWORD = "correct horse battery"


def log_in(client, username, password, address="198.51.100.7"):
    """POST the admin's login form as a browser at `address` would."""
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def is_logged_in(client):
    return "_auth_user_id" in client.session


# --------------------------------------------------------------- brute force


def test_axes_checks_logins_before_any_password_is_compared():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 5  # ADMIN_LOGIN_FAILURES' default


def test_the_right_password_works(editor_user):
    client = Client()
    assert log_in(client, "eddie", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_repeated_failures_lock_the_login_until_an_operator_resets_it(editor_user):
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "eddie", f"guess {attempt}")
        assert response.status_code == 200, attempt  # the form again, with its error
    assert log_in(client, "eddie", "one more guess").status_code == 429

    # Locked: even the right password is refused now, by username and by address.
    locked = log_in(client, "eddie", PASSWORD)
    assert locked.status_code == 429
    assert "too many" in locked.content.decode().lower()
    assert not is_logged_in(client)
    assert log_in(Client(), "eddie", PASSWORD, address="203.0.113.9").status_code == 429
    assert log_in(Client(), "someone-else", "x").status_code == 429

    # docs/operations.md: the operator unlocks with axes_reset_username (or axes_reset).
    call_command("axes_reset_username", "eddie")
    call_command("axes_reset_ip", "198.51.100.7")
    assert log_in(client, "eddie", PASSWORD).status_code == 302
    assert is_logged_in(client)


@override_settings(AXES_FAILURE_LIMIT=2)
def test_axes_reset_lifts_every_lock(editor_user):
    for _ in range(2):
        log_in(Client(), "eddie", "wrong")
    assert log_in(Client(), "eddie", PASSWORD).status_code == 429
    call_command("axes_reset")
    assert log_in(Client(), "eddie", PASSWORD).status_code == 302


def test_a_successful_login_forgets_earlier_failures(editor_user):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "eddie", "typo")
    assert log_in(client, "eddie", PASSWORD).status_code == 302
    # A fresh count: one more typo does not lock the editor out.
    assert log_in(Client(), "eddie", "typo").status_code == 200


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "6.6.6.6", "10.0.0.2"),  # no proxy: a client's X-Forwarded-For is ignored
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the address our proxy saw
        (2, "198.51.100.7, 10.0.0.3", "198.51.100.7"),
        (1, "", "10.0.0.2"),  # a proxy that did not say: the connection's address
    ],
)
def test_the_locked_address_is_the_one_our_own_proxy_saw(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(PROXY_COUNT=proxies):
        assert client_ip(request) == expected


# --------------------------------------------------------------- editors' rights


def test_editors_hold_no_rights_over_users_groups_or_permissions(editor_user):
    apps = set(
        Group.objects.get(name="Editors").permissions.values_list(
            "content_type__app_label", flat=True
        )
    )
    assert apps == {"articles", "capture"}
    assert not editor_user.is_superuser
    assert not editor_user.user_permissions.exists()


def test_an_editor_cannot_give_themself_rights_through_the_user_form(editor, editor_user):
    url = reverse("admin:auth_user_change", args=[editor_user.pk])
    every_permission = list(Permission.objects.values_list("pk", flat=True))
    response = editor.post(
        url,
        {
            "username": "eddie",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "user_permissions": [str(pk) for pk in every_permission],
            "groups": [str(group.pk) for group in Group.objects.all()],
            "date_joined_0": "2024-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 403
    editor_user.refresh_from_db()
    assert not editor_user.is_superuser
    assert not editor_user.user_permissions.exists()
    assert not editor_user.has_perm("auth.change_user")


def test_an_editor_cannot_add_users_or_change_passwords(editor, editor_user):
    admin_user = User.objects.create_superuser("root", "root@example.org", "the old one")
    response = editor.post(
        reverse("admin:auth_user_add"),
        {"username": "mallory", "password1": "S3cret-enough!", "password2": "S3cret-enough!"},
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="mallory").exists()

    url = reverse("admin:auth_user_password_change", args=[admin_user.pk])
    response = editor.post(url, {"password1": "taken over 1!", "password2": "taken over 1!"})
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.check_password("the old one")


def test_an_editor_cannot_widen_the_editors_group(editor, editor_user):
    group = Group.objects.get(name="Editors")
    before = set(group.permissions.values_list("pk", flat=True))
    response = editor.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {
            "name": "Editors",
            "permissions": [str(pk) for pk in Permission.objects.values_list("pk", flat=True)],
        },
    )
    assert response.status_code == 403
    assert set(group.permissions.values_list("pk", flat=True)) == before
    assert editor.get(reverse("admin:auth_group_changelist")).status_code == 403


# --------------------------------------------------------------- revision history


CHANGES = [
    (Article, "standfirst", "Corrected after the State Border Committee's denial."),
    (Actor, "summary", "President of Belarus since 1994."),
    (Event, "summary", "A border guard crossed into Ukraine (corrected)."),
    (Source, "description", "An American news magazine (corrected)."),
    (Topic, "description", "Who crosses the border, and why (corrected)."),
]


@pytest.mark.parametrize("model, field, value", CHANGES, ids=[m.__name__ for m, *_ in CHANGES])
def test_every_change_through_the_admin_is_in_the_history_with_its_editor(
    editor, editor_user, seeded, model, field, value
):
    obj = model.objects.order_by("pk").first()
    name = model._meta.model_name
    url = reverse(f"admin:articles_{name}_change", args=[obj.pk])
    versions = obj.history.count()
    data = form_data(editor.get(url))
    assert data[field] != value
    data[field] = value
    response = editor.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    assert obj.history.count() == versions + 1
    latest = obj.history.latest()
    assert latest.history_user == editor_user
    assert latest.history_type == "~"
    assert getattr(latest, field) == value
    history = editor.get(reverse(f"admin:articles_{name}_history", args=[obj.pk]))
    assert "eddie" in history.content.decode()


def test_an_addition_through_the_admin_is_in_the_history_with_its_editor(editor, editor_user, db):
    response = editor.post(
        reverse("admin:articles_topic_add"),
        {"name": "Deportations", "slug": "deportations", "description": "Forced transfers."},
    )
    assert response.status_code == 302
    topic = Topic.objects.get(slug="deportations")
    created = topic.history.get()
    assert created.history_type == "+"
    assert created.history_user == editor_user
