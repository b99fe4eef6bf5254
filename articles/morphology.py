"""Word forms from kept morphology sources, for search and for mention detection.

- Russian and Ukrainian: pymorphy3 with its OpenCorpora / VESUM dictionaries
  (lemmas, and every form of a name's paradigm).
- Belarusian: the hunspell dictionary Debian ships (`hunspell-be`), read by spylls:
  the stems of a word, and the forms its affix rules generate.
- Latin-script words: the English Snowball stemmer (PyStemmer).

Everything here works on one word at a time and is cached, since reporting repeats
its words. Words are looked up as written (lower-cased, with й, ў, ї intact, which
the dictionaries need) and the results are folded (articles.text.normalize) so that
they meet the archive's comparison keys.
"""

import logging
import os
import re
from functools import cache, lru_cache

from articles.text import normalize

log = logging.getLogger(__name__)

CYRILLIC_LANGUAGES = ("ru", "uk", "be")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Letters a language's spelling does not use: a word with them is not that language's.
_FOREIGN_LETTERS = {"ru": re.compile("[іїєґў]"), "uk": re.compile("[ыэъёў]")}
# Parts of speech a query may leave out: "санкции против Беларуси" asks for sanctions and
# Belarus, whether or not an article says "против".
_FUNCTION_WORDS = {"PREP", "CONJ", "PRCL", "INTJ"}
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")

# A word can have several readings ("лагере": лагерь or лагер); an index keeps at most
# this many lemmas per word, a query at most MAX_QUERY_TERMS alternatives per word.
MAX_LEMMAS = 3
MAX_QUERY_TERMS = 8
# Longer "words" are not words (hashes, URLs without punctuation): kept as they are.
MAX_WORD = 60

HUNSPELL_BE = os.environ.get("HUNSPELL_BE_DICTIONARY", "/usr/share/hunspell/be_BY")


def script_of(word):
    if _CYRILLIC.search(word):
        return "cyrillic"
    if _LATIN.search(word):
        return "latin"
    return "other"


@cache
def _pymorphy(language):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


@cache
def _hunspell_be():
    """The Belarusian hunspell dictionary, or None when it is not installed (then
    Belarusian falls back to a rule over case endings, and `available()` says so)."""
    if not os.path.exists(HUNSPELL_BE + ".dic"):
        log.warning("No Belarusian hunspell dictionary at %s.dic; install hunspell-be", HUNSPELL_BE)
        return None
    from spylls.hunspell import Dictionary

    return Dictionary.from_files(HUNSPELL_BE)


@cache
def _snowball(language):
    import Stemmer

    return Stemmer.Stemmer({"en": "english"}[language])


def available():
    """{source: True/False}: which morphology sources this installation has."""
    return {"pymorphy3 ru/uk": True, "hunspell-be": _hunspell_be() is not None, "snowball": True}


def preload():
    """Load every dictionary now (a web worker does so before it forks)."""
    for language in ("ru", "uk"):
        _pymorphy(language)
    _hunspell_be()
    _snowball("en")


# Case endings of Belarusian, Russian and Ukrainian nouns and adjectives, as normalize()
# folds them (й -> и, ў -> у, ё -> е, ї -> і). The fallback for words no dictionary
# knows (most surnames in Belarusian): only words of five letters or more, from a stem of
# four or more, so short words cannot grow into unrelated ones.
_ENDINGS = sorted(
    {
        normalize(e)
        for e in """
    а я у ю ы і и е э о ь ї є
    ам ям ом ем ой ей ай яй ою ею аю яю ым ім им ах ях ых іх их ов ев оў аў
    ами ями ого его ага яга ому ему аму яму ая яя ое ее ые ія ій ий ый ую юю
    ові еві ої єї ого ська ської ського ській ському ською
    """.split()
    },
    key=len,
    reverse=True,
)
_STEM_TRIM = re.compile(r"[аяоеэыіиуюьїє]{1,2}$")
_MIN_INFLECTED_WORD = 5
_MIN_STEM = 4


def _ending_stem(folded):
    """The stem the endings rule inflects, or None for a word too short to inflect."""
    if len(folded) < _MIN_INFLECTED_WORD:
        return None
    stem = _STEM_TRIM.sub("", folded)
    return stem if len(stem) >= _MIN_STEM else None


