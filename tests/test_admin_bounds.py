"""The admin's own edges: addresses it does not know are 404s, logins land in the admin."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Actor, Article


@pytest.mark.parametrize("version", ["abc", "1.5", "９", "%00"])
def test_a_history_version_that_is_not_a_number_is_a_404(editor, seeded, version):
    article = Article.objects.order_by("id").first()
    history = reverse("admin:articles_article_history", args=[article.pk])
    assert editor.get(f"{history}{version}/").status_code == 404
    actor = Actor.objects.order_by("id").first()
    history = reverse("admin:articles_actor_history", args=[actor.pk])
    assert editor.get(f"{history}{version}/").status_code == 404
    assert editor.get(history.replace(str(actor.pk), "abc") + "1/").status_code == 404


def test_a_real_history_version_still_opens(editor, seeded):
    article = Article.objects.order_by("id").first()
    article.save()  # a version in its history
    version = article.history.order_by("history_id").first()
    url = reverse("admin:articles_article_simple_history", args=[article.pk, version.history_id])
    assert editor.get(url).status_code == 200


def test_a_login_with_an_off_site_next_lands_in_the_admin(editor_user):
    response = Client().post(
        reverse("admin:login"),
        {"username": "eddie", "password": "correct horse battery", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_a_locked_address_does_not_count_against_another_editors_name(editor_user, settings):
    """Someone at a shared address (an office, a proxy) guesses until it is locked; an editor
    there logging in meanwhile is refused, but their name is not charged with the failures."""
    office = "203.0.113.9"

    def log_in(username, password, address):
        return Client().post(
            reverse("admin:login"),
            {"username": username, "password": password, "next": reverse("admin:index")},
            REMOTE_ADDR=address,
        )

    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in("mallory", f"guess {attempt}", office)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert log_in("eddie", "correct horse battery", office).status_code == 429
    # From home, the editor's name is not locked.
    assert log_in("eddie", "correct horse battery", "198.51.100.20").status_code == 302


def test_robots_txt_does_not_name_a_moved_admin(reader, db, settings):
    """robots.txt is public: naming a moved admin there would undo the move."""
    assert "Disallow: /admin/" in reader.get("/robots.txt").content.decode().splitlines()
    settings.ADMIN_PATH = "back-office-7f3a/"
    body = reader.get("/robots.txt").content.decode()
    assert "admin" not in body and "back-office" not in body
    assert "Disallow: /language/" in body.splitlines()


@pytest.mark.parametrize(
    "model, data, field",
    [
        (
            "topic",
            {"name": "Санкцыі\u202e супраць\x07 Мінска", "slug": "", "description": ""},
            "name",
        ),
        (
            "source",
            {
                "name": "Наша\u2066 Ніва\x1b",
                "slug": "",
                "kind": "news",
                "homepage": "",
                "country": "BY",
                "description": "",
            },
            "name",
        ),
    ],
)
def test_the_admin_stores_names_on_one_line_as_the_import_does(editor, seeded, model, data, field):
    """Control characters and bidirectional overrides go, as they do in an import."""
    from django.apps import apps

    response = editor.post(reverse(f"admin:articles_{model}_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    stored = (
        apps.get_model("articles", model).objects.order_by("-pk").values_list(field, flat=True)[0]
    )
    assert stored in ("Санкцыі супраць Мінска", "Наша Ніва")
