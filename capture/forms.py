from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .models import Capture

MAX_URLS = 50
_validate = URLValidator(schemes=["http", "https"])


def validate_capture_url(url):
    """Only whole http(s) addresses that fit the field; where they lead is the fetch's check."""
    max_length = Capture._meta.get_field("url").max_length
    if len(url) > max_length:
        raise ValidationError(_("Longer than %(max)d characters.") % {"max": max_length})
    try:
        _validate(url)
    except ValidationError:
        raise ValidationError(_("Not an http or https address.")) from None


class CaptureRequestForm(forms.Form):
    urls = forms.CharField(
        label=_("URLs"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=_(
            "One address per line (up to 50). Each page is fetched in the background; "
            "its draft appears in the list below when it is ready."
        ),
    )

    def clean_urls(self):
        urls = list(dict.fromkeys(line.strip() for line in self.cleaned_data["urls"].splitlines()))
        urls = [url for url in urls if url]
        if not urls:
            raise ValidationError(_("Give at least one address."))
        if len(urls) > MAX_URLS:
            raise ValidationError(_("At most %(max)d addresses at a time.") % {"max": MAX_URLS})
        errors = []
        for url in urls:
            try:
                validate_capture_url(url)
            except ValidationError as error:
                errors.append(f"{url[:200]}: {' '.join(error.messages)}")
        if errors:
            raise ValidationError(errors)
        return urls