def _ending_forms(folded):
    if folded.endswith(("оу", "еу")) and len(folded) >= _MIN_INFLECTED_WORD:
        # Belarusian -оў/-еў surnames: Шаўцоў, Шаўцова, Шаўцову, Шаўцовым.
        stem = folded[:-1] + "в"
        return {folded} | {stem + ending for ending in _ENDINGS}
    stem = _ending_stem(folded)
    if stem is None:
        return {folded}
    return {folded} | {stem + ending for ending in _ENDINGS}


def _fold_all(words):
    seen = []
    for word in words:
        key = normalize(word)
        if key and key not in seen:
            seen.append(key)
    return seen


@lru_cache(maxsize=200_000)
def lemmas(word, language):
    """The index terms of one word of a text in `language`: its lemmas (up to MAX_LEMMAS),
    folded. `word` is one token as written; case does not matter."""
    lower = word.lower()
    folded = normalize(lower)
    if not folded or len(folded) > MAX_WORD:
        return (folded,) if folded else ()
    script = script_of(lower)
    if script == "cyrillic":
        language = language if language in CYRILLIC_LANGUAGES else "ru"
        if language == "be":
            found = _be_stems(lower)
            if not found:
                stem = _ending_stem(folded)
                found = [stem] if stem else [folded]
        else:
            found = _fold_all(p.normal_form for p in _pymorphy(language).parse(lower))
        return tuple(found[:MAX_LEMMAS]) or (folded,)
    if script == "latin":
        # English stemming for Latin words in any article: Polish, German or French
        # stemmers on the index would need them on every query word too, and a query
        # does not say its language.
        return (_snowball("en").stemWord(folded),)
    return (folded,)


def _be_stems(lower):
    dictionary = _hunspell_be()
    if dictionary is None:
        return []
    stems = []
    for candidate in {lower, lower.capitalize()}:
        for form in dictionary.lookuper.good_forms(candidate):
            stems.append(form.stem)
    return _fold_all(stems)


# A query's words are looked up on every search that has them (readers search the same
# names again and again), and each lookup asks three dictionaries: 2-5 ms for a Cyrillic
# name, a quarter of the search page's own work for "Алена Ткаччук".
@lru_cache(maxsize=20_000)
def query_terms(word):
    """Every index term `word` may stand for in an article of any language of its script:
    a query does not say its language. At most MAX_QUERY_TERMS, its own folded form first.

    When a dictionary knows the word, its lemmas there; only a word no dictionary knows
    also gets the guesses an article's index would hold for it in each language.
    """
    lower = word.lower()
    folded = normalize(lower)
    if not folded:
        return ()
    script = script_of(lower)
    if script == "latin":
        terms = [folded, *lemmas(lower, "en")]
    elif script == "cyrillic" and len(folded) <= MAX_WORD:
        terms = [folded, *_known_lemmas(lower)]
        if len(terms) == 1:
            for language in CYRILLIC_LANGUAGES:
                terms += lemmas(lower, language)
    else:
        return (folded,)
    return tuple(dict.fromkeys(terms))[:MAX_QUERY_TERMS]


@lru_cache(maxsize=20_000)
def is_function_word(word):
    """A preposition, conjunction or particle in a reading Russian or Ukrainian dictionaries
    know for it (в, на, против, і, проти, не …)."""
    lower = word.lower()
    if script_of(lower) != "cyrillic":
        return False
    parses = [p for lang in ("ru", "uk") for p in _pymorphy(lang).parse(lower) if p.is_known]
    return any(p.tag.POS in _FUNCTION_WORDS for p in parses)


def _known_lemmas(lower):
    found = []
    for language in ("ru", "uk"):
        found += [p.normal_form for p in _pymorphy(language).parse(lower) if p.is_known]
    found += _be_stems(lower)
    return _fold_all(found)


