"""The editors' admin, as an editor (staff, Editors group, not a superuser) uses it."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from articles.models import Actor, Alias, Article, Event, EventActor, Mention, Source, Topic

ARCHIVE_MODELS = ["source", "topic", "actor", "alias", "article", "mention", "event", "eventactor"]


def lukashenko():
    return Actor.objects.matching("Lukashenko").get()


def regiment():
    return Actor.objects.matching("Kastus Kalinouski Regiment").get()


def border_guard_article():
    return Article.objects.get(title__startswith="Belarusian Border Guard")


def form_data(response):
    """The POST body of an admin change form exactly as the browser would send it unchanged."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(v) for v in value]
            elif value is not None:
                data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


# Every page renders for an editor --------------------------------------------


def test_editor_sees_every_changelist_and_add_form(editor, seeded):
    # One test over all models: the seed loads once, not once per model.
    for model in ARCHIVE_MODELS:
        changelist = editor.get(reverse(f"admin:articles_{model}_changelist"))
        assert changelist.status_code == 200, model
        assert changelist.context["cl"].result_count > 0, model
        add = editor.get(reverse(f"admin:articles_{model}_add"))
        assert add.status_code == 200, model
        assert b'name="_save"' in add.content, model


def test_a_nul_byte_in_an_admin_search_is_ignored_not_a_500(editor, seeded):
    for model in ARCHIVE_MODELS:
        response = editor.get(reverse(f"admin:articles_{model}_changelist"), {"q": "Luka\x00"})
        assert response.status_code == 200, model
    autocomplete = editor.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "mention", "field_name": "actor", "term": "\x00"},
    )
    assert autocomplete.status_code == 200


def test_admin_index_lists_archive_models_not_users(editor, seeded):
    response = editor.get(reverse("admin:index"))
    assert response.status_code == 200
    assert reverse("admin:articles_article_changelist").encode() in response.content
    assert b"/admin/auth/user/" not in response.content


def test_article_changelist_shows_dates_as_precise_as_known_and_missing_bylines(editor, seeded):
    with_day = Article.objects.filter(published_precision="day").first()
    month_only = Article.objects.filter(published_precision="month").first()
    response = editor.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert with_day.date_display in content
    assert month_only.date_display in content
    # A month-precise date is stored as the 1st; the list must not invent that day.
    assert f"1 {month_only.date_display}" not in content
    assert "no byline" in content
    assert Article.objects.filter(byline="").exists()


def test_article_change_form_renders_with_inlines_history_and_view_on_site(editor, seeded):
    article = border_guard_article()
    response = editor.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert article.title in content
    assert article.body_sha256 in content  # the derived hash is shown, read-only
    assert 'name="body_sha256"' not in content
    assert "detection never overwrites it" in content
    assert reverse("admin:articles_article_history", args=[article.pk]) in content
    assert "View on site" in content
    assert "events this article reports" in content.lower()
    for legend in ["Publication", "Date", "Body", "Links"]:
        assert f">{legend}<" in content


