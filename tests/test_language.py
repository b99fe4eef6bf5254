"""Language detection for articles that arrive without a language."""

import json

import pytest
from django.core.management import call_command

from articles.language import detect_language
from articles.models import Article, Source


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Лукашэнка зноў заявіў, што беларускае войска не будзе ўдзельнічаць у вайне.", "be"),
        ("Лукашенко снова заявил, что белорусская армия не будет участвовать в войне.", "ru"),
        ("Лукашенко знову заявив, що білоруська армія не братиме участі у війні.", "uk"),
        ("Lukashenko said again that the Belarusian army would not take part in the war.", "en"),
        ("Полк Каліноўскага", "be"),
        ("Полк Калиновського", "uk"),
        ("Полк Калиновского воюет под Бахмутом", "ru"),
    ],
)
def test_tells_the_archive_languages_apart_even_in_a_headline(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "   ", "2023 — 14:05", "!!!"])
def test_says_nothing_when_there_is_nothing_to_tell(text):
    assert detect_language(text) == ""


def test_import_detects_the_language_it_is_not_given(db, tmp_path):
    Source.objects.create(name="Наша Ніва")
    records = [
        {
            "title": "Памежнікі затрымалі грузавік на мяжы з Украінай",
            "body": "Беларускія памежнікі паведамілі, што ў нядзелю затрымалі грузавік.",
            "source": "Наша Ніва",
            "url": "https://nn.example/1",
        },
        {
            "title": "Пограничники задержали грузовик",
            "body": "Белорусские пограничники сообщили, что в воскресенье задержали грузовик.",
            "source": "Наша Ніва",
            "url": "https://nn.example/2",
            "language": "uk",  # given: kept, even where detection would disagree
        },
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    call_command("import_articles", str(path), verbosity=0)
    languages = dict(Article.objects.values_list("original_url", "language"))
    assert languages == {"https://nn.example/1": "be", "https://nn.example/2": "uk"}
