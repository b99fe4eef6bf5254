"""Why a capture failed: one kind per cause an editor can act on, and a message."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Failure(models.TextChoices):
    BAD_URL = "bad_url", _("Not an http or https address")
    REFUSED = "refused", _("Refused address")
    TIMEOUT = "timeout", _("Timed out")
    TOO_LARGE = "too_large", _("Too large")
    NOT_HTML = "not_html", _("Not HTML or text")
    HTTP_ERROR = "http_error", _("HTTP error")
    TOO_MANY_REDIRECTS = "redirects", _("Too many redirects")
    NETWORK = "network", _("Network error")
    NO_TEXT = "no_text", _("No article text found")
    TEXT_TOO_LARGE = "text_too_large", _("Article text too large")
    ERROR = "error", _("Unexpected error")


class CaptureFailed(Exception):
    def __init__(self, failure, message):
        super().__init__(message)
        self.failure = failure
        self.message = message
