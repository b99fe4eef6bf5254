"""What a visitor's browser is told (security headers, CSP), error pages, /healthz, static files."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse

from articles.models import Actor, Article, Event

# A <script> element that runs inline code: no src, and not a JSON data island.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def csp(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


# --------------------------------------------------------------- security headers


def test_a_page_carries_the_security_headers(reader, seeded):
    response = reader.get(reverse("articles:article_list"))
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
)
def test_behind_a_proxy_http_is_redirected_and_https_gets_hsts(reader, seeded):
    url = reverse("articles:article_list")
    plain = reader.get(url)
    assert plain.status_code == 301
    assert plain.headers["Location"] == f"https://testserver{url}"
    assert "Strict-Transport-Security" not in plain.headers  # HSTS is only sent over https

    # The proxy terminated TLS and says so in X-Forwarded-Proto.
    secure = reader.get(url, headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )

    # A load balancer's health probe over plain HTTP is answered, not redirected.
    assert reader.get(reverse("articles:healthz")).status_code == 200


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_session_and_csrf_cookies_are_secure_and_the_session_is_http_only(db):
    User.objects.create_superuser("root", "root@example.org", "a long password 1")
    client = Client()
    login = reverse("admin:login")
    form = client.get(login)
    assert form.cookies["csrftoken"]["secure"]
    response = client.post(
        login,
        {"username": "root", "password": "a long password 1", "next": reverse("admin:index")},
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]


def public_urls():
    article = Article.objects.published().first()
    return [
        reverse("articles:home"),
        reverse("articles:article_list"),
        reverse("articles:article_detail", args=[article.slug]),
        reverse("articles:actor_list"),
        reverse("articles:actor_detail", args=[Actor.objects.first().slug]),
        reverse("articles:event_list"),
        reverse("articles:event_detail", args=[Event.objects.first().slug]),
        reverse("articles:source_list"),
        reverse("articles:topic_list"),
        reverse("articles:search") + "?q=Lukashenka",
        reverse("articles:article_list") + "?date_after=nonsense",  # the 400 page too
        "/no-such-page/",
    ]


def test_public_pages_have_no_inline_script_or_style_the_policy_would_block(reader, seeded):
    for url in public_urls():
        response = reader.get(url)
        assert response.status_code < 500, url
        body = response.content.decode()
        assert not INLINE_SCRIPT.search(body), url
        assert 'style="' not in body, url
        assert not INLINE_HANDLER.search(body.split("<body", 1)[-1]), url
        assert "Content-Security-Policy" in response.headers, url


def test_the_admin_loads_its_javascript_from_static_files(seeded):
    admin_user = User.objects.create_superuser("root", "root@example.org", "x")
    client = Client()
    client.force_login(admin_user)
    article = Article.objects.first()
    urls = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_actor_add"),
        reverse("admin:articles_event_change", args=[Event.objects.first().pk]),
        reverse("admin:auth_user_changelist"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        scripts = re.findall(r"<script[^>]*>", body)
        assert scripts, url  # the admin does use JavaScript …
        assert not INLINE_SCRIPT.search(body), url  # … all of it from files the policy allows
        for src in re.findall(r'<script[^>]*\bsrc="([^"]+)"', body):
            assert src.startswith("/"), (url, src)  # same origin: static files or the admin's own


# --------------------------------------------------------------- error pages


def test_the_404_page_is_branded_and_shows_no_internals(reader, seeded):
    response = reader.get("/articles/no-such-article/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Page not found</h1>" in body
    assert "Belarus War Archive" in body
    assert reverse("articles:search") in body
    for internal in ("Traceback", "URLconf", "urlpatterns", "archive.urls", "DEBUG", "No Article"):
        assert internal not in body, internal


def test_the_404_page_escapes_the_address_it_quotes(reader, db):
    response = reader.get("/<script>alert(1)</script>/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    assert "<code>/%3Cscript%3Ealert%281%29%3C/script%3E/</code>" in body  # quoted back, inert


def boom(request):
    raise RuntimeError("secret internals: password=hunter2")


def fine(request):
    return HttpResponse("ok")


urlpatterns = [path("boom/", boom), path("fine/", fine)]


@pytest.mark.urls(__name__)
def test_the_500_page_renders_without_the_database_and_shows_no_internals(
    db, django_db_blocker, django_assert_num_queries
):
    client = Client(raise_request_exception=False)
    # The database is gone: any query the error page tried would raise, not render.
    with django_assert_num_queries(0), django_db_blocker.block():
        response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>Something went wrong</h1>" in body
    assert "Belarus War Archive" in body
    for internal in ("secret internals", "hunter2", "RuntimeError", "Traceback", "boom"):
        assert internal not in body, internal


def test_the_500_page_is_logged_to_the_console_not_to_the_visitor(db, caplog):
    with override_settings(ROOT_URLCONF=__name__):
        Client(raise_request_exception=False).get("/boom/")
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.levelname == "ERROR"
    assert "secret internals" in str(record.exc_info[1])


# --------------------------------------------------------------- /healthz


def test_healthz_answers_200_when_the_database_does(reader, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = reader.get(reverse("articles:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError("connection refused")


def test_healthz_answers_503_not_500_when_the_database_does_not(reader, db, monkeypatch):
    monkeypatch.setattr("articles.views.health.connection", UnreachableDatabase())
    response = reader.get(reverse("articles:healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
    assert "refused" not in response.content.decode()


# --------------------------------------------------------------- static files


def test_hashed_static_files_are_served_with_a_far_future_immutable_cache(tmp_path, db):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages, DEBUG=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.templatetags.static import static

        hashed = static("css/archive.css")
        assert re.search(r"archive\.[0-9a-f]{12}\.css$", hashed), hashed
        client = Client()  # a new client: WhiteNoise reads STATIC_ROOT when it starts
        response = client.get(hashed)
        assert response.status_code == 200
        cache = response.headers["Cache-Control"]
        assert "max-age=315360000" in cache and "immutable" in cache
        compressed = client.get(hashed, headers={"Accept-Encoding": "gzip"})
        assert compressed.headers.get("Content-Encoding") == "gzip"
        # The unhashed name may change under the same URL, so it is cached briefly.
        plain = client.get("/static/css/archive.css")
        assert plain.status_code == 200
        assert "immutable" not in plain.headers["Cache-Control"]
