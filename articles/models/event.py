from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from articles.links import detail_url

from .common import ChoiceLabels, Country, SluggedModel, SlugManagerMixin
from .dates import Precision, display_date, end_of_period, iso_partial, start_of_period

# An event's revisions read for its verification history: far more than any real event has.
VERIFICATION_ROWS = 500


class EventQuerySet(models.QuerySet):
    def chronological(self):
        # A year- or month-precise event is stored at the start of its period; it sorts
        # before the day-precise events of that day, so the timeline's "Sometime in 2022"
        # does not split January 2022 in two.
        vaguest_first = models.Case(
            models.When(date_precision=Precision.YEAR, then=0),
            models.When(date_precision=Precision.MONTH, then=1),
            default=2,
        )
        return self.order_by(models.F("start_date").asc(nulls_last=True), vaguest_first, "id")

    def newest_first(self):
        return self.order_by(models.F("start_date").desc(nulls_last=True), "-id")

    def dated_within(self, after=None, before=None):
        """Events whose whole span (from the start of the first period to the end of
        the last: "June 2023" runs to 30 June) overlaps the range from `after` to
        `before`, both inclusive, either may be None. Undated events are outside every
        range. The same rule as articles' dated_within(). No index on period_end: the
        timeline walks events in start order (event_start), and the planner never chose one
        (2,000 events; measured with EXPLAIN, see docs/dates.md)."""
        queryset = self
        if after is not None:
            queryset = queryset.filter(period_end__gte=after)
        if before is not None:
            queryset = queryset.filter(start_date__lte=before)
        return queryset

    def with_outlet_count(self):
        """Annotate `outlet_count`: the independent outlets whose published reporting the
        archive holds (EventReportQuerySet.independent_outlets says how they are counted)."""
        counts = (
            EventReport.objects.filter(event=OuterRef("pk"))
            .independent_outlets()
            .order_by()
            .values("event")
            .annotate(n=Count("outlet", distinct=True))
            .values("n")
        )
        return self.annotate(
            outlet_count=Coalesce(Subquery(counts), Value(0), output_field=IntegerField())
        )

    def reported_by_at_least(self, outlets):
        """Events that `outlets` or more independent outlets report."""
        if outlets <= 0:
            return self
        counted = (
            EventReport.objects.independent_outlets()
            .order_by()
            .values("event")
            .annotate(n=Count("outlet", distinct=True))
            .filter(n__gte=outlets)
            .values("event")
        )
        return self.filter(pk__in=counted)

    def located(self):
        """Events a map can place: with coordinates, or known only to a country."""
        return self.filter(
            Q(latitude__isnull=False, longitude__isnull=False)
            | (Q(place_precision=Event.PlacePrecision.COUNTRY) & ~Q(country=""))
        )


PLACE_RULE = _(
    "Say how precise the place is: a site, town or region needs its latitude and longitude, "
    "a country-only place needs its country, and coordinates need a precision."
)


class EventReportQuerySet(models.QuerySet):
    def published(self):
        from .article import Article

        return self.filter(article__status=Article.Status.PUBLISHED)

    def independent_outlets(self):
        """Published reports, each annotated with `outlet`: the independent outlet it counts as.

        The one rule for corroboration. An article counts as its publisher (`source`),
        wherever the archived copy was retrieved from: a copy found on a republisher is
        still the publisher's reporting. A report an editor marked as relaying another
        outlet (a republication, or an article that only cites that outlet) counts as that
        original outlet. So one outlet's story, republished and cited around, counts once.
        """
        return self.published().annotate(outlet=Coalesce("original_outlet", "article__source"))


class EventReport(models.Model):
    """An article reports an event; whose reporting it is, when not the article's publisher's."""

    event = models.ForeignKey(
        "articles.Event",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("event"),
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="event_reports",
        verbose_name=_("article"),
    )
    original_outlet = models.ForeignKey(
        "articles.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relayed_reports",
        verbose_name=_("original outlet"),
        help_text=_(
            "Only when this article relays another outlet's reporting of the event (it "
            "republishes it, or only cites it): that outlet. The event then counts the "
            "report once, as that outlet's. Leave empty when the article's publisher "
            "reported it."
        ),
    )

    objects = EventReportQuerySet.as_manager()

    class Meta:
        # The table of the plain many-to-many link this model replaced.
        db_table = "articles_event_articles"
        unique_together = [("event", "article")]
        verbose_name = _("report of an event")
        verbose_name_plural = _("reports of events")

    def __str__(self):
        return f"{self.article} → {self.event}"

    @property
    def counted_outlet(self):
        """The Source this report counts as, on a row of independent_outlets() (which
        decides it) with `original_outlet` and `article__source` loaded."""
        if self.original_outlet is not None and self.original_outlet.pk == self.outlet:
            return self.original_outlet
        return self.article.source


class EventManager(SlugManagerMixin, models.Manager.from_queryset(EventQuerySet)):
    pass


