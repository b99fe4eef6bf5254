"""Editing in the admin as an editor meets it: partial dates, errors that say what to do,
a reason kept in the history, and an admin that looks like the archive's."""

import datetime

import pytest
from django.urls import reverse

from articles.models import Article, Event, Precision, Source, Topic
from tests.test_admin import border_guard_article, form_data


def article_add_data(**overrides):
    """A new article as the add form posts it, with empty inlines."""
    data = {
        "title": "Лукашэнка зноў пагражае суседзям",
        "slug": "",
        "standfirst": "",
        "byline": "",
        "status": "draft",
        "source": str(Source.objects.get(slug="radio-free-europe-radio-liberty").pk),
        "original_url": "",
        "language": "be",
        "published": "2024-03",
        "date_note": "",
        "archived_at_0": "2024-03-20",
        "archived_at_1": "10:00:00",
        "body": "Аляксандр Лукашэнка зноў заявіў пра пагрозу з захаду.\n\nЁн не назваў доказаў.",
        "change_reason": "",
    }
    for prefix in ("mentions", "Event_articles-2", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def add_article(editor, **overrides):
    url = reverse("admin:articles_article_add")
    data = article_add_data(**overrides)
    # The event inline's prefix is Django's; read it from the form rather than guess it.
    for key, value in form_data(editor.get(url)).items():
        if key.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")):
            data.setdefault(key, value)
            if key.endswith("TOTAL_FORMS"):
                data[key] = "0"
    return editor.post(url, data)


# Partial dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, stored, precision",
    [
        ("2024", datetime.date(2024, 1, 1), Precision.YEAR),
        ("2024-03", datetime.date(2024, 3, 1), Precision.MONTH),
        ("2024-03-05", datetime.date(2024, 3, 5), Precision.DAY),
        ("", None, Precision.UNKNOWN),
    ],
)
def test_one_date_field_sets_the_precision_from_what_is_typed(
    editor, seeded, typed, stored, precision
):
    response = add_article(editor, published=typed)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(title="Лукашэнка зноў пагражае суседзям")
    assert (article.published_on, article.published_precision) == (stored, precision)


def test_the_date_field_shows_iso_as_precise_as_known(editor, seeded):
    article = border_guard_article()
    Article.objects.filter(pk=article.pk).update(
        published_on=datetime.date(2023, 3, 1), published_precision=Precision.MONTH
    )
    response = editor.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert 'name="published" value="2023-03"' in response.content.decode()
    assert "01/03/2023" not in response.content.decode()


def test_a_date_that_is_not_one_is_reported_on_its_field(editor, seeded):
    for typed in ["05/03/2024", "2024-13", "2024-02-30", "сакавік 2024"]:
        response = add_article(editor, published=typed)
        assert response.status_code == 200, typed
        errors = response.context["adminform"].form.errors
        assert "2024-03-05, 2024-03 or 2024" in errors["published"][0], typed
    assert not Article.objects.filter(title="Лукашэнка зноў пагражае суседзям").exists()


def test_an_event_takes_month_precise_start_and_end(editor, seeded):
    event = Event.objects.get(slug="wagner-group-mutiny-and-exile-to-belarus")
    url = reverse("admin:articles_event_change", args=[event.pk])
    data = form_data(editor.get(url))
    data.update(start="2023-06", end="2023-07")
    response = editor.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.start_date, event.end_date, event.date_precision) == (
        datetime.date(2023, 6, 1),
        datetime.date(2023, 7, 1),
        Precision.MONTH,
    )
    assert 'name="start" value="2023-06"' in editor.get(url).content.decode()


def test_an_event_end_less_precise_or_earlier_than_its_start_is_refused(editor, seeded):
    event = Event.objects.get(slug="wagner-group-mutiny-and-exile-to-belarus")
    url = reverse("admin:articles_event_change", args=[event.pk])
    for start, end, message in [
        ("2023-06-23", "2023-07", "as precisely as the start, like 2023-06-23"),
        ("2023-06", "2023-05", "cannot be before the start"),
        ("", "2023-05", "An end needs a start"),
    ]:
        data = form_data(editor.get(url))
        data.update(start=start, end=end)
        response = editor.post(url, data)
        assert response.status_code == 200
        assert message in response.context["adminform"].form.errors["end"][0]


# Errors an editor understands --------------------------------------------------------


