"""The admin's own edges: addresses it does not know are 404s, logins land in the admin."""

import pytest
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
