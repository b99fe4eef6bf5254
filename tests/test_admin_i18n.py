"""The editors' admin in Belarusian, Ukrainian and Russian: every label, help text, filter,
column and action of the archive's models, with no English left beside Django's own
translation of the admin around them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles.models import Actor, Article, Event, Source
from capture.models import Capture, Snapshot
from tests.conftest import data_words, visible_text

pytestmark = pytest.mark.usefixtures("english_between_tests")

TRANSLATED = ["be", "uk", "ru"]

# Words the admin may show in any language: names of standards, formats and services, the
# placeholder of a partial date, and the superuser's name.
ALLOWED = {
    "SHA", "URL", "WARC", "HTTP", "HTML", "JSON", "ISO", "Wikidata", "YYYY", "http", "https",
    "admin",
}  # fmt: skip

# Labels, help texts, filters and actions as the English admin shows them.
ENGLISH_ADMIN = [
    "Published on", "Published", "Verification", "verification status", "Source", "Sources",
    "Aliases", "Alias", "Context only", "only with context", "Precision", "date precision",
    "Retrieved from", "Original URL", "Standfirst", "Title", "Slug", "Body",
    "Archived at", "Mentions", "Origin", "Rejected", "Language or script", "Search key",
    "Kind", "Country", "Summary", "Part of", "Wikidata ID", "Place precision", "Latitude",
    "Role", "Note", "Start", "End", "Topics", "Broader topic", "Homepage", "Description",
    "Actors", "Events", "Articles", "Archive", "Reason for this change", "Capture from URL",
    "Snapshots", "Captures", "no byline", "shared with another actor", "Merge selected",
    "Publish selected", "Access attempts", "Task Results", "Tasks",
]  # fmt: skip

# What the article's and the event's forms and lists say instead, one of each kind of label.
EXPECTED = {
    "be": {
        "article": ["Дата публікацыі", "Крыніца", "Лід", "Адкуль узята копія",
                    "Адрас арыгінала", "Згадкі", "Паходжанне"],
        "article_list": ["Дакладнасць даты", "Апублікаваць выбраныя артыкулы", "Аўтар",
                         "Выберыце артыкул, каб змяніць", "Дадаць артыкул"],
        "event": ["Ступень праверкі", "Дакладнасць месца", "Шырата", "Роля", "Першакрыніца",
                  "Змяніць падзею", "Дадаць новы запіс тыпу «крыніца»"],
        "actor": ["Варыянты імя", "Мова або пісьмо", "Толькі ў кантэксце", "Уваходзіць у",
                  "Дадаць дзейную асобу"],
    },
    "uk": {
        "article": ["Дата публікації", "Джерело", "Лід", "Звідки взято копію",
                    "Адреса оригіналу", "Згадки", "Походження"],
        "article_list": ["Точність дати", "Опублікувати вибрані статті", "Автор",
                         "Виберіть статтю, щоб змінити", "Додати статтю"],
        "event": ["Ступінь перевірки", "Точність місця", "Широта", "Роль", "Першоджерело",
                  "Змінити подію", "Додати новий запис типу «джерело»"],
        "actor": ["Варіанти імені", "Мова або письмо", "Лише в контексті", "Входить до",
                  "Додати дійову особу"],
    },
    "ru": {
        "article": ["Дата публикации", "Источник", "Лид", "Откуда взята копия",
                    "Адрес оригинала", "Упоминания", "Происхождение"],
        "article_list": ["Точность даты", "Опубликовать выбранные статьи", "Автор",
                         "Выберите статью для изменения", "Добавить статью"],
        "event": ["Степень проверки", "Точность места", "Широта", "Роль", "Первоисточник",
                  "Изменить событие", "Добавить новую запись типа «источник»"],
        "actor": ["Варианты имени", "Язык или письменность", "Только в контексте", "Входит в",
                  "Добавить действующее лицо"],
    },
}  # fmt: skip


@pytest.fixture
def captured(seeded):
    """A failed capture and a snapshot of a seed article, so their lists have rows."""
    article = Article.objects.published().first()
    Capture.objects.create(
        url="https://example.org/gone", status="failed", failure="http_error", message="404"
    )
    Snapshot.objects.create(
        article=article,
        url="https://example.org/a",
        final_url="https://example.org/a",
        captured_at=article.archived_at,
        status_code=200,
        content_type="text/html",
        sha256="0" * 64,
        size=1,
        warc="snapshots/a.warc.gz",
    )


def admin_pages():
    """Every list and add form of the archive's admin (a snapshot is only ever captured,
    so it has no add form), unprefixed: the language's prefix goes in front."""
    names = [
        *(
            f"articles_{model}_{page}"
            for model in ["source", "topic", "actor", "alias", "article", "mention", "event",
                          "eventactor"]  # fmt: skip
            for page in ["changelist", "add"]
        ),
        "capture_capture_changelist", "capture_capture_add", "capture_snapshot_changelist",
    ]  # fmt: skip
    with translation.override("en"):
        return [reverse("admin:index")] + [reverse(f"admin:{name}") for name in names]


