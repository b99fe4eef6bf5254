"""Text normalisation shared by alias matching, mention detection and search.

Names are compared after folding case, diacritics (Kalinoŭski = Kalinouski),
apostrophes and quotes, so that every spelling an outlet uses meets the same key.
"""

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus a mark.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ё": "е",
        "Ё": "е",
        "ї": "і",
        "Ї": "і",
    }
)
# Apostrophes and quotes vanish (Kalinoŭski's, Нов'юс); dashes and other
# punctuation become spaces so "Lukashenko-led" still contains "lukashenko".
_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bc\u02b9\u0060\u00b4\u201b]")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalize(text):
    """Fold a name or query to its comparison key: 'Kalinoŭski’s' -> 'kalinouskis'."""
    if not text:
        return ""
    text = text.replace("\x00", "").translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text).casefold()
    return _NON_WORD.sub(" ", text).replace("_", " ").strip()


# An English possessive: "Lukashenko's", "Marquis’s", "the regiments’". Removed
# before folding in running text, because folding drops the apostrophe and would
# leave "lukashenkos", which no alias equals.
# Case-insensitive: "LUKASHENKO'S decree" is a possessive too.
_POSSESSIVE = re.compile(r"(?<=\w)[\u0027\u2019\u02bc](?:s\b|(?=\W|$))", re.UNICODE | re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

QUERY_MAX_LENGTH = 200


def strip_possessives(text):
    """'Lukashenko’s regime' -> 'Lukashenko regime'; 'Нов'юс' keeps its apostrophe."""
    return _POSSESSIVE.sub("", text or "")


def normalize_document(text):
    """Fold running text for matching aliases in it: like normalize(), minus possessives."""
    return normalize(strip_possessives(text))


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text):
    """The words of running text as written (case and letters kept, for dictionaries),
    English possessives and apostrophes removed: "Lukashenko’s Нов'юс" -> [Lukashenko, Новюс].
    """
    return _WORD.findall(_APOSTROPHES.sub("", strip_possessives(text)))


def clean_query(q, max_length=QUERY_MAX_LENGTH):
    """A search query safe to pass on: no NUL or control characters, at most `max_length`.

    Truncating keeps a pasted page of text from turning into an enormous tsquery;
    200 characters is far more than any real query.
    """
    if not q:
        return ""
    q = _CONTROL.sub(" ", str(q).replace("\x00", ""))
    return " ".join(q.split())[:max_length].strip()
