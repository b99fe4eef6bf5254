"""An editor's journey through the admin in a real browser, select2 autocompletes included."""

import importlib

import pytest

from articles.models import Actor, Article, Mention

from .conftest import admin_url, new_page, url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # tests/conftest.py's editor_user
ACTOR = "Pahonia Regiment"
ALIASES = ["Pahonia", "Pahonya"]
TITLE = "Belarusian volunteers form a second unit near Kyiv"
STANDFIRST = "A second Belarusian unit trains alongside Ukraine's army."
EDITED = "A second unit of Belarusian volunteers trains near Kyiv, its commanders say."
# The body names the unit by neither alias: search finds it only through the editor's mention.
BODY = "Volunteers from Belarus have formed a second unit.\n\nIts members train near Kyiv."


@pytest.fixture
def editors_group(transactional_db):
    """The Editors group, made by migration 0003's own function.

    A transactional test flushes the database after it runs, data migrations'
    rows included, so a later one cannot count on the group being there.
    (serialized_rollback would restore it, but not on PostgreSQL: the flush
    re-creates content types under new ids, which then clash with the saved ones.)
    """
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    name = "0003_editors_group"
    if not Group.objects.filter(name="Editors").exists():
        state = MigrationLoader(connection).project_state(("articles", name))
        importlib.import_module(f"articles.migrations.{name}").create_editors(state.apps, None)


@pytest.fixture
def editor_user(editors_group, editor_user):
    """tests/conftest.py's editor, once the group they join exists again."""
    return editor_user


def pick(page, field, typed, option):
    """Choose `option` in the admin's select2 autocomplete for `field` by typing `typed`."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    if not search.count():  # multiple selects keep their search box inside the selection
        search = page.locator(f"#id_{field} + .select2 .select2-search__field")
    search.fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()
    assert option in page.locator(f"#id_{field} + .select2").inner_text()


def test_editor_adds_publishes_finds_and_edits_an_article(page, archive, editor_user):
    admin = admin_url(archive)
    page.goto(admin)
    page.get_by_label("Username").fill(editor_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(admin)
    assert page.locator("#site-name").count() == 1
    assert page.get_by_role("link", name="Actors").count() >= 1

    # An actor with two aliases: the slug is filled in from the name by the admin's script.
    page.goto(admin + "articles/actor/add/")
    page.locator("#id_name").fill(ACTOR)
    page.locator("#id_kind").select_option(label="Armed unit")
    page.locator("#id_aliases-0-name").fill(ALIASES[0])
    page.locator("#aliases-group .add-row a").click()
    page.locator("#id_aliases-1-name").fill(ALIASES[1])
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/articles/actor/")
    assert page.locator(".messagelist .success").count() == 1
    actor = Actor.objects.get(name=ACTOR)
    assert actor.slug == "pahonia-regiment"
    assert sorted(actor.aliases.values_list("name", flat=True)) == ALIASES

    # An article with a source, a topic and that actor, each through an autocomplete.
    page.goto(admin + "articles/article/add/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_standfirst").fill(STANDFIRST)
    pick(page, "source", "Radio Free", "Radio Free Europe")
    page.locator("#id_published_on").fill("2023-03-01")
    page.locator("#id_published_precision").select_option("month")
    page.locator("#id_body").fill(BODY)
    pick(page, "topics", "volunteers", "Belarusian volunteers in Ukraine")
    pick(page, "mentions-0-actor", "Pahonya", ACTOR)
    page.locator("input[name=_save]").first.click()
    page.wait_for_url("**/admin/articles/article/")
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.DRAFT
    assert article.source.slug == "radio-free-europe-radio-liberty"
    assert list(article.topics.values_list("slug", flat=True)) == [
        "belarusian-volunteers-in-ukraine"
    ]
    mention = article.mentions.get(actor=actor)
    assert mention.origin == Mention.Origin.EDITOR

    # A draft is not public yet: the editor sees it marked as a draft, a reader not at all.
    address = url(archive, "articles:article_detail", article.slug)
    page.goto(address)
    assert "Draft." in page.locator(".draft-banner").inner_text()
    reader = new_page(page.context.browser)
    assert reader.goto(address).status == 404

    # Publish it with the changelist's action.
    page.goto(admin + "articles/article/")
    row = page.locator("#result_list tr", has_text=TITLE)
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="Publish selected articles")
    page.locator(".actions button[name=index]").click()
    assert "1 article published." in page.locator(".messagelist").inner_text()
    article.refresh_from_db()
    assert article.is_published

    # The public list shows it, and /search/ finds it by an alias its text never uses.
    reader.goto(url(archive, "articles:article_list"))
    reader.get_by_role("link", name=TITLE).click()
    reader.wait_for_url(f"**{article.get_absolute_url()}")
    assert reader.locator("h1").inner_text() == TITLE
    assert reader.locator(".draft-banner").count() == 0
    assert ACTOR in reader.locator(".article-aside").inner_text()
    reader.goto(url(archive, "articles:search", query="?q=Pahonya"))
    found = reader.locator("section", has=reader.locator("#articles-title"))
    assert found.get_by_role("link", name=TITLE).count() == 1
    actors = reader.locator("section", has=reader.locator("#actors-title"))
    assert actors.get_by_role("link", name=ACTOR).count() == 1

    # Edit the standfirst; the history names the editor and shows the change.
    page.goto(admin + f"articles/article/{article.pk}/change/")
    page.locator("#id_standfirst").fill(EDITED)
    page.locator("input[name=_save]").first.click()
    page.wait_for_url("**/admin/articles/article/")
    page.goto(admin + f"articles/article/{article.pk}/change/")
    page.get_by_role("link", name="History").click()
    page.wait_for_url(f"**/admin/articles/article/{article.pk}/history/")
    history = page.locator("#change-history")
    latest = history.locator("tbody tr").first
    assert editor_user.username in latest.inner_text()
    assert "Standfirst:" in latest.inner_text()
    assert EDITED in latest.inner_text()
    assert STANDFIRST in latest.inner_text()
    rows = history.locator("tbody tr").all_inner_texts()
    # Created, published, edited: each a row naming this editor.
    assert any("Created" in row for row in rows)
    assert any("Status: draft" in row and "published" in row for row in rows)
    assert all(editor_user.username in row for row in rows)

    reader.goto(address)
    assert EDITED in reader.locator(".standfirst").inner_text()
    assert reader.errors == []
    # django-simple-history's history list has one style="" (on its paginator) that the
    # policy blocks, costing only a border; anything else the browser reports is a defect.
    blocked_style = f"{admin}articles/article/{article.pk}/history/: Applying inline style"
    assert [error for error in page.errors if not error.startswith(blocked_style)] == []
    reader.context.close()
