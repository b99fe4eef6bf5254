"""Suggested spellings of real names, in the systems outlets and registries use."""

import pytest

from articles.transliteration import (
    belarusian_english,
    belarusian_national,
    guess_languages,
    suggest,
)


def names(spellings, known=()):
    return [s.name for s in suggest(spellings, known)]


@pytest.mark.parametrize(
    "cyrillic, national, english",
    [
        ("Лукашэнка", "Lukašenka", "Lukashenka"),
        ("Ціханоўская", "Cichanoŭskaja", "Tsikhanouskaya"),
        ("Аляксандр Лукашэнка", "Aliaksandr Lukašenka", "Aliaksandr Lukashenka"),
        ("Святлана Ціханоўская", "Sviatlana Cichanoŭskaja", "Sviatlana Tsikhanouskaya"),
        ("Кастусь Каліноўскі", "Kastuś Kalinoŭski", "Kastus Kalinouski"),
        ("Ельск", "Jeĺsk", "Yelsk"),
        ("Мар'іна Горка", "Marjina Horka", "Maryina Horka"),
        ("Зянон Пазняк", "Zianon Pazniak", "Zianon Pazniak"),
    ],
)
def test_belarusian_national_and_english_spellings(cyrillic, national, english):
    assert belarusian_national(cyrillic) == national
    assert belarusian_english(cyrillic) == english


@pytest.mark.parametrize(
    "text, languages",
    [
        ("Лукашэнка", ["be"]),
        ("Ціханоўская", ["be"]),
        ("Пуцін", ["be", "uk"]),
        ("Зеленський", ["ru", "uk"]),
        ("Їжакевич", ["uk"]),
        ("Держприкордонслужба", ["ru", "uk"]),  # no letter of its own
        ("Пригожин", ["ru", "uk"]),
        ("Тихановская", ["ru", "uk"]),
        ("Вагнер", ["ru"]),
        ("Wagner", []),
    ],
)
def test_the_language_of_a_cyrillic_name_is_read_from_its_letters(text, languages):
    assert guess_languages(text) == languages


def test_belarusian_names_get_national_english_and_lacinka_spellings():
    assert names([("Аляксандр Лукашэнка", "be")]) == [
        "Aliaksandr Lukašenka",
        "Aliaksandr Lukashenka",
        "Alaksandr Łukašenka",
    ]


def test_ukrainian_names_get_the_national_system():
    suggested = names([("Володимир Зеленський", "uk")])
    assert suggested[0] == "Volodymyr Zelenskyi"
    assert "Volodimir Zelens′kij" in suggested  # ISO 9


def test_russian_names_get_press_bgn_passport_and_iso_spellings():
    suggested = names([("Евгений Пригожин", "ru")])
    assert suggested == [
        "Yevgeny Prigozhin",
        "Yevgeniy Prigozhin",
        "Evgenii Prigozhin",
        "Evgenij Prigožin",
    ]


def test_a_latin_name_gets_a_russian_cyrillic_guess():
    assert names([("Lukashenko", "en")]) == ["Лукашенко"]
    # A spelling the library cannot turn wholly into Cyrillic is not offered.
    assert names([("Alexander", "en")]) == []


def test_known_spellings_and_their_folded_twins_are_not_suggested_again():
    # Kalinoŭski and Kalinouski fold to one key: search finds both already.
    assert names([("Кастусь Каліноўскі", "be")], known=["Kastus Kalinouski"]) == []
    assert "Tsikhanouskaya" not in names([("Ціханоўская", "")], known=["TSIKHANOUSKAYA"])


def test_empty_and_odd_input_suggests_nothing():
    assert names([("", ""), ("   ", "be"), ("1863", ""), ("—", "ru")]) == []