def test_actor_change_form_renders_with_aliases(editor, seeded):
    actor = lukashenko()
    response = editor.get(reverse("admin:articles_actor_change", args=[actor.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Лукашэнка" in content
    assert "лукашэнка" in content  # the alias's search key, read-only
    assert 'name="aliases-0-name"' in content


def test_event_change_form_shows_actors_with_roles(editor, seeded):
    event = Event.objects.filter(status__in=["denied", "disputed"]).first()
    response = editor.get(reverse("admin:articles_event_change", args=[event.pk]))
    assert response.status_code == 200
    assert b'name="participants-0-role"' in response.content
    assert escape(event.status_note) in response.content.decode()


# Finding actors by any spelling ------------------------------------------------


def test_actor_search_finds_the_actor_by_any_spelling_once(editor, seeded):
    for query, expected in [
        ("Lukashenka", lukashenko()),
        ("Лукашэнка", lukashenko()),
        ("LUKASHENKO", lukashenko()),
        ("Kalinoŭski Regiment", regiment()),
        ("Kalinowski regiment", regiment()),
    ]:
        response = editor.get(reverse("admin:articles_actor_changelist"), {"q": query})
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [expected], query


def test_actor_search_for_nonsense_finds_nothing(editor, seeded):
    response = editor.get(reverse("admin:articles_actor_changelist"), {"q": "zzqqxx"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_actor_changelist_counts_articles(editor, seeded):
    actor = lukashenko()
    expected = actor.mentions.filter(rejected=False).count()
    assert expected > 0
    response = editor.get(reverse("admin:articles_actor_changelist"), {"q": "Lukashenka"})
    assert [a.article_count for a in response.context["cl"].result_list] == [expected]


def test_actor_autocomplete_finds_lukashenko_in_belarusian_cyrillic(editor, seeded):
    # The article's actors, a mention's actor (the inline) and an event role's actor.
    for model_name, field_name in [
        ("article", "actors"),
        ("mention", "actor"),
        ("eventactor", "actor"),
    ]:
        response = editor.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "articles",
                "model_name": model_name,
                "field_name": field_name,
                "term": "Лукашэнка",
            },
        )
        assert response.status_code == 200
        ids = [row["id"] for row in response.json()["results"]]
        assert ids == [str(lukashenko().pk)], model_name


def test_alias_changelist_is_searchable_by_folded_spelling(editor, seeded):
    response = editor.get(reverse("admin:articles_alias_changelist"), {"q": "kalinoŭski"})
    assert response.status_code == 200
    found = [alias.pk for alias in response.context["cl"].result_list]
    expected = Alias.objects.filter(normalized__contains="kalinouski").values_list("pk", flat=True)
    assert found and sorted(found) == sorted(expected)


# What editors may not do -------------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_user_add",
        "admin:auth_group_changelist",
        "admin:auth_group_add",
    ],
)
def test_editor_cannot_manage_users_or_groups(editor, url_name):
    assert editor.get(reverse(url_name)).status_code == 403


def test_editor_cannot_reach_permissions(editor, editor_user):
    response = editor.get("/admin/auth/permission/")
    assert response.status_code in (403, 404)
    group = editor_user.groups.get()
    response = editor.get(reverse("admin:auth_group_change", args=[group.pk]))
    assert response.status_code == 403
    editor_user = User.objects.get(pk=editor_user.pk)
    assert not editor_user.has_perm("auth.change_permission")
    assert not editor_user.has_perm("auth.change_user")


def test_editor_cannot_delete_articles(editor, seeded):
    article = border_guard_article()
    response = editor.get(reverse("admin:articles_article_delete", args=[article.pk]))
    assert response.status_code == 403


# Revision history --------------------------------------------------------------


def test_change_through_the_admin_records_the_editor_in_history(editor, editor_user, seeded):
    article = border_guard_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor.get(url))
    data["title"] = "Belarusian Border Guard Abandons Post (corrected)"
    response = editor.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.title.endswith("(corrected)")
    latest = article.history.latest()
    assert latest.history_user == editor_user
    assert latest.title == article.title

    history = editor.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    assert b"eddie" in history.content
    assert b"(corrected)" in history.content


def test_editor_can_open_history_pages(editor, seeded):
    for model in [Article, Actor, Event, Source, Topic]:
        obj = model.objects.first()
        name = model._meta.model_name
        response = editor.get(reverse(f"admin:articles_{name}_history", args=[obj.pk]))
        assert response.status_code == 200, name
        assert escape(str(obj)) in response.content.decode(), name


def test_actor_change_with_new_alias_records_editor_and_finds_the_actor(
    editor, editor_user, seeded
):
    actor = regiment()
    url = reverse("admin:articles_actor_change", args=[actor.pk])
    data = form_data(editor.get(url))
    extra = int(data["aliases-INITIAL_FORMS"])
    data[f"aliases-{extra}-name"] = "Kalinoŭski Battalion"
    data[f"aliases-{extra}-language"] = "be-Latn"
    data[f"aliases-{extra}-kind"] = "former"
    response = editor.post(url, data)
    assert response.status_code == 302
    alias = actor.aliases.get(name="Kalinoŭski Battalion")
    assert alias.normalized == "kalinouski battalion"
    assert alias.history.latest().history_user == editor_user
    # Two aliases now fold to this key; the actor is still listed once.
    found = editor.get(reverse("admin:articles_actor_changelist"), {"q": "KALINOUSKI battalion"})
    assert list(found.context["cl"].result_list) == [actor]


# Publishing --------------------------------------------------------------------


def test_publish_and_unpublish_actions_change_status_and_say_how_many(editor, editor_user, seeded):
    articles = list(Article.objects.order_by("pk")[:2])
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(status="draft")
    url = reverse("admin:articles_article_changelist")
    selected = [str(a.pk) for a in articles]

    response = editor.post(url, {"action": "publish", "_selected_action": selected}, follow=True)
    assert response.status_code == 200
    assert set(Article.objects.filter(pk__in=selected).values_list("status", flat=True)) == {
        "published"
    }
    assert b"2 articles published." in response.content
    assert articles[0].history.latest().history_user == editor_user

    response = editor.post(url, {"action": "unpublish", "_selected_action": selected}, follow=True)
    assert set(Article.objects.filter(pk__in=selected).values_list("status", flat=True)) == {
        "draft"
    }
    assert b"2 articles moved back to draft." in response.content


