"""Which language a text is written in, for articles imported or captured without one.

Lingua tells Belarusian, Russian and Ukrainian apart even in a headline, where
character n-gram detectors confuse them. It is asked only about the languages the
archive keeps, and answers nothing when it is not sure: an editor would rather
see "not detected" than a confident mistake.
"""

import functools

from articles.models import Language

# The detector is sure enough when its best language leads the next by this much.
MIN_LEAD = 0.25
# Enough text to decide; more only costs time.
SAMPLE_CHARS = 2000


@functools.cache
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [IsoCode639_1.from_str(code) for code in Language.values]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect_language(text):
    """The archive's code for the language of `text` ('be', 'ru', 'uk', 'en', …),
    or '' when the text is too short or too mixed to tell."""
    text = " ".join((text or "").split())[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in text):
        return ""
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return ""
    best = values[0]
    runner_up = values[1].value if len(values) > 1 else 0.0
    if best.value - runner_up < MIN_LEAD:
        return ""
    return best.language.iso_code_639_1.name.lower()