def english_left(text, data):
    """The English words and interface phrases left in a page's visible text."""
    # Addresses (/actors/<slug>/, wikidata.org) are not prose.
    text = re.sub(r"(?<!\S)/\S*|\b[\w.-]+\.(?:org|com|net)\b", " ", text)
    words = {w for w in re.findall(r"[A-Za-z]+", text) if len(w) > 2} - data - ALLOWED
    phrases = [p for p in ENGLISH_ADMIN if re.search(rf"(?<![\w-]){p}(?![\w-])", text)]
    return sorted(words), phrases


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_admin_list_and_form_speaks_the_language(admin_client, captured, language):
    data = data_words() | {"example", "org", "gone", "text", "html"}  # the capture's data
    for address in admin_pages():
        response = admin_client.get(f"/{language}{address}")
        assert response.status_code == 200, address
        content = response.content.decode()
        assert f'<html lang="{language}"' in content, address
        words, phrases = english_left(visible_text(content), data)
        assert not words and not phrases, f"/{language}{address}: {words} {phrases}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_forms_say_what_each_field_is_in_the_language(admin_client, seeded, language):
    article = Article.objects.get(title__startswith="Belarusian Border Guard")
    event = Event.objects.get(slug="belarusian-border-guard-crosses-into-ukraine")
    with translation.override("en"):
        pages = {
            "article": reverse("admin:articles_article_change", args=[article.pk]),
            "article_list": reverse("admin:articles_article_changelist"),
            "event": reverse("admin:articles_event_change", args=[event.pk]),
            "actor": reverse("admin:articles_actor_add"),
        }
    for page, address in pages.items():
        text = visible_text(admin_client.get(f"/{language}{address}").content.decode())
        for label in EXPECTED[language][page]:
            assert label in text, (language, page, label)
        _words, phrases = english_left(text, set())
        assert not phrases, (language, page, phrases)


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_records_history_and_its_past_versions_are_in_the_language(
    admin_client, seeded, language
):
    article = Article.objects.get(title__startswith="Belarusian Border Guard")
    for byline in ["Staff reporter", "Our reporter"]:  # two versions: a change between them
        article.byline = byline
        article.save()
    version = article.history.first()
    with translation.override("en"):
        history = reverse("admin:articles_article_history", args=[article.pk])
        past = reverse("admin:articles_article_simple_history", args=[article.pk, version.pk])
    data = data_words() | {"Staff"}  # the first byline, now only in the history
    for address in [history, past]:
        text = visible_text(admin_client.get(f"/{language}{address}").content.decode())
        words, phrases = english_left(text, data)
        assert not words and not phrases, (address, words, phrases)
    # The changed field, by its name in the language.
    label = {"be": "Аўтар:", "uk": "Автор:", "ru": "Автор:"}[language]
    assert label in visible_text(admin_client.get(f"/{language}{history}").content.decode())


# What Django says around the archive's names, worded so that every name fits: its own
# sentences agree with a masculine noun ("Тема «…» был успешно добавлен").
SAVED = {
    "be": "Дададзена: тэма « Санкцыі »",
    "uk": "Додано: тема « Санкцыі »",
    "ru": "Добавлено: тема « Санкцыі »",
}
PROTECTED = {
    "be": ["Немагчыма выдаліць: крыніца", "Каб выдаліць гэты запіс (крыніца «Newsweek»)"],
    "uk": ["Неможливо видалити: джерело", "Щоб видалити цей запис (джерело «Newsweek»)"],
    "ru": ["Невозможно удалить: источник", "Чтобы удалить эту запись (источник «Newsweek»)"],
}


@pytest.mark.parametrize("language", TRANSLATED)
def test_what_django_says_around_a_name_agrees_with_it(admin_client, seeded, language):
    with translation.override("en"):
        add = reverse("admin:articles_topic_add")
        source = Source.objects.get(slug="newsweek")
        delete = reverse("admin:articles_source_delete", args=[source.pk])
    response = admin_client.post(
        f"/{language}{add}",
        {"name": "Санкцыі", "slug": "", "parent": "", "description": "", "change_reason": ""},
        follow=True,
    )
    # The name is a link to the topic: its tags leave a space either side.
    assert SAVED[language] in visible_text(response.content.decode())
    text = visible_text(admin_client.get(f"/{language}{delete}").content.decode())
    for phrase in PROTECTED[language]:
        assert phrase in text, phrase


COUNTED = {
    "be": ("3 запісы", "39 запісаў"),
    "uk": ("3 записи", "39 записів"),
    "ru": ("3 записи", "39 записей"),
}


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_lists_count_agrees_with_its_number(admin_client, seeded, language):
    """Not "5 статьи": Django names the count with the model's plural, a case form short."""
    three, thirty_nine = COUNTED[language]
    with translation.override("en"):
        articles = reverse("admin:articles_article_changelist")
        actors = reverse("admin:articles_actor_changelist")
    assert Actor.objects.count() == 39
    assert three in visible_text(admin_client.get(f"/{language}{articles}").content.decode())
    assert thirty_nine in visible_text(admin_client.get(f"/{language}{actors}").content.decode())


def test_a_choice_of_status_reads_the_same_in_the_admin_as_on_the_timeline(admin_client, seeded):
    with translation.override("en"):
        address = reverse("admin:articles_event_changelist")
    content = admin_client.get(f"/be{address}").content.decode()
    for status in ["Паведамляецца", "Пацверджана", "Адмаўляецца"]:
        assert status in content


@pytest.mark.parametrize("language", TRANSLATED)
def test_messages_after_an_action_are_in_the_language(admin_client, seeded, language):
    with translation.override("en"):
        address = reverse("admin:articles_article_changelist")
    chosen = list(Article.objects.values_list("pk", flat=True)[:2])
    response = admin_client.post(
        f"/{language}{address}",
        {"action": "publish", "_selected_action": chosen},
        follow=True,
    )
    text = visible_text(response.content.decode())
    assert not re.search(r"articles? published|already in that state", text), text


def test_translating_the_admin_costs_no_query(admin_client, captured):
    for address in admin_pages():
        admin_client.get(address)  # the session and content types, once
        with CaptureQueriesContext(connection) as english:
            admin_client.get(address)
        for language in TRANSLATED:
            with CaptureQueriesContext(connection) as translated:
                assert admin_client.get(f"/{language}{address}").status_code == 200
            assert len(translated) == len(english), (language, address)