def test_publishing_already_published_articles_says_so(editor, seeded):
    article = border_guard_article()
    Article.objects.filter(pk=article.pk).update(status="published")
    response = editor.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [str(article.pk)]},
        follow=True,
    )
    assert b"0 articles published. 1 was already in that state." in response.content


# Mentions: an editor's decision is the editor's ---------------------------------


def test_rejecting_a_detected_mention_inline_makes_it_an_editor_decision(editor, seeded):
    article = border_guard_article()
    actor = lukashenko()
    Mention.objects.update_or_create(
        article=article, actor=actor, defaults={"origin": "detected", "rejected": False, "count": 3}
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor.get(url))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("mentions-") and key.endswith("-actor") and value == str(actor.pk)
    )
    data[f"mentions-{index}-rejected"] = "on"
    response = editor.post(url, data)
    assert response.status_code == 302
    mention = Mention.objects.get(article=article, actor=actor)
    assert (mention.origin, mention.rejected) == ("editor", True)


def test_changing_a_detected_mention_inline_makes_it_an_editor_decision(editor, seeded):
    article = border_guard_article()
    actor = lukashenko()
    Mention.objects.update_or_create(
        article=article, actor=actor, defaults={"origin": "detected", "rejected": False, "count": 3}
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor.get(url))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("mentions-") and key.endswith("-actor") and value == str(actor.pk)
    )
    data[f"mentions-{index}-count"] = "4"
    assert editor.post(url, data).status_code == 302
    mention = Mention.objects.get(article=article, actor=actor)
    assert (mention.origin, mention.count) == ("editor", 4)


def test_adding_a_mention_inline_marks_it_editor_and_leaves_others_alone(editor, seeded):
    article = border_guard_article()
    untouched = list(article.mentions.values_list("pk", "origin"))
    newcomer = Actor.objects.exclude(mentions__article=article).first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor.get(url))
    extra = int(data["mentions-INITIAL_FORMS"])
    data[f"mentions-{extra}-actor"] = str(newcomer.pk)
    data[f"mentions-{extra}-count"] = "1"
    response = editor.post(url, data)
    assert response.status_code == 302
    assert Mention.objects.get(article=article, actor=newcomer).origin == "editor"
    assert (
        list(
            article.mentions.filter(pk__in=[pk for pk, _ in untouched]).values_list("pk", "origin")
        )
        == untouched
    )


def test_linking_an_event_inline(editor, seeded):
    article = Article.objects.get(title__startswith="Meet the Belarusian Regiment")
    event = Event.objects.exclude(articles=article).first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor.get(url))
    prefix = next(
        k[: -len("-TOTAL_FORMS")]
        for k in data
        if k.endswith("-TOTAL_FORMS") and not k.startswith("mentions")
    )
    extra = int(data[f"{prefix}-INITIAL_FORMS"])
    data[f"{prefix}-{extra}-event"] = str(event.pk)
    response = editor.post(url, data)
    assert response.status_code == 302
    assert article.events.filter(pk=event.pk).exists()


# Query counts do not grow with rows ---------------------------------------------


def add_rows(n):
    """More of everything a changelist shows, linked the way real rows are."""
    source = Source.objects.create(name=f"Outlet {Source.objects.count()}")
    topic = Topic.objects.create(
        name=f"Topic {Topic.objects.count()}", parent=Topic.objects.first()
    )
    parent = Actor.objects.first()
    for i in range(n):
        article = Article.objects.create(
            title=f"Extra article {source.pk}-{i}",
            source=source,
            body="Text.",
            byline="",
            published_on=datetime.date(2022, 1, 1) + datetime.timedelta(days=i),
            status="draft",
        )
        article.topics.add(topic)
        actor = Actor.objects.create(
            name=f"Extra actor {source.pk}-{i}", kind="person", parent=parent
        )
        Alias.objects.create(actor=actor, name=actor.name)
        Mention.objects.create(article=article, actor=actor, count=1)
        event = Event.objects.create(
            title=f"Extra event {source.pk}-{i}", start_date=datetime.date(2022, 3, 1)
        )
        event.articles.add(article)
        EventActor.objects.create(event=event, actor=actor)


def test_changelist_queries_do_not_grow_with_rows(editor, seeded, django_assert_num_queries):
    urls = [reverse(f"admin:articles_{model}_changelist") for model in ARCHIVE_MODELS]
    add_rows(2)
    counts = {}
    for url in urls:
        editor.get(url)  # warm the session and content types
        with CaptureQueriesContext(connection) as few:
            assert editor.get(url).status_code == 200
        counts[url] = len(few)
    add_rows(8)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            response = editor.get(url)
        assert response.status_code == 200
