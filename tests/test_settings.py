"""The settings as production reads them: `check --deploy` clean, safe defaults, loud failures.

Each case runs Django in a subprocess with its own environment, since settings are read once.
"""

import importlib
import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import clear_url_caches, reverse

ROOT = settings.BASE_DIR

PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "archive.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://archive.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "DATABASE_URL": "sqlite:///:memory:",
}


# Every variable archive/settings.py reads that a test must not inherit (settings_test sets some).
SETTING_VARIABLES = set(PRODUCTION) | {
    "DEBUG",
    "SECURE_COOKIES",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "ADMIN_PATH",
    "STATIC_MANIFEST",
    "LOG_LEVEL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests while Playwright runs
}


def django_env(**overrides):
    """The parent's environment minus every setting variable, plus `overrides`."""
    env = {key: value for key, value in os.environ.items() if key not in SETTING_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "archive.settings"
    env.pop("PYTEST_CURRENT_TEST", None)
    return env | overrides


def run(args, **env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=django_env(**env), capture_output=True, text=True
    )


def settings_under(env, *names):
    """The values of settings `names` in a process started with environment `env`."""
    code = (
        "import json, django; django.setup(); from django.conf import settings;"
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNING" not in output and "?: (" not in output


def test_check_deploy_names_what_is_missing_without_them():
    # The same check fails loudly when the production variables are forgotten.
    env = {"SECRET_KEY": "short", "ALLOWED_HOSTS": "archive.example.org"}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W009"):
        assert check in output, check


def test_production_defaults_are_safe():
    values = settings_under(
        PRODUCTION,
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_PROXY_SSL_HEADER",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "ALLOWED_HOSTS",
        "STORAGES",
        "AUTHENTICATION_BACKENDS",
        "ADMIN_PATH",
    )
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["ALLOWED_HOSTS"] == ["archive.example.org"]
    assert values["STORAGES"]["staticfiles"]["BACKEND"].endswith(
        "CompressedManifestStaticFilesStorage"
    )
    assert values["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    assert values["ADMIN_PATH"] == "admin/"


def test_debug_is_off_unless_asked_and_no_key_means_no_start():
    result = run(["manage.py", "check"], ALLOWED_HOSTS="x")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_quick_start_still_runs_with_debug_on():
    # dev.py sets DEBUG=true and nothing else: a development key and local hosts follow.
    result = run(["manage.py", "check"], DEBUG="true")
    assert result.returncode == 0, result.stderr
    values = settings_under({"DEBUG": "true"}, "DEBUG", "ALLOWED_HOSTS", "SESSION_COOKIE_SECURE")
    assert values["DEBUG"] is True
    assert "127.0.0.1" in values["ALLOWED_HOSTS"]
    assert values["SESSION_COOKIE_SECURE"] is False  # runserver speaks plain HTTP


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
        ({"SECURE_HSTS_SECONDS": "a year"}, "SECURE_HSTS_SECONDS must be a whole number"),
        ({"ADMIN_PATH": "/"}, "ADMIN_PATH must not be empty"),
    ],
)
def test_a_bad_value_is_a_configuration_error_not_a_guess(env, message):
    result = run(["manage.py", "check"], **(PRODUCTION | env))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_logs_go_to_stdout():
    code = (
        "import django, logging; django.setup();"
        "logging.getLogger('django.request').error('probe from the test suite')"
    )
    result = run(["-c", code], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "ERROR django.request probe from the test suite" in result.stdout
    assert "probe" not in result.stderr


@pytest.fixture
def admin_path():
    """Reload the URLconf with a moved admin, and put it back afterwards."""
    import archive.urls

    def move(path):
        with override_settings(ADMIN_PATH=path):
            importlib.reload(archive.urls)
        clear_url_caches()

    yield move
    importlib.reload(archive.urls)
    clear_url_caches()


def test_the_admin_path_is_configurable_and_defaults_to_admin(admin_path, client, db):
    assert reverse("admin:index") == "/admin/"
    admin_path("backstage-7f3a/")
    assert reverse("admin:index") == "/backstage-7f3a/"
    assert client.get("/backstage-7f3a/login/").status_code == 200
    assert client.get("/admin/login/").status_code == 404