@lru_cache(maxsize=20_000)
def word_forms(word, language=None):
    """Every folded form of a name's word: what detection accepts for it in running text.

    Cyrillic: the paradigm of each dictionary reading of the word as a nominative, in
    Russian and Ukrainian (pymorphy3) and Belarusian (hunspell's affix rules), since one
    spelling often serves several of them; only the forms of the same number and gender
    ("Тихановская" is not "Тихановский"). A word the dictionaries know only in another
    case is a dependent word ("полк Калиновского") and stays as it is. A word no
    dictionary knows takes the paradigm pymorphy3 guesses for it in the name's language
    (Russian or Ukrainian). A Belarusian name also takes its stem plus the case endings.
    Latin: the word itself (English possessives are removed from the text before matching).
    """
    lower = word.lower()
    folded = normalize(lower)
    if script_of(lower) != "cyrillic" or not folded:
        return frozenset({folded} if folded else ())
    forms = {folded}
    known = []
    for analyzer in ("ru", "uk"):
        for parse in _pymorphy(analyzer).parse(lower):
            if parse.is_known:
                known.append(analyzer)
                forms |= _nominative_paradigm(parse)
    if known and language == "be":
        return frozenset(_akanie(forms | _be_forms(lower), folded))
    if known:
        # One spelling often serves Russian and Ukrainian (Кулеба, Лукашенко): where one
        # dictionary knows it, the other's guessed paradigm adds its case forms.
        for analyzer in ("ru", "uk"):
            if analyzer not in known and not _FOREIGN_LETTERS[analyzer].search(lower):
                forms |= _guessed_paradigm(analyzer, lower) or _ending_forms(folded)
        return frozenset(forms | _be_forms(lower))
    if language == "be" and _is_be_entry(lower):
        return frozenset(_akanie(forms | _be_forms(lower), folded))
    if language in ("ru", "uk"):
        guessed = _guessed_paradigm(language, lower)
        if len(guessed) > 1:
            return frozenset(forms | guessed)
    # hunspell-be tells no names from common words ("Шаўцоў" is also a form of шавец), and
    # a Belarusian name may look like a Russian word in another case ("Львова"): the
    # paradigms, and the endings too.
    return frozenset(forms | _be_forms(lower) | _ending_forms(folded))


def _is_be_entry(lower):
    dictionary = _hunspell_be()
    return dictionary is not None and bool(
        dictionary.dic.homonyms(lower) or dictionary.dic.homonyms(lower.capitalize())
    )


def _guessed_paradigm(language, lower):
    """The paradigm of the likeliest nominative reading pymorphy3 guesses for a word."""
    for parse in _pymorphy(language).parse(lower):
        if "nomn" in parse.tag:
            return _nominative_paradigm(parse)
    return set()


def _akanie(forms, folded):
    """Belarusian writes an unstressed о as а: where an ending takes the stress from the
    stem (полк, палка), the stem's last о before the ending becomes а. Dictionaries of
    Russian and Ukrainian, whose forms a Belarusian name often shares, leave it out."""
    found = set(forms)
    for form in forms:
        at = form.rfind("о", 0, len(folded))
        if form != folded and at >= 0:
            found.add(form[:at] + "а" + form[at + 1 :])
    return found


def _nominative_paradigm(parse):
    if "nomn" not in parse.tag:
        return set()
    number, gender = parse.tag.number, parse.tag.gender
    return {
        normalize(form.word)
        for form in parse.lexeme
        if form.tag.number == number and (gender is None or form.tag.gender in (None, gender))
    }


def _be_forms(lower):
    """Forms hunspell-be's affix rules generate from the dictionary entries the word is a
    form of ("сілы" -> the entry сіла -> сіла, сілы, сіл, сіле, …)."""
    dictionary = _hunspell_be()
    if dictionary is None:
        return set()
    # By identity: the dictionary's entries are distinct objects, and comparing them as
    # dataclasses (a list's `in`) cost more than everything else in building the matcher.
    entries = {}
    for candidate in {lower, lower.capitalize()}:
        for form in dictionary.lookuper.good_forms(candidate):
            if form.in_dictionary is not None:
                entries[id(form.in_dictionary)] = form.in_dictionary
    forms = set()
    for entry in entries.values():
        forms.add(normalize(entry.stem))
        for flag in entry.flags:
            for suffix in dictionary.aff.SFX.get(flag, ()):
                if suffix.cond_regexp.search(entry.stem):
                    cut = len(entry.stem) - len(suffix.strip)
                    form = entry.stem[:cut] + suffix.add
                    forms.add(normalize(form))
                    if suffix.add and "о" in entry.stem[:cut]:
                        # Akanie: an о of the stem that loses the stress to the ending is
                        # written а (полк, палка), which the dictionary's rules leave out.
                        at = entry.stem[:cut].rfind("о")
                        forms.add(normalize(form[:at] + "а" + form[at + 1 :]))
    return forms
