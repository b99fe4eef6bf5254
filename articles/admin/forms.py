"""The article and event change forms: one field for a partial date, and errors an editor
can act on (a duplicate URL names the article that already has it)."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models import Article, Event, Precision
from articles.models.dates import iso_partial, parse_partial_date

from .common import ArchiveAdminForm, https_formfield

PARTIAL_DATE_HELP = _(
    "As much of the date as is known: 2024-03-05 (a day), 2024-03 (a month) or 2024 "
    "(a year). Leave empty when the date is unknown."
)


class PartialDateField(forms.CharField):
    """'2024', '2024-03' or '2024-03-05' -> (date, precision); empty -> (None, UNKNOWN)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", PARTIAL_DATE_HELP)
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": "YYYY-MM-DD", "size": 12, "class": "vDateISO"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None, Precision.UNKNOWN
        try:
            return parse_partial_date(value)
        except ValueError:
            raise forms.ValidationError(
                _("Enter the date as 2024-03-05, 2024-03 or 2024 (“%(value)s” is not one)."),
                code="invalid",
                params={"value": value[:20]},
            ) from None


def _existing_article_link(article):
    return format_html(
        '<a href="{}">{}</a>', reverse("admin:articles_article_change", args=[article.pk]), article
    )


class ArticleAdminForm(ArchiveAdminForm):
    published = PartialDateField(label=pgettext_lazy("the date field", "Published"))

    class Meta:
        model = Article
        exclude = ["published_on", "published_precision"]
        formfield_callback = https_formfield
        widgets = {"title": forms.TextInput(attrs={"class": "vTextField headline"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["published"] = iso_partial(
                self.instance.published_on, self.instance.published_precision
            )

    def clean_original_url(self):
        url = self.cleaned_data.get("original_url", "")
        if url:
            # However it is spelt: case, a trailing slash, tracking parameters.
            other = Article.objects.with_url(url).exclude(pk=self.instance.pk).first()
            if other is not None:
                raise forms.ValidationError(
                    format_html(
                        "{} {}",
                        _("The archive already has the article at this address:"),
                        _existing_article_link(other),
                    ),
                    code="duplicate_url",
                )
        return url

    def clean(self):
        cleaned = super().clean()
        if "published" in cleaned:
            self.instance.published_on, self.instance.published_precision = cleaned["published"]
        return cleaned


class EventAdminForm(ArchiveAdminForm):
    start = PartialDateField(
        label=_("Start"),
        help_text=_(
            "As much of the date as is known: 2022-03-05, 2022-03 or 2022 (“last March” in "
            "a February 2023 article is 2022-03). Leave empty when the date is unknown."
        ),
    )
    end = PartialDateField(
        label=_("End"),
        help_text=_(
            "Only for events that lasted, as precisely as the start: 2022-03-05, 2022-03 or 2022."
        ),
    )

    class Meta:
        model = Event
        exclude = ["start_date", "end_date", "date_precision"]
        formfield_callback = https_formfield
        widgets = {"title": forms.TextInput(attrs={"class": "vTextField headline"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance
        if event.pk:
            self.initial["start"] = iso_partial(event.start_date, event.date_precision)
            self.initial["end"] = iso_partial(event.end_date, event.date_precision)

    def clean(self):
        cleaned = super().clean()
        if "start" not in cleaned or "end" not in cleaned:
            return cleaned
        (start, precision), (end, end_precision) = cleaned["start"], cleaned["end"]
        if end is not None:
            if start is None:
                self.add_error("end", _("An end needs a start."))
                return cleaned
            if end_precision != precision:
                self.add_error(
                    "end",
                    forms.ValidationError(
                        _("Give the end as precisely as the start, like %(example)s."),
                        code="precision",
                        params={"example": iso_partial(start, precision)},
                    ),
                )
                return cleaned
            if end < start:
                self.add_error("end", _("The end cannot be before the start."))
                return cleaned
        self.instance.start_date, self.instance.end_date = start, end
        self.instance.date_precision = precision
        return cleaned
