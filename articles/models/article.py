import datetime
import hashlib

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from articles.links import detail_url
from articles.text_form import normalize_body, normalize_line
from articles.url_normalization import normalize_url

from .common import Language, SluggedModel, SlugManagerMixin
from .dates import (
    LONGEST_PERIOD,
    Precision,
    display_date,
    end_of_period,
    iso_partial,
    start_of_period,
)
from .text_limits import validate_searchable, validate_text_size

# What a list row shows of an article itself: its link, title, date, byline, language,
# standfirst and whether it is a draft.
ROW_COLUMNS = (
    "title", "slug", "standfirst", "byline", "published_on", "published_precision",
    "language", "status",
)  # fmt: skip


def row_prefetches():
    """The topics and the shown actors (as `shown_mentions`, most named first) of rows."""
    from .mention import Mention

    return (
        "topics",
        Prefetch(
            "mentions",
            queryset=Mention.objects.shown()
            .select_related("actor")
            .order_by("-count", "actor__name"),
            to_attr="shown_mentions",
        ),
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def visible_to(self, user):
        """Staff see drafts (with a banner); everyone else sees published articles only."""
        if user is not None and user.is_authenticated and user.is_staff:
            return self
        return self.published()

    def newest_first(self):
        # Sort by publication date, not id: ids follow import order, not publication order.
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-id")

    def oldest_first(self):
        return self.order_by(models.F("published_on").asc(nulls_last=True), "id")

    def for_rows(self):
        """The columns a list row shows (includes/_article_row.html) and its outlet: not
        the body (a search snippet reads its start itself) nor the search vector, as large
        as the body. The row's topics and actors are fetched by `{% article_rows %}`,
        only for rows it has to draw."""
        # Every column fetched is compiled into the query and converted for each row: the
        # whole row and both outlets took a quarter of an uncached list page's work.
        return self.only(*ROW_COLUMNS, "source__name", "source__slug").select_related("source")

    def for_list(self):
        """Whole articles with what their list row shows, in a fixed number of queries
        however many rows and links (feeds, the API)."""
        return (
            self.defer("search_vector")
            .select_related("source", "retrieved_from")
            .prefetch_related(*row_prefetches())
        )

    def mentioning(self, actor):
        return self.filter(mentions__actor=actor, mentions__rejected=False)

    def dated_within(self, after=None, before=None):
        """Articles whose publication period overlaps the range from `after` to `before`
        (dates, both inclusive, either may be None): "August 2023" is found from
        2023-08-02 on and up to 2023-08-01. Undated articles are outside every range.

        Two comparisons on stored columns (the period's first and last day), plus a
        bound on the first day that the last day implies, so the date index narrows
        the rows on both sides.
        """
        queryset = self
        if after is not None:
            queryset = queryset.filter(published_until__gte=after)
            if after - datetime.date.min > LONGEST_PERIOD:
                queryset = queryset.filter(published_on__gte=after - LONGEST_PERIOD)
        if before is not None:
            queryset = queryset.filter(published_on__lte=before)
        return queryset

    def with_url(self, url):
        """The article at `url` however it is spelt (see articles.url_normalization)."""
        key = normalize_url(url)
        return self.filter(url_key=key) if key else self.none()


class ArticleManager(SlugManagerMixin, models.Manager.from_queryset(ArticleQuerySet)):
    pass


class Article(SluggedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug_source_field = "title"

    title = models.CharField(pgettext_lazy("an article's headline", "title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    standfirst = models.TextField(
        _("standfirst"), blank=True, validators=[validate_text_size, validate_searchable]
    )
    byline = models.CharField(
        _("byline"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty when the piece has no byline."),
    )
    source = models.ForeignKey(
        "articles.Source",
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("source"),
        help_text=_("The publisher of the original article."),
    )
    retrieved_from = models.ForeignKey(
        "articles.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("retrieved from"),
        help_text=_(
            "Where the archived copy came from, when not from the publisher (e.g. a republication)."
        ),
    )
    original_url = models.URLField(_("original URL"), max_length=1000, blank=True)
    # One key for every spelling of the URL (case, trailing slash, tracking parameters):
    # what the importer matches on and what must be unique. At most one character
    # longer than the URL (http becomes https).
    url_key = models.CharField(_("URL key"), max_length=1001, blank=True, editable=False)
    published_on = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        help_text=_("For a month or year, the first day of that period."),
    )
    # The period's last day: date filters ask whether the period overlaps their range.
    published_until = models.DateField(
        _("end of the publication period"), null=True, blank=True, editable=False
    )
    published_precision = models.CharField(
        _("date precision"), max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    date_note = models.CharField(
        _("date note"),
        max_length=500,
        blank=True,
        help_text=_("How the date was established when the copy gives none."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ENGLISH
    )
    body = models.TextField(
        _("body"),
        help_text=_("Plain text; paragraphs separated by a blank line, as archived."),
        validators=[validate_text_size, validate_searchable],
    )
    body_sha256 = models.CharField(_("SHA-256 of the body"), max_length=64, editable=False)
    archived_at = models.DateTimeField(_("archived at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    topics = models.ManyToManyField(
        "articles.Topic", blank=True, related_name="articles", verbose_name=_("topics")
    )
    cited_sources = models.ManyToManyField(
        "articles.Source",
        blank=True,
        related_name="cited_by",
        verbose_name=_("cited outlets"),
        help_text=_("Outlets the article cites."),
    )
    actors = models.ManyToManyField(
        "articles.Actor",
        through="articles.Mention",
        blank=True,
        related_name="articles",
        verbose_name=_("actors"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Kept up to date on PostgreSQL (title > standfirst > body); unused on SQLite.
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)

    history = HistoricalRecords(
        # Derived columns are left out: they follow from the fields the history keeps.
        excluded_fields=["search_vector", "updated_at", "published_until", "url_key"],
        m2m_fields=[topics, cited_sources],
    )
    objects = ArticleManager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_on", "-id"]
        indexes = [
            # Read backwards it serves oldest_first() (published_on ASC NULLS LAST, id):
            # a DESC index keeps NULLs first. newest_first() has its own index, on
            # PostgreSQL only (migration 0005): SQLite cannot index NULLS LAST.
            models.Index(fields=["status", "-published_on", "-id"], name="article_status_date"),
            models.Index(fields=["source", "-published_on"], name="article_source_date"),
            models.Index(fields=["language", "-published_on"], name="article_language_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["url_key"],
                condition=~Q(url_key=""),
                name="article_unique_original_url",
                violation_error_message=_("Another article already has this original URL."),
            ),
            models.CheckConstraint(
                condition=(Q(published_precision=Precision.UNKNOWN) & Q(published_on__isnull=True))
                | (~Q(published_precision=Precision.UNKNOWN) & Q(published_on__isnull=False)),
                name="article_date_matches_precision",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="article_title_not_empty"),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="article_status_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return detail_url("articles:article_detail", self.slug)

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)

    def prepare_for_save(self):
        """Put the text in the archive's one form (articles.text_form) and derive the
        columns that follow from the fields: the body's hash, the date's period, the
        URL's key. save() calls it; so do the importer, which writes with bulk_create,
        and loaddata (through a pre_save receiver), which bypasses save()."""
        self.title = normalize_line(self.title)
        self.byline = normalize_line(self.byline)
        self.standfirst = normalize_body(self.standfirst)
        self.body = normalize_body(self.body)
        self.body_sha256 = self.compute_sha256(self.body)
        # to_python: code may set the date as an ISO string, as forms and fixtures do.
        published_on = self._meta.get_field("published_on").to_python(self.published_on)
        self.published_on = start_of_period(published_on, self.published_precision)
        self.published_until = end_of_period(self.published_on, self.published_precision)
        self.url_key = normalize_url(self.original_url)

    def clean(self):
        """Beyond each field: the text in its stored form is not empty. (A URL another
        article has under any spelling is the admin form's check, which links to it.)"""
        super().clean()
        given = {name for name in ("title", "body") if getattr(self, name)}
        self.prepare_for_save()
        errors = {}
        # A field left empty is the form's "required" error already; these had only
        # control characters or spaces, which the stored form drops.
        if "title" in given and not self.title:
            errors["title"] = _("The title has no visible characters.")
        if "body" in given and not self.body:
            errors["body"] = _("The body has no visible characters.")
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def compute_sha256(body):
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def date_display(self):
        return display_date(self.published_on, self.published_precision)

    @property
    def date_is_approximate(self):
        """Dated to a month or a year only: lists say so next to the date."""
        return self.published_precision in (Precision.MONTH, Precision.YEAR)

    @property
    def date_iso(self):
        return iso_partial(self.published_on, self.published_precision)

    @property
    def paragraphs(self):
        """The body split on blank lines, each paragraph exactly as archived."""
        return [p for p in self.body.split("\n\n") if p]
