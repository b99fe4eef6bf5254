"""How much text one article may hold: what the admin, the importer and the database
can all take, checked before anything is written (a dry run says what the real run will).

Both are model field validators, so the admin's form and the importer's record form
apply them alike.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Below this, no text can fill PostgreSQL's 1 MB search vector, whatever its words
# (measured: 300,000 characters of distinct random words give a 600 kB vector).
INDEX_CHECK_FROM_BYTES = 256 * 1024
PROGRAM_LIMIT_EXCEEDED = "54000"  # PostgreSQL's SQLSTATE for "string is too long for tsvector"


def validate_text_size(text):
    """At most ARTICLE_TEXT_MAX_BYTES of UTF-8: a long report fits, a 10 MB paste does not."""
    size, limit = len(text.encode("utf-8", "surrogatepass")), settings.ARTICLE_TEXT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("is %(size)s; the archive takes at most %(limit)s here: split it into parts"),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )


def validate_searchable(text):
    """Text PostgreSQL can index for search: a search vector holds at most 1 MB of distinct
    words, which a long enough list of names, codes or numbers exceeds."""
    if connection.vendor != "postgresql" or len(text.encode("utf-8")) < INDEX_CHECK_FROM_BYTES:
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT length(to_tsvector('simple', %s))", [text])
    except DatabaseError as error:
        if getattr(error.__cause__, "sqlstate", None) != PROGRAM_LIMIT_EXCEEDED:
            raise
        raise ValidationError(
            _(
                "has more different words than the search index can hold (1 MB of them): "
                "split it into parts"
            ),
            code="not_searchable",
        ) from None
