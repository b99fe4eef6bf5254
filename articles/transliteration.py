"""Spellings of a name in other scripts and romanisations, suggested to editors.

An outlet writes Лукашэнка, Lukašenka, Lukashenka or Łukašenka; the archive finds an
actor only by the spellings it knows. When an editor adds an actor, the admin offers
the usual romanisations of its Cyrillic names (and a Cyrillic guess for a Latin one);
the editor ticks the ones to add. Nothing is added unticked.

The systems come from kept libraries where one exists:

- Russian: iuliia (BGN/PCGN, ISO 9:1995 as GOST 7.79 System A, the English-language
  press's Wikipedia style, the passport's ICAO Doc 9303).
- Ukrainian: translitua (the national system of 2010, which BGN/PCGN adopted in 2019,
  and ISO 9).
- Belarusian Łacinka: belorthography.
- Russian Cyrillic from a Latin spelling: cyrtranslit, offered only when no Latin
  letter is left over; a guess the editor checks.

No kept library implements the Belarusian national romanisation (the 2007 instruction
the UN adopted): iuliia covers Russian only, and cyrtranslit's Belarusian table is its
own (э -> ė, х -> x). Its rules are short and fixed, so they are written out below,
with the English-language spelling Belarusian passports use (Lukashenka, Tsikhanouskaya).
"""

import re
import unicodedata
from dataclasses import dataclass

import cyrtranslit
import iuliia
from belorthography import Orthography
from belorthography import convert as belarusian_convert
from django.utils.translation import gettext_lazy as _
from translitua import UkrainianISO9, UkrainianKMU, translit

from .text import normalize

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def guess_languages(text):
    """Which of 'be', 'ru', 'uk' Cyrillic `text` can be, from the letters it uses.

    ў is Belarusian only; ї, є, ґ Ukrainian only; и and щ are not Belarusian; і is not
    Russian; э after a consonant is Belarusian (Лукашэнка), not Russian. A name with
    none of these (Лукашенко) reads as Russian. Returns [] for text with no Cyrillic.
    """
    if not _CYRILLIC.search(text):
        return []
    letters = set(text.lower())
    has_i, has_y = "і" in letters, bool(letters & set("ищ"))
    if "ў" in letters or ("э" in letters and not has_y):
        return ["be"]
    if letters & set("їєґ") or (has_i and has_y):
        return ["uk"]
    if has_i:
        return ["be"] if letters & set("ыэё") else ["be", "uk"]
    if has_y and not letters & set("ыэёъ"):
        return ["ru", "uk"]
    return ["ru"]


# --------------------------------------------------------------- Belarusian

_BE_VOWELS = set("аеёіоуыэюяАЕЁІОУЫЭЮЯ")
# After these, е ё ю я are written with j (je, jo, ju, ja) rather than i (ie, io, iu, ia).
_BE_J_AFTER = _BE_VOWELS | set("ўЎьЬ'’ʼ")
_BE_IOTATED = {"е": "e", "ё": "o", "ю": "u", "я": "a"}
# The national system (2007): a soft consonant takes an acute accent (ль -> ĺ).
_BE_SOFT = {"з": "ź", "л": "ĺ", "н": "ń", "с": "ś", "ц": "ć"}
# fmt: off
_BE_NATIONAL = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "ж": "ž", "з": "z", "і": "i",
    "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ў": "ŭ", "ф": "f", "х": "ch", "ц": "c", "ч": "č", "ш": "š", "ы": "y",
    "ь": "", "э": "e", "'": "", "’": "", "ʼ": "",
}
_BE_ENGLISH = _BE_NATIONAL | {
    "ж": "zh", "й": "i", "ў": "u", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
}
# fmt: on