def test_a_duplicate_url_is_reported_on_the_field_with_a_link_to_the_article(editor, seeded):
    existing = border_guard_article()
    existing.original_url = "https://www.example.org/world/belarus-border-guard-1781234"
    existing.save()
    response = add_article(editor, original_url=existing.original_url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "is violated" not in content
    error = str(response.context["adminform"].form.errors["original_url"][0])
    assert "already has the article at this address" in error
    assert reverse("admin:articles_article_change", args=[existing.pk]) in error
    assert f'<a href="{reverse("admin:articles_article_change", args=[existing.pk])}">' in content


def test_the_same_title_twice_gets_its_own_slug_without_an_error(editor, seeded):
    title = "Беларускія добраахвотнікі ў Бахмуце"
    first = add_article(editor, title=title, slug="bielaruskiia-dobraakhvotniki")
    second = add_article(editor, title=title, slug="bielaruskiia-dobraakhvotniki")
    assert first.status_code == second.status_code == 302
    slugs = sorted(Article.objects.filter(title=title).values_list("slug", flat=True))
    assert slugs == ["bielaruskiia-dobraakhvotniki", "bielaruskiia-dobraakhvotniki-2"]


def test_a_topic_with_a_taken_slug_gets_a_free_one(editor, seeded):
    response = editor.post(
        reverse("admin:articles_topic_add"),
        {"name": "Депортація дітей", "slug": "deportations", "description": ""},
    )
    assert response.status_code == 302
    assert Topic.objects.get(name="Депортація дітей").slug == "deportations-2"


# History that helps ---------------------------------------------------------------


def test_a_reason_for_the_change_is_kept_and_shown_in_the_history(editor, editor_user, seeded):
    article = border_guard_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor.get(url))
    data["standfirst"] = "Минск отрицает, что пограничник перешёл границу."
    data["change_reason"] = "Outlet corrected its standfirst on 6 March"
    assert editor.post(url, data).status_code == 302
    latest = article.history.latest()
    assert latest.history_change_reason == "Outlet corrected its standfirst on 6 March"
    history = editor.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "Outlet corrected its standfirst on 6 March" in history.content.decode()


def test_every_change_form_offers_the_reason_field(editor, seeded):
    for model in ["article", "actor", "event", "source", "topic", "alias", "mention"]:
        url = reverse(f"admin:articles_{model}_add")
        assert 'name="change_reason"' in editor.get(url).content.decode(), model


def test_history_opens_for_an_editor_without_links_that_answer_403(editor, editor_user, seeded):
    article = border_guard_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor.get(url))
    data["byline"] = "Staff"
    editor.post(url, data)
    history = editor.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    content = history.content.decode()
    assert "eddie" in content
    assert reverse("admin:auth_user_change", args=[editor_user.pk]) not in content
    assert 'style="' not in content.split('id="change-history"')[1]


def test_a_superuser_still_gets_the_link_to_the_user(client, seeded, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(root)
    article = border_guard_article()
    article.byline = "Staff"
    article._history_user = root
    article.save()
    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert reverse("admin:auth_user_change", args=[root.pk]) in history.content.decode()


# An admin that looks like the archive's ---------------------------------------------


def test_the_admin_has_the_archives_name_not_djangos(editor, seeded):
    content = editor.get(reverse("admin:index")).content.decode()
    assert "Belarus War Archive" in content
    assert "Django administration" not in content
    assert "Django site admin" not in content


def test_internal_tables_are_not_entries_of_the_index(editor, seeded):
    content = editor.get(reverse("admin:index")).content.decode()
    for model in ["article", "actor", "event", "source", "topic"]:
        assert reverse(f"admin:articles_{model}_changelist") in content, model
    for model in ["alias", "mention", "eventactor"]:
        assert reverse(f"admin:articles_{model}_changelist") not in content, model


def test_help_text_is_shown_as_text_not_swallowed_as_html(editor, seeded):
    content = editor.get(reverse("admin:articles_actor_add")).content.decode()
    assert "/actors/&lt;slug&gt;/" in content
    assert "/actors/<slug>/" not in content


def test_the_title_field_is_wide_enough_for_a_headline(editor, seeded):
    content = editor.get(reverse("admin:articles_article_add")).content.decode()
    assert 'class="vTextField headline"' in content


def test_article_search_in_the_admin_reaches_the_body(editor, seeded):
    article = border_guard_article()
    # A word of the body that neither the title nor the standfirst carries.
    word = next(
        w
        for w in article.body.split()
        if w.isalpha()
        and len(w) > 6
        and w.lower() not in (article.title + article.standfirst).lower()
    )
    response = editor.get(reverse("admin:articles_article_changelist"), {"q": word})
    assert response.status_code == 200
    assert article in list(response.context["cl"].result_list)


def test_article_search_in_the_admin_finds_an_actor_by_another_spelling(editor, seeded):
    response = editor.get(reverse("admin:articles_article_changelist"), {"q": "Лукашэнка"})
    found = set(response.context["cl"].result_list)
    named = Article.objects.filter(mentions__actor__slug="alexander-lukashenko")
    assert found and found == set(named)
