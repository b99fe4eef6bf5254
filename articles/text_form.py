"""The one form in which the archive stores the text editors and imports supply.

Every way in (the admin, the importer, fixtures and backups loaded with loaddata)
passes an article through `Article.prepare_for_save()`, which uses these two
functions, so the same words always give the same stored text and the same SHA-256.

- A body (or standfirst) keeps its words and line breaks exactly, but in one
  layout: LF line endings, no spaces at the end of a line, paragraphs separated
  by exactly one blank line, nothing blank before the first or after the last.
- A single line (title, byline) holds no line breaks, control characters or
  bidirectional overrides, which would otherwise reach HTML, CSV and feeds and
  can make a title display in an order other than the one stored.
"""

import re

# C0 and C1 control characters. Bodies keep their tab and line feed; carriage
# returns are turned into line feeds before this is applied.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they reorder
# what is displayed without changing what is stored ("Trojan Source"). The plain
# direction marks (LRM, RLM, ALM) only hint and are kept.
_BIDI_CONTROL = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Line and paragraph separators count as line breaks.
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_BLANK_RUN = re.compile(r"\n{3,}")
_SPACES = re.compile(r" {2,}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def normalize_body(text):
    """A body in the archive's one text form (see the module docstring)."""
    if not text:
        return ""
    text = _CONTROL.sub("", _NEWLINES.sub("\n", text))
    # Lines of only spaces become empty, so they count as the blank line between paragraphs.
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUN.sub("\n\n", text).strip("\n")


def normalize_line(text):
    """A title or byline on one line: controls and bidi overrides gone, spaces collapsed."""
    if not text:
        return ""
    text = _BIDI_CONTROL.sub("", _LINE_CONTROL.sub(" ", text))
    # Only plain spaces collapse: a no-break space inside a title is the outlet's choice.
    return _SPACES.sub(" ", text).strip()


def has_lone_surrogate(text):
    """True for text no database or file can store: half of a UTF-16 pair ("\\ud800").

    JSON can spell one, Python carries it, but encoding it as UTF-8 fails.
    """
    return bool(_SURROGATE.search(text))