class Event(SluggedModel):
    """Something the articles report, with how far the claim has been verified."""

    class Kind(models.TextChoices):
        MILITARY = "military", _("Military action")
        BORDER_INCIDENT = "border", _("Border incident")
        DEFECTION = "defection", _("Defection or volunteering")
        REPRESSION = "repression", _("Repression")
        SANCTIONS = "sanctions", _("Sanctions")
        DEPORTATION = "deportation", _("Deportation or forced transfer")
        LEGAL = "legal", _("Legal action")
        POLITICAL = "political", _("Political")
        SABOTAGE = "sabotage", _("Sabotage or resistance")
        DIPLOMATIC = "diplomatic", _("Diplomatic")
        OTHER = "other", _("Other")

    class PlacePrecision(models.TextChoices):
        SITE = "site", _("Exact site")
        LOCALITY = "locality", _("Town or village")
        REGION = "region", _("Region or area")
        COUNTRY = "country", _("Country only")

    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported")
        CORROBORATED = "corroborated", _("Corroborated")
        CONFIRMED = "confirmed", _("Confirmed")
        DISPUTED = "disputed", _("Disputed")
        DENIED = "denied", _("Denied")

    slug_source_field = "title"

    title = models.CharField(pgettext_lazy("an event's name", "title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # The last day of the span (the end date's period, else the start's): what a date
    # filter compares with the start of its range.
    period_end = models.DateField(_("end of the period"), null=True, blank=True, editable=False)
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    place_precision = models.CharField(
        _("place precision"),
        max_length=10,
        choices=PlacePrecision.choices,
        blank=True,
        help_text=_(
            "How much of the place is known. A site or town is drawn on the map as a pin at "
            "the coordinates, a region as an area around them, a country as the whole "
            "country (no coordinates needed). Leave empty when the place is unknown."
        ),
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    status = models.CharField(
        _("verification status"), max_length=15, choices=Status.choices, default=Status.REPORTED
    )
    status_note = models.TextField(
        _("public note on verification"),
        blank=True,
        help_text=_("Who claims it, who denies it, what could not be verified."),
    )
    actors = models.ManyToManyField(
        "articles.Actor",
        through="articles.EventActor",
        related_name="events",
        verbose_name=_("actors"),
    )
    articles = models.ManyToManyField(
        "articles.Article",
        through=EventReport,
        blank=True,
        related_name="events",
        verbose_name=_("articles"),
    )
    topics = models.ManyToManyField(
        "articles.Topic", blank=True, related_name="events", verbose_name=_("topics")
    )

    history = HistoricalRecords(excluded_fields=["period_end"], m2m_fields=[articles, topics])
    objects = EventManager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start_date", "id"]
        indexes = [
            models.Index(fields=["start_date", "id"], name="event_start"),
            models.Index(fields=["status", "start_date"], name="event_status_start"),
            models.Index(fields=["kind", "start_date"], name="event_kind_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="event_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=(Q(date_precision=Precision.UNKNOWN) & Q(start_date__isnull=True))
                | (~Q(date_precision=Precision.UNKNOWN) & Q(start_date__isnull=False)),
                name="event_date_matches_precision",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="event_coordinates_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["reported", "corroborated", "confirmed", "disputed", "denied"]
                ),
                name="event_status_valid",
            ),
            # A pin or an area needs its coordinates; coordinates need to say how precise
            # they are; a country-precise place needs its country.
            models.CheckConstraint(
                condition=(
                    Q(place_precision__in=["site", "locality", "region"])
                    & Q(latitude__isnull=False, longitude__isnull=False)
                )
                | (Q(place_precision="country") & ~Q(country=""))
                | (Q(place_precision="") & Q(latitude__isnull=True, longitude__isnull=True)),
                name="event_place_precision_matches",
                violation_error_message=PLACE_RULE,
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return detail_url("articles:event_detail", self.slug)

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)

    def prepare_for_save(self):
        """Snap the start to its period and derive the span's last day; save() calls it,
        and so does loaddata (through a pre_save receiver) and anything that bulk-creates."""
        # to_python: code may set the dates as ISO strings, as forms and fixtures do.
        start, end = (
            self._meta.get_field(f).to_python(getattr(self, f)) for f in ("start_date", "end_date")
        )
        self.start_date = start_of_period(start, self.date_precision)
        self.period_end = end_of_period(end or self.start_date, self.date_precision)

    @property
    def date_display(self):
        start = display_date(self.start_date, self.date_precision)
        end = display_date(self.end_date, self.date_precision) if self.end_date else start
        # Compared as shown: a year-precise event ending later that year is "2022", not
        # "2022 – 2022".
        return start if end == start else f"{start} – {end}"

    def verification_steps(self):
        """Each change of verification status with the day it was recorded, oldest first:
        [(status, label, datetime)]. From the revision history; editors' names stay out."""
        labels = dict(self.Status.choices)
        steps = []
        rows = self.history.order_by("history_date", "history_id").values_list(
            "status", "history_date"
        )
        for status, when in rows[:VERIFICATION_ROWS]:
            if not steps or steps[-1][0] != status:
                steps.append((status, labels.get(status, status), when))
        return steps

    @property
    def date_is_approximate(self):
        """Dated to a month or a year only: lists say so next to the date."""
        return self.date_precision in (Precision.MONTH, Precision.YEAR)

    @property
    def date_iso(self):
        """The start as its precision allows, for <time datetime>: '2022-03', never '2022-03-01'."""
        return iso_partial(self.start_date, self.date_precision)


class EventActor(ChoiceLabels):
    """An actor's part in an event."""

    class Role(models.TextChoices):
        PERPETRATOR = "perpetrator", _("Perpetrator")
        PARTICIPANT = "participant", _("Participant")
        SUBJECT = "subject", _("Subject")
        TARGET = "target", _("Target or victim")
        CLAIMANT = "claimant", _("Makes the claim")
        DENIER = "denier", _("Denies the claim")
        AUTHORITY = "authority", _("Acting authority")
        SUPPORTER = "supporter", _("Supporter")
        WITNESS = "witness", _("Witness or source")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participants", verbose_name=_("event")
    )
    actor = models.ForeignKey(
        "articles.Actor",
        on_delete=models.CASCADE,
        related_name="event_roles",
        verbose_name=_("actor"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "role", "actor__name"]
        verbose_name = _("actor in event")
        verbose_name_plural = _("actors in event")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "actor", "role"], name="event_actor_role_unique"
            ),
        ]

    def __str__(self):
        return f"{self.actor} ({self.get_role_display()}) in {self.event}"
