import hashlib

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .common import Language, SluggedModel, SlugManagerMixin
from .dates import Precision, display_date, iso_partial, start_of_period


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

    def for_list(self):
        """What a list row shows, in a fixed number of queries however many rows and links."""
        from .mention import Mention

        # The stored search vector is never shown, and as large as the body (TOASTed).
        return (
            self.defer("search_vector")
            .select_related("source", "retrieved_from")
            .prefetch_related(
                "topics",
                Prefetch(
                    "mentions",
                    queryset=Mention.objects.shown()
                    .select_related("actor")
                    .order_by("-count", "actor__name"),
                    to_attr="shown_mentions",
                ),
            )
        )

    def mentioning(self, actor):
        return self.filter(mentions__actor=actor, mentions__rejected=False)


class ArticleManager(SlugManagerMixin, models.Manager.from_queryset(ArticleQuerySet)):
    pass


class Article(SluggedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    slug_source_field = "title"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    standfirst = models.TextField(blank=True)
    byline = models.CharField(
        max_length=300, blank=True, help_text="Leave empty when the piece has no byline."
    )
    source = models.ForeignKey(
        "articles.Source",
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="The publisher of the original article.",
    )
    retrieved_from = models.ForeignKey(
        "articles.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="copies",
        help_text=(
            "Where the archived copy came from, when not from the publisher (e.g. a republication)."
        ),
    )
    original_url = models.URLField("original URL", max_length=1000, blank=True)
    published_on = models.DateField(
        null=True, blank=True, help_text="For a month or year, the first day of that period."
    )
    published_precision = models.CharField(
        "date precision", max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    date_note = models.CharField(
        max_length=500,
        blank=True,
        help_text="How the date was established when the copy gives none.",
    )
    language = models.CharField(max_length=10, choices=Language.choices, default=Language.ENGLISH)
    body = models.TextField(
        help_text="Plain text; paragraphs separated by a blank line, as archived."
    )
    body_sha256 = models.CharField("SHA-256 of the body", max_length=64, editable=False)
    archived_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    topics = models.ManyToManyField("articles.Topic", blank=True, related_name="articles")
    cited_sources = models.ManyToManyField(
        "articles.Source",
        blank=True,
        related_name="cited_by",
        help_text="Outlets the article cites.",
    )
    actors = models.ManyToManyField(
        "articles.Actor", through="articles.Mention", blank=True, related_name="articles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept up to date on PostgreSQL (title > standfirst > body); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["search_vector", "updated_at"], m2m_fields=[topics, cited_sources]
    )
    objects = ArticleManager()

    class Meta:
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
                fields=["original_url"],
                condition=~Q(original_url=""),
                name="article_unique_original_url",
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
        return reverse("articles:article_detail", args=[self.slug])

    def save(self, *args, **kwargs):
        self.body_sha256 = self.compute_sha256(self.body)
        self.published_on = start_of_period(self.published_on, self.published_precision)
        super().save(*args, **kwargs)

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
    def date_iso(self):
        return iso_partial(self.published_on, self.published_precision)

    @property
    def paragraphs(self):
        """The body split on blank lines, each paragraph exactly as archived."""
        return [p.strip("\n") for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]