def _belarusian(text, letters, iotated_j, soft):
    out = []
    for i, ch in enumerate(text):
        lower = ch.lower()
        previous = text[i - 1] if i else ""
        following = text[i + 1].lower() if i + 1 < len(text) else ""
        if lower == "і" and previous in "'’ʼ" and previous:
            # After an apostrophe і is two sounds: Мар'іна Горка -> Marjina Horka.
            latin = iotated_j + "i"
        elif lower in _BE_IOTATED:
            glide = iotated_j if not previous.isalpha() or previous in _BE_J_AFTER else "i"
            latin = glide + _BE_IOTATED[lower]
        elif soft and lower in _BE_SOFT and following == "ь":
            latin = _BE_SOFT[lower]
        elif lower in letters:
            latin = letters[lower]
        else:
            latin = ch
        if ch.isupper() and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
    return "".join(out)


def belarusian_national(text):
    """The Belarusian national system (2007): Ціханоўская -> Cichanoŭskaja."""
    return _belarusian(text, _BE_NATIONAL, "j", soft=True)


def belarusian_english(text):
    """Belarusian as English-language media and passports spell it: Tsikhanouskaya."""
    return _belarusian(text, _BE_ENGLISH, "y", soft=False)


# --------------------------------------------------------------- the systems


@dataclass(frozen=True)
class Suggestion:
    name: str
    language: str  # an Alias.Script value
    system: str  # which system produced it, for the editor

    @property
    def value(self):
        """The form value of this suggestion: its language and its spelling."""
        return f"{self.language}|{self.name}"


SYSTEMS = {
    "be": [
        (belarusian_national, "be-Latn", _("Belarusian national romanisation (2007)")),
        (belarusian_english, "en", _("English spelling, as in Belarusian passports")),
        (
            lambda t: belarusian_convert(t, Orthography.OFFICIAL, Orthography.LATIN),
            "be-Latn",
            _("Łacinka"),
        ),
    ],
    "ru": [
        (iuliia.WIKIPEDIA.translate, "en", _("English-language press (Russian)")),
        (iuliia.BGN_PCGN.translate, "en", _("BGN/PCGN (Russian)")),
        (iuliia.ICAO_DOC_9303.translate, "en", _("Passport, ICAO Doc 9303 (Russian)")),
        (iuliia.GOST_779.translate, "en", _("ISO 9 (Russian)")),
    ],
    "uk": [
        (lambda t: translit(t, UkrainianKMU), "en", _("Ukrainian national romanisation (2010)")),
        (lambda t: translit(t, UkrainianISO9), "en", _("ISO 9 (Ukrainian)")),
    ],
}


def _cyrillic_guess(text):
    cyrillic = cyrtranslit.to_cyrillic(text, "ru")
    if _LATIN.search(cyrillic) or not _CYRILLIC.search(cyrillic):
        return None
    return cyrillic


def suggest(spellings, known=()):
    """Suggested new spellings for a name known as `spellings`.

    `spellings`: (text, language) pairs, language '' or an Alias.Script value (guessed for
    Cyrillic text when it is not one of be/ru/uk). `known`: spellings the actor already
    has; a suggestion that folds to the same key as one of them (or as another
    suggestion) is left out, since search and detection would not tell them apart.
    """
    seen = {normalize(text) for text in known} | {normalize(t) for t, _lang in spellings}
    found = []

    def add(name, language, system):
        # Composed letters (ž, not z + a combining caron): as editors type them, and as stored.
        name = unicodedata.normalize("NFC", " ".join(name.split()))
        key = normalize(name)
        if name and key and key not in seen:
            seen.add(key)
            found.append(Suggestion(name, language, str(system)))

    for text, language in spellings:
        text = " ".join((text or "").split())
        if not text:
            continue
        if _CYRILLIC.search(text):
            languages = [language] if language in SYSTEMS else guess_languages(text)
            for language in languages:
                for convert, script, system in SYSTEMS[language]:
                    add(convert(text), script, system)
        elif _LATIN.search(text):
            cyrillic = _cyrillic_guess(text)
            if cyrillic:
                add(cyrillic, "ru", _("Russian Cyrillic, guessed from the Latin: check it"))
    return found
