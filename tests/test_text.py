"""Normalisation: every spelling an outlet uses folds to the same key."""

import pytest

from articles.text import QUERY_MAX_LENGTH, clean_query, normalize, normalize_document


@pytest.mark.parametrize(
    "spelling, key",
    [
        ("Kalinoŭski", "kalinouski"),
        ("KALINOUSKI", "kalinouski"),
        ("Kastuś Kalinoŭski Regiment", "kastus kalinouski regiment"),
        ("Łukašenka", "lukasenka"),
        ("Лукашэнка", "лукашэнка"),
        ("ЛУКАШЕНКО", "лукашенко"),
        ("Алёна", "алена"),
        ("Kalinoŭski’s", "kalinouskis"),
        ("Lukashenko-led", "lukashenko led"),
        ("  «Wagner»  Group ", "wagner group"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_folds_case_accents_quotes_and_punctuation(spelling, key):
    assert normalize(spelling) == key


def test_normalize_keeps_its_contract_for_apostrophes_inside_words():
    # Ukrainian apostrophes sit inside words: they vanish, they do not split.
    assert normalize("Нов'юс") == normalize("Новʼюс") == "новюс"


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Lukashenko’s regime", "lukashenko regime"),
        ("Lukashenko's", "lukashenko"),
        ("the regiments’ bases", "the regiments bases"),
        ("Marquis’s father", "marquis father"),
        ("Нов'юс", "новюс"),
    ],
)
def test_normalize_document_drops_english_possessives(text, folded):
    assert normalize_document(text) == folded


def test_clean_query_strips_nul_and_control_characters_and_truncates():
    assert clean_query("Luka\x00shenka") == "Lukashenka"
    assert clean_query(" border\tguard\n") == "border guard"
    assert clean_query(None) == ""
    assert clean_query("\x00\x00") == ""
    assert len(clean_query("x" * 10_000)) == QUERY_MAX_LENGTH
